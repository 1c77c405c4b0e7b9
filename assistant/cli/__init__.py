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

for module in (doc_cmds, ask_cmds, guard_cmds, quiz_cmds, eval_cmds):
    module.register(app)


def main() -> None:
    """Console-script entry point."""
    app()
