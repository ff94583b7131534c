"""Readers: every bad line becomes a Reject naming file, line and reason; counts in == out + rejected."""

from __future__ import annotations

import gzip
import io
import json
import sys

import pandas as pd
import pytest

from nlp_social.errors import InputError
from nlp_social.io import Record, Reject, RejectWriter, iter_records, read_conll, read_table, split_records


def write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_jsonl_every_kind_of_bad_line(tmp_path):
    lines = [
        b'{"id": "a", "text": "hello #BlackLivesMatter", "target": "BLM"}',  # 1 ok
        b'{"id": "b", "text": "bad \xff\xfe bytes"}',  # 2 invalid UTF-8
        b'{"id": "c", "text": "broken',  # 3 broken JSON
        b'{"id": "d"}',  # 4 missing text
        b'{"id": "e", "text": "   "}',  # 5 empty text
        b'{"id": "f", "text": 42}',  # 6 not a string
        b"[1, 2, 3]",  # 7 not an object
        b"",  # 8 empty line
        b'{"id": "g", "text": "' + b"x" * 200 + b'"}',  # 9 over max_chars (100)
        '{"id": 7, "text": "नोटबंदी ठीक थी 🙏", "lang": "hi"}'.encode(),  # 10 ok, int id
        b'{"text": "no id here"}',  # 11 ok, generated id
    ]
    path = write(tmp_path / "posts.jsonl", b"\n".join(lines) + b"\n")
    items = list(iter_records(path, max_chars=100))
    assert len(items) == len(lines)  # one item per line, nothing dropped
    records, rejects = split_records(items)
    assert [r.id for r in records] == ["a", "7", "posts:11"]
    assert records[0].meta == {"target": "BLM"} and records[0].line == 1 and records[0].source == str(path)
    assert records[1].text == "नोटबंदी ठीक थी 🙏" and records[1].meta == {"lang": "hi"}
    reasons = {r.line: r.reason for r in rejects}
    assert set(reasons) == {2, 3, 4, 5, 6, 7, 8, 9}
    assert "invalid UTF-8" in reasons[2] and "0xff" in reasons[2]
    assert "broken JSON" in reasons[3]
    assert "missing text field 'text'" in reasons[4]
    assert "empty text" in reasons[5]
    assert "int, not a string" in reasons[6]
    assert "not an object" in reasons[7]
    assert reasons[8] == "empty line"
    assert "over max_chars=100" in reasons[9]
    assert all(r.source == str(path) for r in rejects)
    assert "\\xff" in next(r for r in rejects if r.line == 2).raw  # bad bytes shown, not lost


def test_huge_line_is_rejected_without_blowing_up(tmp_path):
    big = b'{"id": "big", "text": "' + b"a" * 5_000_000 + b'"}'
    path = write(tmp_path / "big.jsonl", b'{"text": "small"}\n' + big + b'\n{"text": "after"}\n')
    items = list(iter_records(path))
    assert [type(i).__name__ for i in items] == ["Record", "Reject", "Record"]
    assert items[1].line == 2 and "over max_chars" in items[1].reason
    assert len(items[1].raw) < 1000  # the log keeps a preview, not 5 MB
    assert items[2].text == "after" and items[2].line == 3
    # a line even longer than the byte budget is skipped in pieces, still one Reject
    items = list(iter_records(path, max_chars=1000))
    assert [type(i).__name__ for i in items] == ["Record", "Reject", "Record"]
    assert "size limit" in items[1].reason and items[2].line == 3


def test_txt_one_post_per_line_with_crlf_bom_and_bad_bytes(tmp_path):
    path = write(tmp_path / "seed.txt", b"\xef\xbb\xbfpehli line\r\n\r\nteesri \xc3\x28 line\r\nchauthi\n")
    items = list(iter_records(path))
    assert len(items) == 3  # the blank line 2 separates posts: it is not a record
    assert isinstance(items[0], Record) and items[0].text == "pehli line" and items[0].id == "seed:1"
    assert isinstance(items[1], Reject) and "invalid UTF-8" in items[1].reason and items[1].line == 3
    assert items[2].text == "chauthi" and items[2].line == 4


def test_csv_rows_bad_bytes_and_multiline_fields(tmp_path):
    data = (
        b"id,text,label\n"
        b'1,"hello, world",FAVOR\n'  # line 2
        b'2,"spans\ntwo lines",AGAINST\n'  # lines 3-4
        b"3,bad \xff here,NONE\n"  # line 5
        b"4,,NONE\n"  # line 6 empty text
        b"5,too,many,fields\n"  # line 7
        b"\n"  # line 8
        b"6,last one,NONE\n"  # line 9
    )
    path = write(tmp_path / "t.csv", data)
    items = list(iter_records(path))
    records, rejects = split_records(items)
    assert [(r.id, r.line) for r in records] == [("1", 2), ("2", 3), ("6", 9)]
    assert records[1].text == "spans\ntwo lines" and records[1].meta == {"label": "AGAINST"}
    got = {r.line: r.reason for r in rejects}
    assert set(got) == {5, 6, 7, 8}
    assert (
        "invalid UTF-8" in got[5]
        and "empty text" in got[6]
        and "4 fields" in got[7]
        and got[8] == "empty line"
    )


def test_csv_missing_text_column_names_file_line_field(tmp_path):
    path = write(tmp_path / "t.csv", b"id,tweet\n1,hi\n")
    with pytest.raises(InputError) as exc:
        list(iter_records(path))
    assert exc.value.path == str(path) and exc.value.line == 1 and exc.value.field == "text"
    assert "tweet" in str(exc.value)  # lists the columns there are
    items = list(iter_records(path, text_col="tweet"))
    assert items == [Record("1", "hi", {}, str(path), 2)]


