"""Citation numbering and ``[n]`` marker handling.

Every answer sentence carries at least one ``[n]``; ``n`` numbers the distinct
passages in the order the answer first cites them (1, 2, 3 … with no gaps).
Both the extractive composer and the generative path go through
:class:`CitationNumbering` / :func:`renumber`, so the CLI, the UI and the
evaluation suite can rely on that invariant whichever path made the answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from assistant.retrieval.text import MARKER_RE
from assistant.types import Chunk, Citation


def parse_markers(text: str) -> list[int]:
    """Passage numbers cited in ``text``, in order of first appearance, without repeats.

    Ranges ("[2-4]") expand; "[1][2]" and "[1, 2]" both give ``[1, 2]``.
    """
    seen: list[int] = []
    for match in MARKER_RE.finditer(text):
        for part in re.split(r"\s*[,;]\s*", match.group(1)):
            bounds = [int(b) for b in re.split(r"\s*[–-]\s*", part) if b]
            expanded = range(bounds[0], bounds[-1] + 1) if len(bounds) == 2 and bounds[0] <= bounds[1] else bounds
            seen.extend(n for n in expanded if n not in seen)
    return seen


_TRAILING_MARKERS_RE = re.compile(r"([.!?])((?:[ \t]*\[\d+(?:\s*[,;–-]\s*\d+)*\])+)")


def attach_markers(text: str) -> str:
    """Move markers written after the full stop ("Foo. [1] Bar") before it ("Foo [1]. Bar").

    Sentence splitting then keeps each marker with the sentence it belongs to.
    """
    return _TRAILING_MARKERS_RE.sub(lambda m: f" {m.group(2).strip()}{m.group(1)}", text)


def format_markers(numbers: Iterable[int]) -> str:
    """``[1][3]`` for the given numbers (separate brackets parse unambiguously)."""
    return "".join(f"[{n}]" for n in numbers)


def citation_from_chunk(n: int, chunk: Chunk, quote: str | None = None) -> Citation:
    """A citation of ``chunk``; ``quote`` defaults to the whole passage text."""
    meta = chunk.meta
    return Citation(
        n=n,
        doc_id=chunk.doc_id,
        title=meta.title,
        doc_type=meta.doc_type,
        product=meta.product,
        section=chunk.section,
        page=chunk.page,
        slide=chunk.slide,
        quote=quote if quote is not None else chunk.text,
        chunk_id=chunk.chunk_id,
    )


class CitationNumbering:
    """Hands out dense numbers to passages in order of first citation and collects quotes."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}
        self._chunks: dict[str, Chunk] = {}
        self._quotes: dict[str, list[str]] = {}

    def cite(self, chunk: Chunk, supporting: str | None = None) -> int:
        """Number of ``chunk`` (new passages get the next number); remembers the supporting sentence."""
        key = chunk.chunk_id
        if key not in self._numbers:
            self._numbers[key] = len(self._numbers) + 1
            self._chunks[key] = chunk
            self._quotes[key] = []
        if supporting and supporting not in self._quotes[key]:
            self._quotes[key].append(supporting)
        return self._numbers[key]

    def citations(self, quote_sentences: bool = False) -> list[Citation]:
        """Citations in number order; the quote is the passage, or only the cited sentences."""
        out = []
        for key, n in sorted(self._numbers.items(), key=lambda item: item[1]):
            quote = " ".join(self._quotes[key]) if quote_sentences and self._quotes[key] else None
            out.append(citation_from_chunk(n, self._chunks[key], quote))
        return out


def renumber(text: str, citations: Mapping[int, Citation]) -> tuple[str, list[Citation]]:
    """Renumber markers densely by first appearance in ``text`` and keep only cited citations.

    ``citations`` maps the numbers used in ``text`` (e.g. the passage numbers a
    model was given) to their citations. Markers naming no known citation are removed.
    """
    order = [n for n in parse_markers(text) if n in citations]
    mapping = {old: new for new, old in enumerate(order, start=1)}

    def _replace(match: re.Match[str]) -> str:
        olds = parse_markers(match.group(0))
        return format_markers(mapping[o] for o in olds if o in mapping)

    new_text = MARKER_RE.sub(_replace, text)
    new_text = re.sub(r"[ \t]+([.,;:!?])", r"\1", new_text)
    renumbered = [citations[old].model_copy(update={"n": new}) for old, new in mapping.items()]
    return new_text, renumbered
