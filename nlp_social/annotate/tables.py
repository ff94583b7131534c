"""The flat tables of an annotation output: ``_tables/posts.parquet`` and ``_tables/stance.parquet``.

The part files keep one nested row per post (token lists, a list of stance structs, the input's other
fields as one JSON string). For SQL and dataframes the run also writes two flat tables, built from the
parts once the last chunk is done:

- posts: one row per post with the input's own fields as typed columns, ``created_at`` parsed, language and
  script mix, topic label and duplicate group (columns: :data:`~nlp_social.annotate.schema.POSTS_FIELDS`);
- stance: one row per (post, target) with the class probabilities (:data:`~.schema.STANCE_FIELDS`);
- topics: one row per topic with its words and size (:data:`~.schema.TOPICS_FIELDS`).

They sit in ``_tables/`` because dataset readers skip ``_`` names, so a folder reader (``pd.read_parquet(OUT)``)
still sees just the parts; open the tables by file name. Two passes over the parts, one part in memory at a time (the
first reads only ``text`` and ``meta``, to type the input's fields and find copies), so memory grows by
only 8 bytes per post. The files are a function of the parts alone: the same parts give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from nlp_social.annotate.checkpoint import SCHEMA
from nlp_social.annotate.schema import (
    POSTS_FIELDS,
    POSTS_TABLE,
    STANCE_FIELDS,
    STANCE_TABLE,
    TABLES_DIR,
    TOPICS_FIELDS,
    TOPICS_TABLE,
    fields_doc,
)
from nlp_social.annotate.writer import PART_PREFIX, atomic_write_json
from nlp_social.text.dedup import dedup_key

# Input fields tried, in this order, for ``created_at`` (the first one present with a value wins).
DATE_FIELDS = ("created_at", "timestamp", "date", "datetime", "time", "created", "published_at", "posted_at")
_POSTS_NAMES = {f.name for f in POSTS_FIELDS}
_INT64 = (-(2**63), 2**63)


# -- reading the parts ---------------------------------------------------------------------------------
def part_files(out: str | os.PathLike) -> list[Path]:
    """The part files of an output folder, in chunk order (Parquet or JSONL)."""
    out = Path(out)
    return sorted(p for p in out.glob(f"{PART_PREFIX}*") if p.suffix in (".parquet", ".jsonl"))


def read_part(path: Path, columns: list[str] | None = None) -> pa.Table:
    """One part as an Arrow table (only ``columns`` that it has, when given)."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        if columns is not None:
            have = set(pq.read_schema(path).names)
            columns = [c for c in columns if c in have]
        return pq.read_table(path, columns=columns)
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    table = pa.Table.from_pylist(rows)
    if columns is not None:
        table = table.select([c for c in columns if c in table.column_names])
    return table


def _column(table: pa.Table, name: str) -> list[Any]:
    return table.column(name).to_pylist() if name in table.column_names else [None] * table.num_rows


# -- pass 1: input fields and copies ---------------------------------------------------------------------
def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int" if _INT64[0] <= value < _INT64[1] else "str"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "list_str"
    return "json"


def _arrow_type(kinds: set[str]) -> tuple[pa.DataType, str]:
    """Column type for the kinds of values a field takes, and how values are written (for the doc)."""
    kinds = kinds - {"null"}
    if kinds == {"bool"}:
        return pa.bool_(), "boolean"
    if kinds == {"int"}:
        return pa.int64(), "integer"
    if kinds and kinds <= {"int", "float"}:
        return pa.float64(), "number"
    if kinds == {"list_str"}:
        return pa.list_(pa.string()), "list of strings"
    if kinds <= {"str", "int", "float", "bool"}:
        return pa.string(), "text" if kinds <= {"str"} else "text (values of mixed types, as text)"
    return pa.string(), "JSON text (nested values)"


def _convert(value: Any, type_: pa.DataType) -> Any:
    if value is None:
        return None
    if pa.types.is_string(type_) and not isinstance(value, str):
        if isinstance(value, list | dict):
            return json.dumps(value, ensure_ascii=False, sort_keys=True)
        return json.dumps(value) if isinstance(value, bool) else str(value)
    return value


