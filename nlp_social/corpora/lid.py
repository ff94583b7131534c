"""Corpus loaders (lid)."""
