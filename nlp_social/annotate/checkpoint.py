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

from nlp_social.annotate.schema import TABLES_DIR
from nlp_social.annotate.writer import PART_PREFIX, atomic_write_json
from nlp_social.errors import ConfigError, NlpSocialError
from nlp_social.io import expand_paths


class AlreadyComplete(NlpSocialError):
    """The output folder already holds the finished result of the same command (nothing is overwritten)."""


MANIFEST = "_manifest.json"
SUMMARY = "_summary.json"
SCHEMA = "_schema.json"
REJECTS = "_rejects.jsonl"
TOPIC_MODEL_DIR = "_topic_model"
MANIFEST_VERSION = 1


# Every name a run creates in OUT. A fresh start refuses a folder where any of them already exists, so
# whenever a manifest is present these entries are the run's own: they are all --force ever removes.
OWN_NAMES = (MANIFEST, SUMMARY, SCHEMA, REJECTS, TOPIC_MODEL_DIR, TABLES_DIR)
_PART = re.compile(rf"^{re.escape(PART_PREFIX)}\d{{6}}\.(parquet|jsonl)$")
_TEMP = re.compile(r"^\.(?P<name>.+)\.tmp(-\d+)?$")  # atomic_write's .NAME.tmp-PID, ._topic_model.tmp


def is_own_name(name: str) -> bool:
    """Whether ``name`` is one a run writes in its output folder (outputs and their temp files)."""
    temp = _TEMP.match(name)
    if temp:
        name = temp.group("name")
    return name in OWN_NAMES or bool(_PART.match(name))


# Written into the folder from its contents by other commands (``nlp-social report``): not foreign, and
# never removed by ``--force`` (the next report run replaces it).
DERIVED = ("report.html",)


def input_fingerprint(paths: list[str]) -> list[dict[str, Any]]:
    """Identity of the inputs: every file read (folders expanded as the reader does) with size and mtime."""
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
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(manifest, dict) or not isinstance(manifest.get("fingerprint"), dict):
            raise ValueError("not a manifest object")
        return manifest
    except (OSError, ValueError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise ConfigError(
            f"{path}: unreadable manifest ({exc}); it cannot tell which files a run wrote, so nothing is "
            "removed: delete the folder yourself or choose another --out"
        ) from exc


def write_manifest(out: str | os.PathLike, manifest: dict[str, Any]) -> None:
    atomic_write_json(Path(out) / MANIFEST, manifest)


def _diff(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    keys = sorted(set(old) | set(new))
    return [
        k for k in keys if json.dumps(old.get(k), sort_keys=True) != json.dumps(new.get(k), sort_keys=True)
    ]


def _recorded_rejects(manifest: dict[str, Any] | None) -> Path | None:
    raw = (manifest or {}).get("fingerprint", {}).get("rejects")
    return Path(raw) if raw else None


def clear_output(out: Path, manifest: dict[str, Any] | None = None) -> list[Path]:
    """Remove what the run recorded by ``manifest`` wrote: its own names in ``out`` and its rejects file.

    Entries of ``out`` with other names (a ``.git``, a ``.env``, the user's notes) are never touched.
    Returns the removed paths.
    """
    removed: list[Path] = []
    if out.is_dir():
        for p in sorted(out.iterdir()):
            if is_own_name(p.name):
                if p.is_dir() and not p.is_symlink():
                    shutil.rmtree(p)
                else:
                    p.unlink()
                removed.append(p)
    rejects = _recorded_rejects(manifest)
    if rejects is not None and (rejects.is_file() or rejects.is_symlink()):
        rejects.unlink()
        removed.append(rejects)
    return removed


def _start(out: Path, fingerprint: dict[str, Any]) -> dict[str, Any]:
    manifest = new_manifest(fingerprint)
    write_manifest(out, manifest)  # from now on a crash leaves a resumable folder
    return manifest


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def prepare_output(
    out: str | os.PathLike, fingerprint: dict[str, Any], *, force: bool, rejects: Path | None = None
) -> dict[str, Any]:
    """Create, resume or (with ``force``) restart the output folder ``out``; returns its manifest.

    Nothing that a run did not create is ever written or removed: a fresh start needs a folder without
    files named like the outputs and a rejects path that does not exist yet; ``force`` removes only the
    entries the previous run's manifest accounts for.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ConfigError(f"--out {out} exists and is not a folder; choose a folder")
    out.mkdir(parents=True, exist_ok=True)
    own_rejects = rejects.resolve() if rejects is not None else None
    if own_rejects is not None and own_rejects.is_dir():
        raise ConfigError(f"--rejects {rejects} is a folder; name a file")
    manifest = read_manifest(out)
    recorded = _recorded_rejects(manifest)
    # the rejects file of an earlier run into OUT is its own; any other path that exists is not ours
    fresh_rejects = None if (recorded is not None and recorded == own_rejects) else own_rejects
    if manifest is not None and own_rejects is not None and own_rejects.parent == out.resolve():
        if is_own_name(own_rejects.name):  # OUT/_rejects.jsonl of a run with a manifest is that run's
            fresh_rejects = None
    if (
        own_rejects is not None
        and _inside(own_rejects, out.resolve())
        and own_rejects.parent != out.resolve()
    ):
        raise ConfigError(
            f"--rejects {rejects} is in a subfolder of --out {out}; put it in {out} or elsewhere"
        )
    ours = sorted(p.name for p in out.iterdir() if is_own_name(p.name) or p.resolve() == own_rejects)
    foreign = sorted(
        p.name
        for p in out.iterdir()
        if p.name not in ours and p.name not in DERIVED and not p.name.startswith((".", "_"))
    )
    if foreign:
        raise ConfigError(
            f"output folder {out} holds files that nlp-social annotate did not write ({', '.join(foreign[:5])}); "
            "choose an empty or new folder"
        )
    if manifest is None and ours:
        raise ConfigError(
            f"output folder {out} holds files named like annotate's outputs ({', '.join(ours[:5])}) but no "
            f"{MANIFEST}, so they cannot be told apart from your own: nothing was touched; move them away "
            "or choose another folder"
        )
    if fresh_rejects is not None and (fresh_rejects.exists() or fresh_rejects.is_symlink()):
        raise ConfigError(
            f"--rejects {rejects} already exists and no run into {out} created it; nothing was written: "
            "name a new file, or leave --rejects out to use OUT/_rejects.jsonl"
        )
    if manifest is None:
        return _start(out, fingerprint)
    old = manifest.get("fingerprint", {})
    changed = _diff(old, fingerprint)
    # a run that committed nothing (e.g. it stopped on a wrong --text-col) leaves nothing to keep
    nothing_done = not manifest.get("finished") and not manifest.get("chunks_done")
    if force or (changed and nothing_done):
        clear_output(out, manifest)
        return _start(out, fingerprint)
    if manifest.get("finished"):
        if not changed:
            raise AlreadyComplete(
                f"output {out} is already complete with these inputs and options "
                f"({manifest['counts']['out']} rows); nothing to do (pass --force to redo it)"
            )
        raise ConfigError(
            f"output {out} is already complete, made with other options (changed: {', '.join(changed)}); "
            "pass --force to replace it, or choose another output folder"
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
    "is_own_name",
    "OWN_NAMES",
    "TOPIC_MODEL_DIR",
]
