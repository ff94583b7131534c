"""Rewrite a transliteration model folder of the old layout into the model-folder contract (one-off).

    python experiments/migrate_translit_folder.py nlp_social/resources/models/translit

Old layout: ``translit.json`` (+ ``translit.npz``, ``translit_nn.json``, ``translit_nn.npz``). New layout
(:meth:`nlp_social.lang.translit.Transliterator.save`): ``nlp_social.json`` (format
``nlp_social.transliterator``), ``words.json``, ``graphone.npz``, ``neural.npz``. The same arrays and
tables are carried over unchanged, so the model's outputs are identical; the package itself reads only the
new layout (an old folder gets one clear error). The old files are removed after the new ones are written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp_social.lang.translit import Transliterator  # noqa: E402
from nlp_social.lang.translit.model import JointNgram  # noqa: E402
from nlp_social.lang.translit.nn import NeuralTranslit  # noqa: E402


def read_legacy(path: Path) -> Transliterator:
    """The model of an old-layout folder (the reader this package had before the migration)."""
    config = json.loads((path / "translit.json").read_text(encoding="utf-8"))
    if config.get("format") != "nlp_social.translit" or config.get("version") != 1:
        raise SystemExit(f"{path}: not an old-layout transliteration folder")
    model = Transliterator(**config["params"])
    with np.load(path / "translit.npz", allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    mc = config["model"]
    model.model_ = JointNgram.from_arrays(
        mc["latn"], mc["deva"], arrays, mc["order"], mc["max_l"], mc["max_d"]
    )
    model.lexicon_latn_ = {k: [(d, int(c)) for d, c in v] for k, v in config["lexicon_latn"].items()}
    model.lexicon_deva_ = dict(config["lexicon_deva"])
    model.vocab_ = dict(zip(config["vocab"], arrays["vocab_logp"].astype(float).tolist(), strict=True))
    model._rkeys = dict(zip(config["vocab"], config["vocab_keys"], strict=True))
    model.train_stats_ = config.get("train_stats", {})
    model.nn_rescore_fit_ = config.get("nn_rescore_fit")
    model.nn_ = None
    if (path / "translit_nn.json").exists():
        nn_config = json.loads((path / "translit_nn.json").read_text(encoding="utf-8"))
        with np.load(path / "translit_nn.npz", allow_pickle=False) as data:
            model.nn_ = NeuralTranslit(nn_config, {k: data[k] for k in data.files})
    model._reset_cache()
    return model


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    model = read_legacy(args.folder)
    model.save(args.folder)
    print(f"rewrote {args.folder}: {sorted(p.name for p in args.folder.iterdir())}")


if __name__ == "__main__":
    main()
