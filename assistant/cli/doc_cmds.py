"""Document commands: ``ingest``, ``docs`` and ``remove`` (thin shell over assistant.api)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from assistant.cli.common import fail, print_json, run_guarded
from assistant.types import IngestReport

_err = Console(stderr=True)


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A rich progress bar on stderr, only for humans at a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    with Progress(
        TextColumn("[bold]ingest[/]"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
        TimeElapsedColumn(), console=_err, transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task("", total=None)

        def update(label: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=label)

        yield update


def _print_report(report: IngestReport) -> None:
    typer.echo(
        f"added {report.added}, updated {report.updated}, unchanged {report.unchanged}, "
        f"removed {report.removed}, failed {len(report.failed)}; {report.chunks} chunks stored"
    )
    for warning in report.warnings:
        typer.secho(f"warning: {warning}", err=True, fg=typer.colors.YELLOW)
    for failure in report.failed:
        typer.secho(f"failed: {failure.path}: {failure.error}", err=True, fg=typer.colors.RED)


def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders (.xml SPL, .pdf, .pptx, .md, .txt)."),
    as_json: bool = typer.Option(False, "--json", help="Print the ingest report as JSON."),
) -> None:
    """Ingest documents incrementally; exit 0 all stored, 2 some failed, 1 nothing could be stored."""
    from assistant.api import default_assistant

    with _progress(not as_json) as progress:
        report = run_guarded(default_assistant().ingest, paths, progress=progress)
    if as_json:
        print_json(report.model_dump())
    else:
        _print_report(report)
    raise typer.Exit(report.exit_code)


INFERRED_MARK = "*"
"""Marks a value the assistant inferred from the file (no manifest or sidecar confirmed it)."""


def marked(value: str | None, field: str, inferred: list[str]) -> str:
    """``value`` with INFERRED_MARK appended when ``field`` was inferred."""
    text = value or ""
    return f"{text}{INFERRED_MARK}" if text and field in inferred else text


def docs(as_json: bool = typer.Option(False, "--json", help="Print the document list as JSON.")) -> None:
    """List stored documents with their governance metadata and chunk counts.

    Values marked * were inferred from the file, not given by a manifest or
    sidecar: check them and correct them in a manifest.yaml or <file>.meta.yaml.
    """
    from assistant.api import default_assistant

    summaries = run_guarded(default_assistant().documents)
    if as_json:
        print_json({"documents": [{**s.meta.model_dump(), "chunks": s.chunks} for s in summaries]})
        return
    table = Table("doc_id", "title", "type", "product", "brand", "status", "effective", "chunks")
    any_inferred = False
    for s in summaries:
        m, inf = s.meta, s.meta.inferred
        any_inferred = any_inferred or bool(inf)
        table.add_row(
            m.doc_id, marked(m.title, "title", inf), marked(m.doc_type, "doc_type", inf),
            marked(m.product, "product", inf), marked(m.brand, "brand", inf), m.status,
            marked(m.effective_date, "effective_date", inf), str(s.chunks),
        )  # fmt: skip
    Console().print(table)
    if any_inferred:
        typer.echo(
            f"{INFERRED_MARK} inferred from the file, not confirmed by a manifest or sidecar: "
            "correct it in manifest.yaml or <file>.meta.yaml and ingest again."
        )


def remove(doc_id: str = typer.Argument(..., help="The doc_id shown by `assistant docs`.")) -> None:
    """Remove a document and all its chunks."""
    from assistant.api import default_assistant

    if not run_guarded(default_assistant().remove, doc_id):
        raise fail(f"no stored document with doc_id {doc_id!r} (see `assistant docs`)")
    typer.echo(f"removed {doc_id}")


def register(app: typer.Typer) -> None:
    """Attach ingest, docs and remove to the app."""
    app.command()(ingest)
    app.command()(docs)
    app.command()(remove)
