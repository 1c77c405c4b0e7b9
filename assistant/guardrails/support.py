"""Which sentences of an answer restate the approved passages the answer cites.

The off-label rail judges *what a text presents*. An answer sentence that only
restates an approved passage (the composer copies label sentences verbatim and
adds ``[n]``) presents nothing beyond the approved content, even when it names a
condition outside Indications and Usage ("do not coadminister with aliskiren in
patients with diabetes"). Support is the project's one notion, shared with the
quiz and the citation verifier (:func:`assistant.retrieval.text.supported_by`
over :func:`assistant.retrieval.text.content_terms` / ``numbers``): every
content term and every number of the sentence occurs in ONE sentence of a
source. That is strict on purpose: a paraphrase that adds a word (e.g. "used
for") is not support, so it stays under the normal off-label checks.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.guardrails.text import sentence_spans
from assistant.retrieval.text import content_terms, split_sentences, strip_markers, supported_by


def source_sentences(sources: Sequence[str]) -> list[str]:
    """Every sentence of every source passage (split as the composer and verifier split them)."""
    return [s for source in sources for s in split_sentences(source)]


def restates(sentence: str, pieces: Sequence[str]) -> bool:
    """True when the sentence (markers removed) has content and one source sentence states all of it."""
    claim = strip_markers(sentence)
    return bool(content_terms(claim)) and supported_by(claim, pieces)


def supported_spans(text: str, sources: Sequence[str]) -> list[tuple[int, int]]:
    """Character ranges of the sentences of ``text`` that restate a source passage."""
    pieces = source_sentences(sources)
    if not pieces:
        return []
    return [(a, b) for a, b in sentence_spans(text) if restates(text[a:b], pieces)]