def _dup_hash(text: str | None) -> int:
    """64-bit hash of the text's dedup key; 0 for a text with no words (never grouped)."""
    key = dedup_key(text or "")
    if not key:
        return 0
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little") | 1


class _Scan:
    """What pass 1 learns: the input's fields with their kinds, and every post's copy hash."""

    def __init__(self) -> None:
        self.kinds: dict[str, set[str]] = {}
        self.dated: dict[str, int] = {}
        self.hashes: list[np.ndarray] = []

    def add(self, table: pa.Table) -> None:
        for raw in _column(table, "meta"):
            for key, value in (json.loads(raw) if raw else {}).items():
                kind = _kind(value)
                self.kinds.setdefault(key, set()).add(kind)
                if kind != "null" and key in DATE_FIELDS:
                    self.dated[key] = self.dated.get(key, 0) + 1
        self.hashes.append(np.fromiter(map(_dup_hash, _column(table, "text")), np.uint64, table.num_rows))


class _Copies:
    """Duplicate groups from the pass-1 hashes: each row's group id is the id of the group's first row."""

    def __init__(self, hashes: np.ndarray) -> None:
        _, first, inverse, counts = np.unique(
            hashes, return_index=True, return_inverse=True, return_counts=True
        )
        grouped = (counts[inverse] > 1) & (hashes != 0)
        self.first_row = np.where(grouped, first[inverse], -1)  # -1: no copies
        self.first_ids: dict[int, str] = {}

    def columns(self, start: int, ids: list[str]) -> tuple[list[str | None], list[bool]]:
        groups: list[str | None] = []
        dup: list[bool] = []
        for offset, rid in enumerate(ids):
            row = start + offset
            first = int(self.first_row[row])
            if first < 0:
                groups.append(None)
                dup.append(False)
                continue
            if first == row:  # the first row of a group always comes before its copies
                self.first_ids[row] = rid
            groups.append(self.first_ids[first])
            dup.append(first != row)
        return groups, dup


# -- pass 2: the rows ------------------------------------------------------------------------------------
def _lang_mix(langs: list[str] | None) -> str | None:
    if langs is None:
        return None
    counts: dict[str, int] = {}
    for lang in langs:
        if lang != "other":
            counts[lang] = counts.get(lang, 0) + 1
    if not counts:
        return "other"
    return "+".join(sorted(counts, key=lambda g: (-counts[g], g)))


def topic_label(topic: int | None, words: list[str] | None) -> str | None:
    """``"3_w1_w2_w3"`` (``"-1_outliers"`` for -1): the label format of ``TopicModel`` (3 label words)."""
    if topic is None:
        return None
    if topic < 0:
        return "-1_outliers"
    head = list(words or [])[:3]
    return "_".join([str(topic), *head])


def _parse_times(values: list[Any]) -> pa.Array:
    """Post times to UTC timestamps: ISO 8601 or other date strings, epoch seconds or milliseconds."""
    import pandas as pd

    series = pd.Series(values, dtype=object)
    is_number = series.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool))
    numeric = pd.to_numeric(series.where(is_number), errors="coerce")
    unit_ms = numeric.abs() > 1e11  # epoch values in milliseconds (seconds would be after year 5000)
    out = pd.Series(pd.NaT, index=series.index, dtype="datetime64[us, UTC]")
    if numeric.notna().any():
        secs = numeric.where(~unit_ms, numeric / 1000.0)
        out[numeric.notna()] = pd.to_datetime(secs[numeric.notna()], unit="s", utc=True)
    text = series.where(series.map(lambda v: isinstance(v, str)))
    if text.notna().any():
        parsed = pd.to_datetime(text, utc=True, errors="coerce", format="ISO8601")
        left = text.notna() & parsed.isna()
        if left.any():  # e.g. Twitter's "Tue Jun 02 07:05:00 +0000 2020"
            parsed[left] = pd.to_datetime(text[left], utc=True, errors="coerce", format="mixed")
        out[text.notna()] = parsed[text.notna()]
    return pa.array(out.astype("datetime64[us, UTC]"), type=pa.timestamp("us", tz="UTC"))


