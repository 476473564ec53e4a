"""Audit of the transcript and chat readers and writers (round 3): each test shows one defect.

Planted values are synthetic (example.org addresses, 555 numbers, invented names).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier.formats import detect_format, read_path
from classifier.formats.speakers import speaker_prefix


def redacted_vtt(tmp_path: Path, text: str) -> tuple[str | None, str]:
    """The format detected for a `.vtt` file holding `text`, and its copy by `redact --no-ner`."""
    from classifier.cli.main import main

    source = tmp_path / "meeting.vtt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "meeting.red.vtt"
    assert main(["redact", str(source), "--no-ner", "-q", "-o", str(out)]) == 0
    return detect_format(source), out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("line", "speaker"),
    [
        ("dana.whitfield: my cell is 415-555-0132", "dana.whitfield"),
        ("Kim O.: thanks", "Kim O."),
        ("Dr. Zed Quill (he/him): ok", "Dr. Zed Quill"),
        ("J.R. Ortega: ok", "J.R. Ortega"),
        ("Whitfield, Dana J.: hi", "Whitfield, Dana J."),
        ("e.g. this one: yes", None),
        ("I said so. Then: yes", None),
    ],
)
def test_display_names_with_periods_are_speakers(line: str, speaker: str | None) -> None:
    """Zoom display names are often dotted user names or carry initials and titles; read as text,
    the name was copied as it was (NER does not find `dana.whitfield`, and nothing does without NER)."""
    found = speaker_prefix(line)
    assert (found.name if found else None) == speaker


def test_zoom_vtt_with_dotted_names_is_detected_and_redacted_without_ner(tmp_path: Path) -> None:
    detected, copy = redacted_vtt(
        tmp_path,
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\ndana.whitfield: my cell is 415-555-0132\n\n"
        "2\n00:00:05.000 --> 00:00:07.000\nJ.R. Ortega (he/him): thanks\n",
    )
    assert detected == "zoom_vtt"
    assert "whitfield" not in copy and "Ortega" not in copy and "0132" not in copy
    assert copy.count("-->") == 2 and "(he/him)" in copy


@pytest.mark.timeout(60)  # a hang guard, not a speed check: the old pattern took hours on this input
def test_a_long_chat_line_that_is_not_a_header_is_read(tmp_path: Path) -> None:
    """`HH:MM:SS From` then a long run of blanks (or many ` to `) and no header colon: the header
    pattern backtracked cubically (1,500 blanks took seconds, 4,000 took 100 s), so one pasted line
    stopped the run."""
    source = tmp_path / "chat.txt"
    source.write_text(
        "00:05:12 From Zed Quill to Everyone : hello\n"
        + "00:05:13 From "
        + " " * 20000
        + "x\n"
        + "00:05:14 From the notes "
        + "we need to go to the office and talk to them  " * 400
        + "\n",
        encoding="utf-8",
    )
    (record,) = read_path(source)
    assert [segment.speaker for segment in record.segments] == ["Zed Quill"]


def test_subrip_with_period_milliseconds_is_detected_as_srt(tmp_path: Path) -> None:
    """The SubRip reader takes `00:00:01.000` (many tools write a period), detection wanted a comma:
    such a file was read as plain text, one segment per line, without cue times."""
    source = tmp_path / "captions.srt"
    source.write_text(
        "1\r\n00:00:01.000 --> 00:00:04.000\r\nZed Quill: my cell is 415-555-0132\r\n\r\n"
        "2\r\n00:00:05.000 --> 00:00:07.000\r\nthanks\r\n",
        encoding="utf-8",
    )
    assert detect_format(source) == "srt"
    (record,) = read_path(source)
    assert [(s.speaker, s.start_time) for s in record.segments] == [
        ("Zed Quill", "00:00:01.000"),
        (None, "00:00:05.000"),
    ]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "captions.srt",
            "1\r\n00:00:01,000 --> 00:00:02,000\r\nZed Quill:\r\ncall 415-555-0132\r\n\r\n"
            "2\r\n00:00:03,000 --> 00:00:04,000\r\nJane Roe: bye\r\n",
        ),
        (
            "meeting.vtt",
            "WEBVTT\r\n\r\n1\r\n00:00:01.000 --> 00:00:02.000\r\nZed Quill:\r\ncall 415-555-0132\r\n\r\n"
            "2\r\n00:00:03.000 --> 00:00:04.000\r\nJane Roe: bye\r\n",
        ),
    ],
)
def test_a_speaker_label_on_its_own_line_keeps_its_line_break(tmp_path: Path, name: str, text: str) -> None:
    """`Zed Quill:` alone on the first line of a cue: the text span began before the line break,
    the writer drops blank lines, so the copy read `<PERSON>:call ...` (no speaker when read back)."""
    from classifier.cli.main import main

    source = tmp_path / name
    source.write_bytes(text.encode("utf-8"))
    (before,) = read_path(source)
    assert before.segments[0].speaker == "Zed Quill" and before.segments[0].text == "call 415-555-0132"
    out = tmp_path / ("red." + name)
    assert main(["redact", str(source), "--no-ner", "-q", "-o", str(out)]) == 0
    copy = out.read_bytes().decode("utf-8")
    assert "Quill" not in copy and "0132" not in copy
    assert ":\r\ncall " in copy
    (after,) = read_path(out)
    assert [s.speaker is not None for s in after.segments[:2]] == [True, True]


def test_webvtt_after_a_leading_blank_line_is_detected_and_redacted(tmp_path: Path) -> None:
    """The WebVTT reader skips blank lines before `WEBVTT`, detection did not: the file was read as
    plain text, voice-tag names were not speakers (`<v Whitfield, Dana>` stayed without NER) and
    labels were written into the markup unescaped (`<v <PERSON>, <PERSON>>`)."""
    detected, copy = redacted_vtt(
        tmp_path,
        "\r\n  \r\nWEBVTT\r\n\r\n0:0:0.0 --> 0:0:5.320\r\n<v Ortega, Kimberly>call 415-555-0132</v>\r\n\r\n"
        "0:0:6.0 --> 0:0:9.320\r\n<v Whitfield, Dana>ok &amp; thanks</v>\r\n",
    )
    assert detected == "teams_vtt"
    assert "Whitfield" not in copy and "Ortega" not in copy and "0132" not in copy
    assert "<v &lt;PERSON&gt;>" in copy


@pytest.mark.timeout(60)  # a hang guard: 60,000 characters of `(a)` took minutes to split
def test_a_crafted_voice_name_is_redacted_whole(tmp_path: Path) -> None:
    name = "(a)" * 20000
    _, copy = redacted_vtt(
        tmp_path, f"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v {name}>mail me at zq.vname@example.org\n"
    )
    assert "(a)" not in copy and "zq.vname" not in copy
    assert "<v &lt;PERSON&gt;>mail me at &lt;EMAIL_ADDRESS&gt;" in copy