def test_tsv_and_gzip(tmp_path):
    path = tmp_path / "t.tsv.gz"
    with gzip.open(path, "wb") as fh:
        fh.write("text\ttarget\nमास्क पहनो\tface masks\n".encode())
    (rec,) = iter_records(path)
    assert rec.text == "मास्क पहनो" and rec.meta == {"target": "face masks"} and rec.id == "t:2"


def test_parquet_streaming(tmp_path):
    df = pd.DataFrame({"post_id": ["x", "y", "z"], "body": ["ok", None, ""], "n": [1, 2, 3]})
    path = tmp_path / "p.parquet"
    df.to_parquet(path)
    items = list(iter_records(path, text_col="body", id_col="post_id"))
    assert len(items) == 3
    assert items[0] == Record("x", "ok", {"n": 1}, str(path), 1)
    assert isinstance(items[1], Reject) and "missing text" in items[1].reason and items[1].line == 2
    assert isinstance(items[2], Reject) and "empty text" in items[2].reason
    with pytest.raises(InputError, match="no text column 'text'"):
        list(iter_records(path))


def test_folder_and_stdin(tmp_path, monkeypatch):
    (tmp_path / "sub").mkdir()
    write(tmp_path / "a.txt", b"one\ntwo\n")
    write(tmp_path / "sub" / "b.jsonl", b'{"text": "three"}\n')
    write(tmp_path / "notes.md", b"ignored: not a known extension\n")
    write(tmp_path / ".hidden.txt", b"ignored: hidden\n")
    texts = [r.text for r in iter_records(tmp_path)]
    assert texts == ["one", "two", "three"]

    fake = io.TextIOWrapper(io.BytesIO(b'{"text": "from stdin"}\n{"text": \n'), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    items = list(iter_records("-"))
    assert items[0].text == "from stdin" and items[0].source == "<stdin>"
    assert isinstance(items[1], Reject) and items[1].source == "<stdin>" and items[1].line == 2

    fake = io.TextIOWrapper(io.BytesIO(b"plain one\nplain two\n"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    assert [r.text for r in iter_records("-")] == ["plain one", "plain two"]


def test_missing_path_and_unknown_format(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(iter_records(tmp_path / "nope.jsonl"))
    with pytest.raises(InputError, match="unknown format"):
        list(iter_records(write(tmp_path / "x.txt", b"a\n"), fmt="xml"))
    # explicit file with an unknown extension is sniffed
    path = write(tmp_path / "posts.data", b'{"text": "json inside"}\n')
    assert [r.text for r in iter_records(path)] == ["json inside"]


def test_reject_writer(tmp_path):
    out = tmp_path / "logs" / "rejects.jsonl"
    with RejectWriter(out) as w:
        w.write(Reject("f.jsonl", 3, "broken JSON", "{x"))
        w.write(Reject("f.jsonl", 9, "empty line"))
    assert w.count == 2
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows[0] == {"source": "f.jsonl", "line": 3, "reason": "broken JSON", "raw": "{x"}
    with pytest.raises(ValueError, match="closed"):
        w.write(Reject("f", 1, "x"))


def test_read_table_renames_and_orders_columns(tmp_path):
    path = write(
        tmp_path / "mine.csv",
        b"tweet,stance,topic_of,extra\nnotebandi se kuch nahi hua,AGAINST,demonetisation,1\n",
    )
    df = read_table(path, text_col="tweet", label_col="stance", target_col="topic_of")
    assert list(df.columns) == ["id", "text", "target", "label", "extra"]
    assert df.iloc[0].to_dict() == {
        "id": "mine:2",
        "text": "notebandi se kuch nahi hua",
        "target": "demonetisation",
        "label": "AGAINST",
        "extra": "1",
    }
    pq = tmp_path / "mine.parquet"
    df.to_parquet(pq)
    back = read_table(pq)
    pd.testing.assert_frame_equal(back, df, check_dtype=False)
    semi = write(tmp_path / "semi.dat", b"text;label\nfoo;1\n")
    assert read_table(semi, sep=";").to_dict("records") == [{"id": "semi:2", "text": "foo", "label": "1"}]


def test_read_table_raises_on_bad_row(tmp_path):
    path = write(tmp_path / "t.jsonl", b'{"text": "ok"}\n{"text": ""}\n{"text": 1}\n')
    with pytest.raises(InputError) as exc:
        read_table(path)
    assert exc.value.line == 2 and exc.value.path == str(path) and "1 more bad rows" in str(exc.value)


def test_read_conll(tmp_path):
    data = b"# sent 1\nyeh\thi\nphone\ten\n#awesome\tother\n\n\nbahut\thi\nbadhiya\thi\n"
    df = read_conll(write(tmp_path / "tags.conll", data))
    assert df["tokens"].tolist() == [["yeh", "phone", "#awesome"], ["bahut", "badhiya"]]
    assert df["tags"].tolist() == [["hi", "en", "other"], ["hi", "hi"]]
    assert df["text"].tolist() == ["yeh phone #awesome", "bahut badhiya"]
    assert df["id"].tolist() == ["tags:2", "tags:7"]
    with pytest.raises(InputError) as exc:
        read_conll(write(tmp_path / "bad.conll", b"ok\thi\nlonely\n"))
    assert exc.value.line == 2 and exc.value.field == "tag"
    with pytest.raises(InputError, match="invalid UTF-8"):
        read_conll(write(tmp_path / "bad2.conll", b"ok\thi\n\xff\thi\n"))
