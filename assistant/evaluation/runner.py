"""Run the golden set through the real answer chain and compute every metric.

The runner asks through :meth:`Assistant.ask`, exactly as the CLI and the app
do. To score retrieval it records what the chain's retriever returned (a thin
recording wrapper around ``assistant.retriever``), so context metrics judge the
passages the answer was actually built from. A different retriever can be
injected (``retriever=``) to measure, or to prove the gate catches, a change in
that one component.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from assistant.evaluation.golden import GoldenQuestion, GuardrailCase
from assistant.evaluation.project_metrics import (
    CitationCounts,
    citation_counts,
    citation_summary,
    latency_summary,
    rate,
)
from assistant.evaluation.ragas_llm import LLM_METRICS
from assistant.evaluation.ragas_offline import OfflineRagasMetrics
from assistant.evaluation.results import EvalRun, QuestionResult, mean_or_none
from assistant.types import Answer, ScoredChunk

if TYPE_CHECKING:
    from assistant.api import Assistant


class Judge(Protocol):
    """LLM-judged metrics (see :mod:`assistant.evaluation.ragas_llm`); absent offline."""

    def score_all(self, rows: Sequence[dict[str, Any]]) -> list[dict[str, float | None]]: ...

    def extra_metrics(self) -> dict[str, float | None]: ...


class RecordingRetriever:
    """Passes every call to the real retriever and keeps what ``retrieve`` returned."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.calls: list[list[ScoredChunk]] = []

    def retrieve(self, *args: Any, **kwargs: Any) -> list[ScoredChunk]:
        results: list[ScoredChunk] = self.inner.retrieve(*args, **kwargs)
        self.calls.append(results)
        return results

    def take(self) -> list[ScoredChunk]:
        """Chunks retrieved since the last take, first retrieval first, without repeats."""
        seen: dict[str, ScoredChunk] = {}
        for call in self.calls:
            for hit in call:
                seen.setdefault(hit.chunk.chunk_id, hit)
        self.calls = []
        return list(seen.values())

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def git_commit(root: Path) -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


Asked = tuple[Answer, float, list[ScoredChunk]]
"""An answer, its latency in ms and the passages the chain retrieved for it."""


def _ask(assistant: Assistant, recorder: RecordingRetriever, q: GoldenQuestion) -> Asked:
    start = time.perf_counter()
    answer = assistant.ask(q.question, product=q.product)
    latency = (time.perf_counter() - start) * 1000
    return answer, latency, recorder.take()


def _ask_all(assistant: Assistant, questions: Sequence[GoldenQuestion], retriever: Any | None) -> list[Asked]:
    """Answers with latency and retrieved passages; the assistant's own retriever is restored after."""
    state = vars(assistant)  # ``retriever`` is a cached_property: the instance dict holds the loaded one
    had_own = "retriever" in state
    original = state.get("retriever")
    recorder = RecordingRetriever(retriever if retriever is not None else assistant.retriever)
    state["retriever"] = recorder
    try:
        return [_ask(assistant, recorder, q) for q in questions]
    finally:
        if had_own:
            state["retriever"] = original
        else:
            state.pop("retriever", None)


FLAGGED = ("allow_with_notice", "block")


def decision_precision(confusion: dict[str, dict[str, int]]) -> float | None:
    """Of the texts the rail layer flagged (notice or block), the share that should have been flagged."""
    flagged = sum(row.get(got, 0) for row in confusion.values() for got in FLAGGED)
    right = sum(confusion.get(expected, {}).get(got, 0) for expected in FLAGGED for got in FLAGGED)
    return right / flagged if flagged else None


def score_guardrails(
    assistant: Assistant, cases: Sequence[GuardrailCase]
) -> tuple[dict[str, float | None], dict[str, Any]]:
    """Rail-layer metrics over labelled cases, computed by the guardrails package's own scorer."""
    if not cases:
        return {}, {}
    from assistant.guardrails.metrics import score_cases

    details = score_cases(assistant.guardrails, [c.model_dump() for c in cases])
    metrics = {
        "guardrail_recall": details.get("recall"),
        "guardrail_precision": decision_precision(details.get("confusion", {})),
        "guardrail_false_positive_rate": details.get("false_positive_rate"),
        "guardrail_accuracy": details.get("accuracy"),
    }
    return metrics, details


