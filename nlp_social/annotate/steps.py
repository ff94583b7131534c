"""Annotation steps: small objects with ``name``, ``version``, lazy ``load()`` and ``process(batch)``.

A step holds only its configuration until ``load()`` runs, so it pickles cheaply to worker processes
(multiprocessing spawn, Dask) and each worker loads its own models once. ``process`` receives a
:class:`Batch` (the records plus the columns earlier steps produced) and returns new columns, one value
per record, in order. Every step is optional; a step whose module has not been installed or built raises
:class:`~nlp_social.errors.MissingDependencyError` / :class:`~nlp_social.errors.ConfigError` when asked for,
never a silent skip.

Custom steps: any class with this interface, named ``"package.module:ClassName"`` in ``steps=``/``--steps``.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from nlp_social.errors import ConfigError, MissingDependencyError, NlpSocialError
from nlp_social.paths import MODELS_DIR
from nlp_social.stance.load import resolve_stance_model
from nlp_social.text.tokenize import CachedTokenizer

STEP_ORDER = ("normalize", "lid", "embed", "topics", "stance")


@dataclass
class Batch:
    """A run of records going through the steps together; ``columns`` grows as steps run."""

    ids: list[str]
    texts: list[str]
    metas: list[dict[str, Any]]
    columns: dict[str, list[Any]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.texts)

    def column(self, name: str, step: str) -> list[Any]:
        try:
            return self.columns[name]
        except KeyError:
            raise ConfigError(
                f"step {step!r} needs column {name!r}, which no earlier step produced"
            ) from None


class Step:
    """Base class of annotation steps (subclasses override the class attributes and methods)."""

    name: str = "step"
    version: str = "1"
    requires: tuple[str, ...] = ()

    def __init__(self) -> None:
        self._loaded = False
        self._lock = threading.Lock()

    # -- lifecycle -----------------------------------------------------------------------------------
    def load(self) -> None:
        """Load models (idempotent, thread-safe); called once per worker before the first batch."""
        if self._loaded:
            return
        with self._lock:
            if not self._loaded:
                self._load()
                self._loaded = True

    def _load(self) -> None:  # pragma: no cover - trivial default
        pass

    def process(self, batch: Batch) -> dict[str, list[Any]]:
        raise NotImplementedError

    def fields(self) -> list[pa.Field]:
        """Output columns this step adds (Arrow fields with a ``doc`` in their metadata)."""
        return []

    def fingerprint(self) -> dict[str, Any]:
        """What identifies this step's output: name, version and model identity (for resume checks)."""
        return {"name": self.name, "version": self.version}

    # Steps travel to worker processes without their loaded models.
    def __getstate__(self) -> dict[str, Any]:
        state = {k: v for k, v in self.__dict__.items() if not k.startswith("_m_")}
        state.pop("_lock", None)
        state["_loaded"] = False
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, version={self.version!r})"


def _field(name: str, type_: pa.DataType, doc: str) -> pa.Field:
    return pa.field(name, type_, nullable=True, metadata={"doc": doc})


def _import(module: str, step: str, package: str | None = None) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        if package is not None and exc.name and exc.name.split(".")[0] == package.split("[")[0]:
            raise MissingDependencyError(package, feature=f"the annotation step {step!r}") from exc
        raise ConfigError(
            f"the annotation step {step!r} is not available: module {module!r} cannot be imported ({exc})"
        ) from exc


def dir_fingerprint(path: str | os.PathLike) -> str:
    """sha256 over the files of a model folder (names + contents), so a retrained model is noticed."""
    path = Path(path)
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        digest.update(str(file.relative_to(path) if path.is_dir() else file.name).encode())
        with open(file, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:16]


