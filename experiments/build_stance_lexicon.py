"""Build the compact stance lexicon shipped with the package from Hindi SentiWordNet.

    NLP_SOCIAL_DATA_DIR=/work/shared/data python experiments/build_stance_lexicon.py

Writes nlp_social/resources/models/stance/lexicon.json (polar synset words in Devanagari and their
rule-based romanization, plus the English / Hinglish cue lists and negation words). That file is the
fast stance model's lexicon too (shipped once): the model records its sha256 and refuses a rebuilt one,
so retrain it afterwards (experiments/distill_stance.py).
"""

from __future__ import annotations

from nlp_social.paths import data_dir
from nlp_social.stance.lexicon import SHIPPED_LEXICON, build_lexicon
from nlp_social.stance.render import rule_to_latn


def main() -> None:
    lex = build_lexicon(data_dir() / "hindi_sentiwordnet" / "HSWN_WN.txt", rule_to_latn)
    path = lex.save(SHIPPED_LEXICON)
    print(f"{len(lex.scores)} entries -> {path} ({path.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
