"""The batch runner behind ``nlp-social annotate``: chunks, engines, resume, rejects, progress and summary.

Input is read once, in order, by this process (``nlp_social.io.records.iter_records``) and cut into chunks
of ``chunk_size`` input records (readable or not), so chunk boundaries depend only on the input. Chunks go
to an engine (in-process, a spawn-safe process pool, or Dask); results come back in input order and are
committed one by one: part file (atomic), the chunk's rejects, then the manifest. At most a few chunks
per worker are in flight, so memory does not grow with the corpus.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlp_social.annotate.checkpoint import (
    REJECTS,
    SCHEMA,
    SUMMARY,
    TOPIC_MODEL_DIR,
    AlreadyComplete,
    input_fingerprint,
    prepare_output,
    write_manifest,
)
from nlp_social.annotate.pipeline import Annotator, Item
from nlp_social.annotate.schema import SCHEMA_VERSION, schema_doc
from nlp_social.annotate.steps import Step, TopicsStep, build_steps, check_model_options
from nlp_social.annotate.tables import write_tables
from nlp_social.annotate.writer import (
    FORMATS,
    RejectLog,
    atomic_write,
    atomic_write_json,
    encode_part,
    part_name,
)
from nlp_social.errors import ConfigError
from nlp_social.io import Reject, expand_paths, iter_records

ENGINES = ("local", "dask")
DEFAULT_CHUNK_SIZE = 5000


@dataclass
class Chunk:
    """``n_in`` consecutive input records: the readable ones (``items``) and the rejected ones."""

    index: int
    items: list[Item]
    rejects: list[Any] = field(default_factory=list)

    @property
    def n_in(self) -> int:
        return len(self.items) + len(self.rejects)


@dataclass
class ChunkResult:
    index: int
    rows: int
    data: bytes
    seconds: dict[str, float]
    no_target: int = 0  # rows the stance step gave no target (so no stance), reported in the summary


# -- reading -------------------------------------------------------------------------------------------
def iter_chunks(
    inputs: Sequence[str],
    *,
    chunk_size: int,
    text_col: str = "text",
    id_col: str | None = None,
    max_chars: int = 1_000_000,
    fmt: str | None = None,
) -> Iterator[Chunk]:
    """Read ``inputs`` with ``iter_records`` and cut them into chunks of ``chunk_size`` records."""
    index = 0
    current = Chunk(0, [])
    for rec in iter_records(list(inputs), text_col=text_col, id_col=id_col, max_chars=max_chars, fmt=fmt):
        if isinstance(rec, Reject):
            current.rejects.append(rec)
        else:
            current.items.append(
                Item(str(rec.id), rec.text, dict(rec.meta or {}), str(rec.source), int(rec.line))
            )
        if current.n_in >= chunk_size:
            yield current
            index += 1
            current = Chunk(index, [])
    if current.n_in:
        yield current


def estimate_total(inputs: Sequence[str]) -> int | None:
    """Rough number of input records (lines, Parquet rows), only for the progress bar's ETA."""
    if "-" in inputs:
        return None
    total = 0
    for f in map(Path, expand_paths(list(inputs))):
        try:
            if f.suffix.lower() == ".parquet":
                import pyarrow.parquet as pq

                total += pq.ParquetFile(f).metadata.num_rows
                continue
            n, last = 0, b"\n"
            with open(f, "rb") as fh:
                for block in iter(lambda fh=fh: fh.read(1 << 22), b""):
                    n += block.count(b"\n")
                    last = block[-1:]
            n += last != b"\n"
            if f.suffix.lower() in (".csv", ".tsv"):
                n -= 1  # header
            total += max(n, 0)
        except OSError:
            return None
    return total


# -- engines -------------------------------------------------------------------------------------------
def process_chunk(annotator: Annotator, fmt: str, index: int, items: list[Item]) -> ChunkResult:
    """Annotate one chunk and encode its part file (pure: same chunk -> same bytes)."""
    if not items:
        return ChunkResult(index, 0, b"", {})
    table, seconds = annotator.table(items)
    no_target = 0
    if "stance" in table.column_names:
        import pyarrow.compute as pc

        no_target = int(pc.sum(pc.equal(pc.list_value_length(table["stance"]), 0)).as_py() or 0)
    return ChunkResult(index, table.num_rows, encode_part(table, fmt), seconds, no_target)


