"""``assistant guard``: run the guardrails on a text or a JSONL batch (thin shell over assistant.api)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from assistant.cli.common import fail, print_json, run_guarded

_KINDS = ("question", "answer")
_COLOUR = {"allow": typer.colors.GREEN, "allow_with_notice": typer.colors.YELLOW, "block": typer.colors.RED}


def read_batch(path: Path) -> list[tuple[str, str, str | None]]:
    """``(text, kind, product)`` per line of a JSONL file; a bad line fails naming file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"cannot read batch file {path}: {exc}") from exc
    items: list[tuple[str, str, str | None]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record: Any = json.loads(line)
        except json.JSONDecodeError as exc:
            raise fail(f"{where}: not valid JSON: {exc.msg}") from exc
        if not isinstance(record, dict):
            raise fail(f"{where}: each line must be a JSON object with a 'text' field")
        text, kind, product = record.get("text"), record.get("kind", "question"), record.get("product")
        if not isinstance(text, str) or not text.strip():
            raise fail(f"{where}: field 'text' must be a non-empty string")
        if kind not in _KINDS:
            raise fail(f"{where}: field 'kind' must be 'question' or 'answer', got {kind!r}")
        if product is not None and not isinstance(product, str):
            raise fail(f"{where}: field 'product' must be a string or null")
        items.append((text, kind, product))
    return items


def guard(
    text: str = typer.Argument(None, help="The text to check; omit with --batch."),
    kind: str = typer.Option("question", "--kind", "-k", help="question | answer"),
    product: str = typer.Option(None, "--product", "-p", help="Product the text is about (generic or brand)."),
    batch: Path = typer.Option(None, "--batch", "-b", help="JSONL file of {text, kind, product} lines."),
    as_json: bool = typer.Option(False, "--json", help="Print {decision, findings} as JSON (one line per input)."),
) -> None:
    """Check a question or answer against the off-label, promotional, adverse-event, injection and PII rails."""
    from assistant.api import default_assistant

    assistant = default_assistant()
    if batch is not None:
        if text is not None:
            raise fail("give either TEXT or --batch, not both")
        items = read_batch(batch)
        for result in run_guarded(assistant.guardrails.check_batch, items):
            print_json(result.public())
        return
    if text is None:
        raise fail("give the TEXT to check, or --batch FILE.jsonl")
    if kind not in _KINDS:
        raise fail(f"--kind must be 'question' or 'answer', got {kind!r}")
    result = run_guarded(assistant.guard, text, kind=kind, product=product)
    if as_json:
        print_json(result.public())
        return
    typer.secho(result.decision.upper(), fg=_COLOUR[result.decision], bold=True)
    for f in result.findings:
        typer.echo(f"  [{f.rule}] “{f.span}” — {f.message}")
    for notice in result.notices:
        typer.secho(f"Notice: {notice}", fg=typer.colors.YELLOW)
    if result.redacted_text:
        typer.echo(f"Redacted: {result.redacted_text}")


def register(app: typer.Typer) -> None:
    """Attach ``guard`` to the app."""
    app.command(name="guard")(guard)