def run_evaluation(
    assistant: Assistant,
    questions: Sequence[GoldenQuestion],
    guardrail_cases: Sequence[GuardrailCase] = (),
    *,
    retriever: Any | None = None,
    judge: Judge | None = None,
    golden_file: str = "",
    root: Path | None = None,
) -> EvalRun:
    """Ask every question, score it, and aggregate the metrics the gate reads."""
    started = datetime.now(UTC)
    clock = time.perf_counter()
    asked = _ask_all(assistant, questions, retriever)
    ragas = OfflineRagasMetrics()
    results: list[QuestionResult] = []
    counts: list[CitationCounts] = []
    for q, (answer, latency, hits) in zip(questions, asked, strict=True):
        scores = (
            ragas.score(
                question=q.question,
                response=answer.answer,
                reference=q.reference_answer,
                retrieved_contexts=[h.chunk.text for h in hits],
                reference_contexts=[c.text for c in q.reference_contexts],
            )
            if q.answerable
            else {}
        )
        cc = citation_counts(answer, assistant.embedder)
        counts.append(cc)
        scores.update({"citation_precision": cc.precision, "citation_coverage": cc.coverage})
        results.append(_result(q, answer, latency, [h.chunk.doc_id for h in hits], scores))
    if judge is not None:
        rows = [_judge_row(q, r, a[2]) for q, r, a in zip(questions, results, asked, strict=True)]
        for result, llm_scores in zip(results, judge.score_all(rows), strict=True):
            result.scores.update(llm_scores)
    metrics = _aggregate(results, counts)
    guard_metrics, details = score_guardrails(assistant, guardrail_cases)
    metrics.update(guard_metrics)
    if judge is not None:
        metrics.update({k: mean_or_none(r.scores.get(k) for r in results) for k in LLM_METRICS})
        metrics.update(judge.extra_metrics())
    return EvalRun(
        started_at=started.isoformat(timespec="seconds"),
        git_commit=git_commit(root) if root else None,
        mode="llm" if judge is not None else "offline",
        golden_file=golden_file,
        n_questions=len(questions),
        duration_s=round(time.perf_counter() - clock, 2),
        metrics=metrics,
        guardrail_details=details,
        results=results,
    )


def _result(
    q: GoldenQuestion, answer: Answer, latency: float, doc_ids: list[str], scores: dict[str, float | None]
) -> QuestionResult:
    return QuestionResult(
        id=q.id,
        question=q.question,
        product=q.product,
        category=q.category,
        expected_status=q.expected_status,
        status=answer.status,
        answer=answer.answer,
        reference_answer=q.reference_answer,
        citations=answer.citations,
        retrieved_doc_ids=doc_ids,
        latency_ms=round(latency, 1),
        guardrail_decision=answer.guardrail.decision,
        expected_guardrail=q.expected_guardrail,
        scores=scores,
    )


def _judge_row(q: GoldenQuestion, r: QuestionResult, hits: list[ScoredChunk]) -> dict[str, Any]:
    return {
        "user_input": q.question,
        "response": r.answer,
        "reference": q.reference_answer,
        "retrieved_contexts": [h.chunk.text for h in hits],
        "answerable": q.answerable and r.status == "answered",
    }


def _aggregate(results: Sequence[QuestionResult], counts: Sequence[CitationCounts]) -> dict[str, float | None]:
    answerable = [r for r in results if r.expected_status == "answered"]
    unanswerable = [r for r in results if r.expected_status == "insufficient_evidence"]
    guarded = [r for r in results if r.expected_guardrail is not None]
    metrics: dict[str, float | None] = {
        name: mean_or_none(r.scores.get(name) for r in answerable)
        for name in ("context_recall", "context_precision", "answer_similarity", "rouge_l")
    }
    metrics.update(citation_summary(counts))
    metrics["answered_rate"] = rate([r.status == "answered" for r in answerable])
    metrics["refusal_accuracy"] = rate([r.status == "insufficient_evidence" for r in unanswerable])
    metrics["golden_guardrail_accuracy"] = rate([r.guardrail_decision == r.expected_guardrail for r in guarded])
    metrics.update(latency_summary([r.latency_ms for r in results]))
    return metrics
