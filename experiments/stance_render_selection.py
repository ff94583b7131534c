"""Selection-part check: does writing romanized Hindi in Devanagari before encoding help ``accurate``?

    NLP_SOCIAL_DATA_DIR=../shared/data python experiments/stance_render_selection.py

Scores the shipped transformer on the ``selection`` rows (romanized, as the corpora are written), once on
the posts as written and once with the words language ID tags Hindi rendered in Devanagari, alone and
blended with the linear model. Writes ``experiments/records/stance_render_selection.json``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stance_transformer_data import build_table  # noqa: E402

from nlp_social.stance.load import load_stance_model  # noqa: E402

LABELS = np.array(["AGAINST", "FAVOR", "NONE"])
CORPORA = ("swami", "semeval", "covid", "pstance", "ukp")


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


def main() -> None:
    rows = build_table(os.environ.get("NLP_SOCIAL_DATA_DIR", "../shared/data"))
    sel = rows[(rows["part"] == "selection") & (rows["script"] == "latn")]
    model = load_stance_model("accurate")
    texts, targets = list(sel["text"]), list(sel["target"])
    logits = {}
    for render in (False, True):
        model.render_hindi = render
        logits["render" if render else "plain"] = model.decision_function(texts, targets)
    linear = model.linear_.predict_proba(texts, targets=targets)
    w = model.blend_weights(targets)[:, None]
    out = {"linear_weight": model.linear_weight}
    for name, z in logits.items():
        for blend in ("transformer", "blend"):
            p = softmax(z) if blend == "transformer" else (1 - w) * softmax(z) + w * linear
            pred = LABELS[p.argmax(1)]
            per = {
                c: float(
                    f1_score(
                        sel["label"][sel["corpus"] == c],
                        pred[(sel["corpus"] == c).to_numpy()],
                        average="macro",
                    )
                )
                for c in CORPORA
            }
            per["mean"] = float(np.mean(list(per.values())))
            out[f"{name}/{blend}"] = per
    path = Path(__file__).resolve().parent / "records" / "stance_render_selection.json"
    path.write_text(json.dumps(out, indent=1))
    print(json.dumps({k: v["mean"] if isinstance(v, dict) else v for k, v in out.items()}, indent=1))


if __name__ == "__main__":
    main()
