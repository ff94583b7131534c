"""The stage contract shared by every pluggable step of :class:`~nlp_social.topics.model.TopicModel`.

A stage is any object with (duck typing; inheriting from :class:`Stage` is optional):

- ``fit(X) -> self`` and ``transform(X)`` (``fit_transform(X)`` is derived when missing);
- ``get_state() -> (config: dict, arrays: dict[str, np.ndarray])``: JSON-safe settings and learned arrays;
- ``set_state(config, arrays) -> self`` (classmethod-like ``from_state`` is :func:`stage_from_state`).

:class:`Stage` itself is the no-op stage: ``transform`` returns its input unchanged, so passing
``reducer=Stage()`` skips dimensionality reduction. Stages never do work in ``__init__``.
"""

from __future__ import annotations

import importlib
from typing import Any

import numpy as np

from nlp_social.errors import ModelFormatError

# registry of stage classes that can be rebuilt from a saved folder
_STAGES: dict[str, type] = {}


def register_stage(cls: type) -> type:
    """Class decorator: make a stage class loadable by name from a saved model folder."""
    _STAGES[cls.__name__] = cls
    return cls


@register_stage
class Stage:
    """Base class and no-op stage: ``fit`` learns nothing, ``transform`` is the identity."""

    def fit(self, X: Any, y: Any = None) -> Stage:
        return self

    def transform(self, X: Any) -> Any:
        return X

    def fit_transform(self, X: Any, y: Any = None) -> Any:
        return self.fit(X, y).transform(X)

    # persistence -------------------------------------------------------------------------------
    def get_params(self) -> dict[str, Any]:
        """Constructor arguments (JSON-safe), used to rebuild the stage."""
        return {}

    def get_state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """``(config, arrays)``: learned state, JSON-safe config plus numpy arrays."""
        return {}, {}

    def set_state(self, config: dict[str, Any], arrays: dict[str, np.ndarray]) -> Stage:
        return self

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"


def stage_to_state(stage: Any) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """Serialize any registered stage: ``({"class", "params", "config"}, arrays)``."""
    cls = type(stage).__name__
    if cls not in _STAGES:
        raise ModelFormatError(
            f"stage {cls} cannot be saved: only stages registered with @register_stage are saveable "
            "(custom stages: decorate the class and implement get_params/get_state/set_state)"
        )
    config, arrays = stage.get_state()
    return {
        "class": cls,
        "module": type(stage).__module__,
        "params": stage.get_params(),
        "config": config,
    }, arrays


# The package's own stage modules: importing them registers their classes. A saved folder names a class,
# never a module: loading a folder received from someone else must not import (run) anything it names.
_BUILTIN_STAGE_MODULES = (
    "nlp_social.topics.cluster",
    "nlp_social.topics.reduce",
    "nlp_social.topics.represent",
    "nlp_social.topics.vectorize",
    "nlp_social.topics.embedders",
)


def stage_from_state(meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> Any:
    """Rebuild a stage from a saved folder; only classes registered with :func:`register_stage` (the
    package's own, or a custom one whose module the caller imported) are allowed."""
    for module in _BUILTIN_STAGE_MODULES:
        importlib.import_module(module)
    cls_name = meta.get("class")
    cls = _STAGES.get(cls_name) if isinstance(cls_name, str) else None
    if cls is None:
        raise ModelFormatError(
            f"unknown stage class {cls_name!r} in saved model: only registered stages are loaded "
            f"({', '.join(sorted(_STAGES))}); a custom stage must be imported (and registered) before loading"
        )
    stage = cls(**meta.get("params", {}))
    return stage.set_state(meta.get("config", {}), arrays)
