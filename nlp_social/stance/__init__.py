"""nlp_social.stance."""
