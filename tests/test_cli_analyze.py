"""`classifier analyze`, `redact` and `decrypt` end to end (in-process, so spaCy loads once)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from classifier.cli.main import main

REPO = Path(__file__).resolve().parent.parent
BADGE_YAML = """recognizers:
  - name: CliTestBadgeRecognizer
    supported_entity: STUDENT_ID
    category: EDU
    patterns: [{name: badge, regex: '\\bZQ-\\d{6}\\b', score: 0.9}]
"""
TEXT = "Badge ZQ-104233 belongs to the new student."


@pytest.fixture(scope="module")
def recognizer_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("recognizers")
    (folder / "badge.yaml").write_text(BADGE_YAML, encoding="utf-8")
    return folder


def run_cli(capsys, *argv: str, stdin: bytes | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _badges(result: dict) -> list[dict]:
    return [f for f in result["findings"] if f["recognizer"] == "CliTestBadgeRecognizer"]


def test_analyze_text_argument(capsys, recognizer_dir) -> None:
    code, out, _ = run_cli(capsys, "analyze", "--recognizers", str(recognizer_dir), TEXT)
    result = json.loads(out)
    assert code == 1
    [badge] = _badges(result)
    assert (badge["start"], badge["end"], badge["entity_type"], badge["category"]) == (
        6,
        15,
        "STUDENT_ID",
        "EDU",
    )
    assert "value" not in badge and "ZQ-104233" not in out
    assert "EDU" in result["categories"]


def test_analyze_include_values_and_stdin(capsys, monkeypatch, recognizer_dir) -> None:
    code, out, _ = run_cli(
        capsys,
        "analyze",
        "--include-values",
        "--recognizers",
        str(recognizer_dir),
        stdin=TEXT.encode(),
        monkeypatch=monkeypatch,
    )
    assert code == 1
    assert _badges(json.loads(out))[0]["value"] == "ZQ-104233"


def test_analyze_nothing_found_exits_zero(capsys) -> None:
    code, out, _ = run_cli(capsys, "analyze", "ok")
    assert code == 0 and json.loads(out) == {"categories": [], "findings": []}


def test_analyze_jsonl_with_a_bad_line(capsys, tmp_path, recognizer_dir) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"key": "a", "body": TEXT})
        + "\n{this is not json ZQ-999999\n"
        + json.dumps({"key": "b", "body": "ok"})
        + "\n"
        + json.dumps({"key": "c"})
        + "\n",
        encoding="utf-8",
    )
    target = tmp_path / "out.jsonl"
    code, _, err = run_cli(
        capsys,
        "analyze",
        "--input",
        str(source),
        "--output",
        str(target),
        "--id-field",
        "key",
        "--text-field",
        "body",
        "--recognizers",
        str(recognizer_dir),
    )
    assert code == 3
    assert f"{source} line 2: not valid JSON" in err
    assert "line 4" in err and "'body'" in err
    assert "ZQ-999999" not in err and "this is not json" not in err
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"]
    assert _badges(lines[0])[0]["start"] == 6 and lines[1]["findings"] == []
    assert set(lines[0]) == {"id", "categories", "findings"}


def test_analyze_jsonl_shows_an_id_only_when_it_holds_no_value(capsys, tmp_path) -> None:
    """An email given as an id is not written to the report: the line number stands for it."""
    source = tmp_path / "ids.jsonl"
    ids = ["zq.id.test@example.org", "msg-7", 12345, {"nested": 1}, "415 555 0132"]
    source.write_text("".join(json.dumps({"id": i, "text": "hello"}) + "\n" for i in ids), encoding="utf-8")
    target = tmp_path / "out.jsonl"
    code, _, err = run_cli(capsys, "analyze", "--input", str(source), "--output", str(target), "--no-ner")
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert "zq.id.test" not in text and "555" not in text
    assert [json.loads(line)["id"] for line in text.splitlines()] == [1, "msg-7", 12345, 4, 5]


@pytest.mark.parametrize("command", ["analyze", "redact"])
def test_a_missing_input_file_is_a_usage_error(capsys, tmp_path, command) -> None:
    code, _, err = run_cli(capsys, command, "--input", str(tmp_path / "missing.jsonl"), "--no-ner")
    assert code == 2
    assert "missing.jsonl: cannot read" in err and "Traceback" not in err


def test_analyze_sample_jsonl(capsys, tmp_path) -> None:
    target = tmp_path / "y.jsonl"
    code, _, err = run_cli(
        capsys, "analyze", "--input", str(REPO / "samples" / "texts.jsonl"), "--output", str(target)
    )
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert code == 1, err
    assert [line["id"] for line in lines] == ["t1", "t2", "t3", "t4", "t5", "t6"]
    assert lines[0]["findings"] and "EDU" in lines[0]["categories"]


def test_redact_text_and_jsonl(capsys, tmp_path, recognizer_dir) -> None:
    code, out, _ = run_cli(capsys, "redact", "--recognizers", str(recognizer_dir), TEXT)
    assert code == 0 and out == "Badge <STUDENT_ID> belongs to the new student.\n"
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": 1, "text": TEXT, "channel": "x"}) + "\n", encoding="utf-8")
    target = tmp_path / "out.jsonl"
    code, _, _ = run_cli(
        capsys,
        "redact",
        "--mode",
        "mask",
        "--input",
        str(source),
        "-o",
        str(target),
        "--recognizers",
        str(recognizer_dir),
    )
    [line] = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    assert code == 0
    assert line == {"id": 1, "text": "Badge ********* belongs to the new student.", "channel": "x"}


def test_redact_hash_without_key_is_usage_error(capsys, monkeypatch) -> None:
    monkeypatch.delenv("CLASSIFIER_KEY", raising=False)
    code, out, err = run_cli(capsys, "redact", "--mode", "hash", TEXT)
    assert code == 2 and out == "" and "needs a key" in err


def test_encrypt_then_decrypt_via_cli(capsys, tmp_path, monkeypatch, recognizer_dir) -> None:
    key_file = tmp_path / "secret.key"
    key_file.write_text("a synthetic test key\n", encoding="utf-8")
    code, encrypted, _ = run_cli(
        capsys,
        "redact",
        "--mode",
        "encrypt",
        "--key-file",
        str(key_file),
        "--recognizers",
        str(recognizer_dir),
        TEXT,
    )
    assert code == 0 and "<ENC:STUDENT_ID:" in encrypted and "ZQ-104233" not in encrypted
    code, restored, _ = run_cli(capsys, "decrypt", "--key-file", str(key_file), encrypted.strip())
    assert code == 0 and restored == TEXT + "\n"
    monkeypatch.setenv("CLASSIFIER_KEY", "not the key")
    code, _, err = run_cli(capsys, "decrypt", encrypted.strip())
    assert code == 2 and "wrong key" in err and "ZQ" not in err


def test_help_lists_examples_and_exit_codes(capsys) -> None:
    for command in ("analyze", "redact", "decrypt"):
        with pytest.raises(SystemExit) as raised:
            main([command, "--help"])
        out = capsys.readouterr().out
        assert raised.value.code == 0
        assert "examples:" in out and "exit codes:" in out


def test_redact_transcript_file_in_its_format(capsys, tmp_path) -> None:
    target = tmp_path / "meeting.vtt"
    code, _, err = run_cli(
        capsys, "redact", str(REPO / "samples" / "meeting.vtt"), "-o", str(target), "--mode", "pseudonym"
    )
    out = target.read_text(encoding="utf-8")
    assert code == 0, err
    assert out.startswith("WEBVTT") and "00:00:06.900 --> 00:00:14.300" in out
    assert "S01938477" not in out and "555-013-2290" not in out
    assert "Dana Whitfield" not in out  # speaker names are redacted too


def test_redact_existing_file_needs_output(capsys) -> None:
    code, out, err = run_cli(capsys, "redact", str(REPO / "samples" / "chat.txt"))
    assert code == 2 and out == "" and "-o OUTPUT" in err


SPOKEN = "my number is four one five, five five five, zero one three two"
SPELLED = "write to zq dot lane at example dot org"


def test_analyze_and_redact_find_spoken_and_spelled_values(capsys, tmp_path) -> None:
    """A text is read as a record of one segment, so the conversation-aware steps run as in a scan
    (the recognizers alone find nothing in either text)."""
    assert main(["analyze", "--no-ner", "--include-values", SPOKEN]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["entity_type"], f["value"]) for f in found] == [
        ("PHONE_NUMBER", "four one five, five five five, zero one three two")
    ]
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "m1", "text": SPELLED}) + "\n", encoding="utf-8")
    assert main(["analyze", "--no-ner", "--input", str(source)]) == 1
    [line] = capsys.readouterr().out.splitlines()
    assert [f["entity_type"] for f in json.loads(line)["findings"]] == ["EMAIL_ADDRESS"]
    assert main(["redact", "--no-ner", SPOKEN]) == 0
    assert capsys.readouterr().out.strip() == "my number is <PHONE_NUMBER>"
