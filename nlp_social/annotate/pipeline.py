"""Run annotation steps over records: the :class:`Annotator` (one chunk at a time) and ``annotate`` (streaming API).

The annotation of a chunk is a pure function of the chunk's records, the steps and their models: the
same records give the same rows whichever process (or machine) runs them. That is what makes the
batch runner's output identical with 1, N or a cluster of workers.
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from nlp_social.annotate.schema import build_schema, to_table, versions_of
from nlp_social.annotate.steps import Batch, Step, build_steps, steps_fingerprint
from nlp_social.errors import InputError


@dataclass(frozen=True)
class Item:
    """One readable input record as the annotator sees it (a compact, picklable ``Record``)."""

    id: str
    text: str
    meta: dict[str, Any]
    source: str = ""
    line: int = 0


def _meta_json(meta: dict[str, Any]) -> str:
    return json.dumps(meta or {}, ensure_ascii=False, sort_keys=True, default=_json_default)


def _json_default(value: Any) -> Any:
    if hasattr(value, "item") and callable(value.item):
        try:
            return value.item()
        except (ValueError, TypeError):
            pass
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _clean(value: Any) -> Any:
    """Missing values from pandas (NaN/NaT/None) become None so metadata stays JSON-clean."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        import pandas as pd

        if value is pd.NaT or (not isinstance(value, list | tuple | dict) and pd.isna(value) is True):
            return None
    except (ImportError, TypeError, ValueError):
        pass
    return value


class Annotator:
    """A configured list of steps that turns a list of :class:`Item` into output columns or a table."""

    def __init__(self, steps: Sequence[Step], batch_size: int = 256) -> None:
        self.steps = list(steps)
        self.batch_size = int(batch_size)
        self._schema = None
        self._versions_json: str | None = None
        self.threads: int | None = (
            None  # torch intra-op threads; fixed so floats do not depend on the machine
        )
        self._threads_set = False

    # -- identity ------------------------------------------------------------------------------------
    def fingerprints(self) -> list[dict[str, Any]]:
        return steps_fingerprint(self.steps)

    def versions(self) -> dict[str, Any]:
        return versions_of(self.steps, self.fingerprints())

    def versions_json(self) -> str:
        """The per-row ``versions`` value: schema, package and ``step: version+fingerprint hash``.

        Compact on purpose (it is repeated on every row); the full fingerprints are in ``_schema.json`` and
        the Parquet footer (``nlp_social.versions``).
        """
        if self._versions_json is None:
            full = self.versions()
            steps = {}
            for fp in full["steps"]:
                digest = hashlib.sha256(json.dumps(fp, sort_keys=True).encode()).hexdigest()[:10]
                steps[fp["name"]] = f"{fp.get('version', '?')}+{digest}"
            compact = {"schema": full["schema"], "nlp_social": full["nlp_social"], "steps": steps}
            self._versions_json = json.dumps(compact, ensure_ascii=False)
        return self._versions_json

    @property
    def schema(self):
        if self._schema is None:
            self._schema = build_schema(self.steps, self.versions())
        return self._schema

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_threads_set"] = False
        state["_blas_set"] = False
        state["_schema"] = None  # rebuilt on the worker (pyarrow schemas pickle, but keep the payload small)
        return state

    # -- work ----------------------------------------------------------------------------------------
    def load(self) -> None:
        for step in self.steps:
            step.load()
        if self.threads and not self.__dict__.get("_blas_set"):
            # numpy's BLAS (and any OpenMP runtime loaded by now) gets the same thread count as torch:
            # a spawned worker has loaded numpy before its initializer could set OPENBLAS_NUM_THREADS, so
            # two workers would otherwise run two BLAS threads each on two cores, and fight
            from threadpoolctl import threadpool_limits

            threadpool_limits(limits=int(self.threads))
            self._blas_set = True
        if self.threads and not self._threads_set and "torch" in sys.modules:
            sys.modules["torch"].set_num_threads(int(self.threads))
            self._threads_set = True

    def run(self, items: Sequence[Item]) -> tuple[dict[str, list[Any]], dict[str, float]]:
        """Annotate ``items`` (in order) -> (columns, seconds per step)."""
        self.load()
        seconds = {step.name: 0.0 for step in self.steps}
        columns: dict[str, list[Any]] = {
            "id": [it.id for it in items],
            "source": [it.source for it in items],
            "line": [int(it.line) for it in items],
            "text": [it.text for it in items],
            "meta": [_meta_json(it.meta) for it in items],
        }
        for start in range(0, len(items), max(1, self.batch_size)):
            part = items[start : start + self.batch_size]
            batch = Batch(
                ids=[it.id for it in part], texts=[it.text for it in part], metas=[it.meta for it in part]
            )
            for step in self.steps:
                t0 = time.perf_counter()
                out = step.process(batch)
                seconds[step.name] += time.perf_counter() - t0
                for name, values in out.items():
                    if len(values) != len(part):
                        raise RuntimeError(
                            f"annotation step {step.name!r} returned {len(values)} values for column {name!r} "
                            f"on a batch of {len(part)}"
                        )
                    batch.columns[name] = list(values)
            for name, values in batch.columns.items():
                columns.setdefault(name, []).extend(values)
        if not items:
            for f in self.schema:
                columns.setdefault(f.name, [])
        columns["versions"] = [self.versions_json()] * len(items)
        return columns, seconds

    def table(self, items: Sequence[Item]):
        """Annotate ``items`` -> (pyarrow Table with :attr:`schema`, seconds per step)."""
        columns, seconds = self.run(items)
        return to_table(columns, self.schema), seconds


