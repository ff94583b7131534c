"""The report's numbers: DuckDB queries over an annotation output's flat tables, as pandas DataFrames.

Every query aggregates inside DuckDB (with a memory limit, spilling to disk if needed) and returns a
small frame: counts per category, shares with 95% Wilson intervals, a bounded number of example posts.
So the report's memory stays flat however many posts the output holds.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nlp_social.errors import ConfigError

PERIODS = ("day", "week", "month", "quarter", "year")
STANCES = ("FAVOR", "AGAINST", "NONE")
PERIOD_DAYS = {"day": 1, "week": 7, "month": 30.4, "quarter": 91.3, "year": 365.25}
_MAX_TEXT = 280  # characters of an example post shown in the report


@dataclass(frozen=True)
class Output:
    """The files of an annotation output that the report reads."""

    folder: Path
    posts: Path
    stance: Path
    topics: Path
    summary: dict[str, Any]
    schema: dict[str, Any]
    rejects: Path | None

    @classmethod
    def open(cls, folder: str | os.PathLike) -> Output:
        """Check that ``folder`` is a finished ``nlp-social annotate`` output with flat tables."""
        folder = Path(folder)
        if not folder.is_dir():
            raise ConfigError(f"{folder}: no such folder (give the output folder of nlp-social annotate)")
        summary_path, schema_path = folder / "_summary.json", folder / "_schema.json"
        if not summary_path.is_file():
            raise ConfigError(
                f"{folder}: not a finished annotation output ({summary_path.name} is missing); "
                "run nlp-social annotate ... -o FOLDER first"
            )
        tables = folder / "_tables"
        files = {name: tables / f"{name}.parquet" for name in ("posts", "stance", "topics")}
        missing = [str(p) for p in files.values() if not p.is_file()]
        if missing:
            raise ConfigError(
                f"{folder}: no flat tables ({missing[0]} is missing); rerun nlp-social annotate with --force, "
                "or write them with nlp_social.annotate.tables.write_tables"
            )
        try:
            summary = json.loads(summary_path.read_text(encoding="utf-8"))
            schema = json.loads(schema_path.read_text(encoding="utf-8")) if schema_path.is_file() else {}
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigError(f"{folder}: unreadable _summary.json or _schema.json ({exc})") from exc
        rejects = Path(summary["rejects_file"]) if summary.get("rejects_file") else folder / "_rejects.jsonl"
        if not rejects.is_absolute() and not rejects.exists():
            rejects = folder / rejects.name
        return cls(
            folder,
            files["posts"],
            files["stance"],
            files["topics"],
            summary,
            schema,
            rejects if rejects.is_file() and rejects.stat().st_size else None,
        )


def connect(memory_limit: str = "1GB", threads: int | None = None):
    """An in-memory DuckDB connection with bounded memory (it spills to a temp folder beyond the limit)."""
    import duckdb

    con = duckdb.connect(config={"memory_limit": memory_limit, "preserve_insertion_order": False})
    con.execute(f"SET threads = {int(threads or min(4, os.cpu_count() or 1))}")
    con.execute("SET enable_progress_bar = false")  # the CLI draws its own
    return con


def _sql_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def wilson(k: Any, n: Any, z: float = 1.96) -> tuple[np.ndarray, np.ndarray]:
    """95% Wilson score interval of a share ``k / n`` (vectorized); (nan, nan) where ``n == 0``."""
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def _with_ci(df: pd.DataFrame, k: str = "posts", n: str = "total") -> pd.DataFrame:
    df = df.copy()
    df["share"] = df[k] / df[n]
    df["ci_low"], df["ci_high"] = wilson(df[k], df[n])
    return df


class _Queries:
    """The report's queries against one output (views ``posts``, ``stance``, ``topics`` on one connection)."""

    def __init__(self, output: Output, con: Any, *, max_targets: int, examples: int, period: str) -> None:
        self.out = output
        self.con = con
        self.max_targets = max_targets
        self.examples = examples
        self.period_option = period
        for name in ("posts", "stance", "topics"):
            path = getattr(output, name)
            con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet({_sql_path(path)})")
        con.execute(
            "CREATE OR REPLACE TEMP TABLE top_targets AS SELECT target, count(*) AS total FROM stance "
            f"GROUP BY target ORDER BY total DESC, target LIMIT {int(max_targets)}"
        )

    def df(self, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
        return self.con.execute(sql, params or []).df()

    # -- corpus ------------------------------------------------------------------------------------------
    def overview(self) -> pd.DataFrame:
        counts = self.out.summary.get("counts", {})
        row = self.df(
            """SELECT count(*) AS posts,
                      count(*) FILTER (is_duplicate) AS copies,
                      count(DISTINCT dup_group) AS copy_groups,
                      count(created_at) AS dated,
                      min(created_at) AS first_post,
                      max(created_at) AS last_post,
                      avg(CASE WHEN cmi > 0 THEN 1.0 ELSE 0.0 END) AS code_mixed_share,
                      avg(cmi) AS mean_cmi,
                      count(DISTINCT topic_id) FILTER (topic_id >= 0) AS topics
               FROM posts"""
        ).iloc[0]
        stance = self.df("SELECT count(*) AS n, count(DISTINCT target) AS targets FROM stance").iloc[0]
        items = [
            ("records in", counts.get("in")),
            ("annotated posts", counts.get("out", int(row["posts"]))),
            ("rejected records", counts.get("rejected")),
            ("copies of an earlier post", int(row["copies"])),
            ("groups of copies", int(row["copy_groups"])),
            ("posts with a date", int(row["dated"])),
            ("first post", row["first_post"] if row["dated"] else None),
            ("last post", row["last_post"] if row["dated"] else None),
            ("code-mixed posts (CMI > 0), share", _float(row["code_mixed_share"])),
            ("mean Code-Mixing Index", _float(row["mean_cmi"])),
            ("topics", int(row["topics"])),
            ("stance rows (post, target)", int(stance["n"])),
            ("targets", int(stance["targets"])),
            ("targets shown (the most frequent)", min(int(stance["targets"]), self.max_targets)),
        ]
        return pd.DataFrame(items, columns=["metric", "value"])

    def rejects(self) -> pd.DataFrame:
        if self.out.rejects is None:
            return pd.DataFrame({"reason": pd.Series(dtype=str), "records": pd.Series(dtype="int64")})
        return self.df(
            "SELECT reason, count(*) AS records FROM read_json(?, format='newline_delimited', "
            "columns={'reason': 'VARCHAR'}) GROUP BY reason ORDER BY records DESC, reason",
            [str(self.out.rejects)],
        )

    def _shares(self, column: str) -> pd.DataFrame:
        df = self.df(
            f"SELECT coalesce({column}, '(none)') AS {column}, count(*) AS posts, "
            f"sum(count(*)) OVER () AS total FROM posts GROUP BY 1 ORDER BY posts DESC, 1"
        )
        return _with_ci(df)

    def languages(self) -> pd.DataFrame:
        return self._shares("lang")

    def lang_mix(self) -> pd.DataFrame:
        return self._shares("lang_mix")

    def scripts(self) -> pd.DataFrame:
        return self._shares("script_mix")

    def code_mixing(self) -> pd.DataFrame:
        return self.df(
            """SELECT CASE WHEN cmi IS NULL THEN 'unknown' WHEN cmi = 0 THEN '0 (one language)'
                           ELSE printf('%d-%d', b * 10, b * 10 + 10) END AS cmi,
                      count(*) AS posts
               FROM (SELECT cmi, least(CAST(floor(cmi / 10) AS INTEGER), 9) AS b FROM posts)
               GROUP BY 1 ORDER BY min(coalesce(cmi, 999))"""
        )

    def duplicates(self) -> pd.DataFrame:
        return self.df(
            f"""SELECT dup_group, count(*) AS posts, any_value(left(text, {_MAX_TEXT}))
                       FILTER (NOT is_duplicate) AS text
                FROM posts WHERE dup_group IS NOT NULL
                GROUP BY dup_group ORDER BY posts DESC, dup_group LIMIT 10"""
        )

    # -- topics ------------------------------------------------------------------------------------------
    def topics(self) -> pd.DataFrame:
        df = self.df(
            "SELECT topic_id, topic_label, words, posts, sum(posts) OVER () AS total FROM topics "
            "ORDER BY topic_id"
        )
        return _with_ci(df)

    def topic_lang(self) -> pd.DataFrame:
        df = self.df(
            """SELECT topic_id, topic_label, coalesce(lang_mix, '(none)') AS lang_mix, count(*) AS posts,
                      sum(count(*)) OVER (PARTITION BY topic_id) AS total
               FROM posts WHERE topic_id IS NOT NULL GROUP BY 1, 2, 3 ORDER BY topic_id, posts DESC, lang_mix"""
        )
        return _with_ci(df)

    def topic_examples(self) -> pd.DataFrame:
        # rank on ids and probabilities only, then fetch the texts of the few winners
        return self.df(
            f"""WITH best AS (
                    SELECT * FROM (
                        SELECT topic_id, id, topic_prob,
                               row_number() OVER (PARTITION BY topic_id
                                                  ORDER BY topic_prob DESC NULLS LAST, id) AS rank
                        FROM posts WHERE topic_id IS NOT NULL AND NOT is_duplicate)
                    WHERE rank <= {max(3, self.examples)})
                SELECT b.topic_id, b.rank, b.id, left(p.text, {_MAX_TEXT}) AS text, b.topic_prob
                FROM best b JOIN posts p USING (id) ORDER BY b.topic_id, b.rank"""
        )

    # -- stance ------------------------------------------------------------------------------------------
    def stance(self) -> pd.DataFrame:
        df = self.df(
            """SELECT s.target, s.stance, count(*) AS posts, any_value(t.total) AS total
               FROM stance s JOIN top_targets t USING (target)
               GROUP BY 1, 2 ORDER BY total DESC, s.target, s.stance"""
        )
        return _with_ci(df)

    def period(self) -> str | None:
        """The time step of the stance-over-time charts (``period`` option, or chosen from the data)."""
        row = self.df(
            """SELECT count(p.created_at) AS dated, min(p.created_at) AS lo, max(p.created_at) AS hi,
                      count(p.created_at) / greatest(count(DISTINCT s.target), 1) AS per_target
               FROM stance s JOIN top_targets USING (target) JOIN posts p USING (id)"""
        ).iloc[0]
        if not row["dated"]:
            return None
        if self.period_option != "auto":
            return self.period_option
        span = max((row["hi"] - row["lo"]).total_seconds() / 86400, 1.0)
        # the finest step that leaves about 5 posts per target and step on average
        wanted = max(float(row["per_target"]) / 5, 2)
        for name in PERIODS:
            if span / PERIOD_DAYS[name] <= wanted:
                return name
        return PERIODS[-1]

    def stance_time(self, period: str | None) -> pd.DataFrame:
        if period is None:
            return pd.DataFrame(columns=["target", "period", "stance", "posts", "total", "share"])
        df = self.df(
            f"""SELECT s.target, date_trunc('{period}', p.created_at) AS period, s.stance, count(*) AS posts,
                       sum(count(*)) OVER (PARTITION BY s.target, date_trunc('{period}', p.created_at)) AS total
                FROM stance s JOIN top_targets USING (target) JOIN posts p USING (id)
                WHERE p.created_at IS NOT NULL
                GROUP BY 1, 2, 3 ORDER BY s.target, period, s.stance"""
        )
        return _with_ci(df)

    def topic_stance(self) -> pd.DataFrame:
        df = self.df(
            """SELECT s.target, p.topic_id, p.topic_label, s.stance, count(*) AS posts,
                      sum(count(*)) OVER (PARTITION BY s.target, p.topic_id) AS total
               FROM stance s JOIN top_targets USING (target) JOIN posts p USING (id)
               WHERE p.topic_id IS NOT NULL
               GROUP BY 1, 2, 3, 4 ORDER BY s.target, p.topic_id, s.stance"""
        )
        return _with_ci(df)

    def cell_examples(self) -> pd.DataFrame:
        # rank on ids and probabilities only, then fetch the texts of the few winners
        return self.df(
            f"""WITH ranked AS (
                    SELECT s.target, p.topic_id, s.stance, s.id,
                           greatest(coalesce(CASE s.stance WHEN 'FAVOR' THEN s.p_favor
                                                          WHEN 'AGAINST' THEN s.p_against
                                                          WHEN 'NONE' THEN s.p_none END, 0), 0) AS p,
                           row_number() OVER (PARTITION BY s.target, p.topic_id, s.stance
                                              ORDER BY p DESC, s.id) AS rank
                    FROM stance s JOIN top_targets USING (target)
                         JOIN (SELECT id, topic_id FROM posts WHERE topic_id IS NOT NULL AND NOT is_duplicate) p
                         USING (id)),
                best AS (SELECT * FROM ranked WHERE rank <= {int(self.examples)})
                SELECT b.target, b.topic_id, b.stance, b.rank, b.id, left(po.text, {_MAX_TEXT}) AS text, b.p
                FROM best b JOIN posts po USING (id)
                ORDER BY b.target, b.topic_id, b.stance, b.rank"""
        )

    # -- provenance --------------------------------------------------------------------------------------
    def models(self) -> pd.DataFrame:
        versions = self.out.summary.get("versions") or self.out.schema.get("versions") or {}
        rows = [
            {
                "component": "nlp_social",
                "version": versions.get("nlp_social"),
                "model": None,
                "details": None,
            },
            {
                "component": "output schema",
                "version": versions.get("schema"),
                "model": None,
                "details": None,
            },
        ]
        for fp in versions.get("steps", []):
            details = {k: v for k, v in fp.items() if k not in ("name", "version", "model")}
            rows.append(
                {
                    "component": f"step {fp.get('name')}",
                    "version": fp.get("version"),
                    "model": fp.get("model"),
                    "details": json.dumps(details, ensure_ascii=False, sort_keys=True) if details else None,
                }
            )
        models = self.df("SELECT model, count(*) AS rows FROM stance GROUP BY model ORDER BY rows DESC")
        for _, r in models.iterrows():
            rows.append(
                {
                    "component": "stance table",
                    "version": None,
                    "model": r["model"],
                    "details": f"{r['rows']} rows",
                }
            )
        return pd.DataFrame(rows)


def _float(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


SECTIONS = (
    "overview",
    "rejects",
    "languages",
    "lang_mix",
    "scripts",
    "code_mixing",
    "duplicates",
    "topics",
    "topic_lang",
    "topic_examples",
    "stance",
    "stance_time",
    "topic_stance",
    "cell_examples",
    "models",
)


def summary(
    out_dir: str | os.PathLike,
    *,
    max_targets: int = 20,
    examples: int = 2,
    period: str = "auto",
    memory_limit: str = "1GB",
    threads: int | None = None,
    on_table: Callable[[str], None] | None = None,
) -> dict[str, pd.DataFrame]:
    """The report's tables for the annotation output ``out_dir``, as DataFrames (the notebook twin).

    Keys: see :data:`SECTIONS` (``overview``, ``languages``, ``topics``, ``stance`` with 95% Wilson
    intervals, ``stance_time``, ``topic_stance``, ``cell_examples``, ``models``, ...). Per-target tables
    cover the ``max_targets`` most frequent targets; ``examples`` posts per (target, topic, stance) cell.
    ``period``: time step of ``stance_time`` (``auto`` or one of :data:`PERIODS`). ``on_table(name)`` is
    called before each query (for a progress bar).
    """
    if period != "auto" and period not in PERIODS:
        raise ConfigError(f"period {period!r}: choose auto or one of {', '.join(PERIODS)}")
    if max_targets < 1 or examples < 0:
        raise ConfigError("max_targets must be at least 1 and examples at least 0")
    import duckdb

    output = Output.open(out_dir)
    con = connect(memory_limit, threads)
    tables: dict[str, pd.DataFrame] = {}
    name = "setup"
    try:
        q = _Queries(output, con, max_targets=max_targets, examples=examples, period=period)
        for name in SECTIONS:
            if on_table:
                on_table(name)
            if name == "stance_time":
                step = q.period()
                tables[name] = q.stance_time(step)
                tables[name].attrs["period"] = step
            else:
                tables[name] = getattr(q, name)()
    except duckdb.Error as exc:  # a damaged or foreign table: say which folder and query, no traceback
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ConfigError(f"{output.folder}: cannot read the flat tables ({name}: {first})") from exc
    finally:
        con.close()
    return tables


__all__ = ["Output", "PERIOD_DAYS", "PERIODS", "SECTIONS", "STANCES", "connect", "summary", "wilson"]
