"""One catalogue of the package's errors, so that messages stay consistent and actionable."""

from __future__ import annotations


class NlpSocialError(Exception):
    """Base class of every error raised on purpose by nlp_social."""


class DataNotFoundError(NlpSocialError, FileNotFoundError):
    """A corpus file or model folder is not where it was looked for.

    The message names the path and says where the corpus or model can be obtained.
    """


class InputError(NlpSocialError, ValueError):
    """Bad user input; the message names the file, the line and the field when they are known."""

    def __init__(self, reason: str, *, path: str | None = None, line: int | None = None, field: str | None = None):
        self.reason = reason
        self.path = path
        self.line = line
        self.field = field
        where = []
        if path is not None:
            where.append(str(path))
        if line is not None:
            where.append(f"line {line}")
        if field is not None:
            where.append(f"field {field!r}")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {reason}" if prefix else reason)


class ConfigError(NlpSocialError, ValueError):
    """An invalid configuration (experiment YAML, model config); names the key and the file."""


class ModelFormatError(NlpSocialError, ValueError):
    """A saved model folder is missing files or has an unknown format version."""


class MissingDependencyError(NlpSocialError, ImportError):
    """An optional dependency is needed; the message names the ``pip install`` that brings it."""

    def __init__(self, package: str, extra: str | None = None, feature: str = "this feature"):
        hint = f"pip install 'nlp-social[{extra}]'" if extra else f"pip install {package}"
        super().__init__(f"{feature} needs the optional package {package!r}: {hint}")
