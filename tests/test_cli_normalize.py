"""`nlp-social normalize`: formats, line-for-line text output, details, and bad input."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from nlp_social.cli import build_app

APP = build_app()


def run(*args, input=None):
    return CliRunner().invoke(APP, ["normalize", *map(str, args)], input=input)


def test_txt_line_for_line_with_rejects(tmp_path):
    src = tmp_path / "posts.txt"
    src.write_bytes(
        b"Sooooo GOOD!!! \xf0\x9f\x98\x82\n\n" + "मेरे देश|| जय\n".encode() + b"\xff\xfe bad\nlast one\n"
    )
    out = tmp_path / "out.txt"
    rej = tmp_path / "rejects.jsonl"
    res = run(src, "-o", out, "--rejects", rej)
    assert res.exit_code == 0, res.output
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[:5] == ["so good! 😂", "", "मेरे देश॥ जय", "", "last one"]
    rejects = [json.loads(x) for x in rej.read_text(encoding="utf-8").splitlines()]
    # the blank line 2 separates posts (not a record, written back blank); only line 4 is a reject
    assert [(r["line"], r["reason"].split(" ")[0]) for r in rejects] == [(4, "invalid")]
    assert all(r["source"].endswith("posts.txt") for r in rejects)
    assert "rejected 1" in res.output


def test_stdin_to_stdout():
    res = run("-", input="Hello WORLD!!!\nbahuuut accha\n")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[:2] == ["hello world!", "bahut accha"]


def test_jsonl_details_and_dedup(tmp_path):
    src = tmp_path / "in.jsonl"
    rows = [
        {"id": "a", "body": "#BlackLivesMatter now https://t.co/x"},
        {"id": "b", "body": "RT @u: #BlackLivesMatter now"},
    ]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = run(src, "-o", out, "--json", "--text-col", "body", "--dedup", "--id-col", "id")
    assert res.exit_code == 0, res.output
    got = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert got[0]["id"] == "a" and got[0]["hashtags"][0]["segmented"] == "black lives matter"
    assert got[0]["urls"] == ["https://t.co/x"] and got[0]["tokens"][0] == "#blacklivesmatter"
    assert got[1]["dedup"]["is_duplicate"] and got[1]["dedup"]["cluster_id"] == 0


def test_csv_and_parquet_with_options(tmp_path):
    src = tmp_path / "in.csv"
    pd.DataFrame({"text": ["Lol 😂 #ModiHaiToMumkinHai", "२०२० में…"], "label": ["x", "y"]}).to_csv(
        src, index=False
    )
    out = tmp_path / "out.parquet"
    res = run(src, "-o", out, "--hashtags", "segment", "--emoji", "name", "--set", "max_repeat=1")
    assert res.exit_code == 0, res.output
    frame = pd.read_parquet(out)
    assert list(frame["text"]) == ["lol :face_with_tears_of_joy: modi hai to mumkin hai", "2020 में..."]
    assert list(frame["label"]) == ["x", "y"]
    csv_out = tmp_path / "out.csv"
    assert run(src, "-o", csv_out).exit_code == 0
    assert pd.read_csv(csv_out)["text"].tolist()[0] == "lol 😂 #modihaitomumkinhai"


def test_config_file(tmp_path):
    from nlp_social.text.normalizer import Normalizer

    Normalizer(urls="remove").save(tmp_path / "cfg")
    res = run("-", "--config", tmp_path / "cfg", input="see https://t.co/x now\n")
    assert res.exit_code == 0 and res.stdout.splitlines()[0] == "see now"


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        ("csv_no_text", ["--text-col", "text"], "no text column 'text'"),
        ("txt", ["-o", "out.xyz"], "cannot tell the output format"),
        ("txt", ["--set", "urls=bogus"], "urls"),
        ("txt", ["--json", "-o", "out.txt"], "--json"),
        ("missing", [], "missing.txt"),
    ],
)
def test_bad_input_gives_clear_error(tmp_path, setup, args, message):
    if setup == "csv_no_text":
        src = tmp_path / "in.csv"
        src.write_text("a,b\n1,2\n", encoding="utf-8")
    elif setup == "txt":
        src = tmp_path / "in.txt"
        src.write_text("hello\n", encoding="utf-8")
    else:
        src = tmp_path / "missing.txt"
    args = [str(tmp_path / a) if a.startswith("out.") else a for a in args]
    res = run(src, *args)
    assert res.exit_code != 0
    assert message in res.output


def test_huge_line_is_rejected_not_dropped(tmp_path):
    src = tmp_path / "big.txt"
    src.write_text("ok post\n" + "x" * 5_000_001 + "\nafter\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    rej = tmp_path / "rej.jsonl"
    res = run(src, "-o", out, "--rejects", rej)
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").split("\n")[:3] == ["ok post", "", "after"]
    reject = json.loads(rej.read_text(encoding="utf-8"))
    assert reject["line"] == 2 and "max_chars" in reject["reason"] and len(reject["raw"]) < 1000


@pytest.mark.parametrize("block", [64, 1 << 20])
@pytest.mark.parametrize("max_chars", [40, 1_000_000])
def test_txt_fast_path_equals_record_reader(tmp_path, monkeypatch, block, max_chars):
    """The .txt block reader gives the record reader's output and rejects byte for byte (BOM, CRLF,
    blank and whitespace-only lines, bad UTF-8 and over-long lines in a later block, no final newline)."""
    from nlp_social.io import iter_records
    from nlp_social.text import batch

    a = tmp_path / "a.txt"
    a.write_bytes(
        "\ufeffSooooo GOOD!!! 😂\r\n\n  \n".encode()
        + "मेरे देश|| जय\n".encode() * 5
        + b"x" * 70
        + b"\nok\r\r\n\xff\xfe bad\n\n"
        + "RT @u: see https://t.co/x ‍👨‍👩‍👧 done\n\n\n".encode()
        + "Sooooo GOOD!!! 😂\r\n\u3000\nमेरे देश|| जय\n".encode() * 3  # repeats: answered by the line cache
    )
    b = tmp_path / "b.txt"
    b.write_bytes(b"\n\nfirst\tline\x0b\n" + b"y" * 200 + b"\n" + b"w" * 70_000 + b"\nlast without newline")
    c = tmp_path / "c.txt"
    c.write_bytes(b"\xef\xbb\xbf" + b"z" * 300 + b"\nafter\n")
    # a line whose trailing "\r" make it longer than the byte limit of --max-chars 40 (rejected by the
    # record reader although its text is one character)
    d = tmp_path / "d.txt"
    d.write_bytes(b"ok\n" + b"x" + b"\r" * 66_100 + b"\nend\n")
    monkeypatch.setattr(batch, "TXT_BLOCK", block)
    outs = []
    for fast in (True, False):
        if not fast:
            monkeypatch.setattr(
                batch, "_txt_blocks", lambda path, max_chars, cache: iter_records(path, max_chars=max_chars)
            )
        out, rej = tmp_path / f"out{fast}.txt", tmp_path / f"rej{fast}.jsonl"
        res = run(a, b, c, d, "-o", out, "--rejects", rej, "--max-chars", max_chars)
        assert res.exit_code == 0, res.output
        to_stdout = run(a, b, c, d, "--rejects", rej.with_suffix(".2"), "--max-chars", max_chars)
        assert to_stdout.stdout_bytes == out.read_bytes()
        outs.append((out.read_bytes(), rej.read_bytes(), res.output.replace(str(rej), "")))
    assert outs[0] == outs[1]
