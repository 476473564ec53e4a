"""Redacted copies found leaking or broken by an audit of the format writers (synthetic data only).

* A `&#13;` entity in WebVTT cue or note text was decoded to a carriage return for analysis and
  written back raw: two of them made a blank line, which ended the cue (or note) in the copy.
* UTF-8 text with accents behind a stray UTF-16 byte order mark was read as UTF-16: nothing found,
  and the copy held the input's values as they were.
* UTF-16 text read as UTF-8 (a UTF-8 mark in front, or no mark with a forced format) kept its NUL
  bytes: no recognizer reads `5\\x005\\x00...`, and the copy held the values.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier import textio as classifier_textio
from classifier.formats import FormatError, read_path, redact_file
from classifier.formats.spans import turns

PHONE = "555-0199-7731"
EMAIL = "dana.whitfield@example.org"
LINE = f"Dana Whitfield: call {PHONE} or mail {EMAIL}\n"


@pytest.fixture(scope="module")
def engine():
    from classifier.config import Config
    from classifier.engine import Classifier

    return Classifier(Config(use_ner=False))


def _redact(engine, tmp_path: Path, name: str, data: bytes, fmt: str | None = None) -> Path:
    source = tmp_path / name
    source.write_bytes(data)
    output = tmp_path / ("out-" + name)
    redact_file(engine, source, output, mode="label", fmt=fmt)
    return output


def test_vtt_carriage_return_entity_stays_an_entity_in_cue_and_note(engine, tmp_path: Path) -> None:
    text = (
        "WEBVTT\n\n"
        f"NOTE mail {EMAIL}&#13;&#13;thanks\n\n"
        "1\n00:00:01.000 --> 00:00:02.000\n"
        f"hello&#13;&#13;call {PHONE}\n\n"
        "2\n00:00:03.000 --> 00:00:04.000\nbye\n"
    )
    output = _redact(engine, tmp_path, "in.vtt", text.encode("utf-8"), fmt="webvtt")
    copy = output.read_bytes().decode("utf-8")
    assert PHONE not in copy and EMAIL not in copy
    assert "\r" not in copy and copy.count("&#13;") == 4
    after = next(read_path(output, fmt="webvtt"))
    assert not after.errors
    assert len(turns(after.segments)) == 2
    assert [s.segment_id for s in after.segments if s.segment_id == "note"] == ["note"]


def test_utf8_with_accents_behind_a_stray_utf16_mark_is_read_as_utf8(engine, tmp_path: Path) -> None:
    data = b"\xff\xfe" + (LINE + "caf\u00e9 \u00e0 l'\u00e9cole\n").encode("utf-8")
    output = _redact(engine, tmp_path, "notes.txt", data)
    copy = output.read_bytes()
    assert copy.startswith(b"\xff\xfe")
    assert PHONE.encode() not in copy and EMAIL.encode() not in copy
    assert "caf\u00e9".encode() in copy
    # `analyze` and standard input decode through the same rule
    assert classifier_textio.decode(data, "x") == LINE + "caf\u00e9 \u00e0 l'\u00e9cole\n"


def test_genuine_utf16_behind_its_mark_is_still_utf16(engine, tmp_path: Path) -> None:
    data = ("\ufeff" + LINE + "caf\u00e9\n").encode("utf-16-le")
    output = _redact(engine, tmp_path, "notes.txt", data)
    copy = output.read_bytes().decode("utf-16")
    assert PHONE not in copy and EMAIL not in copy and "caf\u00e9" in copy


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b"\xef\xbb\xbf" + LINE.encode("utf-16-le"), None),
        (LINE.encode("utf-16-le"), "text"),
    ],
    ids=["utf8-mark-before-utf16", "utf16-without-mark-forced-text"],
)
def test_utf16_read_as_utf8_is_refused(engine, tmp_path: Path, data: bytes, fmt: str | None) -> None:
    source = tmp_path / "chat.txt"
    source.write_bytes(data)
    output = tmp_path / "out.txt"
    with pytest.raises(FormatError, match="NUL") as raised:
        redact_file(engine, source, output, mode="label", fmt=fmt)
    assert PHONE not in str(raised.value) and EMAIL not in str(raised.value)
    assert not output.exists()
