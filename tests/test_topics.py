"""Tests of nlp_social.topics on the demo corpus and small realistic sets (fast: lexical embedder, no torch)."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from nlp_social.errors import InputError, ModelFormatError
from nlp_social.topics.base import Stage
from nlp_social.topics.cluster import AgglomerativeClusterer, HDBSCANClusterer, KMeansClusterer
from nlp_social.topics.embedders import LexicalEmbedder
from nlp_social.topics.evaluate import label_scores, npmi_coherence, topic_diversity
from nlp_social.topics.model import TopicModel
from nlp_social.topics.tokens import load_stopwords, word_tokens
from nlp_social.topics.vectorize import TopicVectorizer

HINDI = [
    "नमस्ते दोस्तों, आज क्रिकेट मैच में भारत ने शानदार जीत दर्ज की",
    "क्रिकेट टीम के कप्तान ने मैच के बाद खिलाड़ियों की तारीफ़ की",
    "विश्व कप क्रिकेट में गेंदबाज़ों ने कमाल कर दिया",
    "बारिश के कारण क्रिकेट मैच रद्द, दर्शक निराश",
    "नमस्ते, मौसम विभाग ने भारी बारिश की चेतावनी दी है",
    "दिल्ली में आज तेज़ बारिश और आंधी, मौसम ठंडा",
    "मौसम बदलेगा, अगले हफ्ते बारिश की संभावना",
    "मानसून की बारिश से किसानों को राहत, मौसम सुहाना",
    "नया स्मार्टफोन लॉन्च, कैमरा और बैटरी शानदार",
    "इस फोन की बैटरी दो दिन चलती है, कैमरा भी अच्छा",
    "स्मार्टफोन की कीमत कम हुई, बैटरी बेहतर",
    "फोन का कैमरा रात में धुंधली तस्वीरें लेता है",
]


@pytest.fixture(scope="module")
def demo():
    from nlp_social import load_corpus

    return load_corpus("demo")


@pytest.fixture(scope="module")
def fitted(demo):
    return TopicModel(embedder="lexical", random_state=0).fit(demo["text"].tolist())


# tokenization / stop words --------------------------------------------------------------------------
def test_devanagari_tokens_stay_whole():
    assert word_tokens("नमस्ते दुनिया। क्या हाल है॥") == ["नमस्ते", "दुनिया", "क्या", "हाल", "है"]
    # the pattern BERTopic uses by default cuts the word at the first combining mark
    assert re.findall(r"(?u)\b\w\w+\b", "नमस्ते")[0] == "नमस"
    assert word_tokens("Sarkaar ne GST 2.0 lagaya!!! #Budget2024") == [
        "sarkaar",
        "ne",
        "gst",
        "lagaya",
        "budget",
    ]


def test_stopwords_cover_three_languages():
    sw = load_stopwords()
    for w in ("है", "के", "मैं", "hai", "nahi", "the", "and", "rt"):
        assert w in sw, w
    for w in ("सरकार", "alarm", "weather", "mausam", "क्रिकेट"):
        assert w not in sw, w


def test_vectorizer_keeps_whole_hindi_words_and_drops_stopwords():
    v = TopicVectorizer(min_df=1).fit(HINDI)
    assert "नमस्ते" in v.vocabulary_ and "नमस" not in v.vocabulary_
    assert "है" not in v.vocabulary_ and "की" not in v.vocabulary_
    X = v.transform(["नमस्ते क्रिकेट क्रिकेट"])
    assert X[0, v.index_["क्रिकेट"]] == 2


# model ------------------------------------------------------------------------------------------------
def test_fit_on_demo_finds_real_topics(demo, fitted):
    from sklearn.metrics import normalized_mutual_info_score

    assert len(fitted.topics_) == len(demo)
    assert 3 <= fitted.n_topics_ <= 20
    info = fitted.get_topic_info()
    assert list(info.columns) == [
        "Topic",
        "Count",
        "Name",
        "Words",
        "Words_deva",
        "Words_latn",
        "Langs",
        "Representative_Docs",
    ]
    assert info["Count"].sum() == len(demo)
    assert normalized_mutual_info_score(demo["topic"], fitted.topics_) > 0.3
    words = [w for w, _ in fitted.get_topic(0)]
    assert len(words) == 10 and all(isinstance(w, str) and w for w in words)
    scores = [s for _, s in fitted.get_topic(0)]
    assert scores == sorted(scores, reverse=True)


def test_hindi_topics_keep_whole_words():
    m = TopicModel(
        embedder=LexicalEmbedder(n_components=8),
        clusterer=KMeansClusterer(n_clusters=3),
        vectorizer=TopicVectorizer(min_df=1),
    ).fit(HINDI)
    all_words = {w for t in m.topic_ids_ for w, _ in m.get_topic(t)}
    assert {"क्रिकेट", "बारिश", "बैटरी"} <= all_words
    assert not any(w in all_words for w in ("नमस", "क्र", "बार"))
    assert m.get_topic(0, script="deva")[0][0]


def test_bilingual_words_with_transliterator():
    docs = [
        "mausam kaisa hai aaj",
        "aaj mausam accha hai",
        "kal mausam kharab",
        "mausam ki jankari do",
        "gaana bajao",
        "koi gaana sunao",
        "naya gaana chalao",
        "gaana band karo",
    ]
    m = TopicModel(
        embedder=LexicalEmbedder(n_components=4),
        clusterer=KMeansClusterer(n_clusters=2),
        vectorizer=TopicVectorizer(min_df=1),
    ).fit(docs)
    deva = {w for t in m.topic_ids_ for w, _ in m.get_topic(t, script="deva")}
    latn = {w for t in m.topic_ids_ for w, _ in m.get_topic(t, script="latn")}
    assert {"mausam", "gaana"} <= latn
    assert all(any("\u0900" <= ch <= "\u097f" for ch in w) for w in deva if w)


def test_deterministic(demo, fitted):
    again = TopicModel(embedder="lexical", random_state=0).fit(demo["text"].tolist())
    assert np.array_equal(again.topics_, fitted.topics_)
    assert again.topic_repr_ == fitted.topic_repr_
    np.testing.assert_array_equal(again.probabilities_, fitted.probabilities_)


def test_transform_new_posts(fitted):
    topics, probs = fitted.transform(["mask pehno, lockdown phir se", "Zapkart ne nakli phone bheja"])
    assert topics.shape == (2,) and probs.shape == (2,)
    assert ((probs >= 0) & (probs <= 1)).all()
    assert topics[0] != topics[1]


def test_save_load_identical(tmp_path, demo, fitted):
    fitted.save(tmp_path / "m")
    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == ["arrays.npz", "nlp_social.json"]
    meta = json.loads((tmp_path / "m" / "nlp_social.json").read_text(encoding="utf-8"))
    assert meta["format"] == "nlp_social.topic_model" and meta["format_version"] == 1 and meta["versions"]["numpy"]
    with np.load(tmp_path / "m" / "arrays.npz", allow_pickle=False) as z:
        assert all(z[k].dtype != object for k in z.files)
    loaded = TopicModel.load(tmp_path / "m")
    new = [
        "vaccine lagwa li, ab safe",
        "बेन एंड जेरीज़ का बयान",
        "QuickBite delivery late again",
        "नोटबंदी से परेशानी",
    ]
    a, pa = fitted.transform(new)
    b, pb = loaded.transform(new)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(pa, pb)
    assert loaded.get_topic_info().drop(columns=[]).equals(fitted.get_topic_info())
    np.testing.assert_array_equal(
        loaded.transform(demo["text"].tolist())[0], fitted.transform(demo["text"].tolist())[0]
    )


def test_load_rejects_bad_folder(tmp_path):
    with pytest.raises(ModelFormatError, match="not an nlp_social model folder"):
        TopicModel.load(tmp_path)
    (tmp_path / "nlp_social.json").write_text(json.dumps({"format": "nlp_social.lid", "format_version": 1}))
    with pytest.raises(ModelFormatError, match="not 'nlp_social.topic_model'"):
        TopicModel.load(tmp_path)


def test_old_topic_folder_is_one_clear_error(tmp_path):
    """A folder saved before the model-folder contract (model.json, format nlp_social.topics/1)."""
    (tmp_path / "model.json").write_text(json.dumps({"format": "nlp_social.topics/1", "params": {}}))
    np.savez(tmp_path / "arrays.npz", a=np.zeros(1))
    with pytest.raises(ModelFormatError, match=r"older nlp_social \(nlp_social.topics/1 \(model.json\)"):
        TopicModel.load(tmp_path)


def test_hdbscan_outliers_and_saved_prediction(tmp_path, demo):
    docs = demo["text"].tolist()
    m = TopicModel(embedder="lexical", clusterer=HDBSCANClusterer(min_cluster_size=8), outliers="keep").fit(
        docs
    )
    assert m.n_topics_ >= 2
    assert -1 in m.topic_ids_  # noise is kept as topic -1
    m.save(tmp_path / "h")
    loaded = TopicModel.load(tmp_path / "h")
    np.testing.assert_array_equal(m.transform(docs)[0], loaded.transform(docs)[0])
    before = m.topic_sizes_[-1]
    m.reduce_outliers(threshold=-1.0)
    assert -1 not in m.topic_ids_ and sum(m.topic_sizes_.values()) == len(docs) and before > 0


def test_reassign_outliers_by_default(demo):
    m = TopicModel(embedder="lexical", clusterer=HDBSCANClusterer(min_cluster_size=8)).fit(
        demo["text"].tolist()
    )
    assert (m.topics_ == -1).sum() == 0


def test_reduce_and_merge(demo):
    docs = demo["text"].tolist()
    m = TopicModel(embedder="lexical", clusterer=KMeansClusterer(n_clusters=8)).fit(docs)
    probe = ["mask pehno", "zapkart refund", "ben and jerry statement"]
    m.reduce_topics(4)
    assert m.n_topics_ == 4 and sum(m.topic_sizes_.values()) == len(docs)
    sizes = [m.topic_sizes_[t] for t in m.topic_ids_]
    assert sizes == sorted(sizes, reverse=True)
    t, _ = m.transform(probe)
    assert set(t.tolist()) <= set(range(4))
    m.merge_topics([[0, 1]])
    assert m.n_topics_ == 3
    # n_topics= in the constructor merges down after clustering
    m2 = TopicModel(embedder="lexical", clusterer=KMeansClusterer(n_clusters=8), n_topics=5).fit(docs)
    assert m2.n_topics_ == 5


def test_agglomerative_and_noop_reducer(demo):
    docs = demo["text"].tolist()
    m = TopicModel(embedder="lexical", reducer=Stage(), clusterer=AgglomerativeClusterer(n_clusters=6)).fit(
        docs
    )
    assert m.n_topics_ == 6


def test_precomputed_embeddings(demo):
    docs = demo["text"].tolist()
    emb = LexicalEmbedder(n_components=30).fit(docs).encode(docs)
    m = TopicModel(clusterer=KMeansClusterer(n_clusters=5)).fit(docs, embeddings=emb)
    assert m.n_topics_ == 5
    with pytest.raises(InputError):
        m.transform(docs[:3])
    t, _ = m.transform(docs[:3], embeddings=emb[:3])
    assert len(t) == 3
    with pytest.raises(InputError):
        TopicModel().fit(docs, embeddings=emb[:10])


def test_bad_input():
    with pytest.raises(InputError):
        TopicModel(embedder="lexical").fit("one string")
    with pytest.raises(InputError):
        TopicModel(embedder="lexical").fit(["ok", None, "x"])


# over time / per class / hierarchy -----------------------------------------------------------------
def test_over_time_per_class_hierarchy(demo, fitted):
    from nlp_social.topics.hierarchy import hierarchical_topics
    from nlp_social.topics.over_time import topics_over_time, topics_per_class

    docs = demo["text"].tolist()
    ot = topics_over_time(fitted, docs, demo["timestamp"].tolist(), freq="Q")
    assert ot["Frequency"].sum() == len(docs)
    assert np.allclose(ot.groupby("Timestamp")["Share"].sum(), 1.0)
    pc = topics_per_class(fitted, docs, demo["brand"].fillna("none").tolist())
    assert pc["Frequency"].sum() == len(docs)
    # posts about QuickBite sit mostly in one topic, whose words name the brand
    qb = pc[pc["Class"] == "QuickBite"].sort_values("Share", ascending=False).iloc[0]
    assert qb["Share"] > 0.5
    h = hierarchical_topics(fitted)
    assert len(h) == fitted.n_topics_ - 1
    assert sorted(h.iloc[-1]["Topics"]) == list(range(fitted.n_topics_))
    with pytest.raises(InputError):
        topics_over_time(fitted, docs, ["not a date"] * len(docs))


# evaluation -----------------------------------------------------------------------------------------
def test_npmi_and_diversity_by_hand():
    docs = ["a b", "a b", "c d", "c"]
    analyzer = str.split
    # p(a)=p(b)=p(a,b)=0.5 -> NPMI 1; a and c never co-occur -> -1
    assert npmi_coherence([["a", "b"]], docs, analyzer) == pytest.approx(1.0)
    assert npmi_coherence([["a", "c"]], docs, analyzer) == pytest.approx(-1.0)
    # p(c)=0.5, p(d)=0.25, p(c,d)=0.25: log(0.25/0.125)/-log(0.25) = 0.5
    assert npmi_coherence([["c", "d"]], docs, analyzer) == pytest.approx(0.5)
    assert topic_diversity([["a", "b"], ["a", "c"]]) == pytest.approx(0.75)
    from nlp_social.topics.evaluate import deva_whole_share

    # BERTopic's default token pattern cuts नमस्ते to नमस: not a whole word of the corpus
    assert deva_whole_share([["नमस्ते", "दुनिया"], ["नमस", "hello"]], ["नमस्ते दुनिया hello"]) == pytest.approx(2 / 3)
    assert np.isnan(deva_whole_share([["hello"]], ["hello"]))
    s = label_scores(["x", "x", "y", "y"], [1, 1, 0, 0])
    assert s["nmi"] == pytest.approx(1.0) and s["ari"] == pytest.approx(1.0)


def test_evaluate_topics_has_metrics_and_baselines(demo):
    from nlp_social.topics.evaluate import evaluate_topics

    res = evaluate_topics(
        demo["text"].tolist(), demo["topic"].tolist(), embedder="lexical", baselines=("kmeans",)
    )
    for k in (
        "nmi",
        "ari",
        "v_measure",
        "npmi",
        "diversity",
        "n_topics",
        "outlier_share",
        "seconds",
        "peak_memory_mb",
    ):
        assert k in res, k
    assert set(res["baselines"]) == {"kmeans_gold_k", "kmeans_same_k"}
    assert res["baselines"]["kmeans_gold_k"]["k"] == 8
    assert 0 < res["nmi"] <= 1 and res["peak_memory_mb"] > 0


# plots ----------------------------------------------------------------------------------------------
def test_plots_and_html(tmp_path, demo, fitted):
    from nlp_social.topics.plots import plot_topics, write_report

    fig = plot_topics(fitted, tmp_path / "t.png", max_topics=2)
    assert hasattr(fig, "savefig") and (tmp_path / "t.png").stat().st_size > 1000
    docs = demo["text"].tolist()[:60]
    paths = write_report(
        fitted,
        tmp_path / "r",
        docs,
        demo["timestamp"].tolist()[:60],
        demo["brand"].fillna("none").tolist()[:60],
        freq="Q",
        class_name="brand",
    )
    assert set(paths) == {"topics", "map", "over_time", "heatmap", "html"}
    page = paths["html"].read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 4 and "<table>" in page


# CLI ------------------------------------------------------------------------------------------------
def test_cli_fit_show_assign_plot_evaluate(tmp_path, project_root):
    from typer.testing import CliRunner

    from nlp_social.cli import build_app

    app, runner = build_app(), CliRunner()
    demo_file = str(project_root / "corpora" / "demo" / "posts.jsonl")
    r = runner.invoke(app, ["topics", "fit", "-o", str(tmp_path / "m"), "--embedder", "lexical"])
    assert r.exit_code == 0, r.output
    assert "topics from 301 posts" in r.output
    r = runner.invoke(app, ["topics", "show", str(tmp_path / "m"), "--json"])
    assert r.exit_code == 0, r.output
    shown = json.loads(r.stdout)
    assert shown["n_topics"] >= 3
    r = runner.invoke(
        app, ["topics", "assign", str(tmp_path / "m"), demo_file, "-o", str(tmp_path / "a.jsonl")]
    )
    assert r.exit_code == 0, r.output
    out = pd.read_json(tmp_path / "a.jsonl", lines=True)
    assert len(out) == 301 and {"topic", "topic_label", "probability"} <= set(out.columns)
    small = tmp_path / "small.jsonl"
    small.write_text("".join(open(demo_file, encoding="utf-8").readlines()[:40]), encoding="utf-8")
    r = runner.invoke(app, ["topics", "plot", str(tmp_path / "m"), str(small), "-o", str(tmp_path / "p")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "p" / "index.html").exists() and (tmp_path / "p" / "heatmap.png").exists()
    r = runner.invoke(
        app,
        [
            "topics",
            "evaluate",
            "--file",
            demo_file,
            "--label-col",
            "topic",
            "--embedder",
            "lexical",
            "--no-baselines",
            "--json",
        ],
    )
    assert r.exit_code == 0, r.output
    res = json.loads(r.stdout)
    assert {
        "nmi",
        "ari",
        "v_measure",
        "npmi",
        "diversity",
        "n_topics",
        "outlier_share",
        "seconds",
        "peak_memory_mb",
        "baselines",
    } <= set(res)
    r = runner.invoke(app, ["topics", "show", str(tmp_path / "nope")])
    assert r.exit_code == 2 and "missing" in r.output


# corpora ----------------------------------------------------------------------------------------------
def test_topic_corpora(data_dir):
    from nlp_social import load_corpus
    from nlp_social.errors import DataNotFoundError

    bbc = load_corpus("bbc_hindi_topics_midas:train", data_dir=data_dir)
    assert len(bbc) == 3889 and bbc["label"].nunique() == 6 and bbc["label"].value_counts()["india"] == 1571
    top = load_corpus("hinglish_top_domains:validation", data_dir=data_dir)
    assert len(top) == 1390 and top["label"].value_counts()["weather"] == 236
    pr = load_corpus("iitp_hindi_product_reviews_midas:dev", data_dir=data_dir)
    assert len(pr) == 541
    with pytest.raises(DataNotFoundError, match="BBC_test_data.tsv"):
        load_corpus("bbc_hindi_topics_midas:test", data_dir=data_dir)


# topic words a reader trusts ------------------------------------------------------------------------
def _has_deva(s: str) -> bool:
    return any("\u0900" <= ch <= "\u097f" for ch in s)


@pytest.fixture(scope="module")
def fitted_default(demo):
    """The default model (shipped embedder, LID-tagged vectorizer, bilingual words) on the demo corpus."""
    return TopicModel(random_state=0).fit(demo["text"].tolist())


def test_demo_words_hindi_in_both_scripts_english_in_latin_only(demo, fitted_default):
    corpus_tokens = {t for doc in demo["text"] for t in word_tokens(doc)}
    n_hi = n_en = n_hi_both = 0
    for t in fitted_default.topic_ids_:
        r = fitted_default.topic_repr_[t]
        for w, d, lt, lang in zip(r["words"], r["words_deva"], r["words_latn"], r["langs"], strict=True):
            assert w in (d, lt), (w, d, lt)  # each word is shown in its own script
            if lang == "hi":
                n_hi += 1
                assert (not d or _has_deva(d)) and not _has_deva(lt), (w, d, lt)
                # both scripts, unless no transliteration shares the word's consonants (garbled hashtags)
                n_hi_both += bool(d and lt)
            elif lang == "en":
                n_en += 1
                assert lt and not _has_deva(lt)
                # an English word has a Devanagari form only when the corpus itself wrote it so
                assert not d or d in corpus_tokens, (w, d)
    assert n_hi >= 10 and n_en >= 10 and n_hi_both >= 0.8 * n_hi
    words = {w for t in fitted_default.topic_ids_ for w in fitted_default.topic_repr_[t]["words"]}
    deva = {d for t in fitted_default.topic_ids_ for d in fitted_default.topic_repr_[t]["words_deva"]}
    # the examples: English words are never transliterated
    assert not {"साले", "इस", "ब", "डीमोनेटिन"} & deva
    # a Devanagari word's Latin form is a spelling, not the transliterator's translation (आंदोलन -> movement)
    latn_of = {d: lt for t in fitted_default.topic_ids_ for d, lt in zip(fitted_default.topic_repr_[t]["words_deva"],
                                                                         fitted_default.topic_repr_[t]["words_latn"],
                                                                         strict=True)}
    assert latn_of.get("आंदोलन", "aandolan") != "movement"
    # script variants of one word are one entry, shown in the spelling the corpus used most
    assert "lockdown" in words and "लॉकडाउन" not in words
    assert "mask" in words and "मास्क" not in words


def test_english_posts_give_no_devanagari(tmp_path, demo):
    from typer.testing import CliRunner

    from nlp_social.cli import build_app

    english = demo[demo["lang"] == "en"][["text"]]
    english.to_csv(tmp_path / "en.csv", index=False)
    app, runner = build_app(), CliRunner()
    r = runner.invoke(app, ["topics", "fit", str(tmp_path / "en.csv"), "-o", str(tmp_path / "m")])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["topics", "show", str(tmp_path / "m"), "--json"])
    assert r.exit_code == 0, r.output
    shown = json.loads(r.stdout)
    for topic in shown["topics"]:
        for key in ("Name", "Words", "Words_deva", "Words_latn"):
            assert not _has_deva(json.dumps(topic[key], ensure_ascii=False)), (key, topic[key])
        assert all(not d for d in topic["Words_deva"])


def test_variant_matching():
    from nlp_social.topics.represent import _transliterator, _Variants

    v = _Variants(_transliterator())
    v.prefetch(["lockdown", "mask", "phone", "sale", "issues", "lagwa", "movement"],
               ["लॉकडाउन", "मास्क", "फ़ोन", "साले", "लग", "आंदोलन"])
    assert v.same("lockdown", "लॉकडाउन") and v.same("mask", "मास्क") and v.same("phone", "फ़ोन")
    assert not v.same("issues", "साले") and not v.same("lagwa", "लग") and not v.same("mask", "फ़ोन")
    assert not v.same("movement", "आंदोलन")  # a translation in the transliterator's word list, not a spelling


def test_vectorizer_tags_languages_in_context():
    v = TopicVectorizer(min_df=1).fit(
        ["mask pehno yaar, bahut zaroori hai", "please wear a mask in the office", "mask pehno bhai"]
    )
    assert v.display_["pehno"]["lang"] == "hi" and v.display_["office"]["lang"] == "en"
    assert TopicVectorizer(min_df=1, tag_languages=False).fit(["mask pehno"]).display_["mask"]["lang"] == ""


# plots on a machine without a Devanagari font ------------------------------------------------------------
def _has_glyph(path: str, ch: str) -> bool:
    from matplotlib.ft2font import FT2Font

    return ord(ch) in FT2Font(path).get_charmap()


def test_plots_draw_devanagari_with_the_shipped_font(tmp_path, monkeypatch, demo, fitted_default):
    import matplotlib
    from matplotlib import font_manager

    from nlp_social.topics import plots

    # a bare machine: no font that has Devanagari glyphs except the one the package ships
    bare = [f for f in font_manager.fontManager.ttflist if not _has_glyph(f.fname, "क")]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", bare)
    font_manager.FontManager._findfont_cached.cache_clear()  # font lookups made before the patch
    plots.devanagari_font.cache_clear()
    family_before = list(matplotlib.rcParams["font.family"])
    docs = demo["text"].tolist()
    from nlp_social.topics.over_time import topics_over_time

    ot = topics_over_time(fitted_default, docs, demo["timestamp"].tolist(), freq="M")
    fig = plots.plot_over_time(fitted_default, ot, tmp_path / "over_time.png")
    fig.canvas.draw()
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    # every topic has a line, and Hindi words keep their script
    assert len(legend) == fitted_default.n_topics_
    deva_texts = [t for t in fig.axes[0].get_legend().get_texts() if _has_deva(t.get_text())]
    assert deva_texts
    shipped = str(plots.DEVANAGARI_FONT_FILE)
    for text in deva_texts:
        # the fonts the Agg renderer draws this Text with (its family list, in fallback order): the first one
        # that has each Devanagari glyph is the shipped Noto Sans Devanagari
        files = [str(p) for p in font_manager.fontManager._find_fonts_by_props(text.get_fontproperties())]
        for ch in (c for c in text.get_text() if "\u0900" <= c <= "\u097f"):
            assert next(f for f in files if _has_glyph(f, ch)) == shipped
    assert matplotlib.rcParams["font.family"] == family_before  # the user's settings are left alone
    assert (tmp_path / "over_time.png").stat().st_size > 10_000
    plots.devanagari_font.cache_clear()
    font_manager.FontManager._findfont_cached.cache_clear()


def test_shipped_font_and_licence():
    from nlp_social.topics.plots import DEVANAGARI_FONT_FILE

    assert _has_glyph(str(DEVANAGARI_FONT_FILE), "क") and _has_glyph(str(DEVANAGARI_FONT_FILE), "्")
    licence = (DEVANAGARI_FONT_FILE.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
