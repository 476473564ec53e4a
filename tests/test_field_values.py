"""User names in fields named so (`conversation.field_values`), and record ids that repeat them.

A bare `mlopez85` reads as nothing; `"username": "mlopez85"` is a user name. Once found, the
same value given as the line's id must not stay in the redacted copy (scan, `redact FILE` and
`redact --input`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier.cli.main import main
from classifier.config import Config
from classifier.engine import Classifier
from classifier.formats import read_path, redact_file

HANDLE = "qzlopez85"


@pytest.fixture(scope="module")
def engine() -> Classifier:
    return Classifier(Config(use_ner=False))


def write_lines(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def found(engine: Classifier, path: Path, fmt: str) -> list[tuple[str, str, str]]:
    """(segment id, value, entity type) of every finding of every record."""
    result = []
    for record in read_path(path, fmt=fmt):
        per_segment = engine.analyze_record(record)
        for segment, findings in zip(record.segments, per_segment, strict=True):
            result += [(segment.segment_id, segment.text[f.start : f.end], f.entity_type) for f in findings]
    return result


def test_values_of_user_name_fields_are_user_names(engine: Classifier, tmp_path: Path) -> None:
    event = {
        "ts": "2026-03-02T10:00:00Z",
        "user": {"userName": HANDLE, "login_name": "qzkim", "screen-name": "qz.ortega_7", "role": "qzkim"},
        "actor": {"user": "guest", "username": "Unknown", "uid": "qz@example.org", "handle": "two words"},
        "qzkim": {"login": "ab"},
    }
    hits = found(engine, write_lines(tmp_path / "events.jsonl", [event]), "telemetry")
    usernames = sorted((segment, value) for segment, value, kind in hits if kind == "USERNAME")
    # placeholders, a sentence and a role are not user names; the email stays an email; a key is
    # no field value; "ab" is one (2 characters, like "username: ab" in a sentence)
    assert usernames == [
        ("$.qzkim.login", "ab"),
        ("$.user.login_name", "qzkim"),
        ("$.user.screen-name", "qz.ortega_7"),
        ("$.user.userName", HANDLE),
    ]
    assert ("$.actor.uid", "qz@example.org", "EMAIL_ADDRESS") in hits


def test_a_conversation_line_saying_the_words_is_not_a_field(engine: Classifier, tmp_path: Path) -> None:
    rows = [{"id": "m1", "text": "username"}, {"id": "m2", "text": HANDLE}]
    hits = found(engine, write_lines(tmp_path / "chat.jsonl", rows), "jsonl")
    assert [kind for _, _, kind in hits if kind == "USERNAME"] == []


def test_the_step_can_be_disabled(tmp_path: Path) -> None:
    quiet = Classifier(Config(use_ner=False, disabled=["conversation.field_values"]))
    hits = found(quiet, write_lines(tmp_path / "events.jsonl", [{"username": HANDLE}]), "telemetry")
    assert hits == []


ROWS = [
    {"id": HANDLE, "text": "hello there", "username": HANDLE},
    {"id": "msg-7", "text": "hello there", "username": "qzkim"},
]
EXPECTED = [
    {"id": "<USERNAME>", "text": "hello there", "username": "<USERNAME>"},
    {"id": "msg-7", "text": "hello there", "username": "<USERNAME>"},
]


def test_scan_redacts_an_id_that_repeats_a_user_name(tmp_path: Path) -> None:
    data = tmp_path / "in"
    data.mkdir()
    write_lines(data / "chat.jsonl", ROWS)
    write_lines(data / "events.log.jsonl", [{"id": HANDLE, "ts": "2026-03-02T10:00:00Z", "login": HANDLE}])
    out = tmp_path / "out"
    args = ["scan", str(data), "--out", str(out), "--no-ner", "--workers", "1", "--quiet"]
    assert main([*args, "--redact", "label"]) == 0
    chat = (out / "redacted" / "in" / "chat.jsonl").read_text(encoding="utf-8")
    assert [json.loads(line) for line in chat.splitlines()] == EXPECTED
    events = (out / "redacted" / "in" / "events.log.jsonl").read_text(encoding="utf-8")
    assert json.loads(events) == {"id": "<USERNAME>", "ts": "2026-03-02T10:00:00Z", "login": "<USERNAME>"}
    for name in ("documents.jsonl", "findings.jsonl", "summary.json", "report.html"):
        assert HANDLE not in (out / name).read_text(encoding="utf-8"), name


def test_redact_file_and_redact_input_redact_such_an_id(engine: Classifier, tmp_path: Path) -> None:
    source = write_lines(tmp_path / "chat.jsonl", ROWS)
    output = tmp_path / "file.jsonl"
    assert redact_file(engine, source, output, mode="label", fmt="jsonl").complete
    assert [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()] == EXPECTED
    target = tmp_path / "input.jsonl"
    assert main(["redact", "--input", str(source), "-o", str(target), "--no-ner", "--quiet"]) == 0
    assert [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()] == EXPECTED
