"""Helpers shared by the CLI command modules."""

from __future__ import annotations

import json
import sys
from typing import Any

import typer

from assistant.errors import AssistantError


def print_json(data: Any) -> None:
    """One JSON document on stdout, UTF-8, no ASCII escaping (drug names carry symbols)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a clear error to stderr and return the Exit to raise."""
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    return typer.Exit(code)


def run_guarded(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Turn expected errors into a one-line message and exit status 1, not a traceback."""
    try:
        return fn(*args, **kwargs)
    except AssistantError as exc:
        raise fail(str(exc)) from exc
