"""Corpus loaders (demo)."""
