"""Config files are checked key by key: a wrong type or range is an error naming file and key.

A threshold of 5 or NaN made detection find nothing, so records became eligible and redacted
copies kept raw values; other bad values crashed with a traceback or were misread.
"""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

import pytest

from classifier.cli.main import main
from classifier.config import Config, ConfigError
from classifier.findings import Category

#: a synthetic value that must never appear in an error message
SECRET = "Maria 123-45-6789"

#: for every key of Config, values that must be refused (YAML text)
BAD = {
    "spacy_model": ["[1]", "''", "5", f"[{json.dumps(SECRET)}]"],
    "use_ner": ["5", "'no'", "null"],
    "language": ["''", "[en]", "3"],
    "default_threshold": [".nan", "5", "-0.1", ".inf", "x", "true", json.dumps(SECRET)],
    "thresholds": ["{US_SSN: .nan}", "{US_SSN: 1.5}", "{US_SSN: x}", "[0.5]", "0.5"],
    "categories": ["{DEVICE_ID: SECRET}", "{DEVICE_ID: 1}", "[PII]", json.dumps(SECRET)],
    "enabled": ["5", "foo", "[a, 1]", "{a: 1}"],
    "disabled": ["foo", "[a, null]", "['']"],
    "recognizer_dirs": ["foo", "[1]", json.dumps(SECRET)],
    "regex_timeout": ["0", "-1", ".nan", ".inf", "'1.0e+300'", "x"],
    "record_timeout": [".nan", "-1", ".inf", "'1.0e+300'", "x", "null", "false"],
    "batch_size": ["0", "-5", "2.5", "true", "'256'"],
    "recent_pieces": ["-1", "1.5", "true", "x"],
    "skip_machine_values": ["1", "'yes'", "[]"],
}


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "classifier.yaml"
    path.write_text(text + "\n", encoding="utf-8")
    return path


def test_every_config_key_has_refused_values() -> None:
    assert set(BAD) == {f.name for f in fields(Config)}


@pytest.mark.parametrize(("key", "value"), [(k, v) for k, values in BAD.items() for v in values])
def test_bad_value_is_an_error_naming_file_and_key(tmp_path: Path, key: str, value: str) -> None:
    path = _write(tmp_path, f"{key}: {value}")
    with pytest.raises(ConfigError) as caught:
        Config.from_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {key}")
    assert " must be " in message
    assert "123-45-6789" not in message


def test_good_values_are_converted(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "default_threshold: 1e-3\nthresholds: {US_SSN: 1, EMAIL_ADDRESS: 0}\ncategories: {DEVICE_ID: phi}\n"
        "record_timeout: 0\nregex_timeout: 0.25\nbatch_size: 1\nrecent_pieces: 0\n"
        "enabled: []\ndisabled: [UsernameRecognizer]\nrecognizer_dirs: [mine]\nuse_ner: false",
    )
    config = Config.from_file(path)
    assert config.default_threshold == 0.001  # YAML reads 1e-3 as a string; --threshold takes it too
    assert config.thresholds == {"US_SSN": 1.0, "EMAIL_ADDRESS": 0.0}
    assert config.categories == {"DEVICE_ID": Category.PHI}
    assert (config.record_timeout, config.regex_timeout) == (0.0, 0.25)
    assert (config.batch_size, config.recent_pieces) == (1, 0)
    assert config.disabled == ["UsernameRecognizer"]
    assert config.recognizer_dirs == [tmp_path / "mine"]
    assert config.use_ner is False


def test_a_number_as_key_is_reported_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown key"):
        Config.from_file(_write(tmp_path, "5: 1\nuse_ner: false"))


@pytest.mark.parametrize("value", [".nan", "5", "x"])
def test_scan_with_a_bad_threshold_stops_before_writing(tmp_path: Path, capsys, value: str) -> None:
    """Before: exit 0 and a redacted copy holding the raw SSN (or a traceback for `x`)."""
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "r1", "text": "My SSN is 123-45-6789"}) + "\n", encoding="utf-8")
    config = _write(tmp_path, f"default_threshold: {value}\nuse_ner: false")
    out = tmp_path / "out"
    args = ["scan", str(source), "--out", str(out), "--config", str(config), "--redact", "label", "-q"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert f"{config}: default_threshold must be a number between 0 and 1" in err
    assert "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize(
    "values",
    [
        {"default_threshold": 5},
        {"default_threshold": float("nan")},
        {"thresholds": {"US_SSN": -0.1}},
        {"record_timeout": -1},
        {"batch_size": 0},
        {"use_ner": "no"},
    ],
)
def test_a_config_built_in_python_is_checked_too(values: dict[str, object]) -> None:
    """A library caller's `Config(default_threshold=5)` would find nothing, like a config file's."""
    with pytest.raises(ConfigError) as raised:
        Config(**values)  # type: ignore[arg-type]
    assert next(iter(values)) in str(raised.value)
    assert Config(default_threshold=0.7, thresholds={"US_SSN": "0.9"}).thresholds == {"US_SSN": 0.9}
