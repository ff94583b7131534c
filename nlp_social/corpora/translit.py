"""Corpus loaders (translit)."""
