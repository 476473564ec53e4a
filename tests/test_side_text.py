"""Side text: free text a writer copies around the turns is analysed and redacted too.

Header text, NOTE/STYLE/REGION blocks, cue ids and cue settings (WebVTT), text
after the timings (SubRip) and display-name suffixes (every format with
speakers) become side segments after all the turns; the turns themselves stay
as they were. All data here is synthetic.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier.findings import Category, Finding
from classifier.formats import read_bytes, read_path, redact_file
from classifier.formats.spans import SIDE_TEXT, is_side, turns
from classifier.records import Record

EMAIL = "zq.leak.test@example.org"
PHONE = "555-0199-7731"
SSN = "219-09-9999"
PLANTED = (EMAIL, PHONE, SSN)
GUID_ID = "0b7f1c3e-6c1a-4f0e-9d43-2f1a3b5c7d9e/12-0"

PLAIN_VTT = (
    "WEBVTT\n\n"
    "00:00:01.000 --> 00:00:02.000\n<v Jane Doe>hello there</v>\n\n"
    "00:00:02.000 --> 00:00:03.000\n<v Bob>hi again</v>\n"
)
PLAIN_ZOOM = (
    "WEBVTT\n\n"
    "1\n00:00:01.000 --> 00:00:02.000\nBob Smith: my number is below\n\n"
    "2\n00:00:02.000 --> 00:00:03.000\nJane Doe: thanks\n"
)
PLAIN_TEAMS = (
    "WEBVTT\n\n"
    f"{GUID_ID}\n00:00:01.000 --> 00:00:02.000\n<v Doe, Jane>hello there</v>\n\n"
    "0b7f1c3e-6c1a-4f0e-9d43-2f1a3b5c7d9e/13-0\n00:00:02.000 --> 00:00:03.000\n<v Smith, Bob>hi</v>\n"
)
PLAIN_SRT = (
    "1\n00:00:01,000 --> 00:00:02,000\nBob Smith: hello there\n\n"
    "2\n00:00:02,000 --> 00:00:03,000\nJane Doe: hi\nsecond line\n"
)
PLAIN_TEXT = "Bob Smith: my number is below\nJane Doe: thanks\njust a line\n"
PLAIN_CHAT = "00:05:12 From Jane Doe to Everyone : hello\n00:05:40 From Bob Smith to Jane Doe : hi\n"


def _swap(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


#: (case, format, file without side text, the same file with side text, the side segments expected)
CASES = [
    (
        "vtt-header",
        "webvtt",
        PLAIN_VTT,
        _swap(PLAIN_VTT, "WEBVTT\n", f"WEBVTT X-Owner {EMAIL}\n"),
        [("header", f"X-Owner {EMAIL}")],
    ),
    (
        "vtt-header-block",
        "webvtt",
        PLAIN_VTT,
        _swap(PLAIN_VTT, "WEBVTT\n", f"WEBVTT\nKind: captions\nOwner: {EMAIL}\n"),
        [("header", f"Kind: captions\nOwner: {EMAIL}")],
    ),
    (
        "vtt-note",
        "webvtt",
        PLAIN_VTT,
        _swap(PLAIN_VTT, "WEBVTT\n\n", f"WEBVTT\n\nNOTE call {PHONE}\nthe SSN is {SSN}\n\n"),
        [("note", f"call {PHONE}\nthe SSN is {SSN}")],
    ),
    (
        "vtt-style",
        "webvtt",
        PLAIN_VTT,
        _swap(PLAIN_VTT, "WEBVTT\n\n", f"WEBVTT\n\nSTYLE\n::cue {{ font-family: {EMAIL} }}\n\n"),
        [("style", f"::cue {{ font-family: {EMAIL} }}")],
    ),
    (
        "vtt-region",
        "webvtt",
        PLAIN_VTT,
        _swap(PLAIN_VTT, "WEBVTT\n\n", f"WEBVTT\n\nREGION\nid:{PHONE}\nwidth:40%\n\n"),
        [("region", f"id:{PHONE}\nwidth:40%")],
    ),
    (
        "vtt-cue-id",
        "webvtt",
        PLAIN_VTT,
        _swap(PLAIN_VTT, "\n\n00:00:01.000", f"\n\n{EMAIL}\n00:00:01.000"),
        [("cue-id", EMAIL)],
    ),
    (
        "vtt-voice-suffix",
        "webvtt",
        PLAIN_VTT,
        _swap(_swap(PLAIN_VTT, "<v Jane Doe>", f"<v Jane Doe ({EMAIL})>"), "<v Bob>", f"<v Bob | {PHONE}>"),
        [("speaker-suffix", f"({EMAIL})"), ("speaker-suffix", f"| {PHONE}")],
    ),
    (
        "vtt-cue-settings",
        "webvtt",
        PLAIN_VTT,
        _swap(PLAIN_VTT, "00:00:02.000\n<v Jane", f"00:00:02.000 X1:{EMAIL}\n<v Jane"),
        [("cue-settings", f"X1:{EMAIL}")],
    ),
    (
        "zoom-prefix-suffix",
        "zoom_vtt",
        PLAIN_ZOOM,
        _swap(PLAIN_ZOOM, "Bob Smith:", f"Bob Smith ({PHONE}):"),
        [("speaker-suffix", f"({PHONE})")],
    ),
    (
        "teams-voice-suffix",
        "teams_vtt",
        PLAIN_TEAMS,
        _swap(PLAIN_TEAMS, "<v Doe, Jane>", f"<v Doe, Jane ({EMAIL})>"),
        [("speaker-suffix", f"({EMAIL})")],
    ),
    (
        "srt-timing",
        "srt",
        PLAIN_SRT,
        _swap(PLAIN_SRT, "00:00:02,000\nBob", f"00:00:02,000 X1:{EMAIL}\nBob"),
        [("timing", f"X1:{EMAIL}")],
    ),
    (
        "srt-suffix",
        "srt",
        PLAIN_SRT,
        _swap(PLAIN_SRT, "Bob Smith:", f"Bob Smith ({PHONE}):"),
        [("speaker-suffix", f"({PHONE})")],
    ),
    (
        "text-suffix",
        "text",
        PLAIN_TEXT,
        _swap(PLAIN_TEXT, "Bob Smith:", f"Bob Smith ({PHONE}):"),
        [("speaker-suffix", f"({PHONE})")],
    ),
    (
        "chat-sender-suffix",
        "zoom_chat",
        PLAIN_CHAT,
        _swap(PLAIN_CHAT, "From Jane Doe to", f"From Jane Doe ({PHONE}) to"),
        [("speaker-suffix", f"({PHONE})")],
    ),
    (
        "chat-recipient-suffix",
        "zoom_chat",
        PLAIN_CHAT,
        _swap(PLAIN_CHAT, "to Jane Doe :", f"to Jane Doe ({EMAIL}) :"),
        [("recipient-suffix", f"({EMAIL})")],
    ),
]

#: One file per format with every kind of side text it has, the values only in side text.
LEAKY = {
    "webvtt": (
        f"WEBVTT X-Owner {EMAIL}\n\n"
        f"NOTE\ncall {PHONE}\nthe SSN is {SSN}\n\n"
        f"STYLE\n::cue {{ font-family: {EMAIL} }}\n\n"
        f"REGION\nid:fred\nwidth:40% {EMAIL}\n\n"
        f"{EMAIL}\n00:00:01.000 --> 00:00:02.000 X1:{EMAIL}\n<v Jane Doe ({EMAIL})>hello there</v>\n\n"
        f"42\n00:00:02.000 --> 00:00:03.000 align:start\n<v Bob | {PHONE}>hi again</v>\n"
    ),
    "zoom_vtt": _swap(PLAIN_ZOOM, "Bob Smith:", f"Bob Smith ({PHONE}):"),
    "teams_vtt": _swap(PLAIN_TEAMS, "<v Doe, Jane>", f"<v Doe, Jane ({EMAIL})>"),
    "srt": _swap(
        _swap(PLAIN_SRT, "00:00:02,000\nBob", f"00:00:02,000 X1:{EMAIL}\nBob"),
        "Jane Doe:",
        f"Jane Doe ({SSN}):",
    ),
    "text": _swap(PLAIN_TEXT, "Bob Smith:", f"Bob Smith ({PHONE}):"),
    "zoom_chat": _swap(
        _swap(PLAIN_CHAT, "From Jane Doe to", f"From Jane Doe ({PHONE}) to"),
        "to Jane Doe :",
        f"to Jane Doe ({EMAIL}) :",
    ),
}
SUFFIXES = {"webvtt": ".vtt", "zoom_vtt": ".vtt", "teams_vtt": ".vtt", "srt": ".srt"}


def _read(text: str, fmt: str) -> Record:
    records = list(read_bytes(text.encode("utf-8"), "synthetic", fmt=fmt))
    assert len(records) == 1 and not records[0].errors
    return records[0]


def _split(record: Record) -> tuple[list, list]:
    """(turns, side segments), checking that every side segment comes after every turn."""
    count = len(turns(record.segments))
    head, tail = record.segments[:count], record.segments[count:]
    assert not any(is_side(segment) for segment in head)
    for segment in tail:
        assert is_side(segment) and segment.segment_id in SIDE_TEXT
        assert segment.speaker is None and segment.start_time is None and segment.end_time is None
    return head, tail


def _view(segments, with_ids: bool = True) -> list[tuple]:
    return [
        (index, s.text, s.speaker, s.start_time, s.end_time, s.segment_id if with_ids else None)
        for index, s in enumerate(segments)
    ]


@pytest.mark.parametrize(("case", "fmt", "plain", "leaky", "expected"), CASES, ids=[c[0] for c in CASES])
def test_side_text_is_a_side_segment_after_unchanged_turns(
    case: str, fmt: str, plain: str, leaky: str, expected: list[tuple[str, str]]
) -> None:
    before, after = _read(plain, fmt), _read(leaky, fmt)
    assert after.format == before.format == fmt

    plain_turns, plain_side = _split(before)
    leaky_turns, side = _split(after)

    assert plain_side == []
    assert [(s.segment_id, s.text) for s in side] == expected
    for segment in side:  # each side segment covers exactly its text in the file
        assert leaky[segment.location.start : segment.location.end] == segment.text
    # a cue id is the cue's segment_id: the turns are compared without ids in that one case
    with_ids = case != "vtt-cue-id"
    assert _view(leaky_turns, with_ids) == _view(plain_turns, with_ids)


def test_vtt_side_segments_come_in_file_order_after_the_cues() -> None:
    record = _read(LEAKY["webvtt"], "webvtt")
    cues, side = _split(record)
    assert [(s.speaker, s.text) for s in cues] == [("Jane Doe", "hello there"), ("Bob", "hi again")]
    assert [s.segment_id for s in side] == [
        "header",
        "note",
        "style",
        "region",
        "cue-id",
        "cue-settings",
        "speaker-suffix",
        "speaker-suffix",  # "align:start" is a valid setting: no side segment
    ]
    assert [s.location.start for s in side] == sorted(s.location.start for s in side)
    assert record.metadata["speaker_suffixes"] == {"Jane Doe": f"({EMAIL})", "Bob": f"| {PHONE}"}


def test_a_suffix_in_many_cues_is_a_side_segment_per_occurrence() -> None:
    cue = "00:00:0{0}.000 --> 00:00:0{1}.000\n<v Bob | {2}>line {0}</v>\n"
    text = "WEBVTT\n\n" + "\n".join(cue.format(i, i + 1, PHONE) for i in range(1, 4))
    record = _read(text, "webvtt")
    cues, side = _split(record)
    assert len(cues) == 3 and [s.speaker for s in cues] == ["Bob"] * 3
    assert [(s.segment_id, s.text) for s in side] == [("speaker-suffix", f"| {PHONE}")] * 3
    assert len({s.location.start for s in side}) == 3


@pytest.mark.parametrize("cue_id", ["1", "42", "999999", GUID_ID, GUID_ID.upper()])
def test_structural_cue_ids_make_no_side_segment(cue_id: str) -> None:
    record = _read(f"WEBVTT\n\n{cue_id}\n00:00:01.000 --> 00:00:02.000\nhello\n", "webvtt")
    assert [s.segment_id for s in record.segments] == [cue_id]


@pytest.mark.parametrize("cue_id", ["1234567", "intro", f"{GUID_ID[:36]}/555-0199", f"{GUID_ID}x"])
def test_other_cue_ids_are_side_text(cue_id: str) -> None:
    record = _read(f"WEBVTT\n\n{cue_id}\n00:00:01.000 --> 00:00:02.000\nhello\n", "webvtt")
    assert [(s.segment_id, s.text) for s in record.segments[1:]] == [("cue-id", cue_id)]


@pytest.mark.parametrize(
    ("settings", "side"),
    [
        ("align:start position:10%", False),
        ("vertical:rl line:-1 size:50% region:fred", False),
        ("line:0,start position:10%,line-left align:middle", False),
        (f"align:start X1:{EMAIL}", True),
        (f"region:{PHONE}", True),
        ("line:5550199773", True),
    ],
)
def test_only_valid_cue_settings_are_structure(settings: str, side: bool) -> None:
    record = _read(f"WEBVTT\n\n00:00:01.000 --> 00:00:02.000 {settings}\nhello\n", "webvtt")
    expected = [("cue-settings", settings)] if side else []
    assert [(s.segment_id, s.text) for s in record.segments[1:]] == expected


def test_empty_suffix_makes_no_segment() -> None:
    record = _read("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Bob  >hi</v>\n", "webvtt")
    assert [s.segment_id for s in record.segments] == ["1"]
    assert len(_read("WEBVTT \n\n00:00:01.000 --> 00:00:02.000\nhi\n", "webvtt").segments) == 1


def test_pronoun_and_team_suffixes_are_side_segments() -> None:
    text = _swap(PLAIN_TEXT, "Jane Doe:", "Jane Doe (she/her) | Sales:")
    _turns, side = _split(_read(text, "text"))
    assert [(s.segment_id, s.text) for s in side] == [("speaker-suffix", "(she/her) | Sales")]


@pytest.fixture(scope="module")
def engine():
    from classifier.config import Config
    from classifier.engine import Classifier

    return Classifier(Config(use_ner=False))


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.parametrize("fmt", sorted(LEAKY))
def test_redacted_copy_has_no_planted_value_and_reads_back(engine, tmp_path: Path, fmt: str) -> None:
    text = LEAKY[fmt]
    source = _write(tmp_path, "in" + SUFFIXES.get(fmt, ".txt"), text)
    output = tmp_path / ("out" + SUFFIXES.get(fmt, ".txt"))
    assert [value for value in PLANTED if value in text]
    before = list(read_path(source, fmt=fmt))

    report = redact_file(engine, source, output, mode="label", fmt=fmt)

    assert report.complete and report.findings > 0
    redacted = output.read_bytes().decode("utf-8")
    assert [value for value in PLANTED if value in redacted] == []
    after = list(read_path(output, fmt=fmt))
    assert len(after) == 1 and not after[0].errors
    assert len(turns(after[0].segments)) == len(turns(before[0].segments))
    assert redacted.count("-->") == text.count("-->")


def test_redacted_vtt_note_stays_one_valid_block(engine, tmp_path: Path) -> None:
    source = _write(tmp_path, "in.vtt", LEAKY["webvtt"])
    for mode in ("label", "redact"):
        output = tmp_path / f"{mode}.vtt"
        redact_file(engine, source, output, mode=mode, fmt="webvtt")
        record = next(read_path(output, fmt="webvtt"))
        notes = [s.text for s in record.segments if s.segment_id == "note"]
        if mode == "label":
            assert notes == ["call <PHONE_NUMBER>\nthe SSN is <US_SSN>"]
            assert "the SSN is &lt;US_SSN&gt;\n" in output.read_text("utf-8")
        else:  # values removed: still one NOTE block, no blank line written inside it
            assert notes == ["call \nthe SSN is"]
        assert [s.text for s in turns(record.segments)] == ["hello there", "hi again"]


def test_redact_mode_drops_a_suffix_with_the_speaker_prefix(engine, tmp_path: Path) -> None:
    for fmt in ("zoom_vtt", "text", "srt"):
        text = LEAKY[fmt] if fmt != "srt" else _swap(PLAIN_SRT, "Bob Smith:", f"Bob Smith ({PHONE}):")
        source = _write(tmp_path, "in" + SUFFIXES.get(fmt, ".txt"), text)
        output = tmp_path / ("out" + SUFFIXES.get(fmt, ".txt"))
        redact_file(engine, source, output, mode="redact", fmt=fmt)
        redacted = output.read_text("utf-8")
        assert PHONE not in redacted and "Bob Smith" not in redacted
        assert len(turns(next(read_path(output, fmt=fmt)).segments)) == len(turns(_read(text, fmt).segments))


def test_suffix_in_many_cues_is_redacted_everywhere(engine, tmp_path: Path) -> None:
    cue = "00:00:0{0}.000 --> 00:00:0{1}.000\n<v Bob | {2}>line {0}</v>\n"
    source = _write(
        tmp_path, "in.vtt", "WEBVTT\n\n" + "\n".join(cue.format(i, i + 1, PHONE) for i in range(1, 4))
    )
    output = tmp_path / "out.vtt"
    redact_file(engine, source, output, mode="label", fmt="webvtt")
    redacted = output.read_text("utf-8")
    assert PHONE not in redacted
    assert redacted.count("| &lt;PHONE_NUMBER&gt;>") == 3


def test_ssn_only_in_a_note_is_found_for_the_decision(engine) -> None:
    record = _read(f"WEBVTT\n\nNOTE SSN {SSN}\n\n00:00:01.000 --> 00:00:02.000\nhello\n", "webvtt")
    findings = engine.analyze_record(record)
    note = [s.segment_id for s in record.segments].index("note")
    assert "US_SSN" in {f.entity_type for f in findings[note]}
    assert Category.PII in engine.classify([f for found in findings for f in found]).categories


class NothingFound:
    def analyze_record(self, record: Record) -> list[list[Finding]]:
        return [[] for _ in record.segments]


#: Files without side text: the segments read exactly as before side text existed (checked against
#: the readers as they were: texts, speakers, times, ids and spans).
EXACT = {
    "webvtt": [
        ("hello there", "Jane Doe", "00:00:01.000", "00:00:02.000", "1", 50, 61),
        ("hi again", "Bob", "00:00:02.000", "00:00:03.000", "2", 104, 112),
    ],
    "zoom_vtt": [
        ("my number is below", "Bob Smith", "00:00:01.000", "00:00:02.000", "1", 51, 69),
        ("thanks", "Jane Doe", "00:00:02.000", "00:00:03.000", "2", 113, 119),
    ],
    "teams_vtt": [
        ("hello there", "Jane Doe", "00:00:01.000", "00:00:02.000", GUID_ID, 93, 104),
        ("hi", "Bob Smith", "00:00:02.000", "00:00:03.000", GUID_ID[:-4] + "13-0", 196, 198),
    ],
    "srt": [
        ("hello there", "Bob Smith", "00:00:01,000", "00:00:02,000", "1", 43, 54),
        ("hi\nsecond line", "Jane Doe", "00:00:02,000", "00:00:03,000", "2", 98, 112),
    ],
    "text": [
        ("my number is below", "Bob Smith", None, None, "1", 11, 29),
        ("thanks", "Jane Doe", None, None, "2", 40, 46),
        ("just a line", None, None, None, "3", 47, 58),
    ],
    "zoom_chat": [
        ("hello", "Jane Doe", "00:05:12", None, "1", 37, 42),
        ("hi", "Bob Smith", "00:05:40", None, "2", 81, 83),
    ],
}
PLAIN = {
    "webvtt": PLAIN_VTT,
    "zoom_vtt": PLAIN_ZOOM,
    "teams_vtt": PLAIN_TEAMS,
    "srt": PLAIN_SRT,
    "text": PLAIN_TEXT,
    "zoom_chat": PLAIN_CHAT,
}


@pytest.mark.parametrize("fmt", sorted(PLAIN))
def test_files_without_side_text_read_as_before(fmt: str) -> None:
    record = _read(PLAIN[fmt], fmt)
    assert [
        (s.text, s.speaker, s.start_time, s.end_time, s.segment_id, s.location.start, s.location.end)
        for s in record.segments
    ] == EXACT[fmt]
    assert not any(is_side(s) for s in record.segments)


def _names_as_labels(text: str, fmt: str) -> str:
    """What writing back does when nothing is found: only the speakers' names become labels."""
    label = "&lt;PERSON&gt;" if fmt.endswith("vtt") else "<PERSON>"
    for name in ("Doe, Jane", "Smith, Bob", "Jane Doe", "Bob Smith", "<v Bob"):
        text = text.replace(name, "<v " + label if name == "<v Bob" else label)
    return text


