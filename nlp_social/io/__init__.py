"""nlp_social.io."""
