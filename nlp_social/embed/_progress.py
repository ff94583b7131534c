"""Batched iteration with an optional rich progress bar."""

from __future__ import annotations

from collections.abc import Iterator


def progress_batches(n: int, batch_size: int, show: bool, description: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, stop)`` batch bounds over ``n`` items, showing a bar when ``show``."""
    batch_size = max(1, int(batch_size))
    bounds = [(s, min(s + batch_size, n)) for s in range(0, n, batch_size)]
    if not show:
        yield from bounds
        return
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task(description, total=n)
        for start, stop in bounds:
            yield start, stop
            progress.advance(task, stop - start)
