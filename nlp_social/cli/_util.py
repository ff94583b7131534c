"""Helpers shared by the CLI modules."""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

import typer

from nlp_social.errors import NlpSocialError

DataDirOpt = typer.Option(
    None, "--data-dir", help="Folder holding the public corpora (default: $NLP_SOCIAL_DATA_DIR).", show_default=False
)
JsonOpt = typer.Option(False, "--json", help="Print one JSON object (metrics at top level, baselines under 'baselines').")


def fail(message: str, code: int = 2) -> NoReturn:
    """Print a clear error (no traceback) and exit."""
    typer.secho(f"Error: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


def print_json(obj: Any) -> None:
    """Print exactly one JSON object on stdout."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=_json_default) + "\n")


def _json_default(value: Any) -> Any:
    try:
        import numpy as np

        if isinstance(value, np.generic):
            return value.item()
        if isinstance(value, np.ndarray):
            return value.tolist()
    except ImportError:  # pragma: no cover
        pass
    if hasattr(value, "__fspath__"):
        return str(value)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


class handle_errors:
    """Context manager: turn NlpSocialError into a clean message and exit code 2."""

    def __enter__(self) -> handle_errors:
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc is not None and isinstance(exc, NlpSocialError):
            fail(str(exc))
        return False