def _ordered(
    submit: Callable[[Chunk], Any], result: Callable[[Any], ChunkResult], chunks: Iterable[Chunk], depth: int
):
    """Submit chunks keeping at most ``depth`` in flight; yield (chunk, result) in input order."""
    pending: deque[tuple[Chunk, Any]] = deque()
    for chunk in chunks:
        if chunk.items:
            pending.append((chunk, submit(chunk)))
        else:
            pending.append((chunk, None))
        while len(pending) >= depth:
            done, fut = pending.popleft()
            yield done, (result(fut) if fut is not None else ChunkResult(done.index, 0, b"", {}))
    while pending:
        done, fut = pending.popleft()
        yield done, (result(fut) if fut is not None else ChunkResult(done.index, 0, b"", {}))


class InlineEngine:
    """Everything in this process."""

    name = "local"

    def __init__(self, annotator: Annotator, fmt: str) -> None:
        self.annotator = annotator
        self.fmt = fmt

    def imap(self, chunks: Iterable[Chunk]) -> Iterator[tuple[Chunk, ChunkResult]]:
        for chunk in chunks:
            yield chunk, process_chunk(self.annotator, self.fmt, chunk.index, chunk.items)

    def close(self) -> None:
        pass


_WORKER: dict[str, Any] = {}


def _set_thread_env(threads: int | None) -> None:
    if threads:
        for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
            os.environ[var] = str(threads)


def _watch_parent(parent: int, every: float = 0.5) -> None:
    """End this worker as soon as ``parent`` is gone, so a ``kill -9`` of the run leaves no orphan
    process holding its models in memory (the pool cannot shut workers down once its owner is dead)."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)

    threading.Thread(target=watch, name="nlp-social-parent-watch", daemon=True).start()


def import_spacy_without_torch() -> None:
    """Import spaCy (the tokenizer of the normalize step) so that its thinc layer does not import torch.

    thinc imports torch when it is installed (~2.4 s and ~200 MB per process) although the rule-based
    tokenizer never uses it; torch is hidden during that one import only, so a step that needs torch
    still imports it afterwards (thinc then reports it absent, which nothing here uses). Called only in
    processes this package owns (annotate workers, the CLI), never on import of the library.
    """
    if "torch" in sys.modules or "spacy" in sys.modules:
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` raise ImportError
    try:
        import spacy.tokenizer  # noqa: F401
    except ImportError:  # spaCy itself missing: the normalize step reports it when loaded
        pass
    finally:
        del sys.modules["torch"]


def _init_worker(annotator: Annotator, fmt: str, parent: int | None = None) -> None:
    if parent is not None:
        _watch_parent(parent)
    _set_thread_env(annotator.threads)
    import_spacy_without_torch()
    _WORKER["annotator"] = annotator
    _WORKER["fmt"] = fmt


def _worker_process(index: int, items: list[Item]) -> ChunkResult:
    return process_chunk(_WORKER["annotator"], _WORKER["fmt"], index, items)


class PoolEngine:
    """``workers`` spawned processes (safe with torch and on every OS); each loads the models once."""

    name = "local"

    def __init__(self, annotator: Annotator, fmt: str, workers: int) -> None:
        import multiprocessing as mp

        self.workers = workers
        self.pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=mp.get_context("spawn"),
            initializer=_init_worker,
            initargs=(annotator, fmt, os.getpid()),
        )

    def imap(self, chunks: Iterable[Chunk]) -> Iterator[tuple[Chunk, ChunkResult]]:
        yield from _ordered(
            lambda c: self.pool.submit(_worker_process, c.index, c.items),
            lambda fut: fut.result(),
            chunks,
            depth=2 * self.workers,
        )

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def make_engine(
    annotator: Annotator,
    fmt: str,
    *,
    engine: str = "local",
    workers: int = 1,
    scheduler: str | None = None,
    dask_processes: bool = True,
):
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    if engine == "dask":
        # deferred: dask is optional, and dask_engine imports this module (a cycle at import time)
        from nlp_social.annotate.dask_engine import DaskEngine

        return DaskEngine(annotator, fmt, scheduler=scheduler, workers=workers, processes=dask_processes)
    if workers <= 1:
        return InlineEngine(annotator, fmt)
    return PoolEngine(annotator, fmt, workers)


# -- the run -------------------------------------------------------------------------------------------
@dataclass
class RunConfig:
    inputs: list[str]
    out: Path
    steps: list[Step]
    fmt: str = "parquet"
    chunk_size: int = DEFAULT_CHUNK_SIZE
    batch_size: int = 256
    text_col: str = "text"
    id_col: str | None = None
    max_chars: int = 1_000_000
    rejects: Path | None = None
    workers: int = 1
    engine: str = "local"
    scheduler: str | None = None
    threads: int | None = 1
    force: bool = False
    dask_processes: bool = True

    def rejects_path(self) -> Path:
        return Path(self.rejects) if self.rejects else self.out / REJECTS


def fingerprint_of(cfg: RunConfig, annotator: Annotator) -> dict[str, Any]:
    """What must not change between a run and its resumption (engine/workers may: output is the same)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "inputs": input_fingerprint(cfg.inputs),
        "steps": annotator.fingerprints(),
        "format": cfg.fmt,
        "chunk_size": cfg.chunk_size,
        "batch_size": cfg.batch_size,
        "text_col": cfg.text_col,
        "id_col": cfg.id_col,
        "max_chars": cfg.max_chars,
        "threads": cfg.threads,
        "rejects": str(cfg.rejects_path().resolve()),
    }


