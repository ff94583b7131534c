"""The analyst's report of an annotation output: one self-contained HTML page, and its tables as DataFrames.

``summary(out_dir)`` returns the report's tables (DuckDB queries over the output's flat tables);
``write_report(out_dir, path)`` draws them with plotly into one HTML file that opens from disk with no
network. Imported lazily: ``import nlp_social.report`` loads neither DuckDB nor plotly.
"""

from __future__ import annotations

from typing import Any

__all__ = ["summary", "write_report", "build_report"]


def __getattr__(name: str) -> Any:
    if name == "summary":
        from nlp_social.report.data import summary

        return summary
    if name in ("write_report", "build_report"):
        from nlp_social.report import page

        return getattr(page, name)
    raise AttributeError(f"module 'nlp_social.report' has no attribute {name!r}")
