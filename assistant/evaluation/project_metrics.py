"""Metrics the project defines itself: citation quality, refusals, latency.

Citation support is judged by the chain's own verifier
(:func:`assistant.retrieval.verify.verify_answer`), so the evaluation and the
answer path agree on what "a cited passage supports this sentence" means; a
sentence the verifier would have dropped counts against citation precision.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.retrieval.compose import SentenceEmbedder
from assistant.retrieval.verify import verify_answer
from assistant.types import Answer


@dataclass(frozen=True)
class CitationCounts:
    """Sentence counts of one answer: all, those with a citation, those whose citation supports them."""

    sentences: int
    cited: int
    supported: int

    @property
    def precision(self) -> float | None:
        return self.supported / self.cited if self.cited else None

    @property
    def coverage(self) -> float | None:
        return self.cited / self.sentences if self.sentences else None


def citation_counts(answer: Answer, embedder: SentenceEmbedder | None = None) -> CitationCounts:
    """Check every sentence of an answered question against the quotes of the citations it names."""
    if answer.status != "answered" or not answer.answer.strip():
        return CitationCounts(0, 0, 0)
    passages = {c.n: c.quote for c in answer.citations}
    verdict = verify_answer(answer.answer, passages, embedder)
    checks = [*verdict.kept, *verdict.dropped]
    cited = [c for c in checks if c.cited]
    return CitationCounts(len(checks), len(cited), sum(1 for c in cited if c.supported))


def citation_summary(counts: Sequence[CitationCounts]) -> dict[str, float | None]:
    """Micro-averaged precision and coverage over all answers (long answers weigh more, as they should)."""
    sentences = sum(c.sentences for c in counts)
    cited = sum(c.cited for c in counts)
    supported = sum(c.supported for c in counts)
    return {
        "citation_precision": supported / cited if cited else None,
        "citation_coverage": cited / sentences if sentences else None,
    }


def rate(hits: Sequence[bool]) -> float | None:
    """Share of True, or None when there is nothing to count (so a gate can say 'not measured')."""
    return sum(hits) / len(hits) if hits else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100); no interpolation, so p95 of 20 runs is a real run."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def latency_summary(latencies_ms: Sequence[float]) -> dict[str, float | None]:
    return {"latency_p50_ms": percentile(latencies_ms, 50), "latency_p95_ms": percentile(latencies_ms, 95)}
