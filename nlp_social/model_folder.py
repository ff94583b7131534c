"""One way for every model loader to fail: a missing or damaged model folder becomes one error naming it.

Model folders are data only (JSON, npz without pickle, safetensors). :func:`model_loader` wraps a ``load``
so that a folder that is not there raises :class:`~nlp_social.errors.DataNotFoundError`, and a damaged one
(truncated ``.npz``, corrupt or non-UTF-8 JSON, a missing file or entry, parameters of the wrong type)
raises :class:`~nlp_social.errors.ModelFormatError` naming the file (and line) at fault, instead of a
traceback from deep inside numpy or json.
"""

from __future__ import annotations

import functools
import json
import os
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from nlp_social.errors import DataNotFoundError, ModelFormatError, NlpSocialError

F = TypeVar("F", bound=Callable[..., Any])

# What reading a damaged folder raises (json/np.load/safetensors/constructors fed bad values).
DAMAGE = (
    ValueError,  # JSONDecodeError, UnicodeDecodeError, np.load of an object array, bad shapes
    KeyError,
    TypeError,
    IndexError,
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
    OSError,
)


def _path_arg(args: tuple[Any, ...]) -> Path | None:
    for arg in args:
        if isinstance(arg, (str, os.PathLike)):
            return Path(arg)
    return None


def _json_culprit(path: Path) -> tuple[Path, str] | None:
    files = [path] if path.is_file() else sorted(path.rglob("*.json"))
    for file in files:
        try:
            json.loads(file.read_text(encoding="utf-8"))
        except UnicodeDecodeError as exc:
            return file, f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})"
        except json.JSONDecodeError as exc:
            return file, f"line {exc.lineno}: not valid JSON ({exc.msg})"
        except OSError:
            continue
    return None


def _archive_culprit(path: Path) -> tuple[Path, str] | None:
    files = [path] if path.is_file() else sorted(path.rglob("*.npz"))
    for file in files:
        try:
            with zipfile.ZipFile(file) as zf:
                bad = zf.testzip()
        except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
            return file, f"truncated or not an .npz archive ({exc})"
        if bad is not None:
            return file, f"damaged entry {bad!r}"
    return None


def describe_damage(path: Path, exc: BaseException) -> str:
    """``FILE[, line N]: what is wrong`` for an exception raised while loading the folder ``path``."""
    if isinstance(exc, (json.JSONDecodeError, UnicodeDecodeError)):
        found = _json_culprit(path)
        if found:
            return f"{found[0]}: {found[1]}"
    if isinstance(exc, (zipfile.BadZipFile, EOFError, zlib.error, ValueError, OSError)):
        found = _archive_culprit(path)
        if found:
            return f"{found[0]}: {found[1]}"
    if isinstance(exc, FileNotFoundError) and exc.filename:
        return f"{exc.filename}: missing"
    if isinstance(exc, KeyError):
        return f"{path}: missing entry {exc}"
    return f"{path}: {type(exc).__name__}: {exc}"


def model_loader(kind: str, path_of: Callable[..., Any] | None = None) -> Callable[[F], F]:
    """Decorate a ``load(path, ...)`` (function or classmethod body) of a ``kind`` model (e.g. "stance model").

    ``path_of(*args)`` gives the folder when it is not the first path argument (a lazy ``self._load()``).
    """

    def decorate(load: F) -> F:
        @functools.wraps(load)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            path = Path(path_of(*args)) if path_of is not None else _path_arg(args)
            try:
                return load(*args, **kwargs)
            except NlpSocialError:
                raise
            except DAMAGE as exc:
                if path is not None and not path.exists():
                    raise DataNotFoundError(f"{path}: the {kind} folder is missing; check the path") from exc
                where = describe_damage(path, exc) if path is not None else f"{type(exc).__name__}: {exc}"
                raise ModelFormatError(
                    f"{where} -- not a readable {kind}; save or download the model again"
                ) from exc

        return wrapper  # type: ignore[return-value]

    return decorate


__all__ = ["model_loader", "describe_damage"]
