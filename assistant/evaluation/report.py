"""Markdown and HTML reports with plots, written under ``evals/reports/``.

Files (all overwritten each run except the history, which is appended):

* ``latest.md`` / ``latest.html`` — metrics, gate verdict, deltas to baseline,
  per-product and per-category breakdown, worst questions with their answers;
* ``latest.json`` — the full run (per-question results), read by the UI page;
* ``plots/trend.png``, ``plots/products.png`` — metrics across runs, per product;
* ``history.jsonl`` — one summary line per run (kept small: no per-question data).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from assistant.evaluation.gate import GateFailure, read_history
from assistant.evaluation.results import EvalRun

TREND_METRICS = (
    "context_recall",
    "context_precision",
    "citation_precision",
    "citation_coverage",
    "answered_rate",
    "refusal_accuracy",
    "guardrail_recall",
)
PRODUCT_METRICS = ("status_accuracy", "context_recall", "rouge_l", "citation_precision")


def _fmt(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _signed(value: float | None) -> str:
    return "" if value is None or abs(value) < 5e-4 else f"{value:+.3f}"


def _pyplot() -> Any:
    """matplotlib's pyplot on the Agg backend (reports are written headless, in CI too)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(plt: Any, fig: Any, path: Path) -> Path:
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def plot_trend(history: Sequence[Mapping[str, Any]], path: Path) -> Path:
    """Line per key metric across the recorded runs (oldest left)."""
    plt = _pyplot()

    fig, ax = plt.subplots(figsize=(8, 4))
    xs = list(range(1, len(history) + 1))
    for name in TREND_METRICS:
        ys = [rec["metrics"].get(name) for rec in history]
        if any(y is not None for y in ys):
            ax.plot(xs, [float("nan") if y is None else y for y in ys], marker="o", label=name)
    ax.set_xlabel("run")
    ax.set_ylabel("score")
    ax.set_ylim(0, 1.05)
    ax.set_xticks(xs)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="lower left", ncols=2)
    ax.set_title("Release metrics across runs")
    return _save(plt, fig, path)


def plot_products(breakdown: Mapping[str, Mapping[str, float | None]], path: Path) -> Path:
    """Grouped bars: key per-question scores for each product."""
    plt = _pyplot()
    import numpy as np

    products = list(breakdown)
    x = np.arange(len(products))
    width = 0.8 / len(PRODUCT_METRICS)
    fig, ax = plt.subplots(figsize=(9, 4))
    for i, name in enumerate(PRODUCT_METRICS):
        ys = [breakdown[p].get(name) or 0.0 for p in products]
        ax.bar(x + i * width, ys, width, label=name)
    ax.set_xticks(x + width * (len(PRODUCT_METRICS) - 1) / 2)
    ax.set_xticklabels([p.replace("/", "/\n") for p in products], fontsize=7)
    ax.set_ylim(0, 1.05)
    ax.legend(fontsize=7, ncols=len(PRODUCT_METRICS), loc="upper center", bbox_to_anchor=(0.5, -0.18))
    ax.set_title("Per-product scores")
    return _save(plt, fig, path)


def _metrics_rows(
    metrics: Mapping[str, float | None], delta: Mapping[str, Mapping[str, float | None]]
) -> list[list[str]]:
    return [
        [
            name,
            _fmt(value),
            _fmt(delta.get(name, {}).get("baseline")),
            _signed(delta.get(name, {}).get("delta")),
        ]
        for name, value in sorted(metrics.items())
    ]


def _breakdown_rows(breakdown: Mapping[str, Mapping[str, float | None]]) -> tuple[list[str], list[list[str]]]:
    cols = [
        "questions",
        "status_accuracy",
        "context_recall",
        "context_precision",
        "rouge_l",
        "citation_precision",
    ]
    rows = [[name, *(_fmt(v.get(c), 0 if c == "questions" else 2) for c in cols)] for name, v in breakdown.items()]
    return ["group", *cols], rows


def _worst_rows(run: EvalRun, n: int) -> list[list[str]]:
    rows = []
    for r in run.worst(n):
        status = r.status if r.status_ok else f"{r.status} (expected {r.expected_status})"
        rows.append([r.id, r.product, r.question, status, _fmt(r.quality, 2), r.answer[:400]])
    return rows


