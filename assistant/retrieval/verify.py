"""Check a generated answer against the passages it cites, sentence by sentence.

A language model, however instructed, sometimes adds a sentence of its own, or
cites a passage that does not say what the sentence says. For an MSL that is
the failure that matters, so every generated sentence must pass three checks
before it is shown:

1. it cites at least one passage the model was given (``[n]``);
2. every number in it appears in one of the passages it cites (doses, rates and
   p-values are where a plausible-sounding error does harm);
3. it is *about* what a cited passage says: enough of its content terms occur in
   that passage, or, for a paraphrase, its embedding is close to a sentence of it.

Sentences failing a check are dropped with the reason; the caller falls back
to the extractive answer when nothing supported remains.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.retrieval.citations import attach_markers, parse_markers
from assistant.retrieval.compose import SentenceEmbedder
from assistant.retrieval.text import content_terms, numbers, split_sentences, strip_markers

MIN_TERM_OVERLAP = 0.6
"""Share of a sentence's content terms that must occur in a cited passage (lexical support)."""
MIN_PARAPHRASE_OVERLAP = 0.3
MIN_PARAPHRASE_SIMILARITY = 0.75
"""A paraphrase is supported with less term overlap when its embedding is this close to a passage sentence."""


@dataclass
class SentenceCheck:
    """One answer sentence, the passages it cites and the verdict."""

    text: str
    cited: list[int]
    supported: bool
    reason: str = ""
    overlap: float = 0.0
    similarity: float | None = None


@dataclass
class Verification:
    """Kept and dropped sentences of one answer."""

    kept: list[SentenceCheck] = field(default_factory=list)
    dropped: list[SentenceCheck] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The supported sentences, in their original order, markers as the model wrote them."""
        return " ".join(s.text for s in self.kept)


def _overlap(sentence_terms: set[str], passage_terms: set[str]) -> float:
    return len(sentence_terms & passage_terms) / len(sentence_terms) if sentence_terms else 0.0


def _similarity(sentence: str, passages: Sequence[str], embedder: SentenceEmbedder) -> float:
    """Best cosine between the sentence and any sentence of the cited passages."""
    pieces = [p for passage in passages for p in split_sentences(passage)]
    if not pieces:
        return 0.0
    vectors = embedder.embed([sentence, *pieces])
    return float(np.max(vectors[1:] @ vectors[0]))


def check_sentence(
    sentence: str, passages: Mapping[int, str], embedder: SentenceEmbedder | None = None
) -> SentenceCheck:
    """Verdict on one sentence given the numbered passages the model was shown."""
    cited = parse_markers(sentence)
    known = [n for n in cited if n in passages]
    if not cited:
        return SentenceCheck(sentence, cited, False, "no citation")
    if not known:
        return SentenceCheck(sentence, cited, False, f"cites unknown passage(s) {cited}")
    cited_texts = [passages[n] for n in known]
    claim = strip_markers(sentence)
    missing = sorted(numbers(claim) - set().union(*(numbers(t) for t in cited_texts)))
    if missing:
        return SentenceCheck(sentence, known, False, f"number(s) {', '.join(missing)} not in cited passage")
    terms = set(content_terms(claim))
    if not terms:
        return SentenceCheck(sentence, known, False, "no content to support")
    overlap = max(_overlap(terms, set(content_terms(t))) for t in cited_texts)
    if overlap >= MIN_TERM_OVERLAP:
        return SentenceCheck(sentence, known, True, overlap=overlap)
    similarity = _similarity(claim, cited_texts, embedder) if embedder is not None else None
    if similarity is not None and overlap >= MIN_PARAPHRASE_OVERLAP and similarity >= MIN_PARAPHRASE_SIMILARITY:
        return SentenceCheck(sentence, known, True, overlap=overlap, similarity=similarity)
    detail = f"term overlap {overlap:.2f}" + (f", similarity {similarity:.2f}" if similarity is not None else "")
    return SentenceCheck(sentence, known, False, f"not supported by cited passage ({detail})", overlap, similarity)


def verify_answer(text: str, passages: Mapping[int, str], embedder: SentenceEmbedder | None = None) -> Verification:
    """Split ``text`` into sentences and keep those its cited passages support."""
    result = Verification()
    for sentence in split_sentences(attach_markers(text)):
        if not strip_markers(sentence):
            continue  # a stray marker on its own line
        check = check_sentence(sentence, passages, embedder)
        (result.kept if check.supported else result.dropped).append(check)
    return result
