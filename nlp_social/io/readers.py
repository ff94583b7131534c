"""Readers for a user's own files: tables (CSV/TSV/JSONL/Parquet), CoNLL token files, and a
streaming record iterator that never drops a line silently.

- :func:`iter_records` streams JSONL, CSV/TSV, Parquet and ``.txt`` (one post per line) files,
  folders of them, or stdin (``"-"``), yielding one :class:`Record` or :class:`Reject` per input
  unit. Lines are read as bytes and decoded strictly, so undecodable bytes, broken JSON, a missing
  or empty text field, or an over-long text become a Reject naming file, line and reason.
- :func:`read_table` loads a whole labelled table into a DataFrame with the standard columns
  (``id, text`` and ``label``/``target`` when present); any bad row raises :class:`InputError`.
- :func:`read_conll` reads ``token<TAB>tag`` files (blank line between posts).
"""

from __future__ import annotations

import codecs
import csv
import gzip
import json
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from nlp_social.errors import InputError
from nlp_social.io.records import Record, Reject, preview

if TYPE_CHECKING:  # pandas is imported where a table is read: a .txt/.jsonl run never loads it
    import pandas as pd

FORMATS = ("jsonl", "csv", "tsv", "parquet", "txt")

_EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".txt": "txt",
}

STDIN = "-"
_BOM = codecs.BOM_UTF8


def detect_format(path: str | os.PathLike, fmt: str | None = None) -> str:
    """The format of ``path`` from ``fmt`` or its extension (``.gz`` is looked through)."""
    if fmt is not None:
        fmt = fmt.lower().lstrip(".")
        if fmt == "json" or fmt == "ndjson":
            fmt = "jsonl"
        if fmt not in FORMATS:
            raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}", path=str(path))
        return fmt
    name = Path(path).name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    ext = Path(name).suffix
    if ext in _EXTENSIONS:
        return _EXTENSIONS[ext]
    raise InputError(
        f"cannot tell the format from the extension {ext or '(none)'!r}; pass fmt= "
        f"(--format on the CLI) as one of {', '.join(FORMATS)}",
        path=str(path),
    )