# ------------------------------------------------------------------------------------------------------
class NormalizeStep(Step):
    """Text normalization (``nlp_social.text.Normalizer``): normalized text and its tokens."""

    name = "normalize"
    version = "1"

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.config = dict(config or {})

    def _load(self) -> None:
        mod = _import("nlp_social.text.normalizer", self.name)
        self._m_norm = mod.Normalizer(**self.config)
        # Normalizer.tokenize(x) == spacy_tokens(normalize(x)): normalize once, not twice; tokens are
        # cached per distinct whitespace chunk across the run (one spaCy call per chunk, not per post)
        self._m_tokenize = CachedTokenizer()

    def process(self, batch: Batch) -> dict[str, list[Any]]:
        normalized = list(self._m_norm.pipe(batch.texts))
        tokenize = self._m_tokenize
        return {"text_norm": normalized, "tokens": [tokenize(t) for t in normalized]}

    def fields(self) -> list[pa.Field]:
        return [
            _field("text_norm", pa.string(), "normalized text (nlp_social.text.Normalizer)"),
            _field("tokens", pa.list_(pa.string()), "tokens of the normalized text"),
        ]

    def fingerprint(self) -> dict[str, Any]:
        mod = _import("nlp_social.text.normalizer", self.name)
        config = mod.Normalizer(**self.config).to_dict()
        return {"name": self.name, "version": self.version, "config": config}


# ------------------------------------------------------------------------------------------------------
def _script_mix(scripts: Sequence[str]) -> str:
    """``"none"``, one ISO 15924 script (``Deva``, ``Latn``) or ``"Latn+Deva"``: scripts of the tokens
    with letters, by frequency (ties by name)."""
    counts: dict[str, int] = {}
    for s in scripts:
        if s == "Zyyy":  # no letters: digits, punctuation, emoji
            continue
        counts[s] = counts.get(s, 0) + 1
    if not counts:
        return "none"
    return "+".join(sorted(counts, key=lambda s: (-counts[s], s)))


class LidStep(Step):
    """Token-level language ID (hi / en / other), post language, script mix and Code-Mixing Index."""

    name = "lid"
    version = "1"
    requires = ("normalize",)

    def __init__(self, model: str | None = None) -> None:
        super().__init__()
        self.model = model

    def _load(self) -> None:
        lid = _import("nlp_social.lang.lid", self.name)
        mix = _import("nlp_social.lang.mix", self.name)
        cls = lid.LanguageIdentifier
        self._m_lid = cls.load(self.model) if self.model else cls.default()
        self._m_cmi = mix.cmi
        self._m_script_of = mix.script_of
        self._m_dominant = mix.dominant_lang

    def process(self, batch: Batch) -> dict[str, list[Any]]:
        tokens = batch.column("tokens", self.name)
        tags = self._m_lid.predict(tokens)
        script_of = self._m_script_of
        scripts = [[script_of(t) for t in toks] for toks in tokens]
        return {
            "token_langs": [list(t) for t in tags],
            "lang": [self._m_dominant(t) for t in tags],
            "cmi": [float(self._m_cmi(t)) if t else 0.0 for t in tags],
            "token_scripts": scripts,
            "script_mix": [_script_mix(s) for s in scripts],
        }

    def fields(self) -> list[pa.Field]:
        return [
            _field("token_langs", pa.list_(pa.string()), "language of each token: hi, en or other"),
            _field("lang", pa.string(), "dominant language of the post: hi, en or other (how mixed: cmi)"),
            _field("cmi", pa.float64(), "Code-Mixing Index (Das & Gambäck 2014), 0 = monolingual"),
            _field(
                "token_scripts",
                pa.list_(pa.string()),
                "ISO 15924 script of each token: Deva, Latn, Zyyy (no letters), ...",
            ),
            _field(
                "script_mix",
                pa.string(),
                "scripts of the tokens with letters, by frequency: 'Latn+Deva', 'none'",
            ),
        ]

    def fingerprint(self) -> dict[str, Any]:
        fp = {"name": self.name, "version": self.version, "model": "default"}
        if self.model:
            fp["model"] = dir_fingerprint(self.model)
        else:
            fp["model"] = _shipped_fingerprint("lid")
        return fp


def _shipped_fingerprint(name: str) -> str:
    path = MODELS_DIR / name
    return f"shipped:{dir_fingerprint(path)}" if path.exists() else "shipped:absent"


