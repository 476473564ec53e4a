"""Audit of the commands on bad input: a clear error and exit code 2, never a traceback or a value."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier.cli.main import main

FIXTURES = Path(__file__).parent / "fixtures" / "registry"
MARKER = "zq-marker-9931@example.org"
CONSENT = "account_id,ai_training_opt_in,explicit_consent,third_party_training,recorded_at\n"


def test_a_config_file_that_is_not_utf8_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.yaml"
    config.write_bytes(b"\xff\xfe\x00default_threshold: 0.5\n")
    assert main(["analyze", "--no-ner", "--config", str(config), "hello"]) == 2
    err = capsys.readouterr().err
    assert f"{config}: config file is not UTF-8 text" in err
    assert "Traceback" not in err


def test_a_key_file_that_is_not_utf8_is_a_usage_error_without_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "secret.key"
    key.write_bytes(b"\xff\xfe" + MARKER.encode() + b"\n")
    assert main(["redact", "--no-ner", "--mode", "hash", "--key-file", str(key), "hi"]) == 2
    assert main(["decrypt", "--key-file", str(key), "hi"]) == 2
    captured = capsys.readouterr()
    assert f"{key}: key file is not UTF-8 text" in captured.err
    assert "zq-marker" not in captured.out + captured.err


def test_decide_reports_a_summary_it_cannot_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scan = tmp_path / "scan"
    scan.mkdir()
    (scan / "documents.jsonl").write_text("", encoding="utf-8")
    consent = tmp_path / "consent.csv"
    consent.write_text(CONSENT, encoding="utf-8")
    out = tmp_path / "out"
    (out / "summary.json").mkdir(parents=True)
    assert main(["decide", "--scan", str(scan), "--consent", str(consent), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{out / 'summary.json'}: cannot write" in err
    assert "Traceback" not in err


def test_redact_file_into_a_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "note.txt"
    source.write_text(f"write to {MARKER}\n", encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    assert main(["redact", "--no-ner", str(source), "-o", str(folder)]) == 2
    captured = capsys.readouterr()
    assert f"{folder}: cannot write" in captured.err
    assert "zq-marker" not in captured.out + captured.err


@pytest.mark.parametrize("timeout", ["nan", "0", "-1", "1e300"])
def test_validate_refuses_a_probe_timeout_that_breaks_the_probe(
    capsys: pytest.CaptureFixture[str], timeout: str
) -> None:
    # NaN never times out (a catastrophic pattern hangs the probe); 0 or less, or a huge value,
    # reported every pattern of the good fixtures as catastrophic
    assert main(["recognizers", "validate", str(FIXTURES / "good"), "--probe-timeout", timeout]) == 2
    assert "--probe-timeout must be" in capsys.readouterr().err


def test_explain_help_says_it_prints_the_matched_text(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["explain", "--help"])
    assert exit_info.value.code == 0
    assert "prints each matched text" in " ".join(capsys.readouterr().out.split())
