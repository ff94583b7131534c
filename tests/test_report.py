"""``nlp-social report`` and ``nlp_social.report.summary`` on the README's demo output."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from nlp_social.cli import build_app
from nlp_social.errors import ConfigError
from nlp_social.report import summary, write_report
from nlp_social.report.data import SECTIONS, wilson

ROOT = Path(__file__).resolve().parent.parent
DEVANAGARI = re.compile("[\u0900-\u097f]")


@pytest.fixture(scope="module")
def tables(demo_output: Path) -> dict[str, pd.DataFrame]:
    return summary(demo_output)


@pytest.fixture(scope="module")
def report(demo_output: Path) -> Path:
    return write_report(demo_output)


def run_cli(*args: str):
    return CliRunner().invoke(build_app(), ["report", *args])


# -- summary(): the notebook twin --------------------------------------------------------------------------
def test_wilson_interval_known_values() -> None:
    low, high = wilson([0, 5, 10], [10, 10, 10])
    # textbook values of the 95% Wilson interval (z = 1.96)
    assert np.allclose(low, [0.0, 0.2366, 0.7225], atol=1e-4)
    assert np.allclose(high, [0.2775, 0.7634, 1.0], atol=1e-4)
    assert np.isnan(wilson([0], [0])[0]).all()


def test_summary_tables_agree_with_the_flat_tables(
    demo_output: Path, tables: dict[str, pd.DataFrame]
) -> None:
    assert list(tables) == list(SECTIONS)
    posts = pd.read_parquet(demo_output / "_tables" / "posts.parquet")
    stance = pd.read_parquet(demo_output / "_tables" / "stance.parquet")
    overview = dict(zip(tables["overview"]["metric"], tables["overview"]["value"], strict=True))
    assert (overview["records in"], overview["annotated posts"], overview["rejected records"]) == (
        324,
        324,
        0,
    )  # blank lines between the seed's paragraphs are not records
    assert tables["rejects"].empty or tables["rejects"]["records"].sum() == 0
    assert tables["languages"].set_index("lang")["posts"].to_dict() == posts["lang"].value_counts().to_dict()
    # stance shares: the counts of the stance table, shares summing to 1 per target, inside their intervals
    st = tables["stance"]
    assert (
        st.set_index(["target", "stance"])["posts"].to_dict()
        == stance.groupby(["target", "stance"]).size().to_dict()
    )
    assert np.allclose(st.groupby("target")["share"].sum(), 1.0)
    assert ((st["ci_low"] <= st["share"]) & (st["share"] <= st["ci_high"])).all()
    # topic x stance covers every stance row whose post has a topic
    assert tables["topic_stance"]["posts"].sum() == len(stance)
    # example posts: at most `examples` per cell, each really in its cell
    cells = tables["cell_examples"]
    assert cells.groupby(["target", "topic_id", "stance"]).size().max() <= 2
    joined = stance.merge(posts[["id", "topic_id"]], on="id")
    keys = set(zip(joined["id"], joined["target"], joined["topic_id"], joined["stance"], strict=True))
    assert all(
        k in keys for k in zip(cells["id"], cells["target"], cells["topic_id"], cells["stance"], strict=True)
    )
    # the topic table lists words in their own scripts; the models table names every step
    assert any(DEVANAGARI.search(" ".join(words)) for words in tables["topics"]["words"])
    assert {"step normalize", "step lid", "step embed", "step topics", "step stance"} <= set(
        tables["models"]["component"]
    )


def test_period_is_chosen_from_the_data_or_given(demo_output: Path, tables: dict[str, pd.DataFrame]) -> None:
    # the demo has ~30 dated posts per target over two years: yearly steps leave ~5 per target and step
    assert tables["stance_time"].attrs["period"] == "year"
    weekly = summary(demo_output, period="week")["stance_time"]
    assert weekly.attrs["period"] == "week"
    assert (weekly["period"].dt.dayofweek == 0).all()  # weeks start on Monday
    assert weekly["posts"].sum() == tables["stance_time"]["posts"].sum()
    with pytest.raises(ConfigError, match="period"):
        summary(demo_output, period="fortnight")


def test_max_targets_limits_the_per_target_tables(demo_output: Path) -> None:
    small = summary(demo_output, max_targets=2, examples=1)
    assert small["stance"]["target"].nunique() == 2
    assert small["cell_examples"].groupby(["target", "topic_id", "stance"]).size().max() == 1


# -- the page ------------------------------------------------------------------------------------------------
def test_report_page_is_self_contained(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<meta charset='utf-8'>" in html
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=", html, re.I)  # nothing fetched
    assert "cdn.plot.ly" not in html.split("/* plotly.js")[0]
    for section in ("overview", "topics", "stance", "models"):
        assert f"<section id='{section}'>" in html
    assert html.count("data-chart=") >= 4 + 2 + 1 + 10  # overview, topics, stance overall, one per target
    assert len(DEVANAGARI.findall(html)) > 1000  # Devanagari posts and topic words, as UTF-8 text


def test_cli_writes_and_rewrites_its_own_report(demo_output: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    for _ in range(2):  # the second run replaces the report it wrote
        res = run_cli(str(demo_output), "-o", str(out), "--no-progress", "--json")
        assert res.exit_code == 0, res.output
        info = json.loads(res.stdout.strip().splitlines()[-1])
        assert info["report"] == str(out) and info["bytes"] == out.stat().st_size > 1_000_000


def test_cli_bad_input_is_one_line_and_exit_2(demo_output: Path, tmp_path: Path) -> None:
    res = run_cli(str(tmp_path / "nope"), "--no-progress")
    assert res.exit_code == 2 and "nope" in res.output and "Traceback" not in res.output
    empty = tmp_path / "empty"
    empty.mkdir()
    res = run_cli(str(empty), "--no-progress")
    assert res.exit_code == 2 and "_summary.json" in res.output
    mine = tmp_path / "mine.html"
    mine.write_text("<html>my notes</html>", encoding="utf-8")
    res = run_cli(str(demo_output), "-o", str(mine), "--no-progress")
    assert res.exit_code == 2 and str(mine) in res.output
    assert mine.read_text(encoding="utf-8") == "<html>my notes</html>"  # never overwritten
    res = run_cli(str(demo_output), "--period", "fortnight", "--no-progress", "-o", str(tmp_path / "x.html"))
    assert res.exit_code == 2 and "fortnight" in res.output and not (tmp_path / "x.html").exists()


def test_output_without_flat_tables_is_a_clear_error(demo_output: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "old"
    shutil.copytree(demo_output, copy, ignore=shutil.ignore_patterns("_tables"))
    with pytest.raises(ConfigError, match="no flat tables"):
        summary(copy)


def test_damaged_table_is_a_clear_error(demo_output: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "damaged"
    shutil.copytree(demo_output, copy)
    (copy / "_tables" / "stance.parquet").write_bytes(b"not parquet")
    res = run_cli(str(copy), "--no-progress", "-o", str(tmp_path / "r.html"))
    assert (
        res.exit_code == 2 and "cannot read the flat tables" in res.output and "Traceback" not in res.output
    )
    assert not (tmp_path / "r.html").exists()


def test_import_stays_light() -> None:
    code = (
        "import sys, nlp_social.report, nlp_social.cli.report; "
        "print([m for m in ('duckdb', 'plotly', 'torch') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- the README's DuckDB examples ------------------------------------------------------------------------------
def readme_queries() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- duckdb-examples:start -->")[1].split("<!-- duckdb-examples:end -->")[0]
    sql = "\n".join(re.findall(r"```sql\n(.*?)```", block, re.S))
    return [q.strip() for q in sql.split(";") if q.strip()]


def test_readme_duckdb_examples_run_on_the_demo_output(demo_output: Path) -> None:
    queries = readme_queries()
    assert len(queries) >= 3
    con = duckdb.connect()
    results = []
    for query in queries:
        assert "out/demo/" in query
        results.append(con.execute(query.replace("out/demo/", f"{demo_output.as_posix()}/")).df())
    weekly, against, lang_mix = results[:3]
    assert len(weekly) and np.allclose(weekly.groupby(["target", "week"])["share"].sum(), 1.0, atol=0.002)
    stance = pd.read_parquet(demo_output / "_tables" / "stance.parquet")
    assert against["against_posts"].sum() == (stance["stance"] == "AGAINST").sum()
    assert {"hi", "en", "hi+en"} <= set(lang_mix.columns)
