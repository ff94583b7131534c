"""`nlp-social topics` commands."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the `topics` commands to the main app (filled in by its issue)."""
