"""Gate, baseline, history and report files (hand-made runs; no corpus needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.evaluation.gate import (
    GateConfigError,
    Thresholds,
    append_history,
    check_gate,
    deltas,
    load_baseline,
    load_thresholds,
    read_history,
    save_baseline,
)
from assistant.evaluation.paths import EvalPaths
from assistant.evaluation.report import write_report
from assistant.evaluation.results import EvalRun, QuestionResult

ROOT = Path(__file__).resolve().parent.parent


def test_gate_checks_minimums_maximums_and_missing_metrics() -> None:
    thresholds = Thresholds(
        min={"context_recall": 0.8, "guardrail_recall": 0.9},
        max={"guardrail_false_positive_rate": 0.05},
    )
    metrics = {"context_recall": 0.75, "guardrail_false_positive_rate": 0.10}
    failures = {f.metric: f for f in check_gate(metrics, thresholds)}
    assert set(failures) == {"context_recall", "guardrail_recall", "guardrail_false_positive_rate"}
    assert "below minimum 0.8" in failures["context_recall"].message
    assert "above maximum 0.05" in failures["guardrail_false_positive_rate"].message
    assert "not measured" in failures["guardrail_recall"].message
    ok = {"context_recall": 0.8, "guardrail_recall": 0.95, "guardrail_false_positive_rate": 0.05}
    assert check_gate(ok, thresholds) == []


def test_llm_bounds_apply_only_when_llm_metrics_were_measured() -> None:
    thresholds = Thresholds.model_validate({"min": {"context_recall": 0.5}, "llm": {"min": {"faithfulness": 0.8}}})
    assert check_gate({"context_recall": 0.9}, thresholds, with_llm=False) == []
    [failure] = check_gate({"context_recall": 0.9, "faithfulness": 0.7}, thresholds, with_llm=True)
    assert failure.metric == "faithfulness"


def test_threshold_file_errors_name_the_file_and_field(tmp_path: Path) -> None:
    with pytest.raises(GateConfigError, match="file not found"):
        load_thresholds(tmp_path / "none.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"min": {"context_recall": "high"}}')
    with pytest.raises(GateConfigError, match=r"broken\.json: field 'min\.context_recall'"):
        load_thresholds(broken)
    unknown = tmp_path / "unknown.json"
    unknown.write_text('{"minimum": {}}')
    with pytest.raises(GateConfigError, match="minimum"):
        load_thresholds(unknown)


def test_committed_thresholds_cover_the_required_metrics() -> None:
    thresholds = load_thresholds(ROOT / "evals" / "thresholds.json")
    gated = set(thresholds.min) | set(thresholds.max)
    assert {"context_recall", "citation_precision", "guardrail_recall"} <= gated
    assert "guardrail_false_positive_rate" in thresholds.max and "latency_p95_ms" in thresholds.max


def test_baseline_roundtrip_and_deltas(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    assert load_baseline(path) is None
    save_baseline(path, {"metrics": {"context_recall": 0.8, "old_metric": 1.0}})
    baseline = load_baseline(path)
    diff = deltas({"context_recall": 0.9, "rouge_l": 0.3}, baseline)
    assert diff["context_recall"]["delta"] == pytest.approx(0.1)
    assert diff["rouge_l"] == {"value": 0.3, "baseline": None, "delta": None}
    assert diff["old_metric"]["value"] is None
    path.write_text("[1, 2]")
    with pytest.raises(GateConfigError, match="'metrics'"):
        load_baseline(path)


def test_history_keeps_order_and_skips_broken_lines(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    append_history(path, {"metrics": {"context_recall": 0.5}})
    with path.open("a") as fh:
        fh.write("not json\n")
    append_history(path, {"metrics": {"context_recall": 0.7}})
    assert [r["metrics"]["context_recall"] for r in read_history(path)] == [0.5, 0.7]
    assert len(read_history(path, last=1)) == 1


def _result(qid: str, product: str, status: str, recall: float) -> QuestionResult:
    return QuestionResult(
        id=qid,
        question=f"Question {qid} <b>?</b>",
        product=product,
        category="dosing",
        expected_status="answered",
        status=status,
        answer=f"Answer to {qid} [1].",
        reference_answer="ref",
        latency_ms=100.0,
        guardrail_decision="allow",
        scores={"context_recall": recall, "rouge_l": recall / 2},
    )


def test_report_files_with_plots_breakdown_and_worst_questions(tmp_path: Path) -> None:
    run = EvalRun(
        started_at="2025-01-01T00:00:00+00:00",
        n_questions=3,
        duration_s=1.0,
        metrics={"context_recall": 0.5, "citation_precision": 0.9, "guardrail_recall": None},
        results=[
            _result("a1", "adalimumab", "answered", 1.0),
            _result("a2", "adalimumab", "insufficient_evidence", 0.0),
            _result("s1", "semaglutide", "answered", 0.5),
        ],
    )
    paths = EvalPaths(tmp_path)
    append_history(paths.reports_dir / "history.jsonl", run.summary())
    append_history(paths.reports_dir / "history.jsonl", run.summary())
    md = write_report(run, [], deltas(run.metrics, None), paths.reports_dir)
    text = md.read_text()
    assert "## Per product" in text and "| adalimumab | 2 | 0.50" in text
    worst = text.split("## Worst questions")[1]
    assert worst.index("a2") < worst.index("s1") < worst.index("a1")
    html = (paths.reports_dir / "latest.html").read_text()
    assert "&lt;b&gt;" in html and "<b>?</b>" not in html  # question text is escaped
    for plot in ("trend.png", "products.png"):
        assert (paths.reports_dir / "plots" / plot).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    again = EvalRun.load(paths.reports_dir / "latest.json")
    assert again is not None and again.results[1].status == "insufficient_evidence"
    assert json.loads((paths.reports_dir / "latest.json").read_text())["n_questions"] == 3
