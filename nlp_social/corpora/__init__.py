"""Corpus loaders: ``load_corpus(name, split)`` for the public corpora and the embedded demo corpus."""

from nlp_social.corpora.registry import (
    CorpusInfo,
    corpus_info,
    list_corpora,
    load_corpus,
    parse_corpus_spec,
    register_corpus,
    require_file,
)

__all__ = [
    "CorpusInfo",
    "corpus_info",
    "list_corpora",
    "load_corpus",
    "parse_corpus_spec",
    "register_corpus",
    "require_file",
]
