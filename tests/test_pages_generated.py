"""Every number on the README and docs/ pages traces to a committed run record.

Measured numbers live only inside generated blocks (``<!-- NAME:start -->`` ... ``<!-- NAME:end -->``,
written by ``experiments/make_results_table.py`` from ``runs/`` and ``experiments/records/``). This test
fails when a page is stale or when a score or speed is typed by hand outside a block."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# A score (0.xx...), a rate (N posts/s, words/s, tokens/s, sentences/s) or a speed-up (N×). Parameters
# and thresholds are written after an operator (`≥ 0.99`, `C=0.3`, `at least 0.5`) or in code spans.
MEASURED = re.compile(
    r"(?<![\w.=≥≤<>~-])(?<!≥ )(?<!≤ )(?<!>= )(?<!<= )(?<!least )(?<!most )(?<!weight )"
    r"(?:0\.\d{2,4}(?![\d.])|\d[\d,.]*\s?(?:posts|words|tokens|sentences|pairs)/s\b|\d[\d.]*\s?×)"
)
BLOCK = re.compile(r"<!-- ([\w-]+):start -->.*?<!-- \1:end -->", re.S)
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)


def _module():
    spec = importlib.util.spec_from_file_location(
        "make_results_table", ROOT / "experiments/make_results_table.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def typed_numbers(text: str) -> list[str]:
    """Measured-looking numbers of a page outside generated blocks and code."""
    return MEASURED.findall(CODE.sub("", BLOCK.sub("", text)))


def test_typed_numbers_are_found_outside_blocks_only():
    page = "ours 0.712 vs 0.61\n<!-- t:start -->\n| 0.5 | 900 posts/s |\n<!-- t:end -->\n`0.99` at least 0.5, 3× faster"
    assert typed_numbers(page) == ["0.712", "0.61", "3×"]


def test_pages_are_up_to_date():
    module = _module()
    done, changed = module.rewrite_blocks(ROOT, check=True)
    assert done, "no generated block found on any page"
    assert not changed, f"stale generated blocks; run python experiments/make_results_table.py: {changed}"


@pytest.mark.parametrize("page", _module().pages(ROOT), ids=lambda p: p.name)
def test_no_measured_number_typed_by_hand(page):
    found = typed_numbers(page.read_text(encoding="utf-8"))
    assert not found, f"{page.relative_to(ROOT)}: numbers outside generated blocks: {found[:10]}"
