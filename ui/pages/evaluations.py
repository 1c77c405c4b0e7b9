"""Evaluations page: the latest release-gate report, metric trends and quiz guessability.

Thin on purpose: everything shown comes from :func:`assistant.evaluation.suite.dashboard`,
which reads the files ``assistant eval`` writes under ``evals/reports/`` and
judges them with the same thresholds as the gate.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:  # run as a page of ui/app.py or on its own (tests)
    sys.path.insert(0, str(_ROOT))

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from assistant.evaluation.paths import EvalPaths  # noqa: E402
from assistant.evaluation.report import TREND_METRICS  # noqa: E402
from assistant.evaluation.suite import Dashboard, dashboard  # noqa: E402
from ui.components import leave_legacy_pages_mode  # noqa: E402


def metric_rows(board: Dashboard) -> pd.DataFrame:
    """Metric, value, baseline and change, one row per metric measured in the latest run."""
    rows = [
        {"Metric": name, "Value": row["value"], "Baseline": row["baseline"], "Change": row["delta"]}
        for name, row in board.deltas.items()
        if name in board.run.metrics
    ]
    return pd.DataFrame(rows)


def trend_frame(board: Dashboard) -> pd.DataFrame:
    """Key metrics across the recorded runs (one row per run, oldest first)."""
    rows = [{k: rec["metrics"].get(k) for k in TREND_METRICS} for rec in board.history]
    return pd.DataFrame(rows, index=pd.RangeIndex(1, len(rows) + 1, name="run"))


def render(board: Dashboard) -> None:
    run = board.run
    st.caption(
        f"Run {run.started_at} · commit {run.git_commit or 'unknown'} · mode {run.mode} · "
        f"{run.n_questions} questions · {run.duration_s:.0f} s"
    )
    if board.failures:
        st.error("Release gate FAILED:\n\n" + "\n".join(f"- {f.message}" for f in board.failures))
    else:
        st.success("Release gate passed at the committed thresholds.")
    st.subheader("Metrics")
    st.dataframe(metric_rows(board), hide_index=True, width="stretch")
    if len(board.history) > 1:
        st.subheader("Trend")
        st.line_chart(trend_frame(board))
    st.subheader("Per product")
    st.dataframe(pd.DataFrame(run.breakdown(lambda r: r.product)).T, width="stretch")
    st.subheader("Worst questions")
    for result in run.worst(8):
        with st.expander(f"{result.id} · {result.product} · {result.status}"):
            st.markdown(f"**Question.** {result.question}")
            st.markdown(f"**Answer ({result.status}, expected {result.expected_status}).** {result.answer}")
            st.markdown(f"**Reference.** {result.reference_answer}")
    if board.report_html.exists():
        st.download_button(
            "Download the HTML report", board.report_html.read_bytes(), "evaluation-report.html", "text/html"
        )


def guessability_frame(report: dict) -> pd.DataFrame:
    """Accuracy of each naive strategy per product, with an overall row (from the quiz guessability bench)."""
    rows = {**report["per_product"], "overall": {**report["overall"], "items": report["items"]}}
    return pd.DataFrame(rows).T


def render_quiz_guessability(path: Path) -> None:
    """Can a trainee pass the quizzes without knowing the product? Figures from ``bench_quiz_guessability.py``."""
    st.subheader("Quiz guessability")
    if not path.exists():
        st.info("No quiz guessability report yet. Run `python evals/bench/bench_quiz_guessability.py`.")
        return
    report = json.loads(path.read_text(encoding="utf-8"))
    worst, goal = report["worst"], report["goal"]
    st.caption(
        f"{report['items']} multiple-choice items; chance {report['chance']:.2f}. Naive test-takers see only the "
        "stem, the options, the product name and its label text."
    )
    verdict = f"Best naive strategy scores {worst:.2f} (goal: at most {goal:.2f})."
    (st.success if worst <= goal else st.warning)(verdict)
    st.dataframe(guessability_frame(report), width="stretch")


def main() -> None:
    leave_legacy_pages_mode()
    st.title("Evaluations")
    board = dashboard()
    if board is None:
        st.info("No evaluation report yet. Run `assistant eval` (or `make eval`) to create one.")
    else:
        render(board)
    render_quiz_guessability(EvalPaths.default().reports_dir / "quiz_guessability.json")


main()
