"""Batch annotation of whole corpora: streaming, resumable, no record lost, on one machine or a Dask cluster.

``annotate`` (streaming Python API) and ``annotate_files`` (the batch runner behind ``nlp-social annotate``)
are imported lazily so that ``import nlp_social.annotate`` stays light.
"""

from __future__ import annotations

from typing import Any

__all__ = ["annotate", "annotate_files", "Annotator"]


def __getattr__(name: str) -> Any:
    if name in ("annotate", "Annotator"):
        from nlp_social.annotate import pipeline

        return getattr(pipeline, name)
    if name == "annotate_files":
        from nlp_social.annotate.runner import annotate_files

        return annotate_files
    raise AttributeError(f"module 'nlp_social.annotate' has no attribute {name!r}")