class _Progress:
    """A rich progress bar (posts/s, ETA) on stderr, or nothing."""

    def __init__(self, enabled: bool, total: int | None, done: int) -> None:
        self.bar = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        class _Rate(TextColumn):
            def render(self, task):  # posts/s over this run (resumed posts excluded)
                from rich.text import Text

                elapsed = task.elapsed or 0.0
                rate = (task.completed - task.fields.get("resumed", 0)) / elapsed if elapsed > 0 else 0.0
                return Text(f"{rate:,.0f} posts/s")

        self.bar = Progress(
            TextColumn("[bold]annotate"),
            BarColumn(),
            MofNCompleteColumn(),
            _Rate(""),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self.bar.start()
        self.task = self.bar.add_task("annotate", total=total, completed=done, resumed=done)

    def advance(self, n: int) -> None:
        if self.bar is not None:
            self.bar.advance(self.task, n)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _fit_topics(cfg: RunConfig, *, reuse: bool, log: Callable[[str], None]) -> None:
    """``--topic-model fit[:N]``: fit a TopicModel on the first N readable posts, kept in OUT/_topic_model."""
    for step in cfg.steps:
        if not (isinstance(step, TopicsStep) and step.fit_n):
            continue
        folder = cfg.out / TOPIC_MODEL_DIR
        if not (reuse and folder.is_dir() and any(folder.iterdir())):
            # deferred: the topic stack (scikit-learn, an embedder) loads only when a model is fitted here
            from nlp_social.topics.model import TopicModel

            texts: list[str] = []
            for rec in iter_records(
                list(cfg.inputs), text_col=cfg.text_col, id_col=cfg.id_col, max_chars=cfg.max_chars
            ):
                if not isinstance(rec, Reject):
                    texts.append(rec.text)
                    if len(texts) >= step.fit_n:
                        break
            if len(texts) < 10:
                raise ConfigError(
                    f"too few readable posts ({len(texts)}) to fit a topic model; pass --topic-model DIR"
                )
            log(f"fitting a topic model on the first {len(texts):,} posts (--topic-model fit) ...")
            t0 = time.perf_counter()
            tmp = cfg.out / f".{TOPIC_MODEL_DIR}.tmp"
            if tmp.exists():
                import shutil

                shutil.rmtree(tmp)
            TopicModel(random_state=0).fit(texts).save(str(tmp))
            if folder.exists():
                import shutil

                shutil.rmtree(folder)
            os.replace(tmp, folder)
            log(f"topic model fitted in {time.perf_counter() - t0:.1f}s -> {folder}")
        step.attach_fitted(folder)


def run_annotation(
    cfg: RunConfig, *, progress: bool = False, log: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Annotate ``cfg.inputs`` into ``cfg.out``; resumes an unfinished run; returns the summary dict."""
    if cfg.fmt not in FORMATS:
        raise ConfigError(f"unknown output format {cfg.fmt!r}; choose from {', '.join(FORMATS)}")
    if cfg.chunk_size < 1:
        raise ConfigError("--chunk-size must be at least 1")
    if cfg.workers < 1:
        raise ConfigError("--workers must be at least 1")
    for raw in cfg.inputs:
        if raw != "-" and not Path(raw).exists():
            raise ConfigError(f"input {raw} does not exist")
    log = log or (lambda msg: None)
    t_start = time.perf_counter()
    annotator = Annotator(cfg.steps, batch_size=cfg.batch_size)
    annotator.threads = cfg.threads
    fingerprint = fingerprint_of(cfg, annotator)
    rejects_path = cfg.rejects_path()
    try:
        manifest = prepare_output(cfg.out, fingerprint, force=cfg.force, rejects=rejects_path)
    except AlreadyComplete as done:
        log(str(done))
        summary = json.loads((cfg.out / SUMMARY).read_text(encoding="utf-8"))
        summary["already_complete"] = True
        return summary
    resumed_from = manifest["chunks_done"]
    if resumed_from:
        log(f"resuming {cfg.out}: {resumed_from} chunk(s), {manifest['counts']['in']} records already done")
    _fit_topics(cfg, reuse=resumed_from > 0, log=log)
    schema = annotator.schema
    atomic_write_json(cfg.out / SCHEMA, schema_doc(schema))
    size = rejects_path.stat().st_size if rejects_path.is_file() else 0
    if size < manifest["rejects_offset"]:
        raise ConfigError(
            f"{rejects_path} is shorter ({size} bytes) than the manifest of {cfg.out} records "
            f"({manifest['rejects_offset']}); it was changed outside the run: pass --force to start over"
        )
    rejects = RejectLog(rejects_path)
    rejects.open_at(manifest["rejects_offset"])
    write_manifest(cfg.out, manifest)

    total = estimate_total(cfg.inputs) if progress else None
    bar = _Progress(progress, total, manifest["counts"]["in"])
    run_seconds: dict[str, float] = {s.name: 0.0 for s in cfg.steps}
    run_counts = {"in": 0, "out": 0, "rejected": 0}
    chunks = iter_chunks(
        cfg.inputs,
        chunk_size=cfg.chunk_size,
        text_col=cfg.text_col,
        id_col=cfg.id_col,
        max_chars=cfg.max_chars,
    )
    todo = (c for c in chunks if c.index >= resumed_from)
    engine = make_engine(
        annotator,
        cfg.fmt,
        engine=cfg.engine,
        workers=cfg.workers,
        scheduler=cfg.scheduler,
        dask_processes=cfg.dask_processes,
    )
    try:
        for chunk, result in engine.imap(todo):
            if result.rows:
                atomic_write(cfg.out / part_name(chunk.index, cfg.fmt), result.data)
            offset = rejects.append(RejectLog.encode(chunk.rejects))
            manifest["chunks_done"] = chunk.index + 1
            manifest["rejects_offset"] = offset
            if result.rows:
                manifest["parts"].append(
                    {"index": chunk.index, "file": part_name(chunk.index, cfg.fmt), "rows": result.rows}
                )
            for key, n in (("in", chunk.n_in), ("out", result.rows), ("rejected", len(chunk.rejects))):
                manifest["counts"][key] += n
                run_counts[key] += n
            if result.no_target:
                manifest["stance_without_target"] = (
                    manifest.get("stance_without_target", 0) + result.no_target
                )
            for name, sec in result.seconds.items():
                run_seconds[name] = run_seconds.get(name, 0.0) + sec
                manifest["step_seconds"][name] = round(manifest["step_seconds"].get(name, 0.0) + sec, 3)
            write_manifest(cfg.out, manifest)
            bar.advance(chunk.n_in)
    finally:
        bar.stop()
        engine.close()
    counts = manifest["counts"]
    stance_on = any(s.name == "stance" for s in cfg.steps)
    if counts["in"] != counts["out"] + counts["rejected"]:  # pragma: no cover - an invariant, checked loudly
        raise RuntimeError(
            f"record accounting broke: in={counts['in']} out={counts['out']} rejected={counts['rejected']}"
        )

    t_tables = time.perf_counter()
    tables_bar = _Progress(progress, 2 * counts["out"], 0)  # two passes over the rows
    try:
        tables = write_tables(cfg.out, advance=tables_bar.advance)
    finally:
        tables_bar.stop()
    log(f"flat tables ({tables['posts']['rows']:,} posts, {tables['stance']['rows']:,} stance rows) written "
        f"in {time.perf_counter() - t_tables:.1f}s -> {cfg.out / '_tables'}")  # fmt: skip
    wall = time.perf_counter() - t_start
    summary = {
        "out": str(cfg.out),
        "format": cfg.fmt,
        "rejects_file": str(rejects_path),
        "schema_version": SCHEMA_VERSION,
        "steps": [s.name for s in cfg.steps],
        "versions": annotator.versions(),
        "counts": dict(counts),
        "balanced": counts["in"] == counts["out"] + counts["rejected"],
        "stance_without_target": manifest.get("stance_without_target", 0) if stance_on else None,
        "parts": len(manifest["parts"]),
        "chunks": manifest["chunks_done"],
        "resumed_from_chunk": resumed_from,
        "this_run": {
            "counts": run_counts,
            "seconds": round(wall, 3),
            "posts_per_s": round(run_counts["in"] / wall, 1) if wall > 0 else None,
            "step_seconds": {k: round(v, 3) for k, v in run_seconds.items()},
            "engine": cfg.engine,
            "workers": cfg.workers,
        },
        "step_seconds_total": manifest["step_seconds"],
        "tables": {name: {"file": t["file"], "rows": t["rows"]} for name, t in tables.items()},
    }
    atomic_write_json(cfg.out / SUMMARY, summary)
    manifest["finished"] = True  # last: a finished manifest always has its summary
    write_manifest(cfg.out, manifest)
    return summary


def annotate_files(
    inputs: Sequence[str | os.PathLike],
    out: str | os.PathLike,
    *,
    steps: Sequence[str | Step] | str | None = None,
    targets: Sequence[str] | None = None,
    topic_model: str | None = None,
    stance_model: str | None = None,
    embed_model: str | None = None,
    lid_model: str | None = None,
    progress: bool = False,
    log: Callable[[str], None] | None = None,
    **options: Any,
) -> dict[str, Any]:
    """Annotate files/folders into the output folder ``out`` (Python face of ``nlp-social annotate``).

    ``options`` are :class:`RunConfig` fields (``fmt``, ``chunk_size``, ``workers``, ``engine``, ...).
    """
    check_model_options(
        {"--topic-model": topic_model, "--stance-model": stance_model, "--lid-model": lid_model},
        embed_model,
    )
    skipped: list[tuple[str, str]] = []
    built = build_steps(
        steps,
        targets=targets,
        topic_model=topic_model,
        stance_model=stance_model,
        embed_model=embed_model,
        lid_model=lid_model,
        batch_size=options.get("batch_size", 256),
        skipped=skipped,
        fit_topics=True,
    )
    if log:
        for name, why in skipped:
            log(f"step {name!r} left out: {why}")
    if not built:
        raise ConfigError("no annotation step is available")
    cfg = RunConfig(inputs=[str(p) for p in inputs], out=Path(out), steps=built, **options)
    if cfg.rejects is not None:
        cfg.rejects = Path(cfg.rejects)
    return run_annotation(cfg, progress=progress, log=log)


__all__ = [
    "RunConfig",
    "Chunk",
    "ChunkResult",
    "run_annotation",
    "annotate_files",
    "iter_chunks",
    "process_chunk",
]
