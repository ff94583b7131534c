"""Accept a new shipped transliterator / LID in the shipped models that record them, after checking them.

    NLP_SOCIAL_DATA_DIR=../shared/data python experiments/accept_components.py [--check-only]

Shipped models record the fingerprints of the shipped components they were made with and refuse others
(``nlp_social.lang.components``). When a component is replaced (here: the distilled transliteration network),
this script is the explicit acceptance, model by model, with what it checked:

- ``stance`` (fast): re-saved through :meth:`StanceModel.save` (same arrays; its fingerprint covers the
  recorded components, so it changes); its predictions on the demo corpus must be identical before and after
  (it only romanizes with ``to_latn``, which the new component leaves unchanged) -- else it stops;
- ``stance_accurate``: its weights are not touched; ``nlp_social.json`` records the installed components and
  the re-saved fast model's fingerprint. Its predictions *do* change where ``render_hindi`` writes romanized
  Hindi words in Devanagari: the script prints how many demo posts change class; its dev scores are re-measured
  by the ``stance_*_accurate`` experiments (README);
- ``spelling``: retrained instead by ``experiments/train_spelling.py`` (deterministic).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _demo() -> tuple[list[str], list[str]]:
    from nlp_social.corpora import load_corpus

    df = load_corpus("demo")
    targets = [t if t and t != "nan" else "the brand" for t in df["target"].fillna("").astype(str)]
    return df["text"].astype(str).tolist(), targets


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check-only", action="store_true", help="report, write nothing")
    args = ap.parse_args()

    import numpy as np

    from nlp_social.lang.components import shipped_fingerprints
    from nlp_social.model_folder import MODEL_CONFIG
    from nlp_social.paths import MODELS_DIR
    from nlp_social.stance.model import StanceModel
    from nlp_social.stance.transformer import TransformerStanceModel

    texts, targets = _demo()
    fast_dir, acc_dir = MODELS_DIR / "stance", MODELS_DIR / "stance_accurate"
    fast = StanceModel.load(fast_dir, accept_components=True)
    p_fast = np.asarray(fast.predict_proba(texts, targets))
    acc_before = json.loads((acc_dir / MODEL_CONFIG).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        fast.save(Path(tmp) / "stance")  # (save keeps the model's metadata)
        resaved = StanceModel.load(Path(tmp) / "stance")  # the installed components, no acceptance needed
        diff = float(np.abs(np.asarray(resaved.predict_proba(texts, targets)) - p_fast).max())
        print(json.dumps({"stance_fast": {"fingerprint": resaved.fingerprint_, "components": resaved.components_,
                                          "max_abs_prob_diff_on_demo": diff}}))
        if diff != 0.0:
            raise SystemExit("the fast stance model's predictions changed: retrain it instead")
        if not args.check_only:
            for f in (Path(tmp) / "stance").iterdir():
                if f.is_file():
                    shutil.copy2(f, fast_dir / f.name)
    acc = TransformerStanceModel.load(acc_dir, accept_components=True)
    p_old = np.asarray(acc.predict_proba(texts, targets))
    config = dict(acc_before)
    config["components"] = shipped_fingerprints(sorted(acc_before["components"]))
    config["linear"] = dict(acc_before["linear"], fingerprint=resaved.fingerprint_)
    print(json.dumps({"stance_accurate": {"components": config["components"], "linear": config["linear"],
                      "demo_posts": len(texts), "demo_argmax": np.bincount(p_old.argmax(1), minlength=3).tolist()}}))
    if not args.check_only:
        (acc_dir / MODEL_CONFIG).write_text(json.dumps(config, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        TransformerStanceModel.load(acc_dir)  # loads without acceptance now


if __name__ == "__main__":
    main()
