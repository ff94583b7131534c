"""Kill ``nlp-social annotate`` with SIGKILL mid-run, rerun the same command: byte-identical output."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pytest

from nlp_social.annotate.runner import annotate_files
from nlp_social.annotate.steps import Batch, Step
from nlp_social.cli import build_app

HERE = Path(__file__).resolve().parent


class SlowStep(Step):
    """A deterministic step that takes a while per batch (``ANNOTATE_TEST_DELAY`` seconds) so a kill lands mid-run."""

    name = "slow"
    version = "1"

    def process(self, batch: Batch) -> dict[str, list]:
        time.sleep(float(os.environ.get("ANNOTATE_TEST_DELAY", "0")))
        return {"n_words": [len(t.split()) for t in batch.texts], "rev": [t[::-1] for t in batch.texts]}

    def fields(self) -> list[pa.Field]:
        return [pa.field("n_words", pa.int32()), pa.field("rev", pa.string())]


def _corpus(path: Path) -> None:
    lines = []
    for i in range(1200):
        if i % 97 == 5:
            lines.append(b'{"id": "bad%d", "text": "broken' % i)
        elif i % 131 == 7:
            lines.append(b'{"id": "u%d", "text": "\xff\xfe"}' % i)
        else:
            lines.append(
                json.dumps({"id": f"p{i}", "text": f"post {i} sarkar ne galat kiya " * (i % 4 + 1)}).encode()
            )
    path.write_bytes(b"\n".join(lines) + b"\n")


def _outputs(out: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in sorted(out.iterdir())
        if p.name.startswith("part-") or p.name == "_rejects.jsonl"
    }


def _command(inp: Path, out: Path) -> list[str]:
    app = build_app()
    alone = len(app.registered_commands) + len(app.registered_groups) == 1
    args = [] if alone else ["annotate"]
    args += [str(inp), "-o", str(out), "--steps", "test_annotate_resume:SlowStep", "--chunk-size", "50",
             "--batch-size", "25", "--no-progress"]  # fmt: skip
    return [sys.executable, "-c", "from nlp_social.cli import main; main()", *args]


def test_sigkill_then_resume_is_byte_identical(tmp_path: Path) -> None:
    inp = tmp_path / "posts.jsonl"
    _corpus(inp)

    reference = tmp_path / "reference"
    annotate_files([inp], reference, steps=[SlowStep()], chunk_size=50, batch_size=25)
    expected = _outputs(reference)
    assert len(expected) > 20

    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]))
    env["ANNOTATE_TEST_DELAY"] = "0.05"  # 48 batches -> ~2.4 s, the kill lands after a few chunks
    child = subprocess.Popen(_command(inp, out), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    manifest = out / "_manifest.json"
    deadline = time.monotonic() + 120
    done = 0
    while time.monotonic() < deadline and child.poll() is None:
        try:
            done = json.loads(manifest.read_text())["chunks_done"]
        except (OSError, ValueError, KeyError):
            done = 0
        if done >= 3:
            break
        time.sleep(0.01)
    if child.poll() is not None:
        pytest.fail(f"the child ended before it could be killed: {child.stderr.read().decode()[-2000:]}")
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    killed = json.loads(manifest.read_text())
    assert not killed["finished"] and 3 <= killed["chunks_done"] < 24

    env["ANNOTATE_TEST_DELAY"] = "0"
    again = subprocess.run(_command(inp, out), env=env, capture_output=True, timeout=300)
    assert again.returncode == 0, again.stderr.decode()[-2000:]
    assert "resuming" in again.stderr.decode()
    assert _outputs(out) == expected
    summary = json.loads((out / "_summary.json").read_text())
    assert summary["resumed_from_chunk"] == killed["chunks_done"]
    assert summary["counts"] == json.loads((reference / "_summary.json").read_text())["counts"]
    assert summary["counts"]["in"] == 1200 and summary["balanced"]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temp files left behind