# ------------------------------------------------------------------------------------------------------
class EmbedStep(Step):
    """Sentence embeddings (``nlp_social.embed.load_embedder``), float32, L2-normalized."""

    name = "embed"
    version = "1"

    def __init__(self, model: str | None = None, batch_size: int = 256) -> None:
        super().__init__()
        self.model = model
        self.batch_size = batch_size

    def _load(self) -> None:
        mod = _import("nlp_social.embed", self.name)
        if not hasattr(mod, "load_embedder"):
            raise ConfigError(
                "the annotation step 'embed' is not available: nlp_social.embed.load_embedder is missing"
            )
        self._m_emb = mod.load_embedder(self.model)

    def process(self, batch: Batch) -> dict[str, list[Any]]:
        # models get the original text: each does its own preprocessing, as when used on its own
        vectors = self._m_emb.encode(list(batch.texts), batch_size=self.batch_size)
        return {"embedding": list(vectors.astype("float32", copy=False))}

    def fields(self) -> list[pa.Field]:
        return [_field("embedding", pa.list_(pa.float32()), "sentence embedding of the text (L2-normalized)")]

    def fingerprint(self) -> dict[str, Any]:
        model = (
            dir_fingerprint(self.model)
            if self.model and Path(self.model).exists()
            else (self.model or "default")
        )
        if model == "default":
            model = _shipped_fingerprint("embedder")
        return {"name": self.name, "version": self.version, "model": model}


# ------------------------------------------------------------------------------------------------------
FIT_PREFIX = "fit"
DEFAULT_FIT_SAMPLE = 10_000


def parse_fit(model: str | None) -> int | None:
    """``"fit"`` -> the default sample size, ``"fit:N"`` -> N, anything else -> None."""
    if model is None or not str(model).startswith(FIT_PREFIX) or Path(str(model)).exists():
        return None
    head, _, n = str(model).partition(":")
    if head != FIT_PREFIX:
        return None
    try:
        value = int(n) if n else DEFAULT_FIT_SAMPLE
    except ValueError:
        raise ConfigError(f"--topic-model {model!r}: expected a folder, 'fit' or 'fit:N'") from None
    if value < 10:
        raise ConfigError(f"--topic-model {model!r}: fit on at least 10 posts")
    return value


class TopicsStep(Step):
    """Topic assignment with a fitted ``TopicModel`` (``TopicModel.load(dir).transform``).

    ``model="fit"`` (or ``"fit:N"``): the batch runner first fits a ``TopicModel(random_state=0)`` on the
    first N readable posts of the input (default 10,000), keeps it in ``OUT/_topic_model`` and ships its
    files to the workers (so remote Dask workers need no shared filesystem).
    """

    name = "topics"
    version = "1"
    n_words = 10

    def __init__(self, model: str | None = None) -> None:
        super().__init__()
        self.fit_n = parse_fit(model)
        self.model = None if self.fit_n else model
        self.files: dict[str, bytes] | None = None  # the fitted model's files, set by the runner
        self.embed_spec: str | None = None  # the embed step's model, when that step runs first

    def attach_fitted(self, folder: str | os.PathLike) -> None:
        folder = Path(folder)
        self.model = str(folder)
        self.files = {
            str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
        }

    def _load(self) -> None:
        mod = _import("nlp_social.topics.model", self.name)
        cls = mod.TopicModel
        if self.fit_n and not self.files:
            raise ConfigError(
                "topic_model='fit' needs the batch runner (nlp-social annotate / annotate_files)"
            )
        if self.files:
            import tempfile

            folder = Path(tempfile.mkdtemp(prefix="nlp_social_topics_"))
            for name, data in self.files.items():
                (folder / name).parent.mkdir(parents=True, exist_ok=True)
                (folder / name).write_bytes(data)
            try:
                self._m_topics = cls.load(str(folder))
            finally:
                import shutil

                shutil.rmtree(folder, ignore_errors=True)
        elif self.model:
            self._m_topics = cls.load(self.model)
        elif hasattr(cls, "default"):
            self._m_topics = cls.default()
        else:
            raise ConfigError(
                "the annotation step 'topics' needs a fitted topic model: pass --topic-model DIR"
            )
        self._m_words: dict[int, list[str]] = {}

    def _same_embedder(self) -> bool:
        """Whether the topic model embeds with the very model of the embed step (a named pretrained
        embedder with the same spec): its vectors are then the embed step's, which are passed in
        instead of computed a second time (same vectors: each row depends only on its own text)."""
        emb = getattr(self._m_topics, "embedder_", None)
        if self.embed_spec is None or type(emb).__name__ != "PretrainedEmbedder":
            return False

        def spec(x: Any) -> str:
            return "default" if x in (None, "", "default") else str(x)

        return spec(getattr(emb, "spec", None)) == spec(self.embed_spec)

    def _words(self, topic: int) -> list[str]:
        words = self._m_words.get(topic)
        if words is None:
            raw = self._m_topics.get_topic(topic) if topic >= 0 else []
            words = [w[0] if isinstance(w, list | tuple) else str(w) for w in (raw or [])][: self.n_words]
            self._m_words[topic] = words
        return words

    def process(self, batch: Batch) -> dict[str, list[Any]]:
        texts = list(batch.texts)
        model = self._m_topics
        kwargs = {}
        if "embedding" in batch.columns and (
            getattr(model, "accepts_embeddings", False) or self._same_embedder()
        ):
            import numpy as np

            kwargs["embeddings"] = np.vstack(batch.columns["embedding"])
        topics, probs = model.transform(texts, **kwargs)
        topics = [int(t) for t in topics]
        if probs is None:
            probs_out: list[float | None] = [None] * len(topics)
        else:
            import numpy as np

            arr = np.asarray(probs)
            probs_out = [float(x) for x in (arr.max(axis=1) if arr.ndim == 2 else arr)]
        return {"topic_id": topics, "topic_prob": probs_out, "topic_words": [self._words(t) for t in topics]}

    def fields(self) -> list[pa.Field]:
        return [
            _field("topic_id", pa.int32(), "topic id (-1 = outlier / no topic)"),
            _field("topic_prob", pa.float32(), "probability (or score) of the assigned topic"),
            _field("topic_words", pa.list_(pa.string()), "top words of the assigned topic"),
        ]

    def fingerprint(self) -> dict[str, Any]:
        if self.fit_n:  # the fitted model is a function of the input and this setting
            model = f"{FIT_PREFIX}:{self.fit_n}"
        else:
            model = dir_fingerprint(self.model) if self.model else _shipped_fingerprint("topics")
        return {"name": self.name, "version": self.version, "model": model}


