"""The flat tables of an annotation output (``_tables/posts|stance|topics.parquet``)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from nlp_social.annotate.runner import annotate_files
from nlp_social.annotate.schema import POSTS_FIELDS, STANCE_FIELDS
from nlp_social.annotate.tables import topic_label, write_tables
from nlp_social.text.dedup import dedup_key


def _parts(out: Path) -> pd.DataFrame:
    # named, as docs/annotate.md says, because the report tests may have put report.html in the folder
    return pd.read_parquet(sorted(str(p) for p in out.glob("part-*.parquet")))


def test_folder_reader_skips_the_tables(tmp_path: Path) -> None:
    inp = tmp_path / "posts.jsonl"
    inp.write_text('{"id": "a", "text": "hello duniya"}\n{"id": "b", "text": "नमस्ते"}\n', encoding="utf-8")
    out = tmp_path / "out"
    annotate_files([str(inp)], out, steps="normalize", chunk_size=1)
    assert (out / "_tables" / "posts.parquet").exists()
    assert pd.read_parquet(out)["id"].tolist() == ["a", "b"]  # _tables/ is not read as a part


def test_posts_table_is_flat_and_matches_the_parts(demo_output: Path) -> None:
    parts = _parts(demo_output)
    posts = pd.read_parquet(demo_output / "_tables" / "posts.parquet")
    assert list(posts["id"]) == list(parts["id"]) and posts["id"].is_unique
    assert posts["text"].tolist() == parts["text"].tolist()
    assert list(posts.columns[: len(POSTS_FIELDS)]) == [f.name for f in POSTS_FIELDS]
    # the input's own fields are typed columns; a name we use ourselves ("lang") becomes input_lang
    schema = pq.read_schema(demo_output / "_tables" / "posts.parquet")
    assert schema.field("flags").type == pa.list_(pa.string())
    assert schema.field("input_lang").type == pa.string()
    assert schema.field("created_at").type == pa.timestamp("us", tz="UTC")
    meta = [json.loads(m) for m in parts["meta"]]
    table = pq.read_table(demo_output / "_tables" / "posts.parquet")
    assert table.column("input_lang").to_pylist() == [m.get("lang") for m in meta]
    assert table.column("stance").to_pylist() == [m.get("stance") for m in meta]  # the input's gold label
    # created_at is the input's timestamp, parsed; posts from the seed text files have none
    dated = posts["timestamp"].notna()
    assert dated.sum() == 301
    assert (posts.loc[dated, "created_at"] == pd.to_datetime(posts.loc[dated, "timestamp"], utc=True)).all()
    assert posts.loc[~dated, "created_at"].isna().all()
    # mixes and labels agree with the nested columns
    assert posts["script_mix"].tolist() == parts["script_mix"].tolist()
    assert (posts["script"] == parts["script_mix"].str.split("+").str[0]).all()
    assert set(posts["lang_mix"]) <= {"hi", "en", "hi+en", "en+hi", "other"}
    row = posts.index[posts["lang_mix"] == "hi+en"][0]
    langs = list(parts.loc[row, "token_langs"])
    assert langs.count("hi") >= langs.count("en") > 0
    assert posts["topic_label"].tolist() == [
        topic_label(t, list(w)) for t, w in zip(parts["topic_id"], parts["topic_words"], strict=True)
    ]


def test_duplicate_groups_hold_copies_and_start_at_their_first_post(demo_output: Path) -> None:
    posts = pd.read_parquet(demo_output / "_tables" / "posts.parquet")
    grouped = posts[posts["dup_group"].notna()]
    assert len(grouped) > 10
    for group, members in grouped.groupby("dup_group"):
        assert len(members) >= 2
        assert len({dedup_key(t) for t in members["text"]}) == 1
        first = members.iloc[0]
        assert first["id"] == group and not first["is_duplicate"]
        assert members["is_duplicate"].iloc[1:].all()
    assert not posts.loc[posts["dup_group"].isna(), "is_duplicate"].any()
    # the demo's own record of copies: most marked copies are found
    found = posts.loc[posts["dup_of"].notna(), "is_duplicate"].mean()
    assert found > 0.8


def test_stance_table_has_one_row_per_post_and_target(demo_output: Path) -> None:
    parts = _parts(demo_output)
    stance = pd.read_parquet(demo_output / "_tables" / "stance.parquet")
    assert list(stance.columns) == [f.name for f in STANCE_FIELDS]
    expected = [
        (rid, s["target"], s["label"])
        for rid, ss in zip(parts["id"], parts["stance"], strict=True)
        for s in ss
    ]
    assert list(zip(stance["id"], stance["target"], stance["stance"], strict=True)) == expected
    probs = stance[["p_favor", "p_against", "p_none"]]
    assert ((probs.sum(axis=1) - 1).abs() < 1e-9).all()
    best = probs.idxmax(axis=1).map({"p_favor": "FAVOR", "p_against": "AGAINST", "p_none": "NONE"})
    assert (best == stance["stance"]).all()
    assert stance["model"].str.startswith("stance/1 shipped:").all()
    no_target = set(parts.loc[[len(s) == 0 for s in parts["stance"]], "id"])
    assert no_target and not no_target & set(stance["id"])


def test_topics_table_and_schema_doc(demo_output: Path) -> None:
    posts = pd.read_parquet(demo_output / "_tables" / "posts.parquet")
    topics = pd.read_parquet(demo_output / "_tables" / "topics.parquet")
    assert topics.set_index("topic_id")["posts"].to_dict() == posts["topic_id"].value_counts().to_dict()
    assert any(any("\u0900" <= ch <= "\u097f" for w in ws for ch in w) for ws in topics["words"])
    doc = json.loads((demo_output / "_schema.json").read_text())["tables"]
    assert doc["posts"]["rows"] == len(posts) and doc["posts"]["created_at_from"] == "timestamp"
    names = [c["name"] for c in doc["posts"]["columns"]]
    assert names == list(posts.columns) and all(c["doc"] for c in doc["posts"]["columns"])
    assert [c["name"] for c in doc["stance"]["columns"]] == [f.name for f in STANCE_FIELDS]
    summary = json.loads((demo_output / "_summary.json").read_text())
    assert summary["tables"]["posts"] == {"file": "_tables/posts.parquet", "rows": 324}


def test_tables_are_readable_by_common_engines(demo_output: Path) -> None:
    polars = pytest.importorskip("polars")
    path = demo_output / "_tables" / "posts.parquet"
    n = duckdb.sql(f"SELECT count(*) FROM '{path}'").fetchall()[0][0]
    assert n == len(pd.read_parquet(path)) == polars.read_parquet(path).height == pq.read_table(path).num_rows
    frame = polars.read_parquet(demo_output / "_tables" / "stance.parquet")
    assert frame.schema["p_favor"] == polars.Float64


def test_write_tables_is_deterministic(demo_output: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(demo_output, copy)
    write_tables(copy)
    for name in ("posts", "stance", "topics"):
        a = (demo_output / "_tables" / f"{name}.parquet").read_bytes()
        assert (copy / "_tables" / f"{name}.parquet").read_bytes() == a, name
    assert not [p for p in (copy / "_tables").iterdir() if p.name.startswith(".")]  # no temp files left


def test_input_field_types_dates_and_no_stance_step(tmp_path: Path) -> None:
    rows = [
        {"id": "a", "text": "Sarkar ne galat kiya", "created_at": 1_591_081_500, "score": 1, "tag": "x",
         "nested": {"k": 1}, "ok": True, "empty": None},
        {"id": "b", "text": "सरकार ने सही किया", "created_at": 1_591_081_500_000, "score": 2.5, "tag": 3,
         "nested": None, "ok": False, "empty": None},
        {"id": "c", "text": "sarkar NE galat kiya!!", "created_at": "Tue Jun 02 07:05:00 +0000 2020",
         "score": None, "tag": None, "nested": [1, 2], "ok": None, "empty": None},
    ]  # fmt: skip
    inp = tmp_path / "posts.jsonl"
    inp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    annotate_files([str(inp)], out, steps="normalize", chunk_size=2)
    posts = pq.read_table(out / "_tables" / "posts.parquet")
    types = {f.name: f.type for f in posts.schema}
    assert types["score"] == pa.float64() and types["ok"] == pa.bool_() and types["tag"] == pa.string()
    assert types["empty"] == pa.string() and types["input_created_at"] == pa.string()
    df = posts.to_pandas()
    assert posts.column("input_created_at").to_pylist()[1] == "1591081500000"
    assert posts.column("empty").null_count == 3
    assert posts.column("tag").to_pylist() == ["x", "3", None]  # mixed kinds become text
    assert posts.column("nested").to_pylist() == ['{"k": 1}', None, "[1, 2]"]  # nested values as JSON text
    # epoch seconds, epoch milliseconds and Twitter's date format give the same instant
    assert df["created_at"].nunique() == 1 and str(df["created_at"][0]) == "2020-06-02 07:05:00+00:00"
    # the copy ("sarkar NE galat kiya!!") is grouped with the first post
    assert posts.column("dup_group").to_pylist() == ["a", None, "a"]
    assert df["is_duplicate"].tolist() == [False, False, True]
    # no lid/topics/stance steps: their columns are null, the stance table is empty but well-formed
    assert df["lang"].isna().all() and df["topic_id"].isna().all()
    stance = pq.read_table(out / "_tables" / "stance.parquet")
    assert stance.num_rows == 0 and stance.schema.names == [f.name for f in STANCE_FIELDS]


def test_jsonl_output_gets_the_same_tables(demo_output: Path, tmp_path: Path) -> None:
    inp = tmp_path / "posts.jsonl"
    parts = _parts(demo_output).head(40)
    with open(inp, "w", encoding="utf-8") as fh:
        for rid, text, meta in zip(parts["id"], parts["text"], parts["meta"], strict=True):
            fh.write(json.dumps({"id": rid, "text": text, **json.loads(meta)}, ensure_ascii=False) + "\n")
    tables = {}
    for fmt in ("parquet", "jsonl"):
        out = tmp_path / fmt
        annotate_files([str(inp)], out, steps="normalize,lid,stance", fmt=fmt, chunk_size=15)
        tables[fmt] = {n: pd.read_parquet(out / "_tables" / f"{n}.parquet") for n in ("posts", "stance")}
    for name in ("posts", "stance"):
        pd.testing.assert_frame_equal(tables["parquet"][name], tables["jsonl"][name])
    assert len(tables["jsonl"]["stance"]) == sum(1 for t in parts["meta"] if json.loads(t).get("target"))


def test_report_file_in_output_is_not_foreign(tmp_path: Path) -> None:
    inp = tmp_path / "posts.jsonl"
    inp.write_text('{"id": "a", "text": "hello duniya"}\n', encoding="utf-8")
    out = tmp_path / "out"
    annotate_files([str(inp)], out, steps="normalize")
    (out / "report.html").write_text("<html>a report</html>", encoding="utf-8")
    annotate_files([str(inp)], out, steps="normalize", force=True)  # no "files annotate did not write"
    assert (out / "report.html").read_text(encoding="utf-8") == "<html>a report</html>"  # and not deleted


def test_output_with_every_record_rejected_gets_empty_tables(tmp_path: Path) -> None:
    inp = tmp_path / "posts.jsonl"
    inp.write_text('{"id": "a", "text": ""}\n{"broken\n', encoding="utf-8")
    out = tmp_path / "out"
    summary = annotate_files([str(inp)], out, steps="normalize")
    assert summary["counts"] == {"in": 2, "out": 0, "rejected": 2}
    for name in ("posts", "stance", "topics"):
        assert pq.read_table(out / "_tables" / f"{name}.parquet").num_rows == 0
