"""Generate the README results table from recorded runs (never typed by hand).

For every config in ``experiments/*.yaml`` the latest successful run in ``runs/<name>/`` gives one
row: the headline metric of the model and of each baseline measured in the same run, the data it
was scored on, and the run id. Configs without a run are listed as "not run".

    python experiments/make_results_table.py                 # rewrite README.md between the markers
    python experiments/make_results_table.py --print         # print the table only
    python experiments/make_results_table.py --runs-dir runs --readme README.md
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import yaml

from nlp_social.experiments.compare import list_runs
from nlp_social.experiments.config import load_config

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- results-table:start -->", "<!-- results-table:end -->"


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "–" if value is None else str(value)


def _baseline(name: str, values: dict, head: str, model: dict, best: float | None = None) -> str:
    """``name score``, flagged when the baseline saw fewer items than the model (a capped slow baseline);
    bold when it is the best score of the row."""
    score = _fmt(values.get(head))
    same_items = all(
        values.get(k) == model.get(k) for k in ("n_pairs", "n", "n_docs") if k in values and k in model
    )
    if best is not None and same_items and values.get(head) == best:
        score = f"**{score}**"
    text = f"{name} {score}"
    n_key = next((k for k in ("n_pairs", "n", "n_docs") if k in values and k in model), None)
    if n_key and values[n_key] != model[n_key]:
        text += f" (on {values[n_key]} items"
        same = values.get("ours_on_same_subset", {})
        keys = [k for k in same if head.startswith(k.rsplit("_", 1)[0])] or list(same)
        if head in same:
            text += f"; ours {_fmt(same[head])} there"
        elif keys and head.endswith("_mean") and len(same) == 2:
            text += f"; ours {_fmt(sum(same.values()) / 2)} there"
        text += ")"
    return text


def _data(resolved: dict) -> str:
    data = resolved.get("data", {})
    if data.get("test"):
        text = ", ".join(data["test"])
    elif resolved.get("task") != "stance":
        text = ", ".join(data.get("train", []))
    else:
        text = f"{resolved['evaluation']['cv_folds']}-fold CV on " + ", ".join(data.get("train", []))
    if data.get("limit"):
        text += f" (≤{data['limit']} rows)"
    return text


def rows(runs_dir: Path, configs_dir: Path) -> list[dict[str, str]]:
    runs = list_runs(runs_dir)
    out = []
    for cfg_path in sorted(configs_dir.glob("*.yaml")):
        cfg = load_config(cfg_path)
        mine = runs[(runs["experiment"] == cfg.name) & (runs["status"] == "ok")] if len(runs) else runs
        if mine.empty:
            out.append(
                {
                    "experiment": cfg.name,
                    "task": cfg.task,
                    "data": _data(cfg.resolved()),
                    "metric": "–",
                    "model": cfg.model.kind,
                    "score": "not run",
                    "baselines": "",
                    "run": "",
                }
            )
            continue
        run_dir = Path(mine.iloc[-1]["path"])
        metrics = json.loads((run_dir / "metrics.json").read_text(encoding="utf-8"))
        resolved = yaml.safe_load((run_dir / "config.yaml").read_text(encoding="utf-8"))
        head = metrics.get("headline") or next(iter(metrics["metrics"]))
        ours = metrics["metrics"].get(head)
        comparable = [
            v[head]
            for v in metrics.get("baselines", {}).values()
            if isinstance(v.get(head), float)
            and all(v.get(k) == metrics["metrics"].get(k) for k in ("n_pairs", "n", "n_docs") if k in v)
        ]
        best = max([ours, *comparable]) if isinstance(ours, float) else None
        base = "; ".join(
            _baseline(name, values, head, metrics["metrics"], best)
            for name, values in metrics.get("baselines", {}).items()
            if head in values
        )
        model_spec = resolved.get("model", {})
        model_name = metrics.get("model", cfg.model.kind)
        if model_spec.get("kind") == "shipped" and "name" in model_spec:
            model_name = f"shipped `{model_spec.get('name', 'fast')}`"
        out.append(
            {
                "experiment": cfg.name,
                "task": cfg.task,
                "data": _data(resolved),
                "metric": head,
                "model": model_name,
                "score": f"**{_fmt(ours)}**" if best is not None and ours == best else _fmt(ours),
                "baselines": base,
                "run": run_dir.name,
            }
        )
    return out


def table(runs_dir: Path, configs_dir: Path) -> str:
    lines = [
        "| experiment | task | scored on | metric | model | score | baselines (same run) | run |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows(runs_dir, configs_dir):
        cells = [
            r["experiment"],
            r["task"],
            r["data"],
            r["metric"],
            r["model"],
            r["score"],
            r["baselines"],
            f"`{r['run']}`" if r["run"] else "",
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    lines += [
        "",
        f"Generated by `python experiments/make_results_table.py` from `{runs_dir.name}/`; "
        "rerun any row with `nlp-social experiment run experiments/<experiment>.yaml`. The best score of "
        "each row is bold, whoever's it is. Stance rows with model `stance_model` fit the linear model on "
        "the row's train split in the run; `shipped` rows score the package's own models, which were "
        "trained on the train splits (minus a selection part) and never on the scored split.",
    ]
    return "\n".join(lines)


UNSEEN_START, UNSEEN_END = "<!-- stance-unseen:start -->", "<!-- stance-unseen:end -->"
UNSEEN_MODELS = ("accurate_blend", "transformer", "fast_family", "svm_no_target", "majority")


def unseen_table(record_path: Path) -> str:
    """Leave-one-corpus-out stance (every target of the held-out corpus unseen), from its record."""
    rec = json.loads(record_path.read_text(encoding="utf-8"))
    per = rec["metrics"]["per_corpus"]
    lines = [
        "| held-out corpus (dev rows) | " + " | ".join(UNSEEN_MODELS) + " |",
        "|---|" + "---|" * len(UNSEEN_MODELS),
    ]
    for corpus, res in per.items():
        vals = {m: res[m]["macro_f1"] for m in UNSEEN_MODELS}
        best = max(vals.values())
        cells = [f"**{v:.3f}**" if v == best else f"{v:.3f}" for v in vals.values()]
        lines.append(f"| {corpus} (n={res['transformer']['n']}) | " + " | ".join(cells) + " |")
    mean = rec["metrics"]["mean_macro_f1_over_held_out_corpora"]
    best = max(mean[m] for m in UNSEEN_MODELS)
    cells = [f"**{mean[m]:.3f}**" if mean[m] == best else f"{mean[m]:.3f}" for m in UNSEEN_MODELS]
    lines.append("| mean of the five | " + " | ".join(cells) + " |")
    script = rec["same_posts_two_scripts"]
    lines += [
        "",
        "Macro-F1. Same posts in two scripts (Swami dev, romanized as published vs Hindi words in Devanagari), "
        "accuracy: "
        + "; ".join(
            f"`{m}` {v['latn']['accuracy']:.3f} vs {v['deva']['accuracy']:.3f} (gap {v['accuracy_gap']:.3f})"
            for m, v in script.items()
        )
        + ".",
        "",
        f"Generated by `python experiments/make_results_table.py` from `{record_path.relative_to(ROOT)}` "
        "(written by `python experiments/stance_unseen_targets.py`).",
    ]
    return "\n".join(lines)


DISTILL_START, DISTILL_END = "<!-- stance-distill:start -->", "<!-- stance-distill:end -->"


def distill_table(record_path: Path, train_log: Path) -> str:
    """Selection and dev macro-F1 of the fast candidates and of the teacher, from their records."""
    rec = json.loads(record_path.read_text(encoding="utf-8"))
    log = json.loads(train_log.read_text(encoding="utf-8"))
    corpora = ["swami", "semeval", "covid", "pstance", "ukp"]
    lines = [
        "| model | split | " + " | ".join(corpora) + " | mean | demo (unseen targets) |",
        "|---|---|" + "---|" * (len(corpora) + 2),
    ]
    teacher_sel = log["epochs"][log["best_epoch"] - 1]["selection_macro_f1"]
    lines.append(
        f"| transformer alone (epoch {log['best_epoch']} of {len(log['epochs'])}, chosen on selection) | selection | "
        + " | ".join(f"{teacher_sel[c]:.3f}" for c in corpora)
        + f" | {np.mean([teacher_sel[c] for c in corpora]):.3f} | |"
    )
    lines.append(
        "| transformer alone | dev | "
        + " | ".join(f"{rec['teacher_dev_macro_f1'][c]:.3f}" for c in corpora)
        + f" | {np.mean([rec['teacher_dev_macro_f1'][c] for c in corpora]):.3f} | |"
    )
    for name, cand in rec["candidates"].items():
        chosen = " (chosen)" if name == rec["chosen_on_selection"] else ""
        for split, demo in (("selection", "demo_train"), ("dev", "demo_test")):
            vals = cand[f"{split}_macro_f1"]
            lines.append(
                f"| fast, {name}{chosen} ({cand['rows']} rows) | {split} | "
                + " | ".join(f"{vals[c]:.3f}" for c in corpora)
                + f" | {vals['mean']:.3f} | {cand[f'{demo}_macro_f1']:.3f} ({demo.replace('_', ':')}) |"
            )
    lines += [
        "",
        f"Macro-F1 on romanized rows; {rec['pool_rows_used']} pool posts had a teacher probability of at "
        f"least {rec['min_confidence']}. The candidate is chosen on the mean of the selection mean and "
        "demo:train; dev rows and demo:test are reported apart. Generated from `experiments/records/distill_stance.json` and "
        "`experiments/records/stance_transformer/train_log.json`.",
    ]
    return "\n".join(lines)


def _replace(path: Path, start: str, end: str, text: str) -> None:
    doc = path.read_text(encoding="utf-8")
    if start not in doc or end not in doc:
        raise SystemExit(f"{path} has no {start} ... {end} markers")
    head, rest = doc.split(start, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{start}\n{text}\n{end}{tail}", encoding="utf-8")


PAGES = ("README.md", "docs/*.md")


def block_modules() -> dict[str, object]:
    """``BLOCK -> module`` for every generator in ``experiments/tables/``."""
    import importlib.util

    found: dict[str, object] = {}
    for path in sorted((ROOT / "experiments" / "tables").glob("[!_]*.py")):
        spec = importlib.util.spec_from_file_location(f"_tables_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        if module.BLOCK in found:
            raise SystemExit(f"{path}: block {module.BLOCK!r} is generated twice")
        found[module.BLOCK] = module
    return found


def rewrite_blocks(root: Path = ROOT) -> list[str]:
    """Rewrite every ``experiments/tables`` block on every page that carries its markers."""
    done = []
    pages = [root / "README.md", *sorted((root / "docs").glob("*.md"))]
    for block, module in block_modules().items():
        start, end = f"<!-- {block}:start -->", f"<!-- {block}:end -->"
        text = None
        for page in pages:
            if start in page.read_text(encoding="utf-8"):
                text = module.render(root) if text is None else text  # type: ignore[attr-defined]
                _replace(page, start, end, text)
                done.append(f"{page.relative_to(root)}:{block}")
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs-dir", type=Path, default=ROOT / "runs")
    parser.add_argument("--configs-dir", type=Path, default=ROOT / "experiments")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md")
    parser.add_argument(
        "--print", action="store_true", help="print the table instead of rewriting the README"
    )
    args = parser.parse_args()
    text = table(args.runs_dir, args.configs_dir)
    if args.print:
        print(text)
        return
    _replace(args.readme, START, END, text)
    record = ROOT / "experiments" / "records" / "stance_unseen_targets.json"
    if record.exists():
        unseen = unseen_table(record)
        for doc in (args.readme, ROOT / "docs" / "stance.md"):
            _replace(doc, UNSEEN_START, UNSEEN_END, unseen)
    records = ROOT / "experiments" / "records"
    if (records / "distill_stance.json").exists():
        text = distill_table(
            records / "distill_stance.json", records / "stance_transformer" / "train_log.json"
        )
        _replace(ROOT / "docs" / "stance.md", DISTILL_START, DISTILL_END, text)
    done = rewrite_blocks()
    print(f"rewrote the results tables in {args.readme} and docs/stance.md; blocks: {', '.join(done) or 'none'}")


if __name__ == "__main__":
    main()
