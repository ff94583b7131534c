"""nlp_social.lang."""