# ------------------------------------------------------------------------------------------------------
class StanceStep(Step):
    """Stance toward each target: label + class probabilities (``StanceModel.predict_proba``).

    Targets come from ``targets`` (every post against every target); without them, from each record's
    ``target`` metadata field (posts without one get an empty list).
    """

    name = "stance"
    version = "1"

    def __init__(self, model: str | None = None, targets: Sequence[str] | None = None) -> None:
        super().__init__()
        self.model = model
        self.targets = [t.strip() for t in (targets or []) if t and t.strip()]
        self.classes: list[str] | None = None

    def _load(self) -> None:
        mod = _import("nlp_social.stance.load", self.name)
        self._m_stance = mod.load_stance_model(self.model)
        self.classes = [str(c) for c in self._m_stance.classes_]

    def _predict(self, texts: list[str], targets: list[str]) -> list[dict[str, Any]]:
        import numpy as np

        if not texts:
            return []
        proba = np.asarray(self._m_stance.predict_proba(texts, targets=targets), dtype="float64")
        classes = self.classes or []
        best = proba.argmax(axis=1)
        return [
            {
                "target": target,
                "label": classes[int(b)],
                "score": float(p[b]),
                "proba": {c: float(v) for c, v in zip(classes, p, strict=True)},
            }
            for target, p, b in zip(targets, proba, best, strict=True)
        ]

    def process(self, batch: Batch) -> dict[str, list[Any]]:
        pairs: list[tuple[int, str]] = []  # (post index, target): one model call for the whole batch
        for i, meta in enumerate(batch.metas):
            if self.targets:
                pairs.extend((i, t) for t in self.targets)
            else:
                target = meta.get("target") if meta else None
                if isinstance(target, str) and target.strip():
                    pairs.append((i, target.strip()))
        preds = self._predict([batch.texts[i] for i, _ in pairs], [t for _, t in pairs])
        out: list[list[dict[str, Any]]] = [[] for _ in range(len(batch))]
        for (i, _), pred in zip(pairs, preds, strict=True):
            out[i].append(pred)
        return {"stance": out}

    def stance_classes(self) -> list[str]:
        if self.classes is None:
            self.load()
        return list(self.classes or [])

    def fields(self) -> list[pa.Field]:
        proba = pa.struct([pa.field(c, pa.float64()) for c in self.stance_classes()])
        item = pa.struct(
            [
                pa.field("target", pa.string()),
                pa.field("label", pa.string()),
                pa.field("score", pa.float64()),
                pa.field("proba", proba),
            ]
        )
        return [
            _field(
                "stance",
                pa.list_(item),
                "one entry per target: target, label (argmax), score (its probability), proba per class",
            )
        ]

    def fingerprint(self) -> dict[str, Any]:
        name, path = resolve_stance_model(self.model)
        model = dir_fingerprint(path) if name == str(path) else f"shipped:{name}:{dir_fingerprint(path)}"
        return {"name": self.name, "version": self.version, "model": model, "targets": self.targets}


