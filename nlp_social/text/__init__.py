"""Text normalization of Hindi / English / Hinglish social posts."""

from nlp_social.text.normalizer import Normalizer, NormalizerConfig

__all__ = ["Normalizer", "NormalizerConfig"]
