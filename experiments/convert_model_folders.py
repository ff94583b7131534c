"""One-off: rewrite the shipped LID, spelling and stance folders with the one model-folder contract.

Issue #16 item 3. Each old folder (``lid.json`` / ``spelling.json`` / ``config.json`` of its own format)
is read by the small legacy readers below, which build the model object exactly as the old ``load`` did,
and written again by the model's current ``save`` (``nlp_social.json`` + arrays). The weights are the
same; ``experiments/check_model_folders.py`` run before and after shows identical predictions.

    python experiments/convert_model_folders.py [--models-dir nlp_social/resources/models]

Also drops what the new folders no longer hold: ``lid_memo.json`` (raw training tokens, user names
included: a speed cache only), ``normalizer.json`` (now inside ``nlp_social.json``), the second copy of
the stance lexicon (``stance/lexicon/``) and the copy of the fast model inside ``stance_accurate/linear/``
(the accurate model now names the shipped fast model and checks its fingerprint).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------------------------ LID
def convert_lid(folder: Path) -> None:
    from nlp_social.lang.lid import LanguageIdentifier
    from nlp_social.lang.lid_features import WORDLIST_NAMES

    old = folder / "lid.json"
    if not old.exists():
        print(f"{folder}: no lid.json, already converted")
        return
    config = _json(old)
    assert config["format"] == "nlp_social.lid" and config["version"] == 3, config.get("version")
    model = LanguageIdentifier(**config["params"])
    with np.load(folder / "lid.npz", allow_pickle=False) as arrays:
        model.coef_ = arrays["coef"].astype(np.float32)
        model.ctx_coef_ = arrays["ctx_coef"].astype(np.float32)
        model.scaler_mean_ = arrays["scaler_mean"]
        model.scaler_scale_ = arrays["scaler_scale"]
        n = int(config["n_layers"])
        model.mlp_weights_ = [arrays[f"mlp_w{i}"] for i in range(n)]
        model.mlp_biases_ = [arrays[f"mlp_b{i}"] for i in range(n)]
        model.wordlist_hashes_ = {name: arrays[f"wordlist_{name}"] for name in WORDLIST_NAMES}
    model.intercept_ = float(config["intercept"])
    model.ctx_intercept_ = float(config["ctx_intercept"])
    model.ctx_s_weight_ = float(config["ctx_s_weight"])
    model.classes_ = list(config["classes"])
    model.training_info_ = config.get("training_info", {})
    model._reset_cache()
    model.save(folder)
    for name in ("lid.json", "lid_memo.json"):
        (folder / name).unlink(missing_ok=True)
    print(f"{folder}: rewritten")


# ------------------------------------------------------------------------------------------- spelling
def convert_spelling(folder: Path) -> None:
    from nlp_social.lang.spelling import SpellingNormalizer

    old = folder / "spelling.json"
    if not old.exists():
        print(f"{folder}: no spelling.json, already converted")
        return
    data = _json(old)
    assert data["format"] == "nlp_social.spelling" and data["version"] == 1, data.get("version")
    model = SpellingNormalizer(**data["params"])
    model.direct_ = data["direct"]
    model.variant_deva_ = data["variant_deva"]
    model.canonical_ = data["canonical"]
    model.english_ = data["english"]
    model.save(folder)  # records the fingerprint of the shipped transliterator it folds with
    old.unlink()
    print(f"{folder}: rewritten")


CONVERTERS = {"lid": convert_lid, "spelling": convert_spelling}


def main() -> None:
    from nlp_social.paths import MODELS_DIR

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models-dir", type=Path, default=MODELS_DIR)
    ap.add_argument("--only", nargs="*", choices=sorted(CONVERTERS), default=None)
    args = ap.parse_args()
    for name, convert in CONVERTERS.items():
        if args.only is None or name in args.only:
            convert(args.models_dir / name)


if __name__ == "__main__":
    main()
