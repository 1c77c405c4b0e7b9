"""``assistant ask`` (one question or a batch) and ``assistant audit`` (verify, tail)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from assistant.cli.common import fail, print_json, run_guarded

if TYPE_CHECKING:
    from assistant.api import Assistant
    from assistant.types import Answer, Citation

audit_app = typer.Typer(help="Inspect the tamper-evident audit trail of questions and answers.", no_args_is_help=True)

_STATUS_COLOUR = {"answered": None, "insufficient_evidence": typer.colors.YELLOW, "blocked": typer.colors.RED}


def _where(citation: Citation) -> str:
    parts = [citation.section or ""]
    if citation.page:
        parts.append(f"p. {citation.page}")
    if citation.slide:
        parts.append(f"slide {citation.slide}")
    return ", ".join(p for p in parts if p)


def print_answer(answer: Answer) -> None:
    """Answer text, numbered sources, then notices and how the answer was made."""
    colour = _STATUS_COLOUR[answer.status]
    if answer.status != "answered":
        typer.secho(answer.status.replace("_", " ").upper(), fg=colour, bold=True)
    typer.secho(answer.answer, fg=colour)
    if answer.citations:
        typer.echo("\nSources:")
        for c in answer.citations:
            where = _where(c)
            typer.echo(f"  [{c.n}] {c.title}" + (f" — {where}" if where else "") + f"  ({c.doc_id})")
    for notice in answer.guardrail.notices:
        typer.secho(f"\nNotice: {notice}", fg=typer.colors.YELLOW)
    if answer.dropped_sentences:
        typer.secho(f"\n(verifier removed {len(answer.dropped_sentences)} unsupported sentence(s))", dim=True)
    model = f" {answer.model}" if answer.model else ""
    total = answer.timings_ms.get("total", 0.0)
    typer.secho(f"\n[{answer.mode}{model}, {total:.0f} ms, audit {answer.audit_id}]", dim=True)


def _ask_one(
    assistant: Assistant, question: str, product: str | None, doc_types: list[str], areas: list[str]
) -> Answer:
    return run_guarded(
        assistant.ask,
        question,
        product,
        doc_types=doc_types or None,
        therapeutic_areas=areas or None,
    )


def _batch_questions(path: Path) -> list[str]:
    if str(path) == "-":
        import sys

        lines = sys.stdin.read().splitlines()
    else:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise fail(f"cannot read batch file {path}: {exc}") from exc
    return [line.strip() for line in lines if line.strip()]


def ask(
    question: str = typer.Argument(None, help="The question; omit with --batch."),
    product: str = typer.Option(None, "--product", "-p", help="Restrict to one product (generic or brand name)."),
    doc_type: list[str] = typer.Option(None, "--doc-type", "-t", help="label, publication, slide_deck, other."),
    area: list[str] = typer.Option(None, "--area", "-a", help="Therapeutic area, e.g. diabetes."),
    json_out: bool = typer.Option(False, "--json", help="Print the answer as one JSON object."),
    batch: Path = typer.Option(None, "--batch", help="File with one question per line ('-' for stdin)."),
) -> None:
    """Answer a question from the approved documents; every sentence cites its source."""
    from assistant.api import Assistant
    from assistant.types import DOC_TYPES

    bad = [t for t in doc_type or [] if t not in DOC_TYPES]
    if bad:
        raise fail(f"--doc-type {bad[0]!r} is not one of: {', '.join(DOC_TYPES)}")
    if (question is None) == (batch is None):
        raise fail("give either a QUESTION or --batch FILE")
    questions = _batch_questions(batch) if batch is not None else [question]
    assistant = Assistant()  # one instance: models load once for the whole batch
    for i, text in enumerate(questions):
        answer = _ask_one(assistant, text, product, doc_type or [], area or [])
        if json_out:
            print_json(answer.public())
        else:
            if i:
                typer.echo("\n" + "─" * 60)
            if batch is not None:
                typer.secho(f"Q: {text}", bold=True)
            print_answer(answer)


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the hash chain; exit 0 when intact, 1 listing every problem."""
    from assistant.audit import AuditLog
    from assistant.config import get_settings

    log = AuditLog(get_settings().audit_path)
    problems = log.verify()
    if problems:
        for problem in problems:
            typer.secho(f"{log.path}: {problem}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1)
    count = sum(1 for _ in log.records())
    typer.echo(f"{log.path}: intact ({count} records)")


@audit_app.command("tail")
def audit_tail(
    n: int = typer.Option(10, "-n", help="How many records."),
    json_out: bool = typer.Option(False, "--json", help="One JSON object per line."),
) -> None:
    """Show the latest audit records."""
    from assistant.audit import AuditLog
    from assistant.config import get_settings

    for record in AuditLog(get_settings().audit_path).tail(n):
        if json_out:
            print_json(record)
        elif record.get("type") == "feedback":
            rating = f"{record['rating']:+d}"
            typer.echo(f"{record['ts']}  feedback {rating} on {record['answer_id']}: {record['comment']}")
        else:
            typer.echo(f"{record['ts']}  {record['id']}  {record['status']:<21} {record['question']}")


def register(app: typer.Typer) -> None:
    """Attach ``ask`` and the ``audit`` group."""
    app.command("ask")(ask)
    app.add_typer(audit_app, name="audit")
