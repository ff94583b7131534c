"""``--engine dask``: annotate chunks on a Dask cluster (an existing scheduler, or a LocalCluster).

This process still reads the input and writes the output (so neither needs a shared filesystem): each
chunk's records go to a worker as one task, the worker returns the encoded part file, and results are
committed in input order exactly as with the local engines, so the output is byte-identical. Workers load
the models once (the annotator is scattered to every worker and cached there).
"""

from __future__ import annotations

import copy
import hashlib
import threading
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from nlp_social.annotate.pipeline import Annotator, Item
from nlp_social.annotate.runner import Chunk, ChunkResult, _ordered, process_chunk
from nlp_social.errors import MissingDependencyError

_CACHE: dict[str, Annotator] = {}
_CACHE_LOCK = threading.Lock()


def _import_distributed():
    try:
        import distributed
    except ImportError as exc:
        raise MissingDependencyError(
            "dask[distributed,dataframe]", extra="dask", feature="--engine dask"
        ) from exc
    return distributed


def _dask_task(token: str, annotator: Annotator, fmt: str, index: int, items: list[Item]) -> ChunkResult:
    # One annotator per worker thread and run, loaded once: models are not guaranteed thread-safe, and
    # scattered data may be deserialized more than once. With one thread per worker (recommended) this is
    # one copy per process.
    key = f"{token}:{threading.get_ident()}"
    with _CACHE_LOCK:
        if not any(k.startswith(token) for k in _CACHE):
            _CACHE.clear()  # models of an earlier run on a long-lived worker
        cached = _CACHE.get(key)
        if cached is None:
            cached = _CACHE[key] = copy.deepcopy(annotator)  # an unloaded private copy
    return process_chunk(cached, fmt, index, items)


class DaskEngine:
    """Run chunks as Dask tasks; ``scheduler`` = address of a running scheduler, else a LocalCluster."""

    name = "dask"

    def __init__(
        self,
        annotator: Annotator,
        fmt: str,
        *,
        scheduler: str | None = None,
        workers: int = 1,
        processes: bool = True,
        depth: int | None = None,
    ) -> None:
        distributed = _import_distributed()
        self.cluster = None
        if scheduler:
            self.client = distributed.Client(scheduler)
        else:
            self.cluster = distributed.LocalCluster(
                n_workers=max(1, workers), threads_per_worker=1, processes=processes, dashboard_address=None
            )
            self.client = distributed.Client(self.cluster)
        self.fmt = fmt
        self.token = hashlib.sha1(f"{uuid.uuid4()}".encode()).hexdigest()[:12]
        self.annotator = self.client.scatter(annotator, broadcast=True)
        nthreads = sum(self.client.nthreads().values()) or 1
        self.depth = depth or 2 * nthreads

    def imap(self, chunks: Iterable[Chunk]) -> Iterator[tuple[Chunk, ChunkResult]]:
        def submit(chunk: Chunk) -> Any:
            return self.client.submit(
                _dask_task,
                self.token,
                self.annotator,
                self.fmt,
                chunk.index,
                chunk.items,
                key=f"annotate-{self.token}-{chunk.index}",
                pure=False,
            )

        yield from _ordered(submit, lambda fut: fut.result(), chunks, depth=self.depth)

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()


__all__ = ["DaskEngine"]
