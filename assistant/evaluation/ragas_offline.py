"""ragas metrics that need no LLM: context recall/precision against reference
contexts, and answer similarity (Levenshtein, ROUGE-L) against reference answers.

Why a custom distance for the context metrics: ragas' default
``NonLLMStringSimilarity`` is normalised Levenshtein over *whole* strings, so a
two-sentence reference snippet compared with a 300-token retrieved chunk that
contains it verbatim scores about 0.1 and never passes the 0.5 threshold. We
keep ragas' recall/precision logic and swap in a partial alignment (rapidfuzz
``partial_ratio``: the shorter text against its best-matching window of the
longer), which answers the question these metrics ask, "is this reference
passage in what was retrieved?". BLEU is left out on purpose: on one- to
three-sentence answers its 4-gram precision is mostly zero and says nothing.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from ragas.dataset_schema import SingleTurnSample
from ragas.metrics._context_precision import NonLLMContextPrecisionWithReference
from ragas.metrics._context_recall import NonLLMContextRecall
from ragas.metrics._rouge_score import RougeScore
from ragas.metrics._string import NonLLMStringSimilarity
from ragas.metrics.base import SingleTurnMetric
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from assistant.retrieval.text import strip_markers

CONTEXT_MATCH_THRESHOLD = 0.8
"""A reference passage counts as retrieved when 80% of it aligns with a retrieved chunk."""


@dataclass
class PartialAlignmentSimilarity(NonLLMStringSimilarity):
    """Similarity of the shorter text to its best-aligned window in the longer one (0..1).

    Case and punctuation are normalised first, because PDF and XML extraction
    differ from hand-copied snippets in exactly those.
    """

    name: str = "partial_alignment_similarity"

    async def _single_turn_ascore(self, sample: SingleTurnSample, callbacks: Any) -> float:
        reference, response = sample.reference or "", sample.response or ""
        return fuzz.partial_ratio(reference, response, processor=default_process) / 100.0


@dataclass
class OfflineRagasMetrics:
    """The ragas metric objects used for every run, built once."""

    context_recall: SingleTurnMetric = field(
        default_factory=lambda: NonLLMContextRecall(
            _distance_measure=PartialAlignmentSimilarity(), threshold=CONTEXT_MATCH_THRESHOLD
        )
    )
    context_precision: SingleTurnMetric = field(
        default_factory=lambda: NonLLMContextPrecisionWithReference(
            distance_measure=PartialAlignmentSimilarity(), threshold=CONTEXT_MATCH_THRESHOLD
        )
    )
    answer_similarity: SingleTurnMetric = field(default_factory=NonLLMStringSimilarity)
    rouge_l: SingleTurnMetric = field(default_factory=lambda: RougeScore(rouge_type="rougeL"))

    async def ascore(
        self,
        question: str,
        response: str,
        reference: str,
        retrieved_contexts: list[str],
        reference_contexts: list[str],
    ) -> dict[str, float | None]:
        """Scores of one question; context metrics are None without contexts on either side."""
        plain = strip_markers(response)
        sample = SingleTurnSample(
            user_input=question,
            response=plain,
            reference=reference,
            retrieved_contexts=retrieved_contexts,
            reference_contexts=reference_contexts,
        )
        scores: dict[str, float | None] = {"context_recall": None, "context_precision": None}
        if retrieved_contexts and reference_contexts:
            scores["context_recall"] = float(await self.context_recall.single_turn_ascore(sample))
            scores["context_precision"] = float(await self.context_precision.single_turn_ascore(sample))
        elif reference_contexts:
            scores["context_recall"] = scores["context_precision"] = 0.0
        scores["answer_similarity"] = float(await self.answer_similarity.single_turn_ascore(sample))
        scores["rouge_l"] = float(await self.rouge_l.single_turn_ascore(sample))
        return scores

    def score(self, **kwargs: Any) -> dict[str, float | None]:
        """Synchronous :meth:`ascore` for callers outside an event loop."""
        return asyncio.run(self.ascore(**kwargs))
