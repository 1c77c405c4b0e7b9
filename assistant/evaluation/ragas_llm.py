"""LLM-judged ragas metrics, used only when an OpenAI-compatible endpoint is configured.

An LLM judge is noisy even at temperature 0 (batching, server-side sampling), so
each metric is scored ``repeats`` times per question and averaged before the gate
reads it. A call that fails (timeout, unparsable output) leaves that score out
rather than counting it as zero: the run reports how many scores it got.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Sequence
from statistics import fmean
from typing import Any

from assistant.config import Settings
from assistant.embeddings import Embedder

LLM_METRICS = (
    "faithfulness",
    "answer_relevancy",
    "llm_context_precision",
    "llm_context_recall",
    "factual_correctness",
)


def _openai_client(settings: Settings) -> Any:
    from openai import AsyncOpenAI

    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
    return AsyncOpenAI(base_url=settings.openai_base_url, api_key=key, timeout=settings.llm_timeout_s)


def _embedding_adapter(embedder: Embedder) -> Any:
    """Our offline MiniLM embedder in ragas' embedding interface (answer relevancy needs one)."""
    from ragas.embeddings.base import BaseRagasEmbedding

    class _Adapter(BaseRagasEmbedding):
        def embed_text(self, text: str, **kwargs: Any) -> list[float]:
            return [float(x) for x in embedder.embed([text])[0]]

        async def aembed_text(self, text: str, **kwargs: Any) -> list[float]:
            return self.embed_text(text)

    return _Adapter()


class RagasJudge:
    """ragas 0.4 collection metrics over an ``llm_factory`` LLM at the configured endpoint."""

    def __init__(self, settings: Settings, embedder: Embedder, repeats: int = 3, pubmedqa_limit: int = 100):
        from ragas.llms import llm_factory
        from ragas.metrics.collections import (
            AnswerRelevancy,
            ContextPrecisionWithReference,
            ContextRecall,
            FactualCorrectness,
            Faithfulness,
        )

        self.settings = settings
        self.repeats = max(1, repeats)
        self.pubmedqa_limit = pubmedqa_limit
        llm = llm_factory(settings.llm_model, client=_openai_client(settings))
        self.metrics: dict[str, Any] = {
            "faithfulness": Faithfulness(llm=llm),
            "answer_relevancy": AnswerRelevancy(llm=llm, embeddings=_embedding_adapter(embedder)),
            "llm_context_precision": ContextPrecisionWithReference(llm=llm),
            "llm_context_recall": ContextRecall(llm=llm),
            "factual_correctness": FactualCorrectness(llm=llm),
        }

    async def _one(self, metric: Any, row: dict[str, Any]) -> float | None:
        """Mean of ``repeats`` scores of one metric on one row; None when every attempt failed."""
        wanted = inspect.signature(metric.ascore).parameters
        kwargs = {k: v for k, v in row.items() if k in wanted}
        values: list[float] = []
        for _ in range(self.repeats):
            try:
                result = await metric.ascore(**kwargs)
            except Exception:  # the judge's failure is not the assistant's: leave the score out
                continue
            value = getattr(result, "value", result)
            if isinstance(value, int | float):
                values.append(float(value))
        return fmean(values) if values else None

    async def _row(self, row: dict[str, Any]) -> dict[str, float | None]:
        if not row.get("answerable"):
            return {}
        names = list(self.metrics)
        values = await asyncio.gather(*(self._one(self.metrics[n], row) for n in names))
        return dict(zip(names, values, strict=True))

    def score_all(self, rows: Sequence[dict[str, Any]]) -> list[dict[str, float | None]]:
        async def run() -> list[dict[str, float | None]]:
            return [await self._row(row) for row in rows]

        return asyncio.run(run())

    def extra_metrics(self) -> dict[str, float | None]:
        """PubMedQA yes/no/maybe accuracy of the configured model (absent data: not reported)."""
        from assistant.evaluation.pubmedqa import pubmedqa_accuracy

        accuracy = pubmedqa_accuracy(self.settings, limit=self.pubmedqa_limit)
        return {} if accuracy is None else {"pubmedqa_accuracy": accuracy}
