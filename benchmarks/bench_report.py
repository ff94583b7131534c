"""Benchmark ``nlp-social report`` (and the flat-table step of ``annotate``) on a large annotation output.

Annotating a million posts takes a while, and the report only reads what annotate wrote, so this script
*synthesizes* a large output: it replicates the part rows of an existing output (e.g. the README's
``out/demo``) with new ids (``<id>~<copy>``) until ``--rows`` posts, leaving out the ``embedding`` column
(the report never reads it), and scales the counts in ``_summary.json`` and the rejects to match. Every
replicated post is then a copy of a demo post, so duplicate groups are large; dates, languages, topics and
stance keep the demo's distribution. Then it runs, each in its own process under ``/usr/bin/time -v``:

With ``--distinct-texts`` each copy's text gets a `` #<copy>`` suffix, so no post is a copy of another.

1. ``write_tables(OUT)`` -- the flat tables (``_tables/*.parquet``) that annotate writes at the end of a run;
2. ``nlp-social report OUT -o OUT/report.html``.

and prints wall time and peak RSS of each.

    python benchmarks/bench_report.py out/demo --rows 1000000 --work /tmp/report_1m   # records runs/bench_report/
"""

from __future__ import annotations

import argparse
import json
import math
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from nlp_social.experiments.record import record_result


def synthesize(source: Path, work: Path, rows: int, part_rows: int = 5000, distinct: bool = False) -> int:
    """Write an output folder of ``rows`` posts made of copies of ``source``'s part rows.

    ``distinct``: append `` #<copy>`` to each copy's text, so that no post is a copy of another (every
    post then takes part in the duplicate-aware queries).
    """
    from nlp_social.annotate.tables import part_files
    from nlp_social.annotate.writer import encode_part, part_name

    parts = part_files(source)
    if not parts or parts[0].suffix != ".parquet":
        sys.exit(f"{source}: no Parquet parts (run nlp-social annotate ... -o {source} first)")
    base = pa.concat_tables(pq.read_table(p) for p in parts)
    base = base.drop_columns([c for c in ("embedding",) if c in base.column_names])
    copies = math.ceil(rows / base.num_rows)
    per_part = max(1, part_rows // base.num_rows)
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    written = 0
    for index, start in enumerate(range(0, copies, per_part)):
        tables = []
        for copy in range(start, min(start + per_part, copies)):
            take = min(base.num_rows, rows - written)
            if take <= 0:
                break
            t = base.slice(0, take)
            ids = pc.binary_join_element_wise(t.column("id"), pa.scalar(f"~{copy}"), "")
            t = t.set_column(t.schema.get_field_index("id"), "id", ids)
            if distinct:
                text = pc.binary_join_element_wise(t.column("text"), pa.scalar(f" #{copy}"), "")
                t = t.set_column(t.schema.get_field_index("text"), "text", text)
            tables.append(t)
            written += take
        if tables:
            (work / part_name(index, "parquet")).write_bytes(encode_part(pa.concat_tables(tables), "parquet"))
    summary = json.loads((source / "_summary.json").read_text(encoding="utf-8"))
    rejects = (source / "_rejects.jsonl").read_bytes() if (source / "_rejects.jsonl").exists() else b""
    scale = written / max(summary["counts"]["out"], 1)
    n_rejects = round(summary["counts"]["rejected"] * scale)
    lines = rejects.splitlines(keepends=True)
    with open(work / "_rejects.jsonl", "wb") as fh:
        for i in range(n_rejects if lines else 0):
            fh.write(lines[i % len(lines)])
    summary.update(
        out=str(work),
        rejects_file=str(work / "_rejects.jsonl"),
        counts={"in": written + n_rejects, "out": written, "rejected": n_rejects},
        synthesized_from=str(source),
    )
    (work / "_summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    shutil.copy(source / "_schema.json", work / "_schema.json")
    return written


def timed(command: list[str]) -> dict[str, float]:
    """Run ``command`` under ``/usr/bin/time -v``; its wall seconds and peak RSS (MiB)."""
    t0 = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{proc.stdout}\n{proc.stderr}")
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
    return {"seconds": round(wall, 1), "peak_rss_mib": round(rss_kb / 1024, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("source", type=Path, help="an annotation output to replicate (e.g. out/demo)")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--work", type=Path, default=Path("/tmp/nlp_social_report_bench"))
    ap.add_argument("--runs-dir", type=Path, default=Path("runs"), help="where the result is recorded")
    ap.add_argument("--distinct-texts", action="store_true", help="make every copy's text unique")
    args = ap.parse_args()

    t0 = time.perf_counter()
    rows = synthesize(args.source, args.work, args.rows, distinct=args.distinct_texts)
    print(f"synthesized {rows:,} posts in {time.perf_counter() - t0:.1f}s -> {args.work}", flush=True)
    tables = timed(
        [
            sys.executable,
            "-c",
            f"from nlp_social.annotate.tables import write_tables; write_tables({str(args.work)!r})",
        ]
    )
    print(f"write_tables: {tables}", flush=True)
    report_path = args.work / "report.html"
    report = timed(
        [sys.executable, "-c", "from nlp_social.cli import main; main()", "report", str(args.work),
         "-o", str(report_path), "--no-progress"]
    )  # fmt: skip
    print(f"nlp-social report: {report}  ({report_path.stat().st_size / 1e6:.1f} MB page)", flush=True)
    result = {
        "rows": rows,
        "distinct_texts": args.distinct_texts,
        "write_tables": tables,
        "report": report,
        "page_bytes": report_path.stat().st_size,
    }
    name = "bench_report_distinct" if args.distinct_texts else "bench_report"
    config = {"rows": args.rows, "distinct_texts": args.distinct_texts, "source": str(args.source)}
    run = record_result(
        name,
        result,
        config=config,
        data=[args.source / "_summary.json"],
        runs_dir=args.runs_dir,
        task="benchmark",
    )
    print(f"recorded -> {run}")


if __name__ == "__main__":
    main()
