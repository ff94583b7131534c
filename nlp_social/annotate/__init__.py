"""nlp_social.annotate."""