BUILTIN_STEPS: dict[str, type[Step]] = {
    "normalize": NormalizeStep,
    "lid": LidStep,
    "embed": EmbedStep,
    "topics": TopicsStep,
    "stance": StanceStep,
}


def _load_custom(spec: str) -> Step:
    module, _, attr = spec.partition(":")
    try:
        obj = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"custom annotation step {spec!r} cannot be imported: {exc}") from exc
    step = obj() if isinstance(obj, type) else obj
    for attr_name in ("name", "version", "load", "process"):
        if not hasattr(step, attr_name):
            raise ConfigError(f"custom annotation step {spec!r} has no {attr_name!r}")
    return step


def step_available(name: str, *, model: str | None = None) -> tuple[bool, str]:
    """Whether a built-in step can run here: its module imports and ``model`` (or its shipped one) exists."""
    modules = {
        "normalize": ["nlp_social.text.normalizer"],
        "lid": ["nlp_social.lang.lid", "nlp_social.lang.mix"],
        "embed": ["nlp_social.embed"],
        "topics": ["nlp_social.topics.model"],
        "stance": ["nlp_social.stance.model"],
    }[name]
    for module in modules:
        try:
            mod = importlib.import_module(module)
        except ImportError as exc:
            return False, f"{module} cannot be imported ({exc})"
        if name == "embed" and not hasattr(mod, "load_embedder"):
            return False, "nlp_social.embed.load_embedder is missing"
    shipped = {"lid": "lid", "embed": "embedder", "stance": "stance"}
    if name in shipped and not model:
        folder = MODELS_DIR / shipped[name]
        if not folder.is_dir() or not any(p.is_file() for p in folder.iterdir()):
            return False, f"the shipped model {folder} is not there"
    if name == "topics" and not model:
        mod = importlib.import_module("nlp_social.topics.model")
        if not (hasattr(mod.TopicModel, "default") and (MODELS_DIR / "topics").exists()):
            return False, "no --topic-model given and no shipped default topic model"
    return True, ""


_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]*[A-Za-z0-9])?$")


def check_model_options(folders: dict[str, Any], embed_model: str | None) -> None:
    """Refuse, before anything is written, a model option naming a folder that is not there."""
    for option, value in folders.items():
        if value is None or parse_fit(str(value)) is not None or str(value) == FIT_PREFIX:
            continue
        if option == "--stance-model" and str(value) in ("fast", "accurate"):
            continue
        if not Path(value).is_dir():
            what = "is a file, not a model folder" if Path(value).exists() else "no such model folder"
            raise ConfigError(f"{option} {value}: {what}")
    if embed_model is None or str(embed_model) in ("default", "e5", "e5:query", "e5:passage", "minilm"):
        return
    if not Path(embed_model).expanduser().exists():
        offline = os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes")
        if offline or not _HUB_ID.match(str(embed_model)):
            raise ConfigError(
                f"--embed-model {embed_model}: no such model folder"
                + (" (and the Hugging Face hub is offline: HF_HUB_OFFLINE)" if offline else "")
                + "; give a folder, or default, e5, minilm"
            )


