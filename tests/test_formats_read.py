"""Readers: speakers, times, ids, text unescaping and every line-ending quirk; detection from content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_formats_support import FIXTURES, SINGLE_FILES

from classifier.formats import FORMATS, detect_format, read_bytes, read_path, read_tree
from classifier.formats.spans import turns
from classifier.records import DataClass


def _one(name: str, **options):
    records = list(read_path(FIXTURES / name, **options))
    assert len(records) == 1
    return records[0]


def _side(record) -> list[tuple[str, str]]:
    """The side segments (text around the turns that is analysed too) after the turns."""
    return [(s.segment_id, s.text) for s in record.segments[len(turns(record.segments)) :]]


def test_formats_are_documented_by_name() -> None:
    assert set(FORMATS) == {
        "zoom_vtt",
        "teams_vtt",
        "webvtt",
        "srt",
        "zoom_chat",
        "slack",
        "jsonl",
        "telemetry",
        "text",
    }
    assert all(description.strip() for description in FORMATS.values())


def test_zoom_vtt_speakers_suffixes_and_quirks() -> None:
    record = _one("zoom_transcript.vtt")  # BOM, CRLF, no final newline
    assert record.format == "zoom_vtt" and record.data_class is DataClass.CUSTOMER_CONTENT
    assert _side(record) == [("speaker-suffix", "(she/her)"), ("speaker-suffix", "| Sales")]
    assert [s.speaker for s in turns(record.segments)] == [
        "Maria Gonzalez",
        "Kwame Mensah",
        None,
        "张伟",
        "José Ñúñez",
    ]
    assert record.metadata["speaker_suffixes"] == {"Maria Gonzalez": "(she/her)", "Kwame Mensah": "| Sales"}
    assert record.segments[2].text == "okay so 10:30 works for everyone & thanks 🎉"
    assert (
        record.segments[3].text
        == "Thanks Kwame. My phone is 212-555-0187,\nand my email is zhang.wei@example.net."
    )
    assert record.segments[4].text == "Hola, soy José Ñúñez <jose.nunez@example.org>"
    assert record.segments[0].start_time == "00:00:01.120" and record.segments[0].end_time == "00:00:05.480"
    assert [s.segment_id for s in turns(record.segments)] == ["1", "2", "3", "4", "5"]


def test_teams_vtt_guid_ids_unpadded_times_last_first() -> None:
    record = _one("teams_transcript.vtt")
    assert record.format == "teams_vtt"
    assert _side(record) == [
        ("note", "exported by a meeting app for the synthetic test corpus"),
        ("speaker-suffix", "(Guest)"),
    ]
    cues = turns(record.segments)
    assert [s.segment_id[-4:] for s in cues] == ["18-0", "12-1", "15-0"]  # out of order, kept
    assert [s.start_time for s in cues] == ["0:0:0.0", "0:0:6.10", "0:0:9.500"]
    assert [s.speaker for s in cues] == ["Ingrid Solberg", "Dmitri Volkov", "Aisha Bello"]
    assert (
        record.segments[1].text
        == "Thanks Ingrid. Please send the file to\ndmitri.volkov@example.com & copy Aisha."
    )


def test_teams_legacy_object_ids_are_speakers_redacted_as_usernames() -> None:
    record = _one("teams_legacy.vtt")
    assert record.segments[0].speaker.startswith("1f0e4b2a-")
    assert record.segments[0].location.names[0].entity_type == "USERNAME"
    assert record.segments[1].text == "Hi Tomasz, call me at 415-555-0171."


def test_webvtt_analyses_note_style_region_as_side_text_and_reads_bare_cr() -> None:
    record = _one("captions.vtt")
    assert record.format == "webvtt"
    assert [s.segment_id for s in turns(record.segments)] == ["intro", "2"]
    assert _side(record) == [  # the cue settings are valid settings: structure, not side text
        ("header", "- synthetic captions"),
        ("style", "::cue { color: yellow }"),
        ("region", "id:fred\nwidth:40%"),
        ("note", "speaker names were removed\nfrom these captions"),
        ("cue-id", "intro"),
    ]
    assert record.segments[0].text == "Welcome to the call, Priya Raman."  # <i> tags removed, CR line endings
    assert record.segments[1].text == "Priya's student ID is S-20417733 & her email priya.raman@example.net"


def test_srt_speakers_and_multiline() -> None:
    record = _one("subtitles.srt")
    assert [s.speaker for s in record.segments] == ["Tomasz Nowak", "Aisha Bello", None]
    assert record.segments[1].text == "Thanks Tomasz!\nSend it to aisha.bello@example.org please."
    assert record.segments[2].start_time == "00:00:09,000"


def test_zoom_chat_first_generation_multiline_and_private() -> None:
    record = _one("zoom_chat_v1.txt")
    assert _side(record) == [("recipient-suffix", "(Privately)")]
    assert [s.speaker for s in turns(record.segments)] == ["Maria Gonzalez", "Kwame Mensah", "Maria Gonzalez"]
    assert record.segments[1].text == "reach me at kwame.mensah@example.com\nor on 415-555-0132 after 5"
    assert record.segments[2].text == "thanks Kwame"
    assert [n.value for n in record.segments[2].location.names] == ["Maria Gonzalez", "Kwame Mensah"]
    assert [n.value for n in record.segments[0].location.names] == ["Maria Gonzalez"]  # "Everyone" is no one
    assert record.metadata["participants"] == ["Maria Gonzalez", "Kwame Mensah"]


def test_zoom_chat_second_generation_double_cr_replies_and_reactions() -> None:
    record = _one("zoom_chat_v2.txt")
    assert _side(record) == [("recipient-suffix", "(Direct Message)")]
    assert len(turns(record.segments)) == 4
    assert (
        record.segments[1].text
        == "Please mute, and email me at dmitri.volkov@example.com\nmy cell is (646) 555-0199"
    )
    assert record.segments[2].text == 'Replying to "Good morning! Ingrid Solberg..."\n\nMorning Ingrid 👋'
    assert record.metadata["replies"] == 1 and record.metadata["reactions"] == 1
    assert [s.start_time for s in turns(record.segments)] == ["10:03:00", "10:03:21", "10:04:02", "10:04:30"]


def test_zoom_chat_third_generation_mixed_line_endings_and_bom() -> None:
    record = _one("zoom_chat_v3.txt")
    assert [s.speaker for s in record.segments] == ["Priya Raman", "张伟", "José Ñúñez"]
    assert record.segments[1].text == "My student ID is S-20417733\nand my email zhang.wei@example.net"
    assert record.segments[2].text == "Gracias, José Ñúñez aquí: 212-555-0187"


def test_plain_text_name_prefix_is_speaker() -> None:
    record = _one("notes.txt")
    assert [s.speaker for s in record.segments] == [None, "Tomasz Nowak", "Priya Raman", None]
    assert record.segments[1].text == "Budget review is due Friday."


def test_jsonl_fields_metadata_and_bad_line() -> None:
    records = list(read_path(FIXTURES / "messages.jsonl"))
    assert [r.record_id for r in records][0::2] == ["m-1", "m-2"]
    first, bad, last = records
    assert first.metadata["account_id"] == "acct-42" and first.metadata["origin"] == "chat"
    assert first.segments[0].speaker == "Maria Gonzalez"
    assert bad.segments == [] and not bad.complete
    assert bad.errors == [f"{FIXTURES / 'messages.jsonl'}:2: not valid JSON"]
    assert last.segments[0].text == "My email is kwame.mensah@example.com — café 😀"


def test_jsonl_configurable_fields_and_data_class(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    lines = [
        {"uid": 7, "msg": {"body": "hello Kwame"}, "data_class": "service_generated"},
        {"uid": 8, "msg": {"body": "hi"}, "data_class": "nonsense"},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines), "utf-8")
    first, second = read_path(path, fmt="jsonl", text_field="msg.body", id_field="uid")
    assert first.record_id == "7" and first.segments[0].text == "hello Kwame"
    assert first.data_class is DataClass.SERVICE_GENERATED
    assert second.errors and "unknown data_class" in second.errors[0]
    forced = next(read_path(path, fmt="jsonl", text_field="msg.body", data_class="customer_content"))
    assert forced.data_class is DataClass.CUSTOMER_CONTENT
    assert forced.metadata["data_class"] == "customer_content"  # eligibility reads it from metadata


def test_telemetry_every_string_with_json_path_and_decoded_url() -> None:
    first, second = read_path(FIXTURES / "telemetry.jsonl")
    assert first.data_class is DataClass.SERVICE_GENERATED and first.record_id == "e-1"
    by_path = {s.segment_id: s.text for s in first.segments}
    assert by_path["$.context.url"] == "https://app.example.com/cb?email=dmitri.volkov@example.com&ref=mail"
    assert first.metadata["account_id"] == "acct-7"
    second_paths = {s.segment_id: s.text for s in second.segments}
    assert second_paths["$.error.message"].startswith("Failed to open C:\\Users\\jdoe\\AppData")
    assert second_paths["$.error.frames[1]"] == "open_log"
    assert "$.count" not in second_paths


def test_telemetry_whole_document_and_data_class_override() -> None:
    record = _one("diagnostic.json", data_class="customer_content")
    assert record.data_class is DataClass.CUSTOMER_CONTENT
    assert {s.segment_id for s in record.segments} == {
        "$.report",
        "$.host.user",
        "$.host.contact",
        "$.paths[0]",
    }


def test_slack_channels_mentions_links_and_entities() -> None:
    general, random = read_path(FIXTURES / "slack_export")
    assert general.metadata["channel"] == "general" and random.metadata["channel"] == "random"
    texts = [s.text for s in general.segments]
    assert texts[0] == "Ask Maria Gonzalez about enrollment"  # channel topic
    welcome = general.segments[2]
    assert welcome.speaker == "Maria Gonzalez"
    assert welcome.text == "Welcome @Kwame Mensah! Ping @张伟 too & read the handbook"
    assert [welcome.text[a:b] for a, b, _ in welcome.location.known_spans] == ["Kwame Mensah", "张伟"]
    assert general.segments[3].text.startswith("Thanks Maria! Mail me at kwame.mensah@example.com or call")
    assert "Zhang Wei enrollment form" in texts
    assert "Zhang Wei form.pdf" in texts  # file names are analysed with "_" as spaces
    form = general.segments[4]
    assert form.text == "Here is the form for 张伟 <zhang.wei@example.net>"
    assert [form.text[a:b] for a, b, _ in form.location.known_spans] == [
        "张伟"
    ]  # a user's name from users.json
    assert random.segments[0].text == "Lunch? <3 @here"
    assert random.segments[1].speaker == "Reminder Bot"
    assert "Kwame Mensah" in general.metadata["participants"]


def test_slack_tree_reads_from_memory_under_a_top_folder() -> None:
    root = FIXTURES / "slack_export"
    tree = {
        "Workspace Export/" + p.relative_to(root).as_posix(): p.read_bytes
        for p in root.rglob("*")
        if p.is_file()
    }
    records = list(read_tree(tree, "archive.zip"))
    assert [r.metadata["channel"] for r in records] == ["general", "random"]
    assert records[0].source == "archive.zip"


def test_read_bytes_names_the_source_and_detects_from_content() -> None:
    data = (FIXTURES / "subtitles.srt").read_bytes()
    record = next(read_bytes(data, "member/renamed.txt"))
    assert record.format == "srt" and record.source == "member/renamed.txt"


@pytest.mark.parametrize(("name", "expected"), [*SINGLE_FILES, ("slack_export", "slack")])
def test_detection_from_content_not_name(name: str, expected: str) -> None:
    path = FIXTURES / name
    assert detect_format(path) == expected
    if path.is_file():
        assert detect_format(path.read_bytes(), "misleading.log") == expected


def test_format_override_wins_over_detection() -> None:
    record = _one("zoom_transcript.vtt", fmt="webvtt")
    assert record.format == "webvtt"
    assert record.segments[0].speaker is None  # generic WebVTT does not take Name: prefixes
    text_record = _one("subtitles.srt", fmt="text")
    assert text_record.format == "text"


def test_zoom_chat_edge_lines_keep_every_text() -> None:
    data = (
        b"copied from the meeting\n"
        b"10:03:00 From  Kwame Mensah to  Everyone: \n\tfirst\n\n\tsecond\n\n"
        b"10:04:00 From Aisha Bello to Everyone : \n"
    )
    record = next(read_bytes(data, "chat.txt", fmt="zoom_chat"))
    assert [(s.speaker, s.text) for s in record.segments] == [
        (None, "copied from the meeting"),  # text before the first header is analysed too
        ("Kwame Mensah", "first\n\nsecond"),
        ("Aisha Bello", ""),
    ]


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 7, 1 << 20])
def test_streamed_lines_are_numbered_like_the_writer_numbers_them(chunk_size: int) -> None:
    import io

    from classifier.formats.textio import numbered_lines, stream_lines

    text = 'a\r\r\nb\rc\r\n\r\n{"x": 1}\nlast\r'
    streamed = list(stream_lines(io.StringIO(text, newline=""), chunk_size))
    assert streamed == list(numbered_lines(text))
    assert [number for number, _ in streamed] == [1, 2, 3, 4, 5, 6]


def test_large_jsonl_is_streamed_with_bad_lines_reported(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8", newline="") as handle:
        for number in range(1, 3001):
            handle.write(
                "{broken\r\n"
                if number == 1500
                else json.dumps({"id": number, "text": f"m {number}"}) + "\r\n"
            )
    records = read_path(path)
    first = next(records)  # a generator: lines are read as records are consumed
    assert first.record_id == "1"
    rest = list(records)
    assert len(rest) == 2999
    assert [r.metadata["line"] for r in rest if r.errors] == [1500]


@pytest.mark.parametrize(
    ("line", "speaker"),
    [
        ("Maria Gonzalez (she/her): hi", "Maria Gonzalez"),
        ("Kwame Mensah | Sales: hi", "Kwame Mensah"),
        ("张伟：你好", "张伟"),
        ("<PERSON_2>: hi", "<PERSON_2>"),
        ("Note: bring the forms", None),
        ("okay so 10:30 works", None),
        ("see https://example.com: it works", None),
        ("Well, I said this: yes", None),
        # directory display names, `Last, First` (Zoom with single sign-on)
        ("Whitfield, Dana: my number changed", "Whitfield, Dana"),
        ("Van Dyke, Mary Ann (she/her): hi", "Van Dyke, Mary Ann"),
        ("Müller, Jürgen: hallo", "Müller, Jürgen"),
        ("Yes, Dana: see you then", None),
        ("Hi, Everyone: welcome", None),
        ("Whitfield, dana: hi", None),
        ("Sure, Note: later", None),
    ],
)
def test_speaker_prefix(line: str, speaker: str | None) -> None:
    from classifier.formats.speakers import speaker_prefix

    found = speaker_prefix(line)
    assert (found.name if found else None) == speaker


def test_a_last_first_speaker_is_redacted_in_the_copy_without_ner(tmp_path) -> None:
    """`Whitfield, Dana:` was read as text (the comma made it a sentence): without NER nothing
    found the name, and the copy kept it."""
    from classifier.cli.main import main

    source = tmp_path / "meeting.vtt"
    source.write_text(
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nWhitfield, Dana: my cell is 415-555-0132\n\n"
        "2\n00:00:05.000 --> 00:00:07.000\nOrtega, Kim: thanks Dana\n",
        encoding="utf-8",
    )
    out = tmp_path / "meeting.red.vtt"
    assert main(["redact", str(source), "--no-ner", "-o", str(out)]) == 0
    copy = out.read_text(encoding="utf-8")
    assert "Whitfield" not in copy and "Dana" not in copy and "Ortega" not in copy
    assert "0132" not in copy and copy.count("-->") == 2
