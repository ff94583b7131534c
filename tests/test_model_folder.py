"""The one model-folder contract: nlp_social.json with format, format_version and versions."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nlp_social.errors import DataNotFoundError, ModelFormatError
from nlp_social.model_folder import (
    MODEL_CONFIG,
    folder_format,
    load_arrays,
    read_model_config,
    save_arrays,
    write_model_config,
)


def test_round_trip_records_versions(tmp_path):
    write_model_config(tmp_path / "m", "nlp_social.thing", 3, {"params": {"a": 1}})
    doc = read_model_config(tmp_path / "m", "nlp_social.thing", 3)
    assert doc["params"] == {"a": 1}
    assert "numpy" in doc["versions"] and "nlp-social" in doc["versions"]
    assert folder_format(tmp_path / "m") == "nlp_social.thing"
    assert read_model_config(tmp_path / "m", "nlp_social.thing", (2, 3))["format_version"] == 3


def test_reserved_keys_refused(tmp_path):
    with pytest.raises(ValueError, match="reserved"):
        write_model_config(tmp_path, "nlp_social.thing", 1, {"versions": {}})


@pytest.mark.parametrize(
    "doc, match",
    [
        ({"format": "nlp_social.other", "format_version": 1, "versions": {}}, "not 'nlp_social.thing'"),
        ({"format": "nlp_social.thing", "format_version": 1, "versions": {}}, "train or save it again"),
        ({"format": "nlp_social.thing", "format_version": 9, "versions": {}}, "upgrade nlp_social"),
        ({"format": "nlp_social.thing", "format_version": 2}, "versions"),
        ({"weights": []}, "no 'format' key"),
    ],
)
def test_mismatch_is_one_line(tmp_path, doc, match):
    (tmp_path / MODEL_CONFIG).write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ModelFormatError, match=match) as info:
        read_model_config(tmp_path, "nlp_social.thing", 2)
    assert "\n" not in str(info.value)


def test_old_and_foreign_folders(tmp_path):
    old = tmp_path / "old"
    old.mkdir()
    (old / "lid.json").write_text(json.dumps({"format": "nlp_social.lid", "version": 1}), encoding="utf-8")
    with pytest.raises(ModelFormatError, match="older nlp_social"):
        read_model_config(old, "nlp_social.lid", 2)
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelFormatError, match="not an nlp_social model folder"):
        read_model_config(foreign, "nlp_social.lid", 2)
    with pytest.raises(DataNotFoundError):
        read_model_config(tmp_path / "absent", "nlp_social.lid", 2)
    (tmp_path / MODEL_CONFIG).write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelFormatError, match="line 1"):
        read_model_config(tmp_path, "nlp_social.lid", 2)


def test_arrays_never_pickled(tmp_path):
    save_arrays(tmp_path, "a.npz", {"w": np.arange(3, dtype=np.float32)})
    assert load_arrays(tmp_path, "a.npz")["w"].tolist() == [0.0, 1.0, 2.0]
    with pytest.raises(TypeError, match="object"):
        save_arrays(tmp_path, "b.npz", {"o": np.array([{"x": 1}], dtype=object)})
    (tmp_path / "c.npz").write_bytes(b"PK\x03\x04broken")
    with pytest.raises(ModelFormatError, match="c.npz"):
        load_arrays(tmp_path, "c.npz")
