"""Corpus loaders (topic)."""
