"""`nlp-social stance` commands."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the `stance` commands to the main app (filled in by its issue)."""
