"""Fault injection: the promises `nlp-social annotate` and the CLI keep under bad input and crashes.

Read top to bottom, this is the list of guarantees (README, "Annotating a corpus"):

1. Every input record is accounted for: in = out + rejected, each reject with its file, line and reason
   (broken JSON, bad UTF-8, NUL bytes, BOM/CRLF, a missing or non-string text, a 6 MB line, a lone
   surrogate escape, a CSV row with an unbalanced quote). Blank lines of a .txt file are not records.
2. Nothing outside the run's own outputs is written or deleted: ``--rejects`` never overwrites an
   existing file it did not create (an input included); ``--force`` removes only what the run wrote.
3. Model folders are data only: no module named in a file is ever imported.
4. Every user mistake or damaged file ends in one line naming the file/line/option, exit code 2; only
   bugs print a traceback (with a hint to report them).
5. ``kill -9`` of a run leaves no worker process behind, and the rerun resumes to identical output.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from typer.testing import CliRunner

from nlp_social.annotate.runner import annotate_files, iter_chunks
from nlp_social.annotate.steps import Batch, Step
from nlp_social.annotate.writer import RejectLog
from nlp_social.cli import build_app
from nlp_social.errors import ModelFormatError
from nlp_social.paths import MODELS_DIR

HERE = Path(__file__).resolve().parent
APP = build_app()


def cli(*args: object):
    return CliRunner().invoke(APP, [str(a) for a in args])


def one_line_error(res, *needles: str) -> None:
    """Exit code 2 and exactly one line, ``Error: ...``, containing each of ``needles``."""
    text = res.output.strip()
    assert res.exit_code == 2, text
    assert "Traceback" not in text and "\n" not in text, text
    assert text.startswith("Error: "), text
    for needle in needles:
        assert needle in text, text


class WordCount(Step):
    """A light deterministic step (so the tests need no model); ``FAULTS_DELAY`` slows it down."""

    name = "wc"
    version = "1"

    def process(self, batch: Batch) -> dict[str, list]:
        time.sleep(float(os.environ.get("FAULTS_DELAY", "0")))
        return {"n_words": [len(t.split()) for t in batch.texts]}

    def fields(self) -> list[pa.Field]:
        return [pa.field("n_words", pa.int32())]


class Broken(WordCount):
    name = "broken"

    def process(self, batch: Batch) -> dict[str, list]:
        raise RuntimeError("a bug inside a step")


# -- 1. every record accounted for ---------------------------------------------------------------------
def bad_corpus(folder: Path) -> dict[str, object]:
    """One file per format with every kind of broken line; returns the expected counts and reject lines."""
    folder.mkdir(parents=True, exist_ok=True)
    good = [json.dumps({"id": f"j{i}", "text": f"post {i} sarkar ne galat kiya"}) for i in range(10)]
    jsonl = [
        "\ufeff" + good[0],  # 1: BOM on the first line
        '{"id": "b1", "text": "broken',  # 2: broken JSON
        '{"id": "b2", "text": "bad \xff bytes"}',  # 3: invalid UTF-8 (written as latin-1 below)
        '{"id": "b3", "body": "no text"}',  # 4: missing text
        '{"id": "b4", "text": 12}',  # 5: text not a string
        '{"id": "b5", "text": "a\\u0000b NUL"}' + "\r",  # 6: NUL escape, CRLF: readable
        '{"id": "b6", "text": "\\ud800 lone surrogate"}',  # 7: valid JSON, not encodable
        '{"id": "b7", "text": "' + "x" * 6_000_000 + '"}',  # 8: a 6 MB line, over --max-chars
        "",  # 9: empty line
        '{"text": "raw \x00 NUL byte"}',  # 10: a raw NUL byte is a control character: broken JSON
        *good[1:],  # 11-19
    ]
    raw = "\n".join(jsonl).encode("utf-8").replace("\xff".encode(), b"\xff") + b"\n"
    (folder / "posts.jsonl").write_bytes(raw)
    rows = ["id,text"]
    for i in range(200):  # data rows on lines 2..201; c-0050 (line 52) opens a quote it never closes
        rows.append(f'c-{i:04d},"broken quote here' if i == 50 else f"c-{i:04d},post number {i}")
        if i == 58:
            rows[-1] = f'c-{i:04d},"quoted, fine"'
    (folder / "rows.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "seed.txt").write_text("first paragraph\n\n\nsecond paragraph\n\nthird\n", encoding="utf-8")
    rejects = {
        ("posts.jsonl", 2),
        ("posts.jsonl", 3),
        ("posts.jsonl", 4),
        ("posts.jsonl", 5),
        ("posts.jsonl", 7),
        ("posts.jsonl", 8),
        ("posts.jsonl", 9),
        ("posts.jsonl", 10),
        ("rows.csv", 52),
    }
    return {"in": 19 + 200 + 3, "rejected": len(rejects), "reject_lines": rejects}


def test_bad_input_corpus_every_record_accounted_for(tmp_path: Path) -> None:
    expect = bad_corpus(tmp_path / "in")
    out = tmp_path / "out"
    summary = annotate_files([tmp_path / "in"], out, steps=[WordCount()], chunk_size=50)
    counts = summary["counts"]
    assert counts == {
        "in": expect["in"],
        "out": expect["in"] - expect["rejected"],
        "rejected": expect["rejected"],
    }
    rejects = [json.loads(line) for line in (out / "_rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {(Path(r["source"]).name, r["line"]) for r in rejects} == expect["reject_lines"]
    assert all(r["reason"] for r in rejects)
    reasons = {r["line"]: r["reason"] for r in rejects if r["source"].endswith("posts.jsonl")}
    assert "lone surrogate" in reasons[7] and "over max_chars" in reasons[8]
    df = pd.read_parquet(out)
    csv_ids = set(df["id"][df["source"].str.endswith("rows.csv")])
    assert csv_ids == {f"c-{i:04d}" for i in range(200)} - {"c-0050"}  # no row swallowed by the quote
    assert "a\x00b NUL" in set(df["text"])
    assert sorted(df["line"][df["source"].str.endswith("seed.txt")]) == [1, 4, 6]  # blank lines: no records


def test_lone_surrogate_does_not_abort_the_run_or_its_rerun(tmp_path: Path) -> None:
    inp = tmp_path / "s.jsonl"
    inp.write_text('{"text": "\\ud800 x"}\n{"text": "fine"}\n', encoding="utf-8")
    for _ in range(2):  # the rerun finds the finished output
        res = cli("annotate", inp, "-o", tmp_path / "out", "--steps", "normalize", "--no-progress", "--json")
        assert res.exit_code == 0, res.output
    assert json.loads((tmp_path / "out" / "_summary.json").read_text())["counts"] == {
        "in": 2,
        "out": 1,
        "rejected": 1,
    }


def test_failed_first_run_does_not_block_the_corrected_rerun(tmp_path: Path) -> None:
    inp = tmp_path / "p.csv"
    inp.write_text("id,body\n1,hello there\n", encoding="utf-8")
    out = tmp_path / "out"
    one_line_error(
        cli("annotate", inp, "-o", out, "--steps", "normalize", "--no-progress"),
        "p.csv",
        "line 1",
        "--text-col",
    )
    res = cli("annotate", inp, "-o", out, "--steps", "normalize", "--text-col", "body", "--no-progress")
    assert res.exit_code == 0, res.output


def test_resume_gives_identical_data_files(tmp_path: Path) -> None:
    expect = bad_corpus(tmp_path / "in")
    ref, out = tmp_path / "ref", tmp_path / "out"
    annotate_files([tmp_path / "in"], ref, steps=[WordCount()], chunk_size=40)
    annotate_files([tmp_path / "in"], out, steps=[WordCount()], chunk_size=40)
    # rewind the folder to what a crash after two chunks leaves (later parts may already be written)
    manifest = json.loads((out / "_manifest.json").read_text())
    done = list(iter_chunks([str(tmp_path / "in")], chunk_size=40))[:2]
    rejected = [r for c in done for r in c.rejects]
    n_in = sum(c.n_in for c in done)
    manifest.update(finished=False, chunks_done=2, parts=[p for p in manifest["parts"] if p["index"] < 2])
    manifest["counts"] = {"in": n_in, "out": n_in - len(rejected), "rejected": len(rejected)}
    manifest["rejects_offset"] = len(RejectLog.encode(rejected))
    (out / "_manifest.json").write_text(json.dumps(manifest))
    (out / "_summary.json").unlink()
    summary = annotate_files([tmp_path / "in"], out, steps=[WordCount()], chunk_size=40)
    assert summary["resumed_from_chunk"] == 2 and summary["counts"]["in"] == expect["in"]
    skip = ("_manifest.json", "_summary.json")
    data = sorted(str(p.relative_to(ref)) for p in ref.rglob("*") if p.is_file() and p.name not in skip)
    assert data == sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and p.name not in skip)
    for name in data:  # parts, schema, rejects and the flat tables
        assert (ref / name).read_bytes() == (out / name).read_bytes(), name


# -- 2. nothing outside the run's own outputs is touched ------------------------------------------------
def test_rejects_never_overwrites_a_file_it_did_not_create(tmp_path: Path) -> None:
    inp = tmp_path / "posts.jsonl"
    inp.write_text('{"text": "hello"}\n{"broken\n', encoding="utf-8")
    before = inp.read_bytes()
    res = cli(
        "annotate", inp, "-o", tmp_path / "out", "--steps", "normalize", "--rejects", inp, "--no-progress"
    )
    one_line_error(res, "--rejects", "already exists")
    assert inp.read_bytes() == before
    notes = tmp_path / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    one_line_error(cli("annotate", inp, "-o", tmp_path / "out2", "--steps", "normalize", "--rejects", notes))
    assert notes.read_text() == "mine"
    # a rejects file the run created is its own: resumed, redone with --force, and removed by it
    rej = tmp_path / "logs" / "rej.jsonl"
    args = (
        "annotate",
        inp,
        "-o",
        tmp_path / "out3",
        "--steps",
        "normalize",
        "--rejects",
        rej,
        "--no-progress",
    )
    assert cli(*args).exit_code == 0 and len(rej.read_text().splitlines()) == 1
    assert cli(*args, "--force").exit_code == 0 and len(rej.read_text().splitlines()) == 1


def test_force_removes_only_what_the_run_wrote(tmp_path: Path) -> None:
    inp = tmp_path / "posts.jsonl"
    inp.write_text('{"text": "hello"}\n', encoding="utf-8")
    out = tmp_path / "out"
    (out / ".git").mkdir(parents=True)
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (out / ".env").write_text("SECRET=1\n")
    (out / "_notes.md").write_text("mine\n")
    args = ("annotate", inp, "-o", out, "--steps", "normalize", "--no-progress")
    assert cli(*args).exit_code == 0
    assert cli(*args, "--force", "--format", "jsonl").exit_code == 0
    assert (out / ".git" / "HEAD").exists() and (out / ".env").exists() and (out / "_notes.md").exists()
    assert not (out / "part-000000.parquet").exists() and (out / "part-000000.jsonl").exists()
    # files named like the outputs but no manifest: they may be the user's, so nothing is removed
    (out / "_manifest.json").unlink()
    res = cli(*args, "--force")
    one_line_error(res, "no _manifest.json")
    assert "--force" not in res.output and (out / "part-000000.jsonl").exists()


def test_normalize_rejects_and_output_never_an_input(tmp_path: Path) -> None:
    inp = tmp_path / "posts.txt"
    inp.write_text("hello\n", encoding="utf-8")
    one_line_error(cli("normalize", inp, "-o", tmp_path / "o.txt", "--rejects", inp), "--rejects")
    one_line_error(cli("normalize", inp, "-o", inp), "--output")
    assert inp.read_text() == "hello\n"


# -- 3. model folders are data only ---------------------------------------------------------------------
def test_topic_model_folder_cannot_import_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    from nlp_social.topics.model import TopicModel

    marker = tmp_path / "pwned"
    (tmp_path / "evil_stage_mod.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    folder = tmp_path / "model"
    folder.mkdir()
    evil = {"class": "EvilStage", "module": "evil_stage_mod", "params": {}, "config": {}}
    meta = {
        "format": "nlp_social.topic_model",
        "format_version": 1,
        "versions": {},
        "params": {},
        "stages": {
            "embedder": evil,
            "reducer": None,
            "clusterer": None,
            "vectorizer": None,
            "representation": None,
        },
        "topic_ids": [],
        "topic_sizes": {},
        "topic_repr": {},
        "representative_docs": {},
    }
    (folder / "nlp_social.json").write_text(json.dumps(meta))
    np.savez(folder / "arrays.npz", centroids=np.zeros((1, 2), np.float32))
    with pytest.raises(ModelFormatError, match="EvilStage"):
        TopicModel.load(str(folder))
    assert not marker.exists() and "evil_stage_mod" not in sys.modules
    inp = tmp_path / "p.jsonl"
    inp.write_text('{"text": "hello"}\n', encoding="utf-8")
    res = cli(
        "annotate", inp, "-o", tmp_path / "out", "--steps", "topics", "--topic-model", folder, "--no-progress"
    )
    one_line_error(res, "EvilStage")
    assert res.exit_code == 2 and not marker.exists()


# -- 4. one line, exit 2 --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def broken_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("models")
    for name, src in (("st_npz", "stance"), ("st_json", "stance"), ("st_lex", "stance"), ("lid_npz", "lid")):
        shutil.copytree(MODELS_DIR / src, root / name)
    (root / "st_npz" / "arrays.npz").write_bytes((MODELS_DIR / "stance" / "arrays.npz").read_bytes()[:1000])
    (root / "st_json" / "nlp_social.json").write_text('{"format": ', encoding="utf-8")
    (root / "st_lex" / "lexicon.json").write_bytes(b"\xff\xfe{}")
    (root / "lid_npz" / "lid.npz").write_bytes((MODELS_DIR / "lid" / "lid.npz").read_bytes()[:500])
    (root / "one.jsonl").write_text('{"text": "modi ji great", "target": "Modi"}\n', encoding="utf-8")
    (root / "empty.jsonl").write_text("", encoding="utf-8")
    (root / "header.csv").write_text("id,text\n", encoding="utf-8")
    (root / "folder").mkdir()
    return root


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (
            ["stance", "predict", "{r}/one.jsonl", "-m", "{r}/st_npz", "-o", "{r}/o.csv"],
            ["st_npz/arrays.npz"],
        ),
        (
            ["stance", "predict", "{r}/one.jsonl", "-m", "{r}/st_json", "-o", "{r}/o.csv"],
            ["nlp_social.json", "line 1"],
        ),
        (
            ["stance", "predict", "{r}/one.jsonl", "-m", "{r}/st_lex", "-o", "{r}/o.csv"],
            ["lexicon.json", "UTF-8"],
        ),
        (["lid", "tag", "hello", "--model", "{r}/lid_npz"], ["lid_npz/lid.npz"]),
        (
            ["annotate", "{r}/one.jsonl", "-o", "{r}/a1", "--steps", "stance", "--stance-model", "{r}/nope"],
            ["--stance-model"],
        ),
        (
            ["annotate", "{r}/one.jsonl", "-o", "{r}/a2", "--steps", "lid", "--lid-model", "{r}/nope"],
            ["--lid-model"],
        ),
        (
            ["annotate", "{r}/one.jsonl", "-o", "{r}/a3", "--steps", "topics", "--topic-model", "{r}/nope"],
            ["--topic-model"],
        ),
        (
            ["annotate", "{r}/one.jsonl", "-o", "{r}/a4", "--steps", "embed", "--embed-model", "{r}/nope"],
            ["--embed-model"],
        ),
        (["annotate", "{r}/folder", "-o", "{r}/a5", "--steps", "normalize"], ["folder", "no input files"]),
        (["stance", "predict", "{r}/empty.jsonl", "-t", "x", "-o", "{r}/o.csv"], ["empty.jsonl", "no posts"]),
        (["stance", "predict", "{r}/header.csv", "-t", "x", "-o", "{r}/o.csv"], ["header.csv", "no posts"]),
        (["stance", "predict", "{r}/one.jsonl", "-t", "x", "-o", "{r}/folder"], ["--output"]),
        (["stance", "predict", "{r}/one.jsonl", "-t", "x", "-o", "{r}/out.xyz"], ["--output", ".xyz"]),
        (["lid", "tag", "{r}/nope.txt"], ["nope.txt", "no such file"]),
        (["translit", "convert", "{r}/nope.txt"], ["nope.txt", "no such file"]),
        (["normalize", "{r}/nope.txt"], ["nope.txt"]),
    ],
)
def test_user_errors_are_one_line_exit_2(broken_models: Path, args: list[str], needles: list[str]) -> None:
    res = cli(*[a.format(r=broken_models) for a in args])
    one_line_error(res, *needles)
    assert not (broken_models / "out.xyz").exists() and not (broken_models / "a5").exists()


def test_experiment_parameter_of_wrong_type_is_one_line(tmp_path: Path, project_root: Path) -> None:
    res = cli("experiment", "run", project_root / "experiments" / "stance_demo.yaml", "--set", "model.C=abc",
              "--runs-dir", tmp_path)  # fmt: skip
    one_line_error(res, "stance_demo.yaml", "model.C")


def test_a_bug_keeps_its_traceback_and_asks_for_a_report(tmp_path: Path) -> None:
    inp = tmp_path / "p.jsonl"
    inp.write_text('{"text": "hello"}\n', encoding="utf-8")
    res = cli("annotate", inp, "-o", tmp_path / "out", "--steps", "test_faults:Broken", "--no-progress")
    assert res.exit_code not in (0, 2) and "please report it" in res.output
    assert isinstance(res.exception, RuntimeError)


def test_stance_predict_keeps_gold_and_input_target_apart(tmp_path: Path) -> None:
    inp = tmp_path / "g.csv"
    inp.write_text("id,text,target,stance\n1,modi ji great,Modi,FAVOR\n", encoding="utf-8")
    assert cli("stance", "predict", inp, "-t", "BLM", "-o", tmp_path / "p.csv").exit_code == 0
    out = pd.read_csv(tmp_path / "p.csv")
    assert list(out["input_target"]) == ["Modi"] and list(out["target"]) == ["BLM"]
    assert list(out["input_stance"]) == ["FAVOR"] and "stance" not in out.columns and "label" in out.columns


def test_summary_counts_posts_without_a_stance_target(tmp_path: Path) -> None:
    inp = tmp_path / "p.jsonl"
    inp.write_text(
        '{"text": "modi ji great", "target": "Modi"}\n{"text": "no target here"}\n', encoding="utf-8"
    )
    res = cli("annotate", inp, "-o", tmp_path / "out", "--steps", "stance", "--no-progress", "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout.strip().splitlines()[-1])["stance_without_target"] == 1


# -- 5. kill -9: no orphans, resume ---------------------------------------------------------------------
def _children(pid: int) -> list[int]:
    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                kids.append(int(entry.name))
    return kids


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_kill_9_with_workers_leaves_no_orphan_and_resumes(tmp_path: Path) -> None:
    inp = tmp_path / "posts.jsonl"
    inp.write_text(
        "".join(json.dumps({"id": f"p{i}", "text": f"post {i} " * (i % 5 + 1)}) + "\n" for i in range(400))
    )
    reference = tmp_path / "reference"
    annotate_files([inp], reference, steps=[WordCount()], chunk_size=20)
    out = tmp_path / "out"
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
        FAULTS_DELAY="0.1",
    )
    command = [sys.executable, "-c", "from nlp_social.cli import main; main()", "annotate", str(inp), "-o", str(out),
               "--steps", "test_faults:WordCount", "--chunk-size", "20", "--workers", "2", "--no-progress"]  # fmt: skip
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and child.poll() is None:
        try:
            if json.loads((out / "_manifest.json").read_text())["chunks_done"] >= 2:
                break
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.05)
    assert child.poll() is None, child.stderr.read().decode()[-2000:]
    workers = [pid for pid in _children(child.pid) if "spawn" in Path(f"/proc/{pid}/cmdline").read_text()]
    assert workers
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not [pid for pid in workers if _alive(pid)], "workers outlived their killed parent"
    env["FAULTS_DELAY"] = "0"
    again = subprocess.run(command, env=env, capture_output=True, timeout=120)
    assert again.returncode == 0, again.stderr.decode()[-2000:]
    for part in sorted(reference.glob("part-*")):
        assert (out / part.name).read_bytes() == part.read_bytes()
    assert (out / "_rejects.jsonl").read_bytes() == (reference / "_rejects.jsonl").read_bytes()
