"""``assistant`` command line: a thin, documented shell over :mod:`assistant.api`.

Each group of commands lives in its own module with a ``register(app)`` hook,
so a command is added without touching the others.
"""

from __future__ import annotations

import typer

from assistant.cli import ask_cmds, doc_cmds, eval_cmds, guard_cmds, quiz_cmds

app = typer.Typer(
    name="assistant",
    help="MSL Assistant: cited, guard-railed answers from approved documents (offline by default).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)



@app.callback()
def _root() -> None:
    """MSL Assistant: cited, guard-railed answers from approved documents (offline by default)."""


@app.command()
def version() -> None:
    """Print the assistant's version."""
    from assistant import __version__

    typer.echo(__version__)


for module in (doc_cmds, ask_cmds, guard_cmds, quiz_cmds, eval_cmds):
    module.register(app)


def main() -> None:
    """Console-script entry point."""
    app()
