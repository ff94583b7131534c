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
import filecmp
import json
import shutil
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


# --------------------------------------------------------------------------------------------- stance
def convert_stance(folder: Path) -> None:
    import scipy.sparse as sp

    from nlp_social.stance.features import FeatureConfig, StanceFeaturizer
    from nlp_social.stance.lexicon import Lexicon
    from nlp_social.stance.model import StanceModel, _components
    from nlp_social.text.normalizer import Normalizer

    old = folder / "config.json"
    if not old.exists():
        print(f"{folder}: no config.json, already converted")
        return
    config = _json(old)
    assert config["format"] == "nlp_social.stance.linear/1", config.get("format")
    assert not (folder / "sentiment").exists() and config["params"]["embedder"] is None
    feat_cfg = FeatureConfig.from_dict(config["features"])
    model = StanceModel(**config["params"], features=FeatureConfig.from_dict(config["features"]))
    model.normalizer_ = Normalizer.load(folder)
    model.lexicon_ = Lexicon.load(folder / "lexicon.json") if feat_cfg.lexicon else None
    model.featurizer_ = StanceFeaturizer(feat_cfg, model.normalizer_, model.lexicon_)
    model.sentiment_ = None
    model.embedder_ = None
    with np.load(folder / "arrays.npz", allow_pickle=False) as arr:
        model.featurizer_.idf_word_ = arr["idf_word"]
        model.featurizer_.idf_char_ = arr["idf_char"]
        model.columns_ = arr["columns"]
        model.coef_ = arr["coef"]
        model.intercept_ = arr["intercept"]
        model.class_bias_ = arr["class_bias"]
        model.target_vectors_ = sp.csr_matrix(
            (arr["tv_data"], arr["tv_indices"], arr["tv_indptr"]), shape=tuple(arr["tv_shape"])
        )
    model.classes_ = np.array(config["classes"])
    model.temperature_ = float(config["temperature"])
    model.targets_ = list(config["targets"])
    model.target_texts_ = list(config["target_texts"])
    model.metadata_ = config.get("metadata", {})
    model.components_ = _components(feat_cfg)  # the shipped transliterator it predicts with today
    model.save(folder)
    old.unlink()
    (folder / "normalizer.json").unlink()
    lexicon_copy = folder / "lexicon" / "lexicon.json"
    if lexicon_copy.exists():  # the second copy of the shipped lexicon (Lexicon.default() read it)
        assert Lexicon.load(lexicon_copy).fingerprint() == model.lexicon_.fingerprint()
        shutil.rmtree(folder / "lexicon")
    print(f"{folder}: rewritten (fingerprint {model.fingerprint_})")


def convert_stance_accurate(folder: Path) -> None:
    """The weights file stays byte for byte (re-quantizing could move a scale by one ulp); only the config
    is written, and ``linear/`` (a copy of the shipped fast model) becomes a reference to it."""
    from safetensors.numpy import load_file

    from nlp_social.model_folder import write_model_config
    from nlp_social.stance.load import shipped_fingerprint
    from nlp_social.stance.model import StanceModel
    from nlp_social.stance.transformer import FORMAT, FORMAT_VERSION, TransformerStanceModel

    old = folder / "config.json"
    if not old.exists():
        print(f"{folder}: no config.json, already converted")
        return
    config = _json(old)
    assert config["format"] == "nlp_social.stance.transformer" and config["format_version"] == 1
    model = TransformerStanceModel.from_tensors(
        load_file(str(folder / "weights.safetensors")),
        config["params"],
        config["classes"],
        config.get("metadata", {}),
        base=config["base"],
    )
    linear = None
    if (folder / "linear").is_dir():
        fast = folder.parent / "stance"
        assert _LINEAR_IS_FAST, "stance_accurate/linear/ differs from the shipped fast model: keep it"
        fp = shipped_fingerprint("fast")
        assert StanceModel.load(fast).fingerprint_ == fp
        linear = {"shipped": "fast", "fingerprint": fp}
    write_model_config(
        folder,
        FORMAT,
        FORMAT_VERSION,
        {
            "params": config["params"],
            "classes": config["classes"],
            "base": config["base"],
            "linear": linear,
            "components": model._components(),
            "metadata": {**config.get("metadata", {}), "trained_with_versions": config.get("versions", {})},
        },
    )
    old.unlink()
    if linear is not None:
        shutil.rmtree(folder / "linear")
    print(f"{folder}: rewritten")


_LINEAR_IS_FAST = False  # set by main() before any folder is rewritten


def linear_is_fast(models_dir: Path) -> bool:
    """Whether ``stance_accurate/linear/`` holds the old fast model's files, byte for byte."""
    linear, fast = models_dir / "stance_accurate" / "linear", models_dir / "stance"
    files = sorted(p.name for p in linear.iterdir() if p.is_file()) if linear.is_dir() else []
    return bool(files) and all(filecmp.cmp(linear / n, fast / n, shallow=False) for n in files)


CONVERTERS = {
    "lid": convert_lid,
    "spelling": convert_spelling,
    "stance": convert_stance,
    "stance_accurate": convert_stance_accurate,
}


def main() -> None:
    from nlp_social.paths import MODELS_DIR

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models-dir", type=Path, default=MODELS_DIR)
    ap.add_argument("--only", nargs="*", choices=sorted(CONVERTERS), default=None)
    args = ap.parse_args()
    global _LINEAR_IS_FAST
    _LINEAR_IS_FAST = linear_is_fast(args.models_dir)
    for name, convert in CONVERTERS.items():
        if args.only is None or name in args.only:
            convert(args.models_dir / name)


if __name__ == "__main__":
    main()
