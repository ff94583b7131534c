"""Predictions of the shipped LID, spelling and stance models on the demo corpus, as one JSON file.

Run it before and after rewriting the shipped model folders (issue #16: one model-folder contract) and
compare the two files: the weights are the same, so every tag, spelling and probability must be too.

    python experiments/check_model_folders.py OUT.json [--no-accurate]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def predictions(accurate: bool = True) -> dict:
    from nlp_social import load_corpus
    from nlp_social.lang.lid import LanguageIdentifier
    from nlp_social.lang.mix import social_token_spans
    from nlp_social.lang.spelling import SpellingNormalizer
    from nlp_social.stance.load import load_stance_model

    demo = load_corpus("demo", "all")
    texts = [str(t) for t in demo["text"]]
    targets = [str(t) if isinstance(t, str) and t.strip() else "the brand" for t in demo["target"]]
    tokens = [[s[0] for s in social_token_spans(t)] for t in texts]
    lid = LanguageIdentifier.default()
    spelling = SpellingNormalizer.default()
    out: dict = {
        "lid_tags": lid.predict(tokens),
        "lid_proba": [p.tolist() for p in lid.predict_proba(tokens)],
        "spelling": [spelling.normalize(t) for t in texts],
    }
    names = ("fast", "accurate") if accurate else ("fast",)
    for name in names:
        model = load_stance_model(name)
        out[f"stance_{name}_classes"] = [str(c) for c in model.classes_]
        out[f"stance_{name}_proba"] = model.predict_proba(texts, targets=targets).tolist()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--no-accurate", action="store_true", help="skip the transformer stance model")
    args = ap.parse_args()
    args.out.write_text(json.dumps(predictions(not args.no_accurate)), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
