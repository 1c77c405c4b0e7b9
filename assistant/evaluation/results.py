"""What one evaluation run produced: per-question results and aggregate metrics.

Kept apart from the runner so the report, the UI page and the CLI read runs
(from ``latest.json``) without importing ragas or loading the assistant.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from statistics import fmean
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.types import Citation

RunMode = Literal["offline", "llm"]


class QuestionResult(BaseModel):
    """One golden question: what was expected, what the assistant did, and its scores."""

    id: str
    question: str
    product: str
    category: str
    expected_status: str
    status: str
    answer: str
    reference_answer: str
    citations: list[Citation] = Field(default_factory=list)
    retrieved_doc_ids: list[str] = Field(default_factory=list)
    latency_ms: float
    guardrail_decision: str
    expected_guardrail: str | None = None
    scores: dict[str, float | None] = Field(default_factory=dict)

    @property
    def status_ok(self) -> bool:
        return self.status == self.expected_status

    @property
    def quality(self) -> float:
        """Rank key, worst first: right status, evidence retrieved, answer close to the reference."""
        parts = [1.0 if self.status_ok else 0.0]
        if self.expected_status == "answered":
            parts += [self.scores.get("context_recall") or 0.0, self.scores.get("rouge_l") or 0.0]
        return fmean(parts)


class EvalRun(BaseModel):
    """A whole run: when, how, the metrics and the results behind them."""

    started_at: str
    git_commit: str | None = None
    mode: RunMode = "offline"
    golden_file: str = ""
    n_questions: int
    duration_s: float
    metrics: dict[str, float | None]
    guardrail_details: dict[str, Any] = Field(default_factory=dict)
    results: list[QuestionResult] = Field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The small record kept in history and as baseline (no per-question results)."""
        return self.model_dump(include={"started_at", "git_commit", "mode", "n_questions", "duration_s", "metrics"})

    def breakdown(self, key: Callable[[QuestionResult], str]) -> dict[str, dict[str, float | None]]:
        """Mean of the per-question scores and status accuracy, grouped by ``key`` (product, category)."""
        groups: dict[str, list[QuestionResult]] = defaultdict(list)
        for result in self.results:
            groups[key(result)].append(result)
        return {name: _group_scores(items) for name, items in sorted(groups.items())}

    def worst(self, n: int = 8) -> list[QuestionResult]:
        return sorted(self.results, key=lambda r: (r.quality, r.id))[:n]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(self.model_dump_json(indent=1), encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> EvalRun | None:
        if not path.exists():
            return None
        return cls.model_validate(json.loads(path.read_text(encoding="utf-8")))


def mean_or_none(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return fmean(present) if present else None


def _group_scores(items: list[QuestionResult]) -> dict[str, float | None]:
    names = sorted({k for r in items for k in r.scores})
    out: dict[str, float | None] = {"questions": float(len(items))}
    out["status_accuracy"] = fmean(1.0 if r.status_ok else 0.0 for r in items)
    for name in names:
        out[name] = mean_or_none(r.scores.get(name) for r in items)
    return out
