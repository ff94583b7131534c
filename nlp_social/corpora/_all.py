"""Imports every loader module so that their corpora are registered."""

from nlp_social.corpora import demo, lexicons, lid, parallel, stance, topic, translit  # noqa: F401
