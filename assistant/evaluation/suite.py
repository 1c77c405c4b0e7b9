"""One call for a release check: load, run, gate, compare with baseline, report.

The CLI (``assistant eval``) and the Streamlit page both go through here, so
what the page shows is what the gate judged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.evaluation.gate import (
    GateFailure,
    append_history,
    check_gate,
    deltas,
    load_baseline,
    load_thresholds,
    read_history,
    save_baseline,
)
from assistant.evaluation.golden import load_golden, load_guardrail_cases
from assistant.evaluation.paths import EvalPaths, project_root
from assistant.evaluation.results import EvalRun

if TYPE_CHECKING:
    from assistant.api import Assistant


@dataclass
class GateOutcome:
    """A run with its verdict: the JSON printed by ``assistant eval --json``."""

    run: EvalRun
    thresholds: dict[str, Any]
    failures: list[GateFailure]
    deltas: dict[str, dict[str, float | None]]
    report: Path | None = None
    baseline_updated: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures

    def public(self) -> dict[str, Any]:
        return {
            "metrics": self.run.metrics,
            "thresholds": self.thresholds,
            "passed": self.passed,
            "failures": [f.to_dict() for f in self.failures],
            "report": str(self.report) if self.report else None,
            "deltas": self.deltas,
            "mode": self.run.mode,
            "n_questions": self.run.n_questions,
            "baseline_updated": self.baseline_updated,
            "notes": self.notes,
        }


def evaluate_release(
    assistant: Assistant,
    *,
    paths: EvalPaths | None = None,
    thresholds_file: Path | None = None,
    golden_file: Path | None = None,
    limit: int | None = None,
    report: bool = True,
    update_baseline: bool = False,
    retriever: Any | None = None,
    llm_repeats: int = 3,
) -> GateOutcome:
    """Run the golden set and guardrail cases, judge them against the thresholds."""
    from assistant.evaluation.runner import run_evaluation

    paths = paths or EvalPaths.default()
    thresholds = load_thresholds(thresholds_file or paths.thresholds)
    golden = golden_file or paths.golden
    questions = load_golden(golden, limit=limit)
    cases = load_guardrail_cases(paths.guardrail_case_files())
    notes = [] if cases else ["no guardrail cases found: guardrail metrics not measured"]
    judge = None
    if assistant.settings.use_llm:
        from assistant.evaluation.ragas_llm import RagasJudge

        judge = RagasJudge(assistant.settings, assistant.embedder, repeats=llm_repeats)
    else:
        notes.append("no LLM endpoint configured: LLM-judged ragas metrics and PubMedQA skipped")
    run = run_evaluation(
        assistant,
        questions,
        cases,
        retriever=retriever,
        judge=judge,
        golden_file=str(golden),
        root=project_root(),
    )
    failures = check_gate(run.metrics, thresholds, with_llm=judge is not None)
    baseline = load_baseline(paths.baseline)
    if baseline is None and not update_baseline:
        notes.append(f"no baseline at {paths.baseline}: run with --update-baseline to store one")
    outcome = GateOutcome(run, thresholds.model_dump(), failures, deltas(run.metrics, baseline), notes=notes)
    if report:
        append_history(paths.reports_dir / "history.jsonl", {**run.summary(), "passed": outcome.passed})
        from assistant.evaluation.report import write_report

        outcome.report = write_report(run, failures, outcome.deltas, paths.reports_dir)
    if update_baseline:
        save_baseline(paths.baseline, run.summary())
        outcome.baseline_updated = True
    return outcome


@dataclass
class Dashboard:
    """What the Evaluations page shows: the latest run judged by the current thresholds, and history."""

    run: EvalRun
    failures: list[GateFailure]
    deltas: dict[str, dict[str, float | None]]
    history: list[dict[str, Any]]
    report_markdown: Path
    report_html: Path


def dashboard(paths: EvalPaths | None = None) -> Dashboard | None:
    """The latest report's data, or None before the first ``assistant eval``."""
    paths = paths or EvalPaths.default()
    run = latest_run(paths)
    if run is None:
        return None
    failures = check_gate(run.metrics, load_thresholds(paths.thresholds), with_llm=run.mode == "llm")
    return Dashboard(
        run=run,
        failures=failures,
        deltas=deltas(run.metrics, load_baseline(paths.baseline)),
        history=history(paths, last=30),
        report_markdown=paths.reports_dir / "latest.md",
        report_html=paths.reports_dir / "latest.html",
    )


def latest_run(paths: EvalPaths | None = None) -> EvalRun | None:
    """The last run written to the reports folder (for the UI page)."""
    return EvalRun.load((paths or EvalPaths.default()).reports_dir / "latest.json")


def history(paths: EvalPaths | None = None, last: int | None = None) -> list[dict[str, Any]]:
    """Recorded run summaries, oldest first."""
    return read_history((paths or EvalPaths.default()).reports_dir / "history.jsonl", last=last)
