"""Experiment configs: a YAML file validated by pydantic models. An unknown or misspelled key is a
:class:`ConfigError` that names the key, the file, and the closest known key."""

from __future__ import annotations

import difflib
import hashlib
import json
import os
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from nlp_social.errors import ConfigError
from nlp_social.io.options import parse_override

TASK_NAMES = ("normalization", "lid", "translit", "embed", "topics", "stance")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DataSpec(_Strict):
    """Where the data comes from: corpus specs (``name:split``) or file paths, per role."""

    train: list[str] = Field(default_factory=list, description="training sources (corpus specs or files)")
    test: list[str] = Field(default_factory=list, description="evaluation sources; empty -> cross-validation")
    dev: list[str] = Field(default_factory=list, description="development sources (tuning, early stopping)")
    text_col: str = "text"
    label_col: str = "label"
    target_col: str = "target"
    limit: int | None = Field(default=None, ge=1, description="at most this many rows per source (seeded sample)")

    @field_validator("train", "test", "dev", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        if value is None:
            return []
        return [value] if isinstance(value, str) else value


class ModelSpec(BaseModel):
    """``kind`` picks the model; every other key is a parameter of that model (checked by the task)."""

    model_config = ConfigDict(extra="allow")

    kind: str

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class EvalSpec(_Strict):
    metrics: list[str] = Field(default_factory=list, description="headline metrics (first = the results table's)")
    cv_folds: int = Field(default=5, ge=2, le=20, description="folds when no test data is given")
    baselines: list[str] = Field(default_factory=list)
    learning_curve: list[float] = Field(default_factory=list, description="training fractions, e.g. [0.25, 0.5, 1]")
    options: dict[str, Any] = Field(default_factory=dict, description="task-specific evaluation options")
    selected_on: str = Field(
        default="",
        description=(
            "what of the scored data was used to choose settings of the model, in words (empty: nothing; "
            "the results table then reports the split as held out from selection)"
        ),
    )

    @field_validator("learning_curve")
    @classmethod
    def _fractions(cls, value: list[float]) -> list[float]:
        for f in value:
            if not 0 < f <= 1:
                raise ValueError(f"learning_curve fractions must be in (0, 1], got {f}")
        return sorted(value)


class ExperimentConfig(_Strict):
    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    task: Literal["normalization", "lid", "translit", "embed", "topics", "stance"]
    description: str = ""
    seed: int = 0
    data: DataSpec = Field(default_factory=DataSpec)
    model: ModelSpec
    evaluation: EvalSpec = Field(default_factory=EvalSpec)

    _source: str = PrivateAttr(default="<config>")
    _overrides: list[str] = PrivateAttr(default_factory=list)

    @property
    def source(self) -> str:
        return self._source

    @property
    def overrides(self) -> list[str]:
        return list(self._overrides)

    def resolved(self) -> dict[str, Any]:
        """The config after overrides, as plain JSON-able data (what the run records)."""
        return self.model_dump(mode="json")

    def sha256(self) -> str:
        return hashlib.sha256(json.dumps(self.resolved(), sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    def error(self, key: str, message: str) -> ConfigError:
        """A ConfigError about ``key`` of this config, naming the file."""
        return ConfigError(f"{self._source}: {key}: {message}")


def _known_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names of the pydantic model at ``loc`` (for 'did you mean')."""
    current: Any = model
    for part in loc:
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            current = annotation
        else:
            return []
    return list(getattr(current, "model_fields", {}))


def _config_error(exc: ValidationError, source: str) -> ConfigError:
    lines = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        key = ".".join(str(p) for p in loc) or "(top level)"
        if err["type"] == "extra_forbidden":
            known = _known_keys(ExperimentConfig, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            lines.append(f"unknown key {key!r}{hint} (known keys here: {', '.join(known)})")
        elif err["type"] == "missing":
            lines.append(f"missing key {key!r}")
        else:
            lines.append(f"key {key!r}: {err['msg']}")
    return ConfigError(f"{source}: invalid experiment config: " + "; ".join(lines))


def apply_overrides(raw: dict[str, Any], overrides: list[str], source: str) -> dict[str, Any]:
    """Set each ``KEY.PATH=VALUE`` in a copy of ``raw`` (a typo in KEY is caught by validation)."""
    data = json.loads(json.dumps(raw))
    for item in overrides:
        path, value = parse_override(item)
        node = data
        for i, part in enumerate(path[:-1]):
            child = node.get(part)
            if child is None:
                child = node[part] = {}
            if not isinstance(child, dict):
                where = ".".join(path[: i + 1])
                raise ConfigError(f"{source}: --set {item!r}: {where!r} is not a mapping")
            node = child
        node[path[-1]] = value
    return data


def load_config(path: str | os.PathLike, overrides: list[str] | None = None) -> ExperimentConfig:
    """Read, override and validate an experiment YAML file."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"experiment config {path} not found")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: an experiment config is a YAML mapping (name, task, data, model, ...)")
    return config_from_dict(raw, source=str(path), overrides=overrides or [])


def config_from_dict(raw: dict[str, Any], source: str = "<config>", overrides: list[str] | None = None) -> ExperimentConfig:
    overrides = list(overrides or [])
    data = apply_overrides(raw, overrides, source)
    try:
        cfg = ExperimentConfig.model_validate(data)
    except ValidationError as exc:
        suffix = f" (with --set {' '.join(overrides)})" if overrides else ""
        raise _config_error(exc, source + suffix) from None
    cfg._source = source
    cfg._overrides = overrides
    return cfg
