"""Task adapters: each module has ``validate(cfg)`` (raises ConfigError naming key and file) and
``run(cfg, ctx) -> TaskResult``, calling the importable train/evaluate functions of its area."""

from __future__ import annotations

import importlib
from types import ModuleType

from nlp_social.errors import ConfigError

TASK_MODULES = {
    "stance": "nlp_social.experiments.tasks.stance",
    "lid": "nlp_social.experiments.tasks.lid",
    "translit": "nlp_social.experiments.tasks.translit",
    "embed": "nlp_social.experiments.tasks.embed",
    "topics": "nlp_social.experiments.tasks.topics",
    "normalization": "nlp_social.experiments.tasks.normalization",
}


def get_task(name: str) -> ModuleType:
    """The adapter module of task ``name`` (imported on demand: each task loads its own model stack)."""

    if name not in TASK_MODULES:
        raise ConfigError(f"unknown task {name!r}; tasks: {', '.join(sorted(TASK_MODULES))}")
    return importlib.import_module(TASK_MODULES[name])