def expand_paths(paths: str | os.PathLike | Iterable[str | os.PathLike]) -> list[str]:
    """Files to read: folders are walked (sorted, recursive, known extensions only, no hidden files)."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    out: list[str] = []
    for p in paths:
        p = str(p)
        if p == STDIN:
            out.append(p)
            continue
        path = Path(p)
        if path.is_dir():
            found = sorted(
                f
                for f in path.rglob("*")
                if f.is_file()
                and not any(part.startswith(".") for part in f.relative_to(path).parts)
                and _known_extension(f)
            )
            if not found:
                raise InputError(
                    f"folder holds no input files (looked for {', '.join(sorted(_EXTENSIONS))}, also .gz)",
                    path=p,
                )
            out.extend(str(f) for f in found)
        elif path.is_file():
            out.append(p)
        else:
            raise InputError("no such file or folder", path=p)
    return out


def _known_extension(path: Path) -> bool:
    try:
        detect_format(path)
    except InputError:
        return False
    return True


def iter_records(
    paths: str | os.PathLike | Iterable[str | os.PathLike],
    *,
    text_col: str = "text",
    id_col: str | None = None,
    max_chars: int = 1_000_000,
    fmt: str | None = None,
) -> Iterator[Record | Reject]:
    """Stream posts from files, folders or stdin (``"-"``), one Record or Reject per input unit.

    ``id_col`` names the id field; without it a field ``id`` is used when present, else
    ``"<file stem>:<line>"``. Every other field goes to ``Record.meta``. A missing text column in a
    CSV/TSV header or a Parquet schema is a file-level :class:`InputError` (no row could be read).
    """
    if max_chars <= 0:
        raise InputError(f"max_chars must be positive, got {max_chars}")
    for path in expand_paths(paths):
        if path == STDIN:
            yield from _iter_stream(sys.stdin.buffer, "<stdin>", "stdin", fmt, text_col, id_col, max_chars)
            continue
        file_fmt = _file_format(path, fmt)
        if file_fmt == "parquet":
            yield from _iter_parquet(path, text_col, id_col, max_chars)
            continue
        with _open_binary(path) as fh:
            yield from _iter_stream(
                fh, path, Path(path).name.split(".")[0], file_fmt, text_col, id_col, max_chars
            )


def _file_format(path: str, fmt: str | None) -> str:
    if fmt is not None:
        return detect_format(path, fmt)
    try:
        return detect_format(path)
    except InputError:
        return _sniff(path)


def _sniff(path: str) -> str:
    """An explicitly named file with an unknown extension: JSON objects -> jsonl, else plain text."""
    with _open_binary(path) as fh:
        for raw in fh:
            stripped = raw.strip().lstrip(_BOM)
            if stripped:
                return "jsonl" if stripped.startswith(b"{") else "txt"
    return "txt"


def _open_binary(path: str) -> IO[bytes]:
    if path.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")  # noqa: SIM115 - the caller closes it


def _iter_stream(
    fh: IO[bytes],
    source: str,
    stem: str,
    fmt: str | None,
    text_col: str,
    id_col: str | None,
    max_chars: int,
) -> Iterator[Record | Reject]:
    lines = _BoundedLines(fh, max_chars)
    if fmt is None:  # stdin without --format: look at the first line
        first = lines.peek()
        fmt = "jsonl" if first is not None and first.lstrip(_BOM).lstrip().startswith(b"{") else "txt"
    if fmt == "jsonl":
        yield from _iter_jsonl(lines, source, stem, text_col, id_col, max_chars)
    elif fmt == "txt":
        yield from _iter_txt(lines, source, stem, max_chars)
    elif fmt in ("csv", "tsv"):
        yield from _iter_delimited(
            lines, source, stem, "\t" if fmt == "tsv" else ",", text_col, id_col, max_chars
        )
    else:
        raise InputError(
            f"format {fmt!r} cannot be streamed from {source}; write it to a file first", path=source
        )


class _BoundedLines:
    """Physical lines as bytes; a line longer than the byte budget is consumed in pieces and
    returned as ``None`` with its length, so a gigantic line never sits whole in memory twice."""

    def __init__(self, fh: IO[bytes], max_chars: int) -> None:
        self.fh = fh
        # JSON may escape a character as \\uXXXX\\uXXXX (12 bytes); leave room for the other fields.
        self.limit = max_chars * 12 + 65_536
        self.lineno = 0
        self._peeked: bytes | None = None
        self._has_peek = False

    def peek(self) -> bytes | None:
        if not self._has_peek:
            self._peeked = self.fh.readline(self.limit)
            self._has_peek = True
        return self._peeked or None

    def __iter__(self) -> Iterator[tuple[int, bytes, int]]:
        """(line number, bytes or b'' for over-long, total byte length)."""
        while True:
            if self._has_peek:
                raw, self._has_peek = self._peeked or b"", False
            else:
                raw = self.fh.readline(self.limit)
            if not raw:
                return
            self.lineno += 1
            if self.lineno == 1 and raw.startswith(_BOM):
                raw = raw[len(_BOM) :]
            if len(raw) >= self.limit and not raw.endswith(b"\n"):
                total = len(raw)
                head = raw[:2000]
                while True:  # skip the rest of the line
                    more = self.fh.readline(self.limit)
                    total += len(more)
                    if not more or more.endswith(b"\n"):
                        break
                yield self.lineno, head, -total
                continue
            yield self.lineno, raw, len(raw)


def _decode(raw: bytes) -> tuple[str | None, str | None]:
    try:
        return raw.decode("utf-8").rstrip("\r\n"), None
    except UnicodeDecodeError as exc:
        return None, f"invalid UTF-8 (byte 0x{raw[exc.start]:02x} at byte offset {exc.start} of the line)"


def _too_long(n_bytes: int, max_chars: int) -> str:
    return f"line of {-n_bytes:,} bytes is over the size limit (max_chars={max_chars:,})"


def _check_text(value: Any, text_col: str, max_chars: int) -> tuple[str | None, str | None]:
    if value is None:
        return None, f"missing text field {text_col!r}"
    if not isinstance(value, str):
        return None, f"text field {text_col!r} is {type(value).__name__}, not a string"
    if not value.strip():
        return None, f"empty text in field {text_col!r}"
    if len(value) > max_chars:
        return None, f"text in field {text_col!r} has {len(value):,} characters, over max_chars={max_chars:,}"
    return value, None


def _record_id(
    row: dict[str, Any], id_col: str | None, stem: str, line: int
) -> tuple[str | None, str | None]:
    key = id_col or "id"
    value = row.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if id_col is not None:
            return None, f"missing id field {id_col!r}"
        return f"{stem}:{line}", None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value), None


def _make(
    row: dict[str, Any],
    source: str,
    stem: str,
    line: int,
    text_col: str,
    id_col: str | None,
    max_chars: int,
    raw: Any,
) -> Record | Reject:
    text, why = _check_text(row.get(text_col), text_col, max_chars)
    if why is not None:
        return Reject(
            source, line, why, preview(raw if isinstance(raw, (str, bytes)) else json.dumps(row, default=str))
        )
    rid, why = _record_id(row, id_col, stem, line)
    if why is not None:
        return Reject(
            source, line, why, preview(raw if isinstance(raw, (str, bytes)) else json.dumps(row, default=str))
        )
    skip = {text_col, id_col or "id"}
    meta = {k: v for k, v in row.items() if k not in skip}
    return Record(rid, text, meta, source, line)


def _iter_jsonl(
    lines: _BoundedLines, source: str, stem: str, text_col: str, id_col: str | None, max_chars: int
) -> Iterator[Record | Reject]:
    for lineno, raw, n in lines:
        if n < 0:
            yield Reject(source, lineno, _too_long(n, max_chars), preview(raw))
            continue
        text, why = _decode(raw)
        if why is not None:
            yield Reject(source, lineno, why, preview(raw))
            continue
        assert text is not None
        if not text.strip():
            yield Reject(source, lineno, "empty line", "")
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Reject(source, lineno, f"broken JSON: {exc.msg} at column {exc.colno}", preview(text))
            continue
        if not isinstance(obj, dict):
            yield Reject(source, lineno, f"JSON line is a {type(obj).__name__}, not an object", preview(text))
            continue
        if "\\u" in text:  # only an escape can smuggle in a lone surrogate, which no writer can encode
            why = _unencodable(obj)
            if why is not None:
                yield Reject(source, lineno, why, preview(text))
                continue
        yield _make(obj, source, stem, lineno, text_col, id_col, max_chars, text)


def _unencodable(value: Any, field: str | None = None) -> str | None:
    """Why a decoded JSON value cannot be written as UTF-8 (a lone surrogate escape), or None."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            where = f" in field {field!r}" if field is not None else ""
            return (
                f"lone surrogate \\u{ord(value[exc.start]):04x}{where} at character {exc.start} "
                "(not a Unicode character; cannot be written as UTF-8)"
            )
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            why = _unencodable(key, field) or _unencodable(item, field if field is not None else key)
            if why is not None:
                return why
    elif isinstance(value, list):
        for item in value:
            why = _unencodable(item, field)
            if why is not None:
                return why
    return None


