"""nlp_social.embed."""
