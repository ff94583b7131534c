"""Corpus loaders (parallel)."""
