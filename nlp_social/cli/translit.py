"""`nlp-social translit` commands."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the `translit` commands to the main app (filled in by its issue)."""