def _items_from_dataframe(df: Any, text_col: str, id_col: str | None) -> Iterator[Item]:
    if text_col not in df.columns:
        raise InputError(
            f"no text column {text_col!r} (columns: {', '.join(map(str, df.columns))})", field=text_col
        )
    if id_col is not None and id_col not in df.columns:
        raise InputError(f"no id column {id_col!r}", field=id_col)
    others = [c for c in df.columns if c not in (text_col, id_col)]
    for pos, row in enumerate(df.itertuples(index=False, name=None)):
        values = dict(zip(df.columns, row, strict=True))
        text = values[text_col]
        if not isinstance(text, str):
            raise InputError(f"text is {type(text).__name__}, not a string", line=pos + 1, field=text_col)
        rid = str(values[id_col]) if id_col is not None else str(pos)
        meta = {str(c): _clean(values[c]) for c in others}
        yield Item(rid, text, meta, "<dataframe>", pos + 1)


def _items_from_iterable(records: Iterable[Any], text_col: str, id_col: str | None) -> Iterator[Item]:
    for pos, rec in enumerate(records):
        if isinstance(rec, Item):
            yield rec
            continue
        if hasattr(rec, "text") and hasattr(rec, "meta") and hasattr(rec, "id"):  # io.records.Record
            yield Item(
                str(rec.id),
                rec.text,
                dict(rec.meta or {}),
                str(getattr(rec, "source", "")),
                int(getattr(rec, "line", pos + 1)),
            )
            continue
        if hasattr(rec, "reason") and hasattr(rec, "raw"):  # io.records.Reject
            raise InputError(f"unreadable record: {rec.reason}", path=str(rec.source), line=rec.line)
        if isinstance(rec, str):
            text, meta = rec, {}
        elif isinstance(rec, dict):
            meta = dict(rec)
            text = meta.pop(text_col, None)
        elif isinstance(rec, tuple | list) and len(rec) == 2:
            text, meta = rec[0], dict(rec[1] or {})
        else:
            raise InputError(f"record {pos} is a {type(rec).__name__}; expected str, (text, meta) or dict")
        if not isinstance(text, str):
            raise InputError(f"record {pos} has no text (a str) in field {text_col!r}", field=text_col)
        rid = meta.get(id_col) if id_col else meta.get("id")
        yield Item(str(rid) if rid is not None else str(pos), text, meta, "", pos + 1)


def iter_items(records: Any, *, text_col: str = "text", id_col: str | None = None) -> Iterator[Item]:
    """Turn a DataFrame or an iterable of str / (text, meta) / dict / Record into :class:`Item`."""
    if hasattr(records, "itertuples") and hasattr(records, "columns"):
        return _items_from_dataframe(records, text_col, id_col)
    return _items_from_iterable(records, text_col, id_col)


def annotate(
    records: Any,
    steps: Sequence[str | Step] | str | None = None,
    *,
    targets: Sequence[str] | None = None,
    topic_model: str | None = None,
    stance_model: str | None = None,
    embed_model: str | None = None,
    lid_model: str | None = None,
    batch_size: int = 256,
    text_col: str = "text",
    id_col: str | None = None,
) -> Iterator[dict[str, Any]]:
    """Annotate posts, streaming: yields one dict per input record, in input order.

    ``records``: a DataFrame (``text_col``, optional ``id_col``; other columns become ``meta``) or an
    iterable of ``str``, ``(text, meta)``, dicts or :class:`nlp_social.io.records.Record`.
    ``steps``: names from ``normalize, lid, embed, topics, stance`` (a list or comma-separated string),
    step objects, or ``module:Class`` custom steps; ``None`` = every step available here.
    ``targets``: stance targets applied to every post (else each record's ``target`` field).
    Keys of each dict are the columns of :mod:`nlp_social.annotate.schema` (``embedding`` is a numpy array).

    >>> from nlp_social.annotate import annotate
    >>> rows = list(annotate(["Sarkar ne   GALAT kiya"], steps="normalize"))
    >>> rows[0]["text_norm"]  # doctest: +SKIP
    'sarkar ne galat kiya'
    """
    built = build_steps(
        steps,
        targets=targets,
        topic_model=topic_model,
        stance_model=stance_model,
        embed_model=embed_model,
        lid_model=lid_model,
        batch_size=batch_size,
    )
    annotator = Annotator(built, batch_size=batch_size)
    chunk: list[Item] = []
    for item in iter_items(records, text_col=text_col, id_col=id_col):
        chunk.append(item)
        if len(chunk) >= batch_size:
            yield from _rows(annotator, chunk)
            chunk = []
    if chunk:
        yield from _rows(annotator, chunk)


def _rows(annotator: Annotator, items: Sequence[Item]) -> Iterator[dict[str, Any]]:
    columns, _ = annotator.run(items)
    names = list(columns)
    for i in range(len(items)):
        yield {name: columns[name][i] for name in names}


__all__ = ["Annotator", "Item", "annotate", "iter_items"]
