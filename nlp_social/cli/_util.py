"""Helpers shared by the CLI modules."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import typer

from nlp_social.errors import InputError, NlpSocialError

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
    import numpy as np  # a dependency; imported here only to keep `nlp-social --help` fast

    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if hasattr(value, "__fspath__"):
        return str(value)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


BUG_HINT = (
    "nlp-social stopped on an internal error (a bug, not a problem with your input): please report it "
    "with the command you ran and the traceback below."
)


def user_error(exc: BaseException) -> str | None:
    """The one-line message for a user mistake or a bad file, or None when ``exc`` is a bug.

    Errors the package raises on purpose (:class:`NlpSocialError`) name the file, line or option; an
    operating-system error on a path the user gave (missing, a folder, no permission, disk full) names it.
    """
    if isinstance(exc, NlpSocialError):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        where = exc.filename if exc.filename is not None else None
        if isinstance(exc, IsADirectoryError):
            return f"{where}: is a folder; name a file"
        return f"{where}: {exc.strerror}" if where is not None else exc.strerror
    return None


class handle_errors:
    """Context manager: turn user errors (see :func:`user_error`) into one clean line and exit code 2."""

    def __enter__(self) -> handle_errors:
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc is not None and not isinstance(exc, (typer.Exit, SystemExit, KeyboardInterrupt)):
            message = user_error(exc)
            if message is not None:
                fail(message)
        return False


def root_group_class() -> type:
    """The typer group of the whole CLI: the single place where an error becomes an exit code.

    A user error anywhere in a command (inside ``handle_errors`` or not) ends in one line naming the file,
    line or option and exit code 2; anything else is a bug and keeps its traceback, with a hint to report it.
    """
    from typer.core import TyperGroup

    passthrough = (typer.Exit, typer.Abort, typer.TyperException, SystemExit, KeyboardInterrupt)

    class _RootGroup(TyperGroup):
        def invoke(self, ctx: Any) -> Any:
            try:
                return super().invoke(ctx)
            except passthrough:
                raise
            except Exception as exc:  # not a fallback: a bug re-raises with its traceback below
                message = user_error(exc)
                if message is None:
                    typer.secho(BUG_HINT, err=True, fg=typer.colors.RED)
                    raise
                fail(message)

    return _RootGroup


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


# A single word ending like this names a file, not a post: when it is missing that is a mistake to report.
FILE_SUFFIXES = (
    ".txt",
    ".text",
    ".csv",
    ".tsv",
    ".tab",
    ".jsonl",
    ".ndjson",
    ".json",
    ".parquet",
    ".gz",
    ".md",
)


def read_text_or_file(source: str) -> list[str]:
    """``-`` -> stdin lines; an existing file -> its lines (UTF-8, else InputError); a missing file or a
    folder -> InputError; any other text -> [source]."""
    if source == "-":
        return [line.rstrip("\n") for line in sys.stdin]
    path = Path(source)
    if path.is_dir():
        raise InputError(
            "is a folder; give a text, a file with one post per line, or - for stdin", path=source
        )
    looks_like_file = not any(ch.isspace() for ch in source) and source.lower().endswith(FILE_SUFFIXES)
    if not path.is_file() and looks_like_file:
        raise InputError(
            "no such file (to process this text itself, add a space or use - with stdin)", path=source
        )
    if path.is_file():
        try:
            return path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path=str(path)) from exc
    return [source]
