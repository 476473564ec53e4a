"""Values hidden in structure: WebVTT tags and timestamps, SubRip cue numbers, Zoom chat audiences.

What a writer copies must have been analysed, and a record with an identifier
that was never analysed must not be complete and clean: each leaky case is read
and label-redacted through a real classifier, the planted value must be gone
from the copy, and the record must have a finding of the value's type or a
record error (never quoting the value). The controls read and write as before.
All data here is synthetic.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier.findings import Finding
from classifier.formats import FormatError, read_bytes, redact_file
from classifier.formats.spans import is_side
from classifier.records import Record

EMAIL = "zq.leak.test@example.org"
PHONE = "415-555-0132"
SSN = "219-09-9999"
#: Traces of the planted values in any spelling.
TRACES = ("zq.leak.test", "555-0132", "5550132", SSN, "219099999")

CUE = "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n{}\n"
SUFFIXES = {"webvtt": ".vtt", "srt": ".srt", "zoom_chat": ".txt"}

#: (case, format, file, entity type expected when the record is read without an error)
LEAKY = [
    (
        "vtt-voice-class-with-name",
        "webvtt",
        CUE.format(f"<v.{EMAIL} Jane Doe>hello there</v>"),
        "EMAIL_ADDRESS",
    ),
    ("vtt-voice-class-alone", "webvtt", CUE.format(f"<v.{EMAIL}>hello there</v>"), "EMAIL_ADDRESS"),
    ("vtt-voice-classes", "webvtt", CUE.format(f"<v.loud.{EMAIL} Jane Doe>hello there</v>"), "EMAIL_ADDRESS"),
    ("vtt-ruby-text", "webvtt", CUE.format(f"<ruby>hi<rt>{SSN}</rt></ruby> there"), "US_SSN"),
    ("vtt-timestamp-tag-glued", "webvtt", CUE.format(f"call<00:00:00.500>{SSN} now"), "US_SSN"),
    ("vtt-c-class", "webvtt", CUE.format(f"hello <c.{EMAIL}>there</c> friend"), None),
    ("vtt-i-annotation", "webvtt", CUE.format(f"hello <00:00:00.500>there <i.x {SSN}>you</i>"), None),
    ("vtt-lang-annotation", "webvtt", CUE.format(f"<lang {EMAIL}>hello there</lang>"), None),
    ("vtt-mid-cue-voice", "webvtt", CUE.format(f"<v Jane Doe>hello there\n<v {PHONE}>yes</v>"), None),
    ("vtt-end-tag-annotation", "webvtt", CUE.format(f"<i>hello</i {SSN}> there"), None),
    ("vtt-digit-tag", "webvtt", CUE.format(f"hello <{SSN}> there"), None),
    ("vtt-long-timestamp-tag", "webvtt", CUE.format("hello <4155550132:00:00.000>there"), None),
    ("vtt-unknown-tag", "webvtt", CUE.format(f'<font color="{EMAIL}">hello</font> there'), None),
    (
        "chat-to-everyone-and-more",
        "zoom_chat",
        f"00:00:01 From Jane Doe to Everyone {EMAIL} : hello there\n00:00:02 From Bob Ray to Everyone : ok\n",
        "EMAIL_ADDRESS",
    ),
    (
        "chat-to-waiting-room-and-more",
        "zoom_chat",
        f"00:00:01 From Jane Doe to Everyone in Waiting Room {PHONE} : hello there\n",
        "PHONE_NUMBER",
    ),
    (
        "chat-from-everyone-and-more",
        "zoom_chat",
        f"00:00:01 From Everyone {SSN} to Jane Doe : hello there\n00:00:02 From Bob Ray to Everyone : ok\n",
        "US_SSN",
    ),
    (
        "chat-to-panelists-and-more",
        "zoom_chat",
        f"\ufeff00:00:01 From Jane Doe to All Panelists; {EMAIL} : hello\r\n",
        "EMAIL_ADDRESS",
    ),
    (
        "chat-to-waiting-room-comma",
        "zoom_chat",
        "00:00:01 From Jane Doe to Everyone:\n\thello there\n"
        f"00:00:02 From Bob to waiting room, call {PHONE} : ok\n",
        "PHONE_NUMBER",
    ),
    (
        "chat-tabbed-audience-and-more",
        "zoom_chat",
        f"00:00:01\tWaiting Room {PHONE}:\thello there\n00:00:02\tBob:\tok\n",
        "PHONE_NUMBER",
    ),
]

#: Files that cannot be read: the error names the line, never the value.
UNREADABLE = [
    ("vtt-long-hours", "webvtt", "WEBVTT\n\n4155550132:00:00.000 --> 4155550132:00:01.000\nhello there\n", 3),
    ("srt-long-cue-number", "srt", "4155550132\n00:00:00,000 --> 00:00:01,000\nhello there\n", 1),
    (
        "srt-long-cue-number-crlf",
        "srt",
        "\ufeff1\r\n00:00:00,000 --> 00:00:01,000\r\nhello\r\n\r\n"
        " 219099999 \r\n00:00:01,000 --> 00:00:02,000\r\nok\r\n",
        5,
    ),
]


@pytest.fixture(scope="module")
def engine():
    from classifier.config import Config
    from classifier.engine import Classifier

    return Classifier(Config(use_ner=False))


def _read(text: str, fmt: str) -> Record:
    records = list(read_bytes(text.encode("utf-8"), "synthetic", fmt=fmt))
    assert len(records) == 1
    return records[0]


def _files(tmp_path: Path, text: str, fmt: str) -> tuple[Path, Path]:
    source = tmp_path / ("in" + SUFFIXES[fmt])
    source.write_bytes(text.encode("utf-8"))
    return source, tmp_path / ("out" + SUFFIXES[fmt])


@pytest.mark.parametrize(("case", "fmt", "text", "entity"), LEAKY, ids=[c[0] for c in LEAKY])
def test_planted_value_is_not_copied_and_the_record_is_not_clean(
    engine, tmp_path: Path, case: str, fmt: str, text: str, entity: str | None
) -> None:
    assert any(trace in text for trace in TRACES)
    record = _read(text, fmt)
    source, output = _files(tmp_path, text, fmt)

    report = redact_file(engine, source, output, mode="label", fmt=fmt)

    copy = output.read_bytes().decode("utf-8")
    assert [trace for trace in TRACES if trace in copy] == []
    if entity is None:  # a tag that is not analysed: an error naming the cue, never the value
        assert record.errors == ["synthetic:3: cue 1: a tag name, class or annotation that is not analysed"]
        assert not report.complete
    else:
        assert record.errors == [] and report.complete
        assert report.entities.get(entity, 0) >= 1, report.entities
    assert "Jane Doe" not in copy


@pytest.mark.parametrize(("case", "fmt", "text", "line"), UNREADABLE, ids=[c[0] for c in UNREADABLE])
def test_value_in_a_timestamp_or_cue_number_is_a_format_error(
    engine, tmp_path: Path, case: str, fmt: str, text: str, line: int
) -> None:
    with pytest.raises(FormatError) as raised:
        _read(text, fmt)
    assert raised.value.line == line
    assert [trace for trace in TRACES if trace in str(raised.value)] == []
    source, output = _files(tmp_path, text, fmt)
    with pytest.raises(FormatError):
        redact_file(engine, source, output, mode="label", fmt=fmt)
    assert not output.exists()


def test_voice_class_is_a_side_segment_over_its_span() -> None:
    text = CUE.format(f"<v.loud.{EMAIL} Jane Doe>hello there</v>")
    record = _read(text, "webvtt")
    assert record.errors == []
    cue, side = record.segments
    assert (cue.text, cue.speaker, is_side(cue)) == ("hello there", "Jane Doe", False)
    assert (side.segment_id, side.text, is_side(side)) == ("voice-class", f"loud.{EMAIL}", True)
    assert text[side.location.start : side.location.end] == side.text


def test_ruby_and_timestamp_tags_separate_words() -> None:
    record = _read(
        CUE.format(f"<ruby>hi<rt>{SSN}</rt></ruby> there<00:00:00.500>now <00:00:00.700>then"), "webvtt"
    )
    assert [s.text for s in record.segments] == [f"hi {SSN} there now then"]


def test_zoom_audience_suffix_is_a_side_segment() -> None:
    record = _read(f"00:00:01 From Jane Doe to Everyone in Waiting Room {PHONE} : hello there\n", "zoom_chat")
    message, side = record.segments
    assert [(name.value) for name in message.location.names] == ["Jane Doe"]
    assert (side.segment_id, side.text) == ("recipient-suffix", PHONE)


def test_redacted_voice_class_reads_back(engine, tmp_path: Path) -> None:
    source, output = _files(tmp_path, CUE.format(f"<v.{EMAIL} Jane Doe>hello there</v>"), "webvtt")
    redact_file(engine, source, output, mode="label", fmt="webvtt")
    assert output.read_text("utf-8") == CUE.format("<v.&lt;EMAIL_ADDRESS&gt; &lt;PERSON&gt;>hello there</v>")
    again = _read(output.read_text("utf-8"), "webvtt")
    assert again.errors == [] and [s.text for s in again.segments] == ["hello there", "<EMAIL_ADDRESS>"]


class NothingFound:
    def analyze_record(self, record: Record) -> list[list[Finding]]:
        return [[] for _ in record.segments]


#: (case, format, file, segments as read: text, speaker, times, id, span; the copy when nothing is found)
CONTROLS = [
    (
        "vtt-plain-voice-classes",
        "webvtt",
        CUE.format(
            "<v.loud Jane Doe>hello there</v>\n\n00:00:01.000 --> 00:00:02.000\n<v.first.yellow Bob>hi</v>"
        ),
        [
            ("hello there", "Jane Doe", "00:00:00.000", "00:00:01.000", "1", 55, 66),
            ("hi", "Bob", "00:00:01.000", "00:00:02.000", "2", 122, 124),
        ],
        CUE.format(
            "<v.loud &lt;PERSON&gt;>hello there</v>\n\n"
            "00:00:01.000 --> 00:00:02.000\n<v.first.yellow &lt;PERSON&gt;>hi</v>"
        ),
    ),
    (
        "vtt-plain-tags",
        "webvtt",
        CUE.format("<lang en-US>hello</lang> <c.yellow>there</c> <00:00:00.500>my <b>friend</b>"),
        [("hello there my friend", None, "00:00:00.000", "00:00:01.000", "1", 38, 113)],
        CUE.format("hello there my friend"),
    ),
    (
        "vtt-mid-cue-speaker",
        "webvtt",
        CUE.format("<v Doe, Jane>hello there\n<v Bob Smith>yes</v>"),
        [("hello there\nyes", "Jane Doe", "00:00:00.000", "00:00:01.000", "1", 51, 79)],
        CUE.format("<v &lt;PERSON&gt;>hello there\nyes</v>"),
    ),
    (
        "vtt-normal-hours",
        "webvtt",
        "WEBVTT\n\n01:02:03.000 --> 01:02:04.000\nhello there\n\n101:02:03.000 --> 101:02:04.000\nbye\n",
        [
            ("hello there", None, "01:02:03.000", "01:02:04.000", "1", 38, 49),
            ("bye", None, "101:02:03.000", "101:02:04.000", "2", 83, 86),
        ],
        "WEBVTT\n\n01:02:03.000 --> 01:02:04.000\nhello there\n\n101:02:03.000 --> 101:02:04.000\nbye\n",
    ),
    (
        "srt-cue-number",
        "srt",
        "42\n00:00:01,000 --> 00:00:02,000\nhello there\n\n999999\n00:00:02,000 --> 00:00:03,000\nbye\n",
        [
            ("hello there", None, "00:00:01,000", "00:00:02,000", "42", 33, 44),
            ("bye", None, "00:00:02,000", "00:00:03,000", "999999", 83, 86),
        ],
        "42\n00:00:01,000 --> 00:00:02,000\nhello there\n\n999999\n00:00:02,000 --> 00:00:03,000\nbye\n",
    ),
    (
        "chat-audiences",
        "zoom_chat",
        "00:05:12 From Jane Doe to Everyone : hello\n"
        "00:05:20 From Jane Doe to Hosts and Panelists : hi\n"
        "00:05:40 From Bob Smith to waiting room : wait\n",
        [
            ("hello", "Jane Doe", "00:05:12", None, "1", 37, 42),
            ("hi", "Jane Doe", "00:05:20", None, "2", 91, 93),
            ("wait", "Bob Smith", "00:05:40", None, "3", 136, 140),
        ],
        "00:05:12 From <PERSON> to Everyone : hello\n"
        "00:05:20 From <PERSON> to Hosts and Panelists : hi\n"
        "00:05:40 From <PERSON> to waiting room : wait\n",
    ),
]


@pytest.mark.parametrize(("case", "fmt", "text", "segments", "copy"), CONTROLS, ids=[c[0] for c in CONTROLS])
def test_controls_read_and_write_as_before(
    tmp_path: Path, case: str, fmt: str, text: str, segments: list[tuple], copy: str
) -> None:
    record = _read(text, fmt)
    assert record.errors == []
    assert [
        (s.text, s.speaker, s.start_time, s.end_time, s.segment_id, s.location.start, s.location.end)
        for s in record.segments
    ] == segments
    source, output = _files(tmp_path, text, fmt)
    redact_file(NothingFound(), source, output, mode="label", fmt=fmt)
    assert output.read_bytes().decode("utf-8") == copy
