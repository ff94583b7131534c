"""nlp_social.experiments."""
