import json

from nlp_social.experiments.record import record_result


def test_record_result_writes_traceable_small_files(tmp_path):
    src = tmp_path / "posts.txt"
    src.write_text("ye brand bilkul fake hai\n", encoding="utf-8")
    run = record_result(
        "bench_x",
        {"posts_per_s": 12.5},
        config={"rows": 10},
        data=[src],
        runs_dir=tmp_path / "runs",
        baselines={"bare": {"posts_per_s": 20.0}},
    )
    assert run.parent == tmp_path / "runs" / "bench_x"
    names = {p.name for p in run.iterdir()}
    assert names == {"config.json", "environment.json", "data.json", "metrics.json", "run.json"}
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["metrics"]["posts_per_s"] == 12.5 and metrics["baselines"]["bare"]["posts_per_s"] == 20.0
    data = json.loads((run / "data.json").read_text())
    assert data[0]["files"][0]["bytes"] == src.stat().st_size and len(data[0]["files"][0]["sha256"]) == 64
    assert json.loads((run / "run.json").read_text())["status"] == "ok"
    again = record_result("bench_x", {"posts_per_s": 1.0}, config={"rows": 10}, runs_dir=tmp_path / "runs")
    assert (
        again != run and again.parent == run.parent
    )  # same second, same config: a new folder, nothing overwritten