def _guardrail_rows(run: EvalRun) -> list[list[str]]:
    per_rule: dict[str, dict[str, Any]] = run.guardrail_details.get("per_rule", {})
    return [
        [rule, _fmt(v.get("precision"), 2), _fmt(v.get("recall"), 2), str(v.get("support", ""))]
        for rule, v in sorted(per_rule.items())
    ]


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    def clean(cell: str) -> str:
        return cell.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(clean(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _html_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _sections(
    run: EvalRun, failures: Sequence[GateFailure], delta: Mapping[str, Mapping[str, float | None]]
) -> list[tuple[str, Sequence[str], list[list[str]]]]:
    by_product = _breakdown_rows(run.breakdown(lambda r: r.product))
    by_category = _breakdown_rows(run.breakdown(lambda r: r.category))
    return [
        ("Metrics", ["metric", "value", "baseline", "delta"], _metrics_rows(run.metrics, delta)),
        ("Gate failures", ["failure"], [[f.message] for f in failures]),
        ("Per product", by_product[0], by_product[1]),
        ("Per category", by_category[0], by_category[1]),
        ("Guardrail rules", ["rule", "precision", "recall", "support"], _guardrail_rows(run)),
        (
            "Worst questions",
            ["id", "product", "question", "status", "quality", "answer"],
            _worst_rows(run, 8),
        ),
    ]


def render_markdown(
    run: EvalRun, failures: Sequence[GateFailure], delta: Mapping[str, Mapping[str, float | None]]
) -> str:
    verdict = "PASSED" if not failures else f"FAILED ({len(failures)} metric(s) below threshold)"
    parts = [
        "# Evaluation report",
        "",
        f"Run {run.started_at} · commit {run.git_commit or 'unknown'} · mode {run.mode} · "
        f"{run.n_questions} questions · {run.duration_s:.1f} s · gate **{verdict}**",
        "",
        "![Metrics across runs](plots/trend.png)",
        "",
        "![Per-product scores](plots/products.png)",
    ]
    for title, header, rows in _sections(run, failures, delta):
        if rows:
            parts += ["", f"## {title}", "", _md_table(header, rows)]
    return "\n".join(parts) + "\n"


def render_html(run: EvalRun, failures: Sequence[GateFailure], delta: Mapping[str, Mapping[str, float | None]]) -> str:
    verdict = "PASSED" if not failures else f"FAILED ({len(failures)})"
    style = (
        "body{font-family:sans-serif;max-width:1100px;margin:2em auto}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:3px 6px;font-size:13px;vertical-align:top}th{background:#eee}"
    )
    body = [
        f"<h1>Evaluation report</h1><p>Run {html.escape(run.started_at)} · commit "
        f"{html.escape(run.git_commit or 'unknown')} · mode {run.mode} · {run.n_questions} questions · "
        f"gate <b>{verdict}</b></p>",
        '<img src="plots/trend.png" alt="Metrics across runs">',
        '<img src="plots/products.png" alt="Per-product scores">',
    ]
    for title, header, rows in _sections(run, failures, delta):
        if rows:
            body.append(f"<h2>{html.escape(title)}</h2>{_html_table(header, rows)}")
    head = f"<head><meta charset='utf-8'><title>Evaluation report</title><style>{style}</style></head>"
    return f"<!doctype html><html>{head}<body>{''.join(body)}</body></html>\n"


def write_report(
    run: EvalRun,
    failures: Sequence[GateFailure],
    delta: Mapping[str, Mapping[str, float | None]],
    reports_dir: Path,
) -> Path:
    """Write every report file (history must already hold this run); returns the Markdown path."""
    run.save(reports_dir / "latest.json")
    plot_trend(read_history(reports_dir / "history.jsonl", last=30), reports_dir / "plots" / "trend.png")
    plot_products(run.breakdown(lambda r: r.product), reports_dir / "plots" / "products.png")
    (reports_dir / "latest.html").write_text(render_html(run, failures, delta), encoding="utf-8")
    markdown = reports_dir / "latest.md"
    markdown.write_text(render_markdown(run, failures, delta), encoding="utf-8")
    return markdown
