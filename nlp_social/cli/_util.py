"""Helpers shared by the CLI modules."""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

import typer

from nlp_social.errors import NlpSocialError

DataDirOpt = typer.Option(
    None,
    "--data-dir",
    help="Folder holding the public corpora (default: $NLP_SOCIAL_DATA_DIR).",
    show_default=False,
)
JsonOpt = typer.Option(
    False, "--json", help="Print one JSON object (metrics at top level, baselines under 'baselines')."
)


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


def default_command_group(default: str) -> type:
    """A typer group class whose first argument, when it is not a sub-command, goes to ``default``.

    So that ``nlp-social lid "some text"`` means ``nlp-social lid tag "some text"``.
    """
    import click
    from typer.core import TyperGroup

    class _DefaultGroup(TyperGroup):
        def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
            if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
                args = [default, *args]
            return super().parse_args(ctx, args)

    _DefaultGroup.__name__ = f"DefaultGroup_{default}"
    return _DefaultGroup


def read_text_or_file(source: str) -> list[str]:
    """``-`` -> stdin lines; an existing file -> its lines (UTF-8, else InputError); anything else -> [source]."""
    from pathlib import Path

    if source == "-":
        return [line.rstrip("\n") for line in sys.stdin]
    path = Path(source)
    if path.is_file():
        from nlp_social.errors import InputError

        try:
            return path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path=str(path)) from exc
    return [source]
