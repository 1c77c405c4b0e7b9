"""``assistant eval``: the release gate over the golden set and the guardrail cases."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from assistant.cli.common import print_json, run_guarded

if TYPE_CHECKING:
    from assistant.evaluation.suite import GateOutcome


def _print_outcome(outcome: GateOutcome) -> None:
    """Metrics with their baseline deltas, then the verdict and what failed."""
    bounds = outcome.thresholds
    typer.echo(f"{outcome.run.n_questions} questions, mode {outcome.run.mode}, {outcome.run.duration_s:.1f} s\n")
    for name, row in outcome.deltas.items():
        if name not in outcome.run.metrics:
            continue
        value, delta = row["value"], row["delta"]
        shown = "—" if value is None else f"{value:.3f}"
        change = f"  ({delta:+.3f} vs baseline)" if delta is not None and abs(delta) >= 5e-4 else ""
        limit = ""
        if name in bounds["min"]:
            limit = f"  [min {bounds['min'][name]:g}]"
        elif name in bounds["max"]:
            limit = f"  [max {bounds['max'][name]:g}]"
        typer.echo(f"  {name:32s} {shown:>9s}{limit}{change}")
    for note in outcome.notes:
        typer.secho(f"\nnote: {note}", dim=True)
    if outcome.report:
        typer.echo(f"\nreport: {outcome.report}")
    if outcome.baseline_updated:
        typer.echo("baseline updated")
    if outcome.passed:
        typer.secho("\nGATE PASSED", fg=typer.colors.GREEN, bold=True)
        return
    typer.secho(f"\nGATE FAILED: {len(outcome.failures)} metric(s) missed their threshold", fg=typer.colors.RED)
    for failure in outcome.failures:
        typer.secho(f"  - {failure.message}", fg=typer.colors.RED)


def register(app: typer.Typer) -> None:
    """Attach ``eval`` to the app."""

    @app.command("eval")
    def eval_command(
        thresholds: Path | None = typer.Option(
            None, "--thresholds", help="Thresholds JSON (default evals/thresholds.json).", dir_okay=False
        ),
        golden: Path | None = typer.Option(
            None, "--golden", help="Golden-set JSONL (default evals/golden/questions.jsonl).", dir_okay=False
        ),
        as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of text."),
        limit: int | None = typer.Option(None, "--limit", min=1, help="Only the first N golden questions."),
        report: bool = typer.Option(True, "--report/--no-report", help="Write evals/reports/ and history."),
        update_baseline: bool = typer.Option(
            False, "--update-baseline", help="Store this run's metrics as the new baseline."
        ),
        llm_repeats: int = typer.Option(3, "--llm-repeats", min=1, help="Runs averaged per LLM-judged score."),
    ) -> None:
        """Score the assistant on the golden set; exit 1 when any metric misses its threshold."""
        from assistant.api import default_assistant
        from assistant.evaluation.suite import evaluate_release

        outcome = run_guarded(
            evaluate_release,
            default_assistant(),
            thresholds_file=thresholds,
            golden_file=golden,
            limit=limit,
            report=report,
            update_baseline=update_baseline,
            llm_repeats=llm_repeats,
        )
        if as_json:
            print_json(outcome.public())
        else:
            _print_outcome(outcome)
        if not outcome.passed:
            raise typer.Exit(1)
