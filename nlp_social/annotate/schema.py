"""The versioned output schema of ``nlp-social annotate``.

Every output row has the base columns below, then the columns of each step that ran (see each step's
``fields()``), then ``versions``. The schema version changes whenever a column is renamed, removed or
changes type; adding a step's columns does not change it. ``schema_doc`` renders the schema as JSON
(written to ``_schema.json`` in the output folder and documented in ``docs/annotate.md``).

Columns (schema 1):

==================  =========================  ===================================================
column              type                       meaning
==================  =========================  ===================================================
id                  string                     record id (the ``--id-col`` value, else file:line)
source              string                     input file the record came from
line                int64                      line (or row) number in that file, 1-based
text                string                     original text, unchanged
meta                string (JSON)              the record's other input fields, as a JSON object
text_norm           string                     normalize: normalized text
tokens              list<string>               normalize: tokens of the normalized text
token_langs         list<string>               lid: hi / en / other per token
lang                string                     lid: dominant language hi, en or other
cmi                 float64                    lid: Code-Mixing Index, 0..100
token_scripts       list<string>               lid: script of each token
script_mix          string                     lid: scripts by frequency, e.g. ``latn+deva``
embedding           list<float32>              embed: sentence embedding
topic_id            int32                      topics: topic id, -1 = outlier
topic_prob          float32                    topics: probability of the topic
topic_words         list<string>               topics: top words of the topic
stance              list<struct>               stance: per target {target, label, score, proba{class}}
versions            string (JSON)              schema, package version, step -> "version+fingerprint hash"
==================  =========================  ===================================================

Flat tables (``_tables/``, written by :mod:`nlp_social.annotate.tables` at the end of a run, columns below in
``POSTS_FIELDS``, ``STANCE_FIELDS`` and ``TOPICS_FIELDS``): ``posts.parquet`` (one row per post, the input's
own fields as typed columns), ``stance.parquet`` (one row per post and target) and ``topics.parquet``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from nlp_social import __version__

SCHEMA_VERSION = "1"

BASE_FIELDS = [
    pa.field(
        "id", pa.string(), nullable=False, metadata={"doc": "record id (--id-col value, else file:line)"}
    ),
    pa.field("source", pa.string(), metadata={"doc": "input file the record came from"}),
    pa.field("line", pa.int64(), metadata={"doc": "1-based line (or row) number in that file"}),
    pa.field("text", pa.string(), metadata={"doc": "original text, unchanged"}),
    pa.field("meta", pa.string(), metadata={"doc": "the record's other input fields as a JSON object"}),
]
VERSIONS_FIELD = pa.field(
    "versions",
    pa.string(),
    metadata={
        "doc": "JSON: schema, package version and step -> 'version+hash of its config/model fingerprint'"
    },
)


# -- the flat tables (``_tables/``, see :mod:`nlp_social.annotate.tables`) -----------------------------
TABLES_DIR = "_tables"
POSTS_TABLE = f"{TABLES_DIR}/posts.parquet"
STANCE_TABLE = f"{TABLES_DIR}/stance.parquet"
TOPICS_TABLE = f"{TABLES_DIR}/topics.parquet"


def _doc(name: str, type_: pa.DataType, doc: str) -> pa.Field:
    return pa.field(name, type_, metadata={"doc": doc})


# The posts table: these columns, then the input's own fields as typed columns (a field whose name is
# taken here is renamed ``input_<name>``).
POSTS_FIELDS = [
    _doc("id", pa.string(), "record id (--id-col value, else file:line)"),
    _doc("source", pa.string(), "input file the record came from"),
    _doc("line", pa.int64(), "1-based line (or row) number in that file"),
    _doc("text", pa.string(), "original text, unchanged"),
    _doc("text_norm", pa.string(), "normalized text (null without the normalize step)"),
    _doc(
        "created_at",
        pa.timestamp("us", tz="UTC"),
        "post time in UTC, parsed from the input's first date field (created_at, timestamp, date, ...); "
        "null when the input has none",
    ),
    _doc("lang", pa.string(), "dominant language: hi, en or other"),
    _doc(
        "lang_mix", pa.string(), "languages of the tokens by frequency: 'hi', 'en', 'hi+en', 'en+hi', 'other'"
    ),
    _doc("cmi", pa.float64(), "Code-Mixing Index (Das & Gambäck 2014), 0 = monolingual"),
    _doc("script", pa.string(), "main script of the letters: Deva, Latn, ... or 'none'"),
    _doc("script_mix", pa.string(), "scripts of the tokens with letters, by frequency: 'Latn+Deva', 'none'"),
    _doc("topic_id", pa.int32(), "topic id (-1 = outlier / no topic)"),
    _doc(
        "topic_label",
        pa.string(),
        "topic label: id and its first three words, e.g. '3_lockdown_लॉकडाउन_cafe'",
    ),
    _doc("topic_prob", pa.float32(), "probability (or score) of the assigned topic"),
    _doc(
        "dup_group",
        pa.string(),
        "id of the first post of its group of copies (same text once RT prefix, URLs, mentions, case, "
        "punctuation and emoji are removed); null for a post without copies",
    ),
    _doc(
        "is_duplicate",
        pa.bool_(),
        "a copy of an earlier post (true for every member of a group but the first)",
    ),
]

# The stance table: one row per (post, target).
STANCE_FIELDS = [
    _doc("id", pa.string(), "post id (joins posts.id)"),
    _doc("target", pa.string(), "stance target"),
    _doc("stance", pa.string(), "predicted stance: FAVOR, AGAINST or NONE (the most probable class)"),
    _doc("p_favor", pa.float64(), "probability of FAVOR"),
    _doc("p_against", pa.float64(), "probability of AGAINST"),
    _doc("p_none", pa.float64(), "probability of NONE"),
    _doc(
        "model",
        pa.string(),
        "stance model: step/version and model fingerprint, e.g. 'stance/1 shipped:8346...'",
    ),
]

# The topics table: one row per topic that occurs in the output.
TOPICS_FIELDS = [
    _doc("topic_id", pa.int32(), "topic id (joins posts.topic_id; -1 = outliers)"),
    _doc("topic_label", pa.string(), "topic label, as in posts.topic_label"),
    _doc("words", pa.list_(pa.string()), "top words of the topic, in their own scripts"),
    _doc("posts", pa.int64(), "number of posts assigned to the topic"),
]


def fields_doc(schema: pa.Schema) -> list[dict[str, str]]:
    """One ``{name, type, doc}`` entry per column of ``schema``."""
    return [
        {"name": f.name, "type": _type_str(f.type), "doc": (f.metadata or {}).get(b"doc", b"").decode()}
        for f in schema
    ]


def build_schema(steps: Sequence[Any], versions: dict[str, Any] | None = None) -> pa.Schema:
    """Arrow schema for the output of ``steps`` (in their order), with the schema version in its metadata."""
    fields = list(BASE_FIELDS)
    names = {f.name for f in fields}
    for step in steps:
        for f in step.fields() if hasattr(step, "fields") else []:
            if f.name in names:
                raise ValueError(f"two annotation steps write the column {f.name!r}")
            names.add(f.name)
            fields.append(f)
    fields.append(VERSIONS_FIELD)
    meta = {"nlp_social.schema_version": SCHEMA_VERSION}
    if versions is not None:
        meta["nlp_social.versions"] = json.dumps(versions, sort_keys=True, ensure_ascii=False)
    return pa.schema(fields, metadata=meta)


def versions_of(steps: Sequence[Any], fingerprints: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The ``versions`` value: schema version, package version and each step's fingerprint."""
    return {"schema": SCHEMA_VERSION, "nlp_social": __version__, "steps": list(fingerprints)}


