"""``--engine dask`` on a LocalCluster gives the same bytes as the single-process run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp_social.annotate.runner import annotate_files

pytest.importorskip("distributed")


def test_dask_localcluster_matches_single_process(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": f"p{i}", "text": f"Post {i}:  Sarkar ne  GALAT kiya", "target": "BLM"})
        for i in range(60)
    ]
    lines.insert(17, '{"id": "broken')
    inp = tmp_path / "posts.jsonl"
    inp.write_text("\n".join(lines) + "\n", encoding="utf-8")

    single, dask = tmp_path / "single", tmp_path / "dask"
    s1 = annotate_files([inp], single, steps=["normalize"], chunk_size=16)
    s2 = annotate_files(
        [inp], dask, steps=["normalize"], chunk_size=16, engine="dask", workers=2, dask_processes=False
    )
    assert s2["this_run"]["engine"] == "dask"
    assert s1["counts"] == s2["counts"] == {"in": 61, "out": 60, "rejected": 1}
    names = sorted(
        p.name for p in single.iterdir() if p.name.startswith("part-") or p.name == "_rejects.jsonl"
    )
    assert len(names) == 5
    for name in names:
        assert (single / name).read_bytes() == (dask / name).read_bytes(), name


@pytest.mark.slow
def test_fitted_topic_model_is_shipped_to_dask_workers(tmp_path: Path) -> None:
    """``--topic-model fit``: fitted once per run, same topics on Dask as in-process."""
    import json as _json

    rows = [_json.loads(line) for line in (Path(__file__).parent.parent / "corpora/demo/posts.jsonl").open()]
    inp = tmp_path / "posts.jsonl"
    inp.write_text("\n".join(_json.dumps({"id": r["id"], "text": r["text"]}) for r in rows[:120]) + "\n")
    single, dask = tmp_path / "single", tmp_path / "dask"
    annotate_files([inp], single, steps=["normalize", "topics"], topic_model="fit:100", chunk_size=50)
    annotate_files([inp], dask, steps=["normalize", "topics"], topic_model="fit:100", chunk_size=50,
                   engine="dask", workers=2, dask_processes=False)  # fmt: skip
    assert (single / "_topic_model").is_dir()
    for name in ("part-000000.parquet", "part-000001.parquet", "part-000002.parquet"):
        assert (single / name).read_bytes() == (dask / name).read_bytes(), name
