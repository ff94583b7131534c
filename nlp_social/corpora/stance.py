"""Corpus loaders (stance)."""
