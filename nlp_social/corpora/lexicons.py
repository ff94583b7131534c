"""Corpus loaders (lexicons)."""
