"""Regenerate the README's "Data" table from the corpus registry (folder, splits, held-back splits,
source URL) plus the licenses stated in each corpus' PROVENANCE.md (summarised below).

    python corpora/make_data_table.py            # rewrite README.md between the data-table markers
    python corpora/make_data_table.py --print    # print the table only

Data folders that no loader reads are listed too when ``$NLP_SOCIAL_DATA_DIR`` is set.
"""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path

from nlp_social.corpora import list_corpora

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
START, END = "<!-- data-table:start -->", "<!-- data-table:end -->"

# License as stated in each folder's PROVENANCE.md (short form). "none stated" means the publisher
# gives no license: treat it as research use only and obtain the data from the publisher.
LICENSES = {
    "bbc_hindi_topics_midas": "research use (MIDAS terms; repo MIT)",
    "constraint2021_hindi_hostility": "none stated",
    "covid19_stance_glandt": "none stated; tweets, research only",
    "dakshina_hi_lexicons": "CC BY-SA 4.0",
    "dakshina_hi_romanized": "CC BY-SA 4.0",
    "dakshina_hi_wikipedia_valid": "CC BY-SA 4.0",
    "emoji_names": "Unicode License",
    "en_hinglish_parallel": "none stated (HinGE part CC BY 4.0)",
    "english_wordlist_aspell": "none stated (SCOWL is permissive)",
    "enindic": "none stated",
    "fire2013_hindi_translit_pairs": "none stated",
    "flores": "CC BY-SA 4.0",
    "freedict_eng_hin": "GPL-2+",
    "hindi_english_truncated": "none stated (IITB: non-commercial research)",
    "hindi_sentiwordnet": "none stated",
    "hindi_stopwords_absa": "MIT (repo)",
    "hindi_stopwords_iso": "MIT",
    "hindi_wordlists": "GPL-2+",
    "hinglish_stopwords_guptaanuj166": "none stated",
    "hinglish_top_domains": "Apache-2.0",
    "hinglishnorm": "CC BY-NC-SA 4.0",
    "iitp_hindi_product_reviews_midas": "research use only (MIDAS terms)",
    "l3cube_hinglid": "CC BY-NC-SA 4.0",
    "lince_mt_enghinglish": "none stated (LinCE terms)",
    "nlpnov21_health": "none stated",
    "nmt_suryaanything_enhi": "none stated",
    "pstance_li2021": "none stated; tweets, research only",
    "semeval2016_task6_stance": "research use only",
    "sentimix2020_hinglish": "none stated; research use",
    "singh2018_hinglish_translit_lid_ner": "none stated",
    "stopwords": "MIT (stopwords-iso, LiHiSTO), modified MIT (hinglishswd), none stated (others)",
    "swami2018_codemixed_stance": "GPL-3.0 (repo)",
    "tatoeba_challenge_test_enghin": "CC BY 2.0 FR",
    "tatoeba_manythings": "CC BY 2.0 FR",
    "tico19": "CC0 1.0",
    "trac1_hindi_fb": "none stated",
    "ukp_argmin_stance_ckd": "none stated; research only",
    "wmt14_newstest2014_hien": "none stated (research use)",
    "wordfreq_hi": "CC BY-SA 4.0 (data)",
    "xlit_crowd": "CC BY-NC-SA 4.0",
    "xquad_hi": "CC BY-SA 4.0",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _link(url: str) -> str:
    return re.sub(r"(https?://[^\s;,()]+)", r"<\1>", _cell(url))


def table() -> str:
    lines = [
        "| corpus | task | folder under `$NLP_SOCIAL_DATA_DIR` | splits (**held back**) | where to get it | license |",
        "|---|---|---|---|---|---|",
    ]
    folders = set()
    for info in list_corpora():
        folders.add(info.folder)
        splits = ", ".join(f"**{s}**" if s in info.held_back else s for s in info.splits)
        folder = f"`{info.folder}/`" if info.folder else "(in the project: `corpora/`, `seeds/`)"
        license_ = LICENSES.get(info.folder, "written for this project (MIT)" if not info.folder else "see PROVENANCE.md")
        lines.append(
            f"| `{info.name}` | {info.task} | {folder} | {splits} | {_link(info.url)} | {_cell(license_)} |"
        )
    data = os.environ.get("NLP_SOCIAL_DATA_DIR")
    if data and Path(data).is_dir():
        unused = sorted(p.name for p in Path(data).iterdir() if p.is_dir() and p.name not in folders)
        if unused:
            lines.append("")
            lines.append("Also in the shared data but read by no loader: " + ", ".join(f"`{u}`" for u in unused) + ".")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--print", action="store_true", help="print the table instead of rewriting README.md")
    args = parser.parse_args()
    text = table()
    if args.print:
        print(text)
        return
    readme = README.read_text(encoding="utf-8")
    if START not in readme or END not in readme:
        raise SystemExit(f"{README} has no {START} ... {END} markers")
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{text}\n{END}{tail}", encoding="utf-8")
    print(f"rewrote the data table in {README}")


if __name__ == "__main__":
    main()
