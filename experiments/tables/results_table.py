"""The README's results table: one row per ``experiments/*.yaml``, from its latest recorded run."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from nlp_social.experiments.compare import list_runs
from nlp_social.experiments.config import load_config

BLOCK = "results-table"


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


def _selected_on(cfg, resolved: dict) -> str:
    """What of the scored data chose the model's settings: the config's own declaration, else 'no'."""
    declared = cfg.evaluation.selected_on or resolved.get("evaluation", {}).get("selected_on", "")
    if declared:
        return f"yes: {declared}"
    if not resolved.get("data", {}).get("test") and resolved.get("task") in ("stance", "normalization"):
        return "no (CV folds on train)"
    return "no"


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
    """One row per experiment config: the latest successful run's headline metric and baselines."""
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
                    "selected_on": "",
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
                "selected_on": _selected_on(cfg, resolved),
                "run": run_dir.name,
            }
        )
    return out


def table(runs_dir: Path, configs_dir: Path) -> str:
    lines = [
        "| experiment | task | scored on | scored split used for selection | metric | model | score | baselines (same run) | run |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows(runs_dir, configs_dir):
        cells = [
            r["experiment"],
            r["task"],
            r["data"],
            r["selected_on"],
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
        "trained on the train splits (minus a selection part) and never on the scored split. A row whose "
        "scored split chose some of the model's settings (declared by `evaluation.selected_on` in its config) "
        "says so: its score is optimistic, not a held-out result.",
    ]
    return "\n".join(lines)


def render(root: Path) -> str:
    return table(root / "runs", root / "experiments")
