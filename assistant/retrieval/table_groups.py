"""A table split over several passages: the row group a passage's first rows belong to.

The loader cuts a long table into passages of a few rows, each headed by the table's
caption. A group heading between the rows ("Progression Free Survival", "Overall
survival", "Trial 2") then often ends one passage while the rows it heads open the next:
"Hazard ratio (95% CI) | 0.750 (0.601, 0.936)" read alone is the hazard ratio of no
endpoint, so "OS hazard ratio" cannot tell it from the progression-free survival one,
and an answer quoting it does not say which it is. The heading in force at the end of the
passages before (the table's own line) is put back under the caption of the passage that
continues it, so its rows are read and quoted under their group, as
:func:`assistant.retrieval.table_rows.table_lines` reads rows under a heading inside one
passage.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assistant.retrieval.table_rows import is_group_line, stub_above
from assistant.types import Chunk, ScoredChunk

MAX_PASSAGES_BACK = 3
"""Passages of the same table searched back for the heading in force (a group rarely spans more)."""


def body_lines(chunk: Chunk) -> list[str]:
    """The passage's lines below its caption line."""
    lines = [line.strip() for line in chunk.text.splitlines()]
    if lines and chunk.caption and lines[0] == chunk.caption.strip():
        return lines[1:]
    return lines


def last_group(lines: Sequence[str]) -> str | None:
    """The group heading in force after ``lines`` (the last one; not a row label set above its row)."""
    found = None
    for number, line in enumerate(lines):
        if is_group_line(line) and not stub_above(list(lines), number):
            found = line
    return found


def carried_group(chunk: Chunk, document: Sequence[Chunk]) -> str | None:
    """The group heading the passage's first rows belong to, read from the passages of its table before it.

    None when the passage opens with a heading of its own, is no table passage, or the table's
    passages before it state none.
    """
    if chunk.kind != "table" or not chunk.caption:
        return None
    own = [line for line in body_lines(chunk) if line]
    if not own or is_group_line(own[0]):
        return None
    before = sorted((c for c in document if c.ordinal < chunk.ordinal), key=lambda c: c.ordinal, reverse=True)
    for passage in before[:MAX_PASSAGES_BACK]:
        if passage.kind != "table" or passage.caption != chunk.caption:
            return None  # the table starts after it
        group = last_group(body_lines(passage))
        if group is not None:
            return group
    return None


def with_table_groups(hits: list[ScoredChunk], chunks_of: Callable[[str], list[Chunk]]) -> list[ScoredChunk]:
    """``hits`` with each continued table passage headed by the group its first rows belong to.

    ``chunks_of`` gives a document's passages (read once per document that has a table hit).
    """
    documents: dict[str, list[Chunk]] = {}
    out: list[ScoredChunk] = []
    for hit in hits:
        chunk = hit.chunk
        if chunk.kind != "table" or not chunk.caption:
            out.append(hit)
            continue
        if chunk.doc_id not in documents:
            documents[chunk.doc_id] = chunks_of(chunk.doc_id)
        group = carried_group(chunk, documents[chunk.doc_id])
        if group is None:
            out.append(hit)
            continue
        text = "\n".join([chunk.caption.strip(), group, *body_lines(chunk)])
        out.append(hit.model_copy(update={"chunk": chunk.model_copy(update={"text": text})}))
    return out