def build_steps(
    steps: Sequence[str | Step] | str | None = None,
    *,
    targets: Sequence[str] | None = None,
    topic_model: str | os.PathLike | None = None,
    stance_model: str | os.PathLike | None = None,
    embed_model: str | None = None,
    lid_model: str | os.PathLike | None = None,
    batch_size: int = 256,
    skipped: list[tuple[str, str]] | None = None,
    fit_topics: bool = False,
) -> list[Step]:
    """Resolve step names (or step objects) into ordered, configured, unloaded steps.

    ``steps=None`` means every built-in step available here (the reasons for any left out are appended to
    ``skipped``). Named steps that are not available raise. Dependencies (``lid`` needs ``normalize``) are
    added. ``fit_topics``: with no topic model given or shipped, the default steps include ``topics`` in
    ``"fit"`` mode (batch runner only).
    """
    if fit_topics and not topic_model and step_available("topics")[1].startswith("no --topic-model"):
        topic_model = FIT_PREFIX
    if isinstance(steps, str):
        steps = [s.strip() for s in steps.split(",") if s.strip()]
    explicit = steps is not None
    if steps is None:
        steps = []
        for name in STEP_ORDER:
            option = {
                "topics": topic_model,
                "stance": stance_model,
                "embed": embed_model,
                "lid": lid_model,
            }.get(name)
            ok, why = step_available(name, model=str(option) if option else None)
            if ok:
                steps.append(name)
            elif skipped is not None:
                skipped.append((name, why))
    if explicit and not steps:
        raise ConfigError("no annotation steps given")
    names = [s for s in steps if isinstance(s, str) and ":" not in s]
    unknown = [s for s in names if s not in BUILTIN_STEPS]
    if unknown:
        raise ConfigError(
            f"unknown annotation step(s): {', '.join(unknown)}; choose from {', '.join(STEP_ORDER)} "
            "or name a custom step as module:Class"
        )
    wanted = set(names)
    for name in list(wanted):
        wanted.update(BUILTIN_STEPS[name].requires)
    built: list[Step] = []
    for name in STEP_ORDER:
        if name not in wanted:
            continue
        if name == "normalize":
            built.append(NormalizeStep())
        elif name == "lid":
            built.append(LidStep(str(lid_model) if lid_model else None))
        elif name == "embed":
            built.append(EmbedStep(embed_model, batch_size=batch_size))
        elif name == "topics":
            built.append(TopicsStep(str(topic_model) if topic_model else None))
        elif name == "stance":
            built.append(StanceStep(str(stance_model) if stance_model else None, targets=targets))
    for item in steps:
        if isinstance(item, str) and ":" in item:
            built.append(_load_custom(item))
        elif not isinstance(item, str):
            built.append(item)
    seen: set[str] = set()
    for step in built:
        if step.name in seen:
            raise ConfigError(f"annotation step {step.name!r} given twice")
        seen.add(step.name)
    embed = next((s for s in built if isinstance(s, EmbedStep)), None)
    for step in built:
        if isinstance(step, TopicsStep) and embed is not None:
            step.embed_spec = embed.model or "default"  # lets topics reuse the embed step's vectors
    if explicit:
        for step in built:
            if step.name in BUILTIN_STEPS and isinstance(step, BUILTIN_STEPS[step.name]):
                model = getattr(step, "model", None) or (FIT_PREFIX if getattr(step, "fit_n", None) else None)
                ok, why = step_available(step.name, model=model)
                if not ok:
                    hint = "; pass --topic-model DIR" if step.name == "topics" else ""
                    raise ConfigError(f"the annotation step {step.name!r} cannot run: {why}{hint}")
    return built


def steps_fingerprint(steps: Sequence[Step]) -> list[dict[str, Any]]:
    out = []
    for step in steps:
        fp = (
            step.fingerprint()
            if hasattr(step, "fingerprint")
            else {"name": step.name, "version": step.version}
        )
        out.append(json.loads(json.dumps(fp, sort_keys=True, default=str)))
    return out


__all__ = [
    "Batch",
    "Step",
    "NormalizeStep",
    "LidStep",
    "EmbedStep",
    "TopicsStep",
    "StanceStep",
    "BUILTIN_STEPS",
    "STEP_ORDER",
    "build_steps",
    "check_model_options",
    "step_available",
    "steps_fingerprint",
    "dir_fingerprint",
    "NlpSocialError",
]