def _posts_table(
    table: pa.Table,
    schema: pa.Schema,
    inputs: dict[str, str],
    date_field: str | None,
    copies: _Copies,
    start: int,
) -> pa.Table:
    n = table.num_rows
    ids = [str(i) for i in _column(table, "id")]
    metas = [json.loads(m) if m else {} for m in _column(table, "meta")]
    topics = _column(table, "topic_id")
    words = _column(table, "topic_words")
    scripts = _column(table, "script_mix")
    groups, dup = copies.columns(start, ids)
    cols: dict[str, Any] = {
        "id": ids,
        "source": _column(table, "source"),
        "line": _column(table, "line"),
        "text": _column(table, "text"),
        "text_norm": _column(table, "text_norm"),
        "created_at": _parse_times([m.get(date_field) for m in metas])
        if date_field
        else pa.nulls(n, pa.timestamp("us", tz="UTC")),
        "lang": _column(table, "lang"),
        "lang_mix": [_lang_mix(t) for t in _column(table, "token_langs")],
        "cmi": _column(table, "cmi"),
        "script": [s.split("+")[0] if s else None for s in scripts],
        "script_mix": scripts,
        "topic_id": topics,
        "topic_label": [topic_label(t, w) for t, w in zip(topics, words, strict=True)],
        "topic_prob": _column(table, "topic_prob"),
        "dup_group": groups,
        "is_duplicate": dup,
    }
    for column, key in inputs.items():
        type_ = schema.field(column).type
        cols[column] = [_convert(m.get(key), type_) for m in metas]
    arrays = [c if isinstance(c, pa.Array) else pa.array(c, type=f.type) for c, f in zip(
        (cols[f.name] for f in schema), schema, strict=True)]  # fmt: skip
    return pa.Table.from_arrays(arrays, schema=schema)


def _class_column(proba: pa.StructArray, name: str) -> pa.Array:
    """The probability of class ``name`` (matched case-insensitively), null when the model has no such class."""
    for field in proba.type:
        if field.name.lower() == name:
            return proba.field(field.name).cast(pa.float64())
    return pa.nulls(len(proba), pa.float64())


