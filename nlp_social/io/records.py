"""The units that :func:`nlp_social.io.iter_records` yields, and a writer for rejected lines.

Every input unit (a JSONL line, a non-blank TXT line, a CSV/TSV row, a Parquet row) becomes exactly
one :class:`Record` or one :class:`Reject`, so ``units in == records + rejects`` always holds and
nothing is dropped silently. Blank lines of a ``.txt`` file separate posts and are not units.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

#: Rejected raw text is cut to this many characters (a 5 MB line must not be copied into the log).
RAW_PREVIEW_CHARS = 500


@dataclass(frozen=True)
class Record:
    """One post: its id, text, every other field of the input row (``meta``) and where it came from."""

    id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    line: int = 0  # 1-based line (JSONL/TXT/CSV: physical line where the row starts; Parquet: row number)


@dataclass(frozen=True)
class Reject:
    """An input unit that could not become a Record, with the reason (file and line say where)."""

    source: str
    line: int
    reason: str
    raw: str = ""  # the raw input, decoded leniently and cut to RAW_PREVIEW_CHARS characters

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.source}, line {self.line}: {self.reason}"


def preview(raw: str | bytes) -> str:
    """A bounded, always-printable copy of ``raw`` for a Reject (bad bytes shown as ``\\xNN``)."""
    if isinstance(raw, bytes):
        raw = raw[: RAW_PREVIEW_CHARS * 4].decode("utf-8", errors="backslashreplace")
    raw = raw.rstrip("\r\n")
    if len(raw) > RAW_PREVIEW_CHARS:
        return raw[:RAW_PREVIEW_CHARS] + f"... [{len(raw) - RAW_PREVIEW_CHARS} more chars]"
    return raw


class RejectWriter:
    """Append rejects as JSON lines (``source, line, reason, raw``) to ``path`` (``"-"``: stderr).

    Use as a context manager; ``count`` says how many were written.
    """

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = str(path)
        self.count = 0
        self._fh: TextIO | None = None
        if self.path == "-":
            self._fh = sys.stderr
            self._owned = False
        else:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.path, "w", encoding="utf-8")  # noqa: SIM115 - closed in close()
            self._owned = True

    def write(self, reject: Reject) -> None:
        if self._fh is None:
            raise ValueError(f"RejectWriter({self.path!r}) is closed")
        self._fh.write(json.dumps(reject.to_dict(), ensure_ascii=False) + "\n")
        self.count += 1

    def close(self) -> None:
        if self._fh is not None and self._owned:
            self._fh.close()
        self._fh = None

    def __enter__(self) -> RejectWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
