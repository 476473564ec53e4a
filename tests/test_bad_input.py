"""Bad input: empty text, invalid UTF-8, binary files, texts over spaCy's limit, bad JSONL lines."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from classifier.cli.common import iter_jsonl
from classifier.cli.main import main
from classifier.config import Config
from classifier.detection.chunking import split_text
from classifier.engine import Classifier
from classifier.textio import BinaryInputError, decode, read_text
from tests.conftest import basic_recognizers

BINARY = bytes(range(256)) * 8


def test_empty_text_has_no_findings(basic_engine: Classifier) -> None:
    assert basic_engine.analyze("") == []
    assert basic_engine.analyze_batch(["", "   \n", "mail a@example.org"])[:2] == [[], []]


def test_empty_stdin_is_not_an_error(capsys, monkeypatch) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert main(["analyze"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []


def test_invalid_utf8_is_replaced_with_a_warning_naming_the_file(tmp_path: Path, caplog) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"secret value caf\xe9 and more\n")
    with caplog.at_level(logging.WARNING, logger="classifier.textio"):
        text = read_text(path)
    assert text == "secret value caf\ufffd and more\n"
    assert str(path) in caplog.text and "secret" not in caplog.text


def test_bom_and_utf16_are_decoded() -> None:
    assert decode("\ufeffWEBVTT".encode(), "a.vtt") == "WEBVTT"
    assert decode("\ufeffhi there".encode("utf-16-le"), "b.txt") == "hi there"


def test_binary_file_is_refused(tmp_path: Path, capsys) -> None:
    path = tmp_path / "photo.bin"
    path.write_bytes(BINARY)
    with pytest.raises(BinaryInputError, match="photo.bin"):
        read_text(path)
    assert main(["analyze", "--input", str(path)]) == 2
    assert "photo.bin" in capsys.readouterr().err
    jsonl = tmp_path / "data.jsonl"
    jsonl.write_bytes(BINARY)
    assert main(["analyze", "--input", str(jsonl)]) == 2
    assert "data.jsonl" in capsys.readouterr().err


def test_bad_jsonl_lines_are_reported_by_number(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"id": 1, "text": "a"}\nnot json\n[1, 2]\n\n{"id": 2, "text": "b"}\n')
    lines = list(iter_jsonl(path))
    assert [(line.number, line.error) for line in lines] == [
        (1, None),
        (2, "not valid JSON"),
        (3, "not a JSON object"),
        (5, None),
    ]


def test_text_over_spacy_limit_keeps_offsets() -> None:
    """1.2 million characters: no spaCy E088, and findings point at the right place."""
    engine = Classifier(Config(use_ner=False), recognizers=basic_recognizers())
    filler = "lorem ipsum dolor sit amet\n" * 45_000
    text = "mail first@example.org now " + filler + "then last@example.org please"
    assert len(text) > 1_000_000
    found = engine.analyze(text)
    assert [f.value for f in found] == ["first@example.org", "last@example.org"]
    for finding in found:
        assert text[finding.start : finding.end] == finding.value
    assert found[1].start == text.rindex("last@")


def test_findings_across_many_chunks(basic_engine: Classifier) -> None:
    engine = Classifier(Config(), recognizers=basic_engine.recognizers, chunk_chars=60)
    text = "".join(f"line {i} mail user{i}@example.org thanks\n" for i in range(20))
    found = [f for f in engine.analyze(text) if f.entity_type == "EMAIL_ADDRESS"]
    assert [f.value for f in found] == [f"user{i}@example.org" for i in range(20)]
    assert all(text[f.start : f.end] == f.value for f in found)


def test_split_text_cuts_at_whitespace() -> None:
    text = "alpha beta\ngamma delta epsilon zeta eta theta"
    pieces = split_text(text, max_chars=12)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 12 for _, piece in pieces)
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces)
    assert all(piece[-1].isspace() for _, piece in pieces[:-1])
    assert split_text("x" * 25, max_chars=10) == [(0, "x" * 10), (10, "x" * 10), (20, "x" * 5)]


def test_ascii_text_behind_a_stray_utf16_mark_is_read_as_utf8(tmp_path, capsys) -> None:
    """Read as UTF-16, the ASCII bytes become CJK-looking characters that no recognizer reads: the
    copy would be the raw input with nothing found (found by an audit)."""
    from classifier.formats.textio import encoding_of
    from classifier.textio import decode

    stray = b"\xff\xfemy ssn is 123-45-6789 today\n"
    source = tmp_path / "note.txt"
    source.write_bytes(stray)
    out = tmp_path / "note.red.txt"
    assert main(["redact", str(source), "--no-ner", "-o", str(out)]) == 0
    copy = out.read_bytes()
    assert copy.startswith(b"\xff\xfemy ssn is <US_SSN>") and b"6789" not in copy
    assert "6789" not in capsys.readouterr().err
    assert decode(stray, "x") == "my ssn is 123-45-6789 today\n"
    # genuine UTF-16 (spaces are `20 00`) and UTF-16 without spaces or ASCII keep their encoding
    genuine = "my ssn is 123-45-6789".encode("utf-16")
    assert decode(genuine, "x") == "my ssn is 123-45-6789"
    assert encoding_of(genuine).name == "utf-16-le"
    assert encoding_of(b"\xff\xfe" + "你好世界".encode("utf-16-le")).name == "utf-16-le"


def test_a_stray_utf16_mark_before_json_lines_read_from_a_path_is_not_trusted(tmp_path, caplog) -> None:
    """JSON Lines are streamed from a path: four bytes could not tell a stray mark, and the lines
    were read as UTF-16, so `analyze` found nothing in them."""
    from classifier.formats import read_path

    data = b'\xff\xfe{"text": "my ssn is 123-45-6789 caf\xc3\xa9"}\n{"text": "second line"}\n'
    source = tmp_path / "chat.jsonl"
    source.write_bytes(data)
    with caplog.at_level("WARNING"):
        texts = [segment.text for record in read_path(source) for segment in record.segments]
    assert texts == ["my ssn is 123-45-6789 caf\u00e9", "second line"]
    assert "read as UTF-8" in caplog.text and "6789" not in caplog.text
    genuine = tmp_path / "genuine.jsonl"
    genuine.write_bytes('{"text": "caf\u00e9 au lait"}\n'.encode("utf-16"))
    assert [s.text for r in read_path(genuine) for s in r.segments] == ["caf\u00e9 au lait"]
