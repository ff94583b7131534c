"""Save / load a fitted :class:`~nlp_social.topics.model.TopicModel` as a model folder (no pickle).

The folder follows the one model-folder contract (:mod:`nlp_social.model_folder`), format
``nlp_social.topic_model`` version 1:

- ``nlp_social.json``: ``format``, ``format_version``, ``versions`` (libraries the model was made with), model
  parameters, each stage's class / constructor params / JSON state, the topic ids, sizes, words (each in its
  own script, with the other script's form where it applies), labels and representative posts;
- ``arrays.npz``: every learned array (PCA mean/components, cluster centroids and HDBSCAN exemplars,
  lexical channel / lexical embedder IDF and SVD components, topic centroids, cluster->topic mapping, training
  topics and probabilities, and the sparse topic x term count matrix as CSR parts), read with
  ``allow_pickle=False``.

A folder of an older nlp_social (``model.json`` of format ``nlp_social.topics/1``) raises one
:class:`~nlp_social.errors.ModelFormatError` saying to fit or save it again.

``transform`` after ``load`` runs the same arithmetic on the same arrays, so predictions are identical.
Pretrained embedders are stored by spec (``"default"``, ``"e5"``, a path) and reloaded by name; a model fitted
with a custom embedder object needs ``TopicModel.load(dir, embedder=obj)`` (or ``embeddings=`` in transform).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from nlp_social.errors import ModelFormatError
from nlp_social.model_folder import load_arrays, read_model_config, save_arrays, write_model_config
from nlp_social.topics.base import _STAGES, stage_from_state, stage_to_state
from nlp_social.topics.model import TopicModel

FORMAT = "nlp_social.topic_model"
FORMAT_VERSION = 1
ARRAYS_FILE = "arrays.npz"


def _stage(name: str, stage: Any, arrays: dict[str, np.ndarray]) -> dict[str, Any] | None:
    if stage is None:
        return None

    if type(stage).__name__ not in _STAGES:
        return {"class": "external", "name": str(getattr(stage, "name", type(stage).__name__))}
    meta, arr = stage_to_state(stage)
    arrays.update({f"{name}.{k}": np.asarray(v) for k, v in arr.items()})
    return meta


def save_model(model: Any, path: str | os.PathLike) -> Path:
    """Write ``model`` into folder ``path`` (created; existing files of the same names are replaced)."""
    model._check_fitted()
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {}
    stages = {
        name: _stage(name, getattr(model, f"{name}_"), arrays)
        for name in ("embedder", "lexical", "reducer", "clusterer", "vectorizer", "representation")
    }
    C = sp.csr_matrix(model.topic_term_counts_)
    arrays.update({
        "centroids": model.centroids_, "mapping": model.mapping_, "topics": model.topics_,
        "probabilities": model.probabilities_, "counts.data": C.data, "counts.indices": C.indices,
        "counts.indptr": C.indptr, "counts.shape": np.asarray(C.shape, np.int64),
    })
    meta = {
        "params": model.get_params(),
        "stages": stages,
        "topic_ids": [int(t) for t in model.topic_ids_],
        "topic_sizes": {str(k): int(v) for k, v in model.topic_sizes_.items()},
        "topic_repr": {str(k): v for k, v in model.topic_repr_.items()},
        "representative_docs": {str(k): v for k, v in model.representative_docs_.items()},
    }
    save_arrays(out, ARRAYS_FILE, arrays)
    write_model_config(out, FORMAT, FORMAT_VERSION, meta)  # written last: a folder with it is complete
    return out


def load_model(path: str | os.PathLike, embedder: Any = None) -> Any:
    """Read a folder written by :func:`save_model`; ``embedder`` replaces an external (custom) embedder."""
    folder = Path(path)
    meta = read_model_config(folder, FORMAT, FORMAT_VERSION)
    mj = folder / "nlp_social.json"
    arrays = load_arrays(folder, ARRAYS_FILE)

    model = TopicModel(**meta["params"])
    for name, smeta in meta["stages"].items():
        if smeta is None:
            stage = None
        elif smeta.get("class") == "external":
            stage = embedder if name == "embedder" else None
            if stage is None and name != "embedder":
                raise ModelFormatError(f"{mj}: stage {name} was a custom object and cannot be rebuilt")
        else:
            prefix = f"{name}."
            stage = stage_from_state(smeta, {k[len(prefix):]: v for k, v in arrays.items() if k.startswith(prefix)})
        if name == "embedder" and embedder is not None:
            stage = embedder
        setattr(model, f"{name}_", stage)
    model.centroids_ = arrays["centroids"].astype(np.float32)
    model.mapping_ = arrays["mapping"].astype(np.int64)
    model.topics_ = arrays["topics"].astype(np.int64)
    model.probabilities_ = arrays["probabilities"].astype(np.float32)
    shape = tuple(int(s) for s in arrays["counts.shape"])
    model.topic_term_counts_ = sp.csr_matrix(
        (arrays["counts.data"], arrays["counts.indices"], arrays["counts.indptr"]), shape=shape)
    model.topic_ids_ = [int(t) for t in meta["topic_ids"]]
    model.topic_sizes_ = {int(k): int(v) for k, v in meta["topic_sizes"].items()}
    model.topic_repr_ = {int(k): v for k, v in meta["topic_repr"].items()}
    model.representative_docs_ = {int(k): v for k, v in meta["representative_docs"].items()}
    model._Z = None
    model._doc_term = None
    model._docs = None
    return model
