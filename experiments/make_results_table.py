"""Regenerate every number-bearing block of README.md and docs/*.md from committed run records.

Each block is built by a module in ``experiments/tables/`` (``BLOCK`` names its markers
``<!-- BLOCK:start -->`` ... ``<!-- BLOCK:end -->``; ``render(root)`` reads only committed records:
``runs/<experiment>/<run>/`` small files and ``experiments/records/``). Nothing in a block is typed by hand.

    python experiments/make_results_table.py            # rewrite every block on every page
    python experiments/make_results_table.py --check    # exit 1 and name the blocks that would change
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def block_modules(root: Path = ROOT) -> dict[str, ModuleType]:
    """``BLOCK -> module`` for every generator in ``experiments/tables/``."""
    found: dict[str, ModuleType] = {}
    tables = str(root / "experiments" / "tables")
    if tables not in sys.path:  # the generators share experiments/tables/_runs.py
        sys.path.insert(0, tables)
    for path in sorted((root / "experiments" / "tables").glob("[!_]*.py")):
        spec = importlib.util.spec_from_file_location(f"_tables_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        if module.BLOCK in found:
            raise SystemExit(f"{path}: block {module.BLOCK!r} is generated twice")
        found[module.BLOCK] = module
    return found


def pages(root: Path = ROOT) -> list[Path]:
    """The pages whose numbers must be generated: README.md and docs/*.md."""
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


def _replaced(doc: str, start: str, end: str, text: str) -> str:
    head, rest = doc.split(start, 1)
    if end not in rest:
        raise SystemExit(f"{start} has no matching {end}")
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{text}\n{end}{tail}"


def rewrite_blocks(root: Path = ROOT, check: bool = False) -> tuple[list[str], list[str]]:
    """Rewrite (or with ``check`` only compare) every block on every page carrying its markers.

    Returns ``(blocks found, blocks that changed)`` as ``page:block`` strings."""
    modules = block_modules(root)
    rendered: dict[str, str] = {}
    done, changed = [], []
    for page in pages(root):
        doc = page.read_text(encoding="utf-8")
        new = doc
        for block, module in modules.items():
            start, end = f"<!-- {block}:start -->", f"<!-- {block}:end -->"
            if start not in new:
                continue
            if block not in rendered:
                rendered[block] = module.render(root)  # type: ignore[attr-defined]
            new = _replaced(new, start, end, rendered[block])
            done.append(f"{page.relative_to(root)}:{block}")
        if new != doc:
            changed.append(str(page.relative_to(root)))
            if not check:
                page.write_text(new, encoding="utf-8")
    unused = sorted(set(modules) - {d.split(":", 1)[1] for d in done})
    if unused:
        raise SystemExit(f"blocks generated but on no page: {', '.join(unused)}")
    return done, changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a page is stale")
    args = parser.parse_args(argv)
    done, changed = rewrite_blocks(args.root, check=args.check)
    if args.check:
        if changed:
            print(
                f"stale generated blocks in: {', '.join(changed)} (run python experiments/make_results_table.py)"
            )
            return 1
        print(f"{len(done)} generated blocks are up to date")
        return 0
    print(f"rewrote {len(done)} blocks ({', '.join(changed) or 'no page changed'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
