"""Placeholder: commands of this group are added by their issue."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the app (none yet)."""