def _iter_txt(lines: _BoundedLines, source: str, stem: str, max_chars: int) -> Iterator[Record | Reject]:
    for lineno, raw, n in lines:
        if n < 0:
            yield Reject(source, lineno, _too_long(n, max_chars), preview(raw))
            continue
        text, why = _decode(raw)
        if why is not None:
            yield Reject(source, lineno, why, preview(raw))
        elif not text or not text.strip():
            continue  # blank lines separate posts in a text file; they are not records
        elif len(text) > max_chars:
            yield Reject(
                source,
                lineno,
                f"line has {len(text):,} characters, over max_chars={max_chars:,}",
                preview(text),
            )
        else:
            yield Record(f"{stem}:{lineno}", text, {}, source, lineno)


def _iter_delimited(
    lines: _BoundedLines,
    source: str,
    stem: str,
    delimiter: str,
    text_col: str,
    id_col: str | None,
    max_chars: int,
) -> Iterator[Record | Reject]:
    # Decode line by line so that bad bytes are pinned to a physical line; the csv module then sees
    # text (bad lines replaced) and rows spanning several lines (quoted newlines) still parse.
    # The reader is strict about quotes, and a row whose quoting breaks (an unbalanced quote swallows
    # the lines after it) rejects only its first line: the swallowed lines are pushed back and read
    # again as rows of their own, so one stray quote never merges or loses the records after it.
    kind = "TSV" if delimiter == "\t" else "CSV"
    bad: dict[int, str] = {}
    oversize: dict[int, int] = {}
    pending: deque[tuple[int, str]] = deque()  # lines given back after a broken row
    row_lines: list[tuple[int, str]] = []  # the physical lines the current row consumed

    def decoded() -> Iterator[tuple[int, str]]:
        for lineno, raw, n in lines:
            if n < 0:
                oversize[lineno] = n
                yield lineno, "\n"
                continue
            try:
                yield lineno, raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                bad[lineno] = (
                    f"invalid UTF-8 (byte 0x{raw[exc.start]:02x} at byte offset {exc.start} of the line)"
                )
                yield lineno, raw.decode("utf-8", errors="replace")

    physical = decoded()

    def feed() -> Iterator[str]:
        while True:
            item = pending.popleft() if pending else next(physical, None)
            if item is None:
                return
            row_lines.append(item)
            yield item[1]

    csv.field_size_limit(max(lines.limit, 131_072))  # the byte budget guards size; _check_text names it
    reader = csv.reader(feed(), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise InputError(f"unreadable header: {exc}", path=source, line=1) from None
    if 1 in bad:
        raise InputError(f"header: {bad[1]}", path=source, line=1)
    header = [h.strip() for h in header]
    if text_col not in header:
        raise InputError(
            f"no text column {text_col!r} in the header (columns: {', '.join(header)}); "
            "name the text column with text_col= (--text-col on the CLI)",
            path=source,
            line=1,
            field=text_col,
        )
    if id_col is not None and id_col not in header:
        raise InputError(f"no id column {id_col!r} in the header", path=source, line=1, field=id_col)
    while True:
        row_lines.clear()
        try:
            row, error = next(reader), None
        except StopIteration:
            return
        except csv.Error as exc:
            row, error = [], str(exc)
        if not row_lines:
            return
        line = row_lines[0][0]
        span = [ln for ln, _ in row_lines]
        if error is not None or (len(span) > 1 and len(row) != len(header)):
            if error is None:
                error = f"a quoted field opened on this line runs to line {span[-1]} ({len(row)} fields)"
            yield Reject(
                source, line, f"malformed {kind} row (unbalanced quote?): {error}", preview(row_lines[0][1])
            )
            if len(span) > 1:
                pending.extendleft(reversed(row_lines[1:]))
                reader = csv.reader(feed(), delimiter=delimiter, strict=True)
            continue
        raw_text = delimiter.join(row)
        too_long = [ln for ln in span if ln in oversize]
        if too_long:
            yield Reject(source, line, _too_long(oversize.pop(too_long[0]), max_chars), "")
            continue
        bad_here = [ln for ln in span if ln in bad]
        if bad_here:
            yield Reject(source, bad_here[0], bad.pop(bad_here[0]), preview(raw_text))
            continue
        if not row or (len(row) == 1 and not row[0].strip()):
            yield Reject(source, line, "empty line", "")
            continue
        if len(row) != len(header):
            yield Reject(
                source, line, f"row has {len(row)} fields, the header has {len(header)}", preview(raw_text)
            )
            continue
        yield _make(
            dict(zip(header, row, strict=True)), source, stem, line, text_col, id_col, max_chars, raw_text
        )


def _iter_parquet(path: str, text_col: str, id_col: str | None, max_chars: int) -> Iterator[Record | Reject]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    names = pf.schema_arrow.names
    if text_col not in names:
        raise InputError(
            f"no text column {text_col!r} (columns: {', '.join(names)}); name it with text_col=",
            path=path,
            field=text_col,
        )
    if id_col is not None and id_col not in names:
        raise InputError(f"no id column {id_col!r}", path=path, field=id_col)
    stem = Path(path).name.split(".")[0]
    row_no = 0
    for batch in pf.iter_batches(batch_size=2048):
        for row in batch.to_pylist():
            row_no += 1
            value = row.get(text_col)
            if isinstance(value, bytes):  # a binary column: decode strictly like a text file
                try:
                    row[text_col] = value.decode("utf-8")
                except UnicodeDecodeError as exc:
                    yield Reject(
                        path,
                        row_no,
                        f"invalid UTF-8 at byte {exc.start} of field {text_col!r}",
                        preview(value),
                    )
                    continue
            yield _make(row, path, stem, row_no, text_col, id_col, max_chars, None)


def split_records(items: Iterable[Record | Reject]) -> tuple[list[Record], list[Reject]]:
    """Collect an iterator of records and rejects into two lists."""
    records: list[Record] = []
    rejects: list[Reject] = []
    for item in items:
        (records if isinstance(item, Record) else rejects).append(item)
    return records, rejects


def read_table(
    path: str | os.PathLike,
    *,
    text_col: str = "text",
    label_col: str = "label",
    target_col: str = "target",
    id_col: str | None = None,
    sep: str | None = None,
    fmt: str | None = None,
    max_chars: int = 1_000_000,
) -> pd.DataFrame:
    """Load a labelled table (CSV/TSV/JSONL/Parquet) as a DataFrame with the standard columns.

    ``text_col``/``label_col``/``target_col``/``id_col`` name the user's columns; they are renamed
    to ``text``/``label``/``target``/``id`` (label and target only when present). Other columns are
    kept. ``sep`` reads a delimited file with that separator. A bad row raises
    :class:`InputError` naming the file, the line and the reason (use :func:`iter_records` to stream
    and collect rejects instead).
    """
    path = str(path)
    if not Path(path).is_file():
        raise InputError("no such file", path=path)
    file_fmt = "csv" if sep is not None else _file_format(path, fmt)
    if file_fmt == "txt":
        raise InputError(
            "read_table needs a table (CSV/TSV/JSONL/Parquet); use iter_records for .txt", path=path
        )
    if sep is not None:
        with _open_binary(path) as fh:
            items = list(
                _iter_delimited(
                    _BoundedLines(fh, max_chars), path, Path(path).stem, sep, text_col, id_col, max_chars
                )
            )
    elif file_fmt == "parquet":
        items = list(_iter_parquet(path, text_col, id_col, max_chars))
    else:
        items = list(iter_records(path, text_col=text_col, id_col=id_col, max_chars=max_chars, fmt=file_fmt))
    records, rejects = split_records(items)
    if rejects:
        first = rejects[0]
        more = f" (and {len(rejects) - 1} more bad rows)" if len(rejects) > 1 else ""
        raise InputError(first.reason + more, path=first.source, line=first.line)
    import pandas as pd

    rows = [{"id": r.id, "text": r.text, **r.meta} for r in records]
    df = pd.DataFrame(rows, columns=None if rows else ["id", "text"])
    renames = {}
    if label_col != "label" and label_col in df.columns:
        renames[label_col] = "label"
    if target_col != "target" and target_col in df.columns:
        renames[target_col] = "target"
    if renames:
        df = df.drop(columns=[c for c in renames.values() if c in df.columns]).rename(columns=renames)
    front = [c for c in ("id", "text", "lang", "target", "label") if c in df.columns]
    df = df[front + [c for c in df.columns if c not in front]]
    df.attrs["source"] = path
    return df


def read_conll(path: str | os.PathLike) -> pd.DataFrame:
    """Read a CoNLL-style token file: ``token<TAB>tag`` per line, a blank line between posts.

    Lines starting with ``#`` and without a tab are comments. Extra columns are ignored (token is the
    first, tag the last). Returns columns ``id, text, tokens, tags`` (``text`` = tokens joined by
    spaces). A line without a tag raises :class:`InputError` naming the file and line.
    """
    path = str(path)
    if not Path(path).is_file():
        raise InputError("no such file", path=path)
    stem = Path(path).name.split(".")[0]
    rows: list[dict[str, Any]] = []
    tokens: list[str] = []
    tags: list[str] = []
    start = 0

    def flush() -> None:
        if tokens:
            rows.append(
                {
                    "id": f"{stem}:{start}",
                    "text": " ".join(tokens),
                    "tokens": list(tokens),
                    "tags": list(tags),
                }
            )
            tokens.clear()
            tags.clear()

    with _open_binary(path) as fh:
        for lineno, raw in enumerate(fh, start=1):
            if lineno == 1 and raw.startswith(_BOM):
                raw = raw[len(_BOM) :]
            text, why = _decode(raw)
            if why is not None:
                raise InputError(why, path=path, line=lineno)
            assert text is not None
            if not text.strip():
                flush()
                continue
            if text.startswith("#") and "\t" not in text:
                continue
            parts = text.split("\t") if "\t" in text else text.rsplit(None, 1)
            if len(parts) < 2 or not parts[0].strip():
                raise InputError("expected 'token<TAB>tag'", path=path, line=lineno, field="tag")
            if not tokens:
                start = lineno
            tokens.append(parts[0].strip())
            tags.append(parts[-1].strip())
    flush()
    import pandas as pd

    df = pd.DataFrame(rows, columns=["id", "text", "tokens", "tags"])
    df.attrs["source"] = path
    return df
