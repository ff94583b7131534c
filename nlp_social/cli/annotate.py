"""`nlp-social annotate` commands."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the `annotate` commands to the main app (filled in by its issue)."""
