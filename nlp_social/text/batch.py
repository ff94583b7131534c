"""Normalize whole files or streams: the function behind ``nlp-social normalize``.

Every input unit becomes one output row or one reject (with file, line and reason); a ``.txt``
output stays line-for-line with a ``.txt`` input (a rejected line becomes an empty line there).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from nlp_social.errors import InputError
from nlp_social.io import Record, Reject, RejectWriter, expand_paths, iter_records, tables

# The .txt fast path reads whole blocks and hands the rest of a file to the record reader itself at the
# first line it cannot vouch for, so both paths give the same records and rejects (private on purpose:
# this module and io.readers are one reader, split for speed).
from nlp_social.io.readers import _BOM, _BoundedLines, _file_format, _iter_txt, _open_binary
from nlp_social.text.normalizer import Normalizer, NormalizerConfig

BATCH = 1000  # records normalized together through Normalizer.pipe
LINE_CACHE_BYTES = 16_000_000  # raw bytes of distinct .txt lines remembered with their output (then cleared)
TXT_BLOCK = 1 << 18  # bytes of a .txt input read and normalized at a time (bigger blocks: more page faults)


def output_format(output: str | None, details: bool, explicit: str | None = None) -> str:
    """The output format: ``explicit``, else from the extension, else ``jsonl`` with details / ``txt``."""
    return tables.output_format(output, explicit, default="jsonl" if details else "txt")


def build_normalizer(
    config: str | os.PathLike | None = None, overrides: dict[str, Any] | None = None
) -> Normalizer:
    """The normalizer saved in ``config`` (a ``normalizer.json`` or its folder; defaults when None) with
    ``overrides`` (option name -> value) applied; an unknown option or value raises ConfigError."""
    base = Normalizer.load(config).config_ if config else NormalizerConfig()
    return Normalizer(NormalizerConfig.from_dict({**base.to_dict(), **(overrides or {})}))


def _row(
    record: Any,
    normalizer: Normalizer,
    details: bool,
    normalized: str | None,
    keys: Callable[[str], list[str]] | None = None,
) -> dict[str, Any]:
    row: dict[str, Any] = {"id": record.id}
    if details:
        row.update(normalizer.analyze(record.text).to_dict())
        if keys is not None:
            row["unified_tokens"] = keys(record.text)
    else:
        row["text"] = normalized if normalized is not None else normalizer.normalize(record.text)
    row["source"] = record.source
    row["line"] = record.line
    for key, value in record.meta.items():
        row.setdefault(key, value)
    return row


def _check_written_paths(inputs: Any, output: str | None, rejects: str | None) -> None:
    """The output and the rejects log are (re)written: neither may be a file the run reads, nor each other."""
    read = {Path(p).resolve() for p in expand_paths(inputs) if p != "-"}
    written: list[tuple[str, Path]] = []
    for option, value in (("--output", output), ("--rejects", rejects)):
        if value not in (None, "-"):
            path = Path(value).resolve()
            if path in read or any(path == other for _, other in written):
                raise InputError(
                    f"{option} names an input or another output; name a new file", path=str(value)
                )
            written.append((option, path))


class _Block(NamedTuple):
    """Lines ``first``.. of a ``.txt`` input, none of them a reject (see :func:`_txt_blocks`)."""

    first: int
    lines: list[bytes]  # the raw lines, without line breaks (and without a final "\r")
    outputs: list[bytes | None]  # a line's output from the line cache, None when not cached
    missed: list[int]  # the indices of the lines not cached...
    texts: list[str]  # ...and their text, decoded (blank lines included: they are not records)


def _txt_blocks(path: str, max_chars: int, cache: dict[bytes, bytes]) -> Iterator[_Block | Record | Reject]:
    """A ``.txt`` file as blocks of whole lines; only the lines missing from ``cache`` (raw line ->
    encoded output line) are decoded.

    A block goes through only when every line in it is one the record reader would pass unchanged
    (valid UTF-8, under the byte and character limits; a cached line passed before); at the first
    block that is not, the file is read on from that block's start by the record reader
    (``_BoundedLines`` + ``_iter_txt``), which yields its Records and Rejects: the same units,
    reasons and line numbers either way."""
    stem = Path(path).name.split(".")[0]
    with _open_binary(path) as fh:
        limit = _BoundedLines(fh, max_chars).limit
        done = 0  # lines yielded so far
        while True:
            start = fh.tell()
            buf = fh.read(TXT_BLOCK)
            if not buf:
                return
            if not buf.endswith(b"\n"):
                buf += fh.readline(limit)  # finish the last line (bounded like the record reader)
            if done == 0 and buf.startswith(_BOM):
                buf = buf[len(_BOM) :]
            lines = buf.split(b"\n")
            if not lines[-1]:
                lines.pop()  # the block ends with a line break
            # a line may be at the record reader's byte limit: measured before "\r" is stripped
            # (a margin for the line break and a BOM; a line near the limit goes to the record reader)
            ok = len(buf) + len(_BOM) < limit or max(map(len, lines)) + 2 + len(_BOM) < limit
            if b"\r" in buf:
                lines = [line.rstrip(b"\r") for line in lines]
            outputs = list(map(cache.get, lines))
            missed = [i for i, out in enumerate(outputs) if out is None]
            try:
                text = b"\n".join([lines[i] for i in missed]).decode("utf-8")
            except UnicodeDecodeError:
                text, ok = "", False
            texts = text.split("\n") if missed else []
            if ok and len(text) > max_chars:
                ok = max(map(len, texts)) <= max_chars
            if not ok:
                fh.seek(start)
                reader = _BoundedLines(fh, max_chars)
                reader.lineno = done
                yield from _iter_txt(reader, path, stem, max_chars)
                return
            yield _Block(done + 1, lines, outputs, missed, texts)
            done += len(lines)


def normalize_records(
    inputs: str | os.PathLike | Iterable[str | os.PathLike],
    output: str | None = "-",
    *,
    normalizer: Normalizer | None = None,
    details: bool = False,
    dedup: bool = False,
    text_col: str = "text",
    id_col: str | None = None,
    fmt: str | None = None,
    to: str | None = None,
    rejects: str | None = None,
    max_chars: int = 1_000_000,
    stdout: TextIO | None = None,
    keys: Callable[[str], list[str]] | None = None,
) -> dict[str, Any]:
    """Normalize every record of ``inputs`` into ``output`` (``"-"``: stdout).

    ``keys`` (with ``details``): a function giving a post's script-unified keys, written as
    ``unified_tokens`` (e.g. ``functools.partial(nlp_social.lang.unify.text_keys, normalizer)``; passed
    in because text/ does not import the language layer).

    Returns counts: ``{"records", "rejected", "output", "format", "rejects"}``.
    """
    normalizer = normalizer or Normalizer()
    out_fmt = output_format(output, details, to)
    if out_fmt == "txt" and (details or dedup):
        raise InputError("--json and --dedup write one object per post: use a .jsonl/.csv/.parquet output")
    index = None
    if dedup:
        # imported here: it needs numpy, which a plain `nlp-social normalize` run never loads (start-up)
        from nlp_social.text.dedup import NearDuplicateIndex

        index = NearDuplicateIndex()
    stdout = stdout or sys.stdout
    n_ok = n_bad = 0
    rows: list[dict[str, Any]] = []
    _check_written_paths(inputs, output, rejects)
    with ExitStack() as stack:
        reject_log = stack.enter_context(RejectWriter(rejects or "-"))
        sink: TextIO | None = None
        if out_fmt in ("txt", "jsonl"):
            if output in (None, "-"):
                sink = stdout
            else:
                Path(output).parent.mkdir(parents=True, exist_ok=True)
                sink = stack.enter_context(open(output, "w", encoding="utf-8", newline="\n"))  # noqa: SIM115
        pending: list[Any] = []  # records and rejects in input order, normalized BATCH at a time

        last = ["", 0]  # (source, line) written last: blank input lines are not records, but a .txt
        # output stays line-for-line, so the lines between two records are written back as blank lines

        def align(it: Any) -> None:
            if last[0] != it.source:
                last[0], last[1] = it.source, 0
            if it.line > last[1] + 1:
                sink.write("\n" * (it.line - last[1] - 1))
            last[1] = it.line

        def flush() -> None:
            nonlocal n_ok, n_bad
            texts = [it.text for it in pending if isinstance(it, Record)]
            normalized = iter(normalizer.pipe(texts, batch_size=BATCH) if not details else ())
            for it in pending:
                if out_fmt == "txt":
                    align(it)
                if not isinstance(it, Record):
                    n_bad += 1
                    reject_log.write(it)
                    if out_fmt == "txt":
                        sink.write("\n")  # keep line-for-line alignment; the reason is in the reject log
                    continue
                n_ok += 1
                if out_fmt == "txt":
                    sink.write(next(normalized).replace("\n", " ") + "\n")
                    continue
                row = _row(it, normalizer, details, None if details else next(normalized), keys)
                if index is not None:
                    row["dedup"] = index.add(it.text).to_dict()
                if out_fmt == "jsonl":
                    sink.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
                else:
                    rows.append(row)
            pending.clear()

        cache: dict[bytes, bytes] = {}  # raw .txt line -> its output line, bounded by LINE_CACHE_BYTES
        cached_bytes = 0
        remember = normalizer.config_.cache_size > 0  # (cache_size=0: no caching at all)

        def write_block(source: str, block: _Block) -> None:
            """A block of a .txt input to a .txt output, line for line (see :func:`_txt_blocks`)."""
            nonlocal n_ok, cached_bytes
            lines, outputs, missed, texts = block.lines, block.outputs, block.missed, block.texts
            blank: list[int] = []  # (blank lines are not records; only an uncached line can be one)
            if "" in texts or any(map(str.isspace, texts)):
                blank = [i for i, text in zip(missed, texts, strict=True) if not text or text.isspace()]
                texts = [text for text in texts if text and not text.isspace()]
                gone = set(blank)
                missed = [i for i in missed if i not in gone]
                for i in blank:
                    outputs[i] = b""
            if missed:
                out = normalizer.normalize_batch(texts)
                joined = "\n".join(out)
                if joined.count("\n") != len(out) - 1:  # (keep_newlines) a post is one line of a .txt output
                    joined = "\n".join(text.replace("\n", " ") for text in out)
                encoded = joined.encode("utf-8").split(b"\n")
                new = {lines[i]: line for i, line in zip(missed, encoded, strict=True)}
                for i, line in zip(missed, encoded, strict=True):
                    outputs[i] = line
                size = sum(map(len, new))
                if cached_bytes + size > LINE_CACHE_BYTES:
                    cache.clear()
                    cached_bytes = 0
                if remember:
                    cache.update(new)
                    cached_bytes += size
            k = len(lines)
            while blank and blank[-1] == k - 1:
                blank.pop()  # trailing blank lines are written only when a later record follows them
                k -= 1
            if not k:
                return
            n_ok += k - len(blank)
            if last[0] != source:
                last[0], last[1] = source, 0
            gap = block.first - last[1] - 1
            last[1] = block.first + k - 1
            # bytes straight to the file: cached lines are already encoded
            sink.flush()
            binary = sink.buffer
            if gap > 0:
                binary.write(b"\n" * gap)
            binary.write(b"\n".join(outputs if k == len(outputs) else outputs[:k]))  # type: ignore[arg-type]
            binary.write(b"\n")

        if max_chars <= 0:
            raise InputError(f"max_chars must be positive, got {max_chars}")
        paths = expand_paths(inputs)
        # the block path writes UTF-8 bytes: only to a text stream over a binary buffer (our file, or
        # stdout when it encodes UTF-8 and translates no line breaks)
        fast_txt = (
            out_fmt == "txt"
            and len(set(paths)) == len(paths)
            and hasattr(sink, "buffer")
            and (
                output not in (None, "-")
                or (
                    os.linesep == "\n"
                    and str(getattr(sink, "encoding", "")).lower().replace("-", "") == "utf8"
                )
            )
        )
        for path in paths:
            if fast_txt and path != "-" and _file_format(path, fmt) == "txt":
                units: Iterable[Any] = _txt_blocks(path, max_chars, cache)
            else:
                units = iter_records(path, text_col=text_col, id_col=id_col, max_chars=max_chars, fmt=fmt)
            for item in units:
                if isinstance(item, _Block):
                    flush()
                    write_block(path, item)
                    continue
                pending.append(item)
                if len(pending) >= BATCH:
                    flush()
        flush()
        if out_fmt in ("csv", "tsv", "parquet"):
            tables.write_table(rows, output, out_fmt)
    return {
        "records": n_ok,
        "rejected": n_bad,
        "output": output or "-",
        "format": out_fmt,
        "rejects": rejects or "-",
    }