def _stance_table(table: pa.Table, schema: pa.Schema, model: str) -> pa.Table:
    import pyarrow.compute as pc

    if "stance" not in table.column_names or table.num_rows == 0:
        return schema.empty_table()
    nested = table.column("stance").combine_chunks()
    flat = pc.list_flatten(nested)
    if len(flat) == 0 or not pa.types.is_struct(flat.type):
        return schema.empty_table()
    parents = pc.list_parent_indices(nested)
    proba = flat.field("proba")
    arrays = [
        pc.take(table.column("id").combine_chunks(), parents).cast(pa.string()),
        flat.field("target").cast(pa.string()),
        flat.field("label").cast(pa.string()),
        _class_column(proba, "favor"),
        _class_column(proba, "against"),
        _class_column(proba, "none"),
        pa.array([model] * len(flat), pa.string()),
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


class _Topics:
    """Label, words and size of each topic seen in pass 2."""

    def __init__(self) -> None:
        self.words: dict[int, list[str]] = {}
        self.sizes: dict[int, int] = {}

    def add(self, table: pa.Table) -> None:
        for topic, words in zip(_column(table, "topic_id"), _column(table, "topic_words"), strict=True):
            if topic is None:
                continue
            self.sizes[topic] = self.sizes.get(topic, 0) + 1
            self.words.setdefault(topic, list(words or []))

    def table(self, schema: pa.Schema) -> pa.Table:
        ids = sorted(self.sizes)
        return pa.Table.from_arrays(
            [
                pa.array(ids, pa.int32()),
                pa.array([topic_label(t, self.words[t]) for t in ids], pa.string()),
                pa.array([self.words[t] for t in ids], pa.list_(pa.string())),
                pa.array([self.sizes[t] for t in ids], pa.int64()),
            ],
            schema=schema,
        )


# -- the whole job ---------------------------------------------------------------------------------------
def _input_columns(kinds: dict[str, set[str]]) -> tuple[dict[str, str], list[pa.Field]]:
    """Column name per input field (``input_<name>`` when the name is taken) and their fields."""
    names: dict[str, str] = {}
    fields: list[pa.Field] = []
    taken = set(_POSTS_NAMES)
    for key in sorted(kinds):
        column = key
        while column in taken:
            column = f"input_{column}"
        taken.add(column)
        type_, how = _arrow_type(kinds[key])
        names[column] = key
        fields.append(pa.field(column, type_, metadata={"doc": f"input field {key!r} ({how})"}))
    return names, fields


def _stance_model(out: Path) -> str:
    """``"stance/1 shipped:8346..."`` from the step fingerprints in ``_schema.json``."""
    try:
        doc = json.loads((out / SCHEMA).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return "unknown"
    for fp in ((doc.get("versions") or {}).get("steps")) or []:
        if fp.get("name") == "stance":
            return f"stance/{fp.get('version', '?')} {fp.get('model', '?')}"
    return "unknown"


class _AtomicParquet:
    """A Parquet file written to a hidden temp file and renamed into place on ``commit``."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        import pyarrow.parquet as pq

        self.path = path
        self.tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        self.writer = pq.ParquetWriter(self.tmp, schema, compression="zstd", compression_level=3)
        self.rows = 0

    def write(self, table: pa.Table) -> None:
        if table.num_rows:
            self.writer.write_table(table)
            self.rows += table.num_rows

    def commit(self) -> None:
        self.writer.close()
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        self.writer.close()
        self.tmp.unlink(missing_ok=True)


def _passes(parts: list[Path], columns: list[str] | None) -> Iterator[pa.Table]:
    for path in parts:
        yield read_part(path, columns)


def write_tables(out: str | os.PathLike, *, advance: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Write ``OUT/_tables/{posts,stance,topics}.parquet`` from the output's parts.

    Adds a ``tables`` section (file, rows, columns with type and meaning) to ``OUT/_schema.json`` and
    returns it. ``advance(n)`` is called with the rows done, twice per part (once per pass).
    """
    out = Path(out)
    parts = part_files(out)
    scan = _Scan()
    for table in _passes(parts, ["text", "meta"]):
        scan.add(table)
        if advance:
            advance(table.num_rows)
    inputs, input_fields = _input_columns(scan.kinds)
    date_field = next((f for f in DATE_FIELDS if scan.dated.get(f)), None)
    copies = _Copies(np.concatenate(scan.hashes) if scan.hashes else np.zeros(0, np.uint64))
    posts_schema = pa.schema(POSTS_FIELDS + input_fields)
    stance_schema = pa.schema(STANCE_FIELDS)
    model = _stance_model(out)

    topics_schema = pa.schema(TOPICS_FIELDS)
    (out / TABLES_DIR).mkdir(exist_ok=True)
    posts = _AtomicParquet(out / POSTS_TABLE, posts_schema)
    stance = _AtomicParquet(out / STANCE_TABLE, stance_schema)
    topics = _AtomicParquet(out / TOPICS_TABLE, topics_schema)
    seen = _Topics()
    try:
        for table in _passes(parts, None):
            posts.write(_posts_table(table, posts_schema, inputs, date_field, copies, posts.rows))
            stance.write(_stance_table(table, stance_schema, model))
            seen.add(table)
            if advance:
                advance(table.num_rows)
        topics.write(seen.table(topics_schema))
    except BaseException:
        for writer in (posts, stance, topics):
            writer.abort()
        raise
    for writer in (posts, stance, topics):
        writer.commit()
    doc = {
        "posts": {
            "file": POSTS_TABLE,
            "rows": posts.rows,
            "created_at_from": date_field,
            "columns": fields_doc(posts_schema),
        },
        "stance": {"file": STANCE_TABLE, "rows": stance.rows, "columns": fields_doc(stance_schema)},
        "topics": {"file": TOPICS_TABLE, "rows": topics.rows, "columns": fields_doc(topics_schema)},
    }
    schema_path = out / SCHEMA
    if schema_path.exists():
        full = json.loads(schema_path.read_text(encoding="utf-8"))
        full["tables"] = doc
        atomic_write_json(schema_path, full)
    return doc


__all__ = ["DATE_FIELDS", "write_tables", "part_files", "read_part", "topic_label"]
