"""Batch annotation: streaming API, step resolution, rejects accounting, --force, --rejects, workers parity."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from nlp_social.annotate.pipeline import Annotator, annotate
from nlp_social.annotate.runner import Chunk, _ordered, annotate_files
from nlp_social.annotate.steps import Batch, Step, build_steps
from nlp_social.cli import build_app
from nlp_social.errors import ConfigError, MissingDependencyError


class UpperStep(Step):
    """A test step: the upper-cased text and its length; fails loudly on a marker to test error paths."""

    name = "upper"
    version = "1"

    def process(self, batch: Batch) -> dict[str, list]:
        return {"upper": [t.upper() for t in batch.texts], "n_chars": [len(t) for t in batch.texts]}

    def fields(self) -> list[pa.Field]:
        return [pa.field("upper", pa.string()), pa.field("n_chars", pa.int64())]


class ShortStep(Step):
    name = "short"

    def process(self, batch: Batch) -> dict[str, list]:
        return {"x": [1] * (len(batch) - 1)}

    def fields(self) -> list[pa.Field]:
        return [pa.field("x", pa.int64())]


def cli_args(*args: str) -> list[str]:
    """``annotate ...`` (typer runs a lone command without its name, while other groups are still empty)."""
    app = build_app()
    alone = len(app.registered_commands) + len(app.registered_groups) == 1
    return list(args) if alone else ["annotate", *args]


def write_bad_corpus(folder: Path) -> tuple[list[Path], int, int]:
    """A JSONL, CSV and TXT corpus with every kind of bad line; returns (files, readable, rejected)."""
    folder.mkdir(parents=True, exist_ok=True)
    jl = folder / "posts.jsonl"
    good = [
        json.dumps({"id": f"j{i}", "text": f"Sarkar ne GALAT kiya {i} #BlackLivesMatter", "user": i})
        for i in range(40)
    ]
    lines = [line.encode() for line in good[:20]]
    lines += [
        b'{"id": "b1", "text": "broken json',  # broken JSON
        b'{"id": "b2", "text": "bad \xff\xfe bytes"}',  # bad UTF-8
        b'{"id": "b3", "body": "no text field"}',  # missing text
        b'{"id": "b4", "text": ""}',  # empty text
        b'{"id": "b5", "text": "' + b"x" * 3000 + b'"}',  # over the size limit
        b'{"id": "b6", "text": 12}',  # text not a string
        b"[1, 2, 3]",  # not an object
    ]
    lines += [line.encode() for line in good[20:]]
    jl.write_bytes(b"\n".join(lines) + b"\n")
    csv = folder / "more.csv"
    csv.write_bytes(
        b"id,text\nc1,Ben & Jerry's ka ice cream mast hai\nc2,\nc3,\xff broken\nc4,Black Lives Matter\n"
    )
    txt = folder / "notes.txt"
    txt.write_text("pehli post\n\nteesri post\n", encoding="utf-8")
    readable = 40 + 2 + 2
    # csv: empty text, bad UTF-8 (the blank line of the .txt separates posts: not a record)
    rejected = 7 + 2
    return [jl, csv, txt], readable, rejected


# -- API -----------------------------------------------------------------------------------------------
def test_annotate_api_streams_in_input_order_with_meta() -> None:
    posts = [f"Post {i}  BAHUT   accha" for i in range(23)]
    rows = list(annotate(posts, steps=[UpperStep()], batch_size=5))
    assert [r["id"] for r in rows] == [str(i) for i in range(23)]
    assert [r["upper"] for r in rows] == [p.upper() for p in posts]
    rows = list(
        annotate([("pehla", {"id": "a", "target": "BLM"}), ("doosra", {"id": "b"})], steps=[UpperStep()])
    )
    assert [r["id"] for r in rows] == ["a", "b"]
    assert json.loads(rows[0]["meta"]) == {"id": "a", "target": "BLM"}


def test_annotate_api_is_lazy() -> None:
    def gen():
        yield "one"
        yield "two"
        raise AssertionError("read too far")

    it = annotate(gen(), steps=[UpperStep()], batch_size=1)
    assert next(it)["upper"] == "ONE"


def test_annotate_api_dataframe_and_normalize() -> None:
    df = pd.DataFrame(
        {"post_id": ["x1", "x2"], "body": ["Sarkar  ne GALAT kiya", "नमस्ते   दुनिया"], "n": [1, None]}
    )
    rows = list(annotate(df, steps="normalize", text_col="body", id_col="post_id"))
    assert [r["id"] for r in rows] == ["x1", "x2"]
    assert json.loads(rows[1]["meta"]) == {"n": None}
    assert "  " not in rows[0]["text_norm"] and rows[0]["text_norm"]
    assert rows[0]["tokens"] and all(isinstance(t, str) for t in rows[0]["tokens"])
    assert list(json.loads(rows[0]["versions"])["steps"]) == ["normalize"]


def test_step_returning_wrong_length_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="short"):
        list(annotate(["a", "b"], steps=[ShortStep()]))


# -- step resolution -----------------------------------------------------------------------------------
def test_unknown_step_and_missing_topic_model_are_clear_errors() -> None:
    with pytest.raises(ConfigError, match="unknown annotation step"):
        build_steps(["normalise"])
    with pytest.raises(ConfigError, match="topic-model"):
        build_steps(["topics"])


def test_step_whose_module_is_missing_is_an_error_not_a_skip(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "nlp_social.stance.model", None)  # import -> ImportError
    with pytest.raises(ConfigError, match="stance"):
        build_steps(["stance"])
    skipped: list = []
    steps = build_steps(None, skipped=skipped)
    assert "stance" not in [s.name for s in steps] and "stance" in [name for name, _ in skipped]
    assert steps[0].name == "normalize"


def test_lid_brings_normalize_and_order_is_fixed() -> None:
    names = [s.name for s in build_steps(["lid"], lid_model="some/lid/model")]  # resolved, not loaded
    assert names == ["normalize", "lid"]


def test_dask_engine_without_dask_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from nlp_social.annotate import dask_engine

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(MissingDependencyError, match=r"nlp-social\[dask\]"):
        dask_engine._import_distributed()


def test_ordered_keeps_bounded_in_flight() -> None:
    pulled = []

    def chunks():
        for i in range(20):
            pulled.append(i)
            yield Chunk(i, [object()])

    seen = []
    for chunk, _ in _ordered(lambda c: c.index, lambda f: f, chunks(), depth=3):
        assert len(pulled) - len(seen) <= 3  # never more than `depth` chunks read ahead
        seen.append(chunk.index)
    assert seen == list(range(20))


# -- CLI: counts, rejects, force -----------------------------------------------------------------------
def run_cli(*args: str):
    result = CliRunner().invoke(build_app(), cli_args(*args))
    return result


def test_cli_counts_in_equal_out_plus_rejected(tmp_path: Path) -> None:
    files, readable, rejected = write_bad_corpus(tmp_path / "in")
    out = tmp_path / "out"
    res = run_cli(str(tmp_path / "in"), "-o", str(out), "--steps", "normalize", "--chunk-size", "7",
                  "--max-chars", "1000", "--no-progress", "--json")  # fmt: skip
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert summary["counts"] == {"in": readable + rejected, "out": readable, "rejected": rejected}
    assert summary["balanced"] is True
    assert json.loads((out / "_summary.json").read_text())["counts"] == summary["counts"]
    df = pd.read_parquet(out)  # the _* files are skipped by the dataset reader
    assert len(df) == readable and df["id"].is_unique
    assert list(df["id"][:3]) == ["c1", "c4", "notes:1"] or len(df) == readable
    rejects = [json.loads(line) for line in (out / "_rejects.jsonl").read_text().splitlines()]
    assert len(rejects) == rejected
    by_line = {(Path(r["source"]).name, r["line"]) for r in rejects}
    assert {("posts.jsonl", n) for n in range(21, 28)} <= by_line
    assert not any(name == "notes.txt" for name, _ in by_line)
    assert all(r["reason"] for r in rejects)
    schema = json.loads((out / "_schema.json").read_text())
    assert [c["name"] for c in schema["columns"]][:5] == ["id", "source", "line", "text", "meta"]


def test_cli_refuses_finished_output_without_force(tmp_path: Path) -> None:
    files, _, _ = write_bad_corpus(tmp_path / "in")
    out = tmp_path / "out"
    args = [str(files[0]), "-o", str(out), "--steps", "normalize", "--no-progress", "--max-chars", "1000"]
    assert run_cli(*args).exit_code == 0
    first = (out / "part-000000.parquet").read_bytes()
    mtime = (out / "part-000000.parquet").stat().st_mtime_ns
    again = run_cli(*args)  # the same command again: nothing to do, nothing rewritten
    assert again.exit_code == 0 and "already complete" in again.output
    assert (out / "part-000000.parquet").stat().st_mtime_ns == mtime
    other = run_cli(*args, "--format", "jsonl")  # other options on a finished output: refused
    assert other.exit_code == 2 and "--force" in other.output and "format" in other.output
    forced = run_cli(*args, "--force", "--format", "jsonl")
    assert forced.exit_code == 0, forced.output
    assert not (out / "part-000000.parquet").exists() and (out / "part-000000.jsonl").exists()
    rows = [json.loads(line) for line in (out / "part-000000.jsonl").read_text(encoding="utf-8").splitlines()]
    table = pq.read_table(pa.BufferReader(first))
    assert [r["text_norm"] for r in rows] == table.column("text_norm").to_pylist()


def test_resume_with_other_config_is_refused(tmp_path: Path) -> None:
    files, _, _ = write_bad_corpus(tmp_path / "in")
    out = tmp_path / "out"
    assert run_cli(str(files[0]), "-o", str(out), "--steps", "normalize", "--no-progress").exit_code == 0
    manifest = json.loads((out / "_manifest.json").read_text())
    manifest["finished"] = False  # as if killed before the end
    (out / "_manifest.json").write_text(json.dumps(manifest))
    res = run_cli(str(files[0]), "-o", str(out), "--steps", "normalize", "--chunk-size", "3", "--no-progress")
    assert res.exit_code == 2 and "different configuration" in res.output and "chunk_size" in res.output


def test_output_folder_with_foreign_files_is_refused(tmp_path: Path) -> None:
    files, _, _ = write_bad_corpus(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    (out / "thesis.docx").write_text("mine")
    res = run_cli(str(files[0]), "-o", str(out), "--steps", "normalize", "--no-progress", "--force")
    assert res.exit_code == 2 and "did not write" in res.output
    assert (out / "thesis.docx").exists()


def test_rejects_path_option(tmp_path: Path) -> None:
    files, _, rejected = write_bad_corpus(tmp_path / "in")
    out, rej = tmp_path / "out", tmp_path / "logs" / "bad-records.jsonl"
    res = run_cli(str(files[0]), "-o", str(out), "--steps", "normalize", "--rejects", str(rej), "--no-progress",
                  "--max-chars", "1000")  # fmt: skip
    assert res.exit_code == 0, res.output
    assert len(rej.read_text().splitlines()) == 7
    assert not (out / "_rejects.jsonl").exists()


def test_workers_give_identical_output(tmp_path: Path) -> None:
    files, _, _ = write_bad_corpus(tmp_path / "in")
    outs = {}
    for workers in (1, 2):
        out = tmp_path / f"w{workers}"
        # a light step keeps the spawned workers fast; the real steps are pure per chunk in the same way
        annotate_files(
            [tmp_path / "in"], out, steps=[UpperStep()], chunk_size=6, workers=workers, max_chars=1000
        )
        outs[workers] = out
    names = sorted(
        p.name for p in outs[1].iterdir() if p.name.startswith("part-") or p.name == "_rejects.jsonl"
    )
    assert len(names) > 3
    for name in names:
        assert (outs[1] / name).read_bytes() == (outs[2] / name).read_bytes(), name


def test_custom_step_by_name_and_annotator_schema() -> None:
    steps = build_steps(["normalize", f"{__name__}:UpperStep"])
    annotator = Annotator(steps)
    names = annotator.schema.names
    assert names[:5] == ["id", "source", "line", "text", "meta"]
    assert {"text_norm", "tokens", "upper", "n_chars"} <= set(names) and names[-1] == "versions"