@pytest.mark.parametrize("fmt", sorted(PLAIN))
def test_nothing_found_writes_the_file_back_unchanged(tmp_path: Path, fmt: str) -> None:
    for name, text in (("plain", PLAIN[fmt]), ("leaky", LEAKY[fmt])):
        source = _write(tmp_path, name + SUFFIXES.get(fmt, ".txt"), text)
        output = tmp_path / ("out-" + name + SUFFIXES.get(fmt, ".txt"))
        redact_file(NothingFound(), source, output, mode="label", fmt=fmt)
        assert output.read_bytes().decode("utf-8") == _names_as_labels(text, fmt), name


def test_speakerless_files_without_findings_are_byte_identical(tmp_path: Path) -> None:
    files = {
        "webvtt": "\ufeffWEBVTT - captions & more\r\n\r\nNOTE a & b < c\r\n\r\nintro\r\n"
        "00:00:01.000 --> 00:00:02.000 align:start\r\nhello &amp; bye\r\n",
        "srt": "1\r\n00:00:01,000 --> 00:00:02,000 X1:10\r\nhello\r\n",
        "text": "just a line\r\nanother one",
    }
    for fmt, text in files.items():
        source = tmp_path / ("in" + SUFFIXES.get(fmt, ".txt"))
        source.write_bytes(text.encode("utf-8"))
        output = tmp_path / ("out" + SUFFIXES.get(fmt, ".txt"))
        redact_file(NothingFound(), source, output, mode="label", fmt=fmt)
        assert output.read_bytes() == source.read_bytes(), fmt
