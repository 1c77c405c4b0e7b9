"""The Evaluations page in Streamlit's AppTest, over report files written by the real report code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.evaluation.gate import append_history, check_gate, deltas, load_thresholds
from assistant.evaluation.paths import EvalPaths
from assistant.evaluation.report import write_report
from assistant.evaluation.results import EvalRun, QuestionResult

ROOT = Path(__file__).resolve().parent.parent
PAGE = str(ROOT / "ui" / "pages" / "evaluations.py")


def _result(qid: str, product: str, status: str, recall: float) -> QuestionResult:
    return QuestionResult(
        id=qid,
        question=f"What about {qid}?",
        product=product,
        category="safety",
        expected_status="answered",
        status=status,
        answer=f"Answer {qid} [1].",
        reference_answer="reference",
        latency_ms=50.0,
        guardrail_decision="allow",
        scores={"context_recall": recall},
    )


@pytest.fixture
def evals_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> EvalPaths:
    paths = EvalPaths(tmp_path / "evals")
    paths.evals_dir.mkdir()
    shutil.copy(ROOT / "evals" / "thresholds.json", paths.thresholds)
    monkeypatch.setenv("ASSISTANT_EVALS_DIR", str(paths.evals_dir))
    return paths


def test_page_without_reports_says_how_to_make_one(evals_dir: EvalPaths) -> None:
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert "assistant eval" in at.info[0].value


def test_page_shows_verdict_metrics_trend_and_worst_questions(evals_dir: EvalPaths) -> None:
    run = EvalRun(
        started_at="2025-02-01T10:00:00+00:00",
        n_questions=2,
        duration_s=3.0,
        metrics={"context_recall": 0.5, "citation_precision": 1.0},
        results=[_result("ok-1", "semaglutide", "answered", 1.0), _result("bad-1", "tofacitinib", "blocked", 0.0)],
    )
    for _ in range(2):
        append_history(evals_dir.reports_dir / "history.jsonl", run.summary())
    failures = check_gate(run.metrics, load_thresholds(evals_dir.thresholds))
    write_report(run, failures, deltas(run.metrics, None), evals_dir.reports_dir)

    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    verdict = at.error[0].value
    assert "FAILED" in verdict and "context_recall = 0.5 below minimum" in verdict
    assert "guardrail_recall: not measured" in verdict
    metrics = at.dataframe[0].value
    assert set(metrics["Metric"]) == {"context_recall", "citation_precision"}
    assert list(at.dataframe[1].value.index) == ["semaglutide", "tofacitinib"]
    assert at.expander[0].label.startswith("bad-1")  # worst first
    assert len(at.get("vega_lite_chart")) == 1  # the trend chart over two runs
