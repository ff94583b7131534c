"""Whole tables of posts in and out by file suffix: the one writer every command uses.

``write_table`` picks the format from the suffix (``.jsonl``/``.json``/``.ndjson``, ``.csv``, ``.tsv``/``.tab``,
``.parquet``/``.pq``; ``.gz`` is looked through for the text formats) or from an explicit ``fmt``; ``-``
writes a text format to stdout. ``read_posts`` reads a table or a ``.txt`` file (one post per line) into a
DataFrame with a ``text`` column.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nlp_social.errors import InputError
from nlp_social.io.readers import iter_records, read_table
from nlp_social.io.records import Reject

#: formats a table can be written in (``txt``: one text per line, for the ``text`` column only)
OUTPUT_FORMATS = ("txt", "jsonl", "csv", "tsv", "parquet")
_SUFFIXES = {
    ".txt": "txt",
    ".jsonl": "jsonl",
    ".json": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
}
STDOUT = "-"

if TYPE_CHECKING:  # pandas is imported where a frame is built: `nlp-social normalize a.txt` never loads it
    import pandas as pd


def _is_frame(rows: Any) -> bool:
    """Whether ``rows`` is a pandas DataFrame (without importing pandas when nothing loaded it)."""
    pandas = sys.modules.get("pandas")
    return pandas is not None and isinstance(rows, pandas.DataFrame)


def output_format(
    path: str | os.PathLike | None,
    fmt: str | None = None,
    *,
    allowed: Iterable[str] = OUTPUT_FORMATS,
    default: str | None = None,
    option: str = "--output",
) -> str:
    """The format to write ``path`` in: ``fmt`` when given, else from the suffix; ``default`` for stdout
    (``None`` or ``-``). Raises :class:`InputError` naming ``option`` when it cannot tell or the format is
    not one of ``allowed``."""
    allowed = tuple(allowed)
    if fmt:
        chosen = fmt.lower().lstrip(".")
        if chosen not in allowed:
            raise InputError(f"unknown output format {fmt!r}; use one of {', '.join(allowed)}")
        return chosen
    if path is None or str(path) == STDOUT:
        if default is None:
            raise InputError(f"{option}: name a file ({', '.join('.' + f for f in allowed)})")
        return default
    name = str(path).lower()
    suffix = Path(name[:-3] if name.endswith(".gz") else name).suffix
    chosen = _SUFFIXES.get(suffix)
    if chosen is None or chosen not in allowed:
        raise InputError(
            f"{option} {path}: cannot tell the output format from {suffix or '(no extension)'!r}; use "
            + ", ".join("." + f for f in allowed),
            path=str(path),
        )
    return chosen


def _flat(value: Any) -> Any:
    # CSV/TSV/Parquet cells hold scalars: a list or mapping (tokens, entities) is stored as JSON text
    return json.dumps(value, ensure_ascii=False, default=str) if isinstance(value, (list, dict)) else value


def write_table(
    rows: pd.DataFrame | Iterable[Mapping[str, Any]],
    path: str | os.PathLike | None,
    fmt: str | None = None,
    *,
    allowed: Iterable[str] = OUTPUT_FORMATS,
    option: str = "--output",
) -> str:
    """Write ``rows`` (a DataFrame or dicts) to ``path`` in the format its suffix names (or ``fmt``);
    ``None``/``-``: stdout (JSONL unless ``fmt`` says otherwise; Parquet needs a file). Returns the format."""
    chosen = output_format(path, fmt, allowed=allowed, default="jsonl", option=option)
    to_stdout = path is None or str(path) == STDOUT
    if to_stdout and chosen == "parquet":
        raise InputError(f"{option}: a Parquet output needs a file name (-o out.parquet)")
    if chosen == "jsonl" and _is_frame(rows):
        # pandas writes NaN as null, numpy scalars as numbers and timestamps as ISO text
        text = rows.to_json(orient="records", lines=True, force_ascii=False, date_format="iso")
        _write_lines(text.splitlines(), path, to_stdout)
        return chosen
    if chosen == "jsonl":
        _write_lines((json.dumps(dict(r), ensure_ascii=False, default=str) for r in rows), path, to_stdout)
        return chosen
    import pandas as pd

    frame = rows if _is_frame(rows) else pd.DataFrame([dict(r) for r in rows])
    if chosen == "txt":
        if "text" not in frame.columns:
            raise InputError(f"{option} {path}: a .txt output holds one text per line; the table has no text")
        _write_lines((str(t).replace("\n", " ") for t in frame["text"]), path, to_stdout)
        return chosen
    frame = frame.apply(lambda col: col.map(_flat)) if len(frame) else frame
    if chosen == "parquet":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        frame.to_parquet(path, index=False)
    else:
        if not to_stdout:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        frame.to_csv(sys.stdout if to_stdout else path, index=False, sep="\t" if chosen == "tsv" else ",")
    return chosen


def _write_lines(lines: Iterable[str], path: str | os.PathLike | None, to_stdout: bool) -> None:
    if to_stdout:
        for line in lines:
            sys.stdout.write(line + "\n")
        return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for line in lines:
            fh.write(line + "\n")


def read_posts(
    path: str | os.PathLike,
    *,
    text_col: str = "text",
    target_col: str = "target",
    label_col: str = "label",
) -> pd.DataFrame:
    """Posts from a table (CSV/TSV/JSONL/Parquet: its columns, ``text_col`` renamed ``text``) or a ``.txt``
    file (``id``, ``text``: one post per non-blank line). A bad line raises :class:`InputError` naming it."""
    import pandas as pd

    name = str(path).lower()
    if Path(name[:-3] if name.endswith(".gz") else name).suffix == ".txt":
        rows = []
        for rec in iter_records([str(path)]):
            if isinstance(rec, Reject):
                raise InputError(rec.reason, path=rec.source, line=rec.line)
            rows.append({"id": rec.id, "text": rec.text})
        return pd.DataFrame(rows, columns=["id", "text"])
    df = read_table(path, text_col=text_col, target_col=target_col, label_col=label_col)
    if "text" not in df.columns:
        raise InputError(f"no text column {text_col!r}", path=str(path), field=text_col)
    return df
