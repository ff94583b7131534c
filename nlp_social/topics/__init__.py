"""nlp_social.topics."""
