"""`nlp-social corpus` commands."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the `corpus` commands to the main app (filled in by its issue)."""
