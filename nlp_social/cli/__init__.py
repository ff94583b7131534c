"""The ``nlp-social`` command line: one typer app, one module per command group.

Each module in :data:`COMMAND_MODULES` has ``register(app)`` that adds its command or group.
Commands are thin: they validate arguments and call one importable function. Heavy imports
(torch, models) happen inside the commands, so ``nlp-social --help`` stays fast.
"""

from __future__ import annotations

import importlib

import typer

from nlp_social.cli._util import root_group_class

COMMAND_MODULES = (
    "corpus",
    "normalize",
    "lid",
    "translit",
    "embed",
    "topics",
    "stance",
    "annotate",
    "report",
    "experiment",
)


def build_app() -> typer.Typer:
    app = typer.Typer(
        name="nlp-social",
        help="Hindi-aware NLP for social text: normalize, tag languages, transliterate, embed, "
        "find topics, detect stance and annotate whole corpora (Devanagari Hindi, English, Hinglish).",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_show_locals=False,
        cls=root_group_class(),
    )
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"nlp_social.cli.{name}")
        module.register(app)
    return app


def main() -> None:
    build_app()()
