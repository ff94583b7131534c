"""Generated blocks of README.md and docs/*.md, one module per block.

Each module here defines ``BLOCK`` (the marker name: ``<!-- BLOCK:start -->`` ... ``<!-- BLOCK:end -->``)
and ``render(root: Path) -> str`` that builds the block's text from committed run records only (never
from a number typed by hand). ``experiments/make_results_table.py`` rewrites every block of every page
that carries its markers; a module whose records are missing raises, so a stale page cannot pass.
"""
