"""Resume support: the ``_manifest.json`` of an output folder.

The manifest says which configuration produced the folder (inputs, steps, model fingerprints, chunk size,
format) and how many chunks are complete, in input order. It is rewritten atomically after each chunk's
part file and rejects are on disk, so after a crash it never claims more than is there. A rerun with the
same configuration continues after the last completed chunk; a different configuration is refused.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

from nlp_social.annotate.writer import PART_PREFIX, atomic_write_json
from nlp_social.errors import ConfigError, NlpSocialError


class AlreadyComplete(NlpSocialError):
    """The output folder already holds the finished result of the same command (nothing is overwritten)."""


MANIFEST = "_manifest.json"
SUMMARY = "_summary.json"
SCHEMA = "_schema.json"
REJECTS = "_rejects.jsonl"
MANIFEST_VERSION = 1

# Written into the folder from its contents by other commands (``nlp-social report``): not foreign, and
# never removed by ``--force`` (the next report run replaces it).
DERIVED = ("report.html",)

_OURS = re.compile(rf"^({re.escape(PART_PREFIX)}\d+\.(parquet|jsonl)|_.*|\..*)$")


def input_fingerprint(paths: list[str]) -> list[dict[str, Any]]:
    """Identity of the inputs: every file read (folders expanded as the reader does) with size and mtime."""
    from nlp_social.io import expand_paths

    out: list[dict[str, Any]] = []
    for raw in expand_paths(paths):
        if raw == "-":
            out.append({"path": "-"})
            continue
        f = Path(raw).expanduser().resolve()
        st = f.stat()
        out.append({"path": str(f), "size": st.st_size, "mtime_ns": st.st_mtime_ns})
    return out


def new_manifest(fingerprint: dict[str, Any]) -> dict[str, Any]:
    return {
        "manifest_version": MANIFEST_VERSION,
        "fingerprint": fingerprint,
        "chunks_done": 0,
        "parts": [],
        "rejects_offset": 0,
        "counts": {"in": 0, "out": 0, "rejected": 0},
        "step_seconds": {},
        "finished": False,
    }


def read_manifest(out: str | os.PathLike) -> dict[str, Any] | None:
    path = Path(out) / MANIFEST
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: unreadable manifest ({exc}); pass --force to start over") from exc


def write_manifest(out: str | os.PathLike, manifest: dict[str, Any]) -> None:
    atomic_write_json(Path(out) / MANIFEST, manifest)


def _diff(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    keys = sorted(set(old) | set(new))
    return [
        k for k in keys if json.dumps(old.get(k), sort_keys=True) != json.dumps(new.get(k), sort_keys=True)
    ]


def clear_output(out: Path, rejects: Path | None = None) -> None:
    """Remove what a previous run wrote (only our files: parts, ``_*`` and hidden temp files)."""
    if out.is_dir():
        for p in out.iterdir():
            if _OURS.match(p.name):
                if p.is_dir():
                    shutil.rmtree(p)
                else:
                    p.unlink()
    if rejects is not None and rejects.exists():
        rejects.unlink()


def _start(out: Path, fingerprint: dict[str, Any]) -> dict[str, Any]:
    manifest = new_manifest(fingerprint)
    write_manifest(out, manifest)  # from now on a crash leaves a resumable folder
    return manifest


def prepare_output(
    out: str | os.PathLike, fingerprint: dict[str, Any], *, force: bool, rejects: Path | None = None
) -> dict[str, Any]:
    """Create, resume or (with ``force``) restart the output folder ``out``; returns its manifest."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ConfigError(f"output {out} exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    own_rejects = rejects.resolve() if rejects is not None else None
    foreign = sorted(
        p.name
        for p in out.iterdir()
        if not _OURS.match(p.name) and p.name not in DERIVED and p.resolve() != own_rejects
    )
    manifest = read_manifest(out) if not force else None
    if foreign and (force or manifest is None):
        raise ConfigError(
            f"output folder {out} holds files that nlp-social annotate did not write ({', '.join(foreign[:5])}); "
            "choose an empty or new folder"
        )
    if force:
        clear_output(out, rejects)
        return _start(out, fingerprint)
    if manifest is None:
        if any(not p.name.startswith(".") and p.name not in DERIVED for p in out.iterdir()):
            raise ConfigError(
                f"output folder {out} has annotate files but no {MANIFEST}; pass --force to start over"
            )
        return _start(out, fingerprint)
    old = manifest.get("fingerprint", {})
    changed = _diff(old, fingerprint)
    if manifest.get("finished"):
        if not changed:
            raise AlreadyComplete(
                f"output {out} is already complete with these inputs and options "
                f"({manifest['counts']['out']} rows); nothing to do (pass --force to redo it)"
            )
        raise ConfigError(
            f"output {out} is already complete, made with other options (changed: {', '.join(changed)}); "
            "pass --force to overwrite it, or choose another output folder"
        )
    if changed:
        raise ConfigError(
            f"output {out} holds an unfinished run with a different configuration (changed: {', '.join(changed)}); "
            "rerun the original command to resume it, or pass --force to start over"
        )
    return manifest


__all__ = [
    "AlreadyComplete",
    "DERIVED",
    "MANIFEST",
    "SUMMARY",
    "SCHEMA",
    "REJECTS",
    "input_fingerprint",
    "new_manifest",
    "read_manifest",
    "write_manifest",
    "prepare_output",
    "clear_output",
]