def _type_str(t: pa.DataType) -> str:
    return str(t)


def schema_doc(schema: pa.Schema) -> dict[str, Any]:
    """JSON-able description of ``schema``: version and one entry per column (name, type, doc)."""
    cols = fields_doc(schema)
    meta = schema.metadata or {}
    versions = meta.get(b"nlp_social.versions")
    return {
        "schema_version": SCHEMA_VERSION,
        "columns": cols,
        "versions": json.loads(versions) if versions else None,
    }


def to_table(columns: dict[str, list[Any]], schema: pa.Schema) -> pa.Table:
    """Build a table with exactly ``schema``'s columns (missing columns are an error, extra are dropped)."""
    arrays = []
    for f in schema:
        if f.name not in columns:
            raise ValueError(f"annotation produced no column {f.name!r}")
        values = columns[f.name]
        if (
            pa.types.is_list(f.type)
            and pa.types.is_float32(f.type.value_type)
            and values
            and _is_ndarray(values[0])
        ):
            arrays.append(_vectors_to_list_array(values, f.type))
        else:
            arrays.append(pa.array(values, type=f.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def _is_ndarray(value: Any) -> bool:
    return type(value).__module__ == "numpy" and hasattr(value, "shape")


def _vectors_to_list_array(values: list[Any], type_: pa.DataType) -> pa.Array:
    import numpy as np

    lengths = np.fromiter((len(v) for v in values), dtype=np.int32, count=len(values))
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
    flat = (
        np.concatenate([np.asarray(v, dtype=np.float32) for v in values])
        if values
        else np.zeros(0, np.float32)
    )
    return pa.ListArray.from_arrays(pa.array(offsets), pa.array(flat, type=pa.float32()), type=type_)


__all__ = [
    "SCHEMA_VERSION",
    "BASE_FIELDS",
    "POSTS_FIELDS",
    "STANCE_FIELDS",
    "POSTS_TABLE",
    "STANCE_TABLE",
    "TOPICS_FIELDS",
    "TOPICS_TABLE",
    "TABLES_DIR",
    "build_schema",
    "fields_doc",
    "schema_doc",
    "to_table",
    "versions_of",
]
