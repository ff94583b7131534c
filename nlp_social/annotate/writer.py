"""Deterministic, atomic output: one part file per chunk (Parquet or JSONL) and the rejects file.

Part files hold no timestamps and are encoded the same way every time, so re-annotating a chunk gives the
same bytes. Each is written to a hidden temp file in the same folder and renamed into place: a reader (or a
resumed run) never sees half a part. Names starting with ``.`` or ``_`` are skipped by pyarrow/pandas/Spark
dataset readers, so ``pd.read_parquet(OUT)`` reads just the parts.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FORMATS = ("parquet", "jsonl")
PART_PREFIX = "part-"


def part_name(index: int, fmt: str) -> str:
    return f"{PART_PREFIX}{index:06d}.{fmt}"


def encode_part(table: Any, fmt: str) -> bytes:
    """Serialize a pyarrow Table to the bytes of one part file (deterministic for equal tables)."""
    if fmt == "parquet":
        import pyarrow.parquet as pq

        buf = io.BytesIO()
        pq.write_table(
            table,
            buf,
            compression="zstd",
            compression_level=3,
            use_dictionary=True,
            write_statistics=True,
            store_schema=True,
        )
        return buf.getvalue()
    if fmt == "jsonl":
        lines = [json.dumps(row, ensure_ascii=False, allow_nan=False) for row in table.to_pylist()]
        return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    raise ValueError(f"unknown output format {fmt!r}; choose from {', '.join(FORMATS)}")


def atomic_write(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temp file + rename (readers see the old file or the whole new one)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def atomic_write_json(path: str | os.PathLike, obj: Any) -> None:
    atomic_write(path, (json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8"))


class RejectLog:
    """The rejects file: one JSON object per unreadable record (``source`` file, ``line``, ``reason``, ``raw``).

    Appended chunk by chunk after the chunk's part is written; its size is recorded in the manifest, so a
    resumed run truncates it back to the last completed chunk and the final file is byte-identical.
    """

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)

    def open_at(self, offset: int) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "ab") as fh:
            fh.truncate(offset)

    @staticmethod
    def encode(rejects: Iterable[Any]) -> bytes:
        """JSON lines in the format of :class:`nlp_social.io.RejectWriter` (source, line, reason, raw)."""
        return "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in rejects).encode("utf-8")

    def append(self, data: bytes) -> int:
        """Append encoded rejects; returns the new size of the file."""
        with open(self.path, "ab") as fh:
            if data:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            return fh.tell()


__all__ = ["FORMATS", "part_name", "encode_part", "atomic_write", "atomic_write_json", "RejectLog"]
