"""Every format: redact, read the output back with the same reader, compare structure, find no identifier."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from test_formats_support import FIXTURES, SINGLE_FILES, FakeAnalyzer, remaining

from classifier.formats import detect_format, read_path, redact_file
from classifier.formats.spans import turns
from classifier.redaction import MODES

KEY = "synthetic-test-key"


def _structure(records):
    """What must not change: records, segment ids and times of the turns (a side segment such as a
    speaker suffix goes when the redact mode drops the `Name (she/her): ` prefix with the name)."""
    return [
        (
            record.record_id.replace(record.source, ""),
            [(s.segment_id, s.start_time, s.end_time) for s in turns(record.segments)],
        )
        for record in records
        if not record.errors
    ]


def _all_text(path: Path) -> str:
    if path.is_dir():
        return "\n".join(p.read_text("utf-8") for p in sorted(path.rglob("*")) if p.is_file())
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    return path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("name", "fmt"), SINGLE_FILES)
def test_single_file_round_trip(tmp_path: Path, name: str, fmt: str, mode: str) -> None:
    source = FIXTURES / name
    output = tmp_path / name
    before = list(read_path(source, fmt=fmt))
    assert remaining(source.read_text("utf-8")), "the fixture must contain test identifiers"

    report = redact_file(FakeAnalyzer(), source, output, mode=mode, key=KEY, fmt=fmt)

    assert report.format == fmt
    assert report.findings > 0
    after = list(read_path(output, fmt=fmt))
    assert [len(turns(r.segments)) for r in after] == [len(turns(r.segments)) for r in before if not r.errors]
    assert _structure(after) == _structure(before)
    assert detect_format(output) == fmt or mode in ("mask", "redact")
    assert remaining(output.read_bytes().decode("utf-8")) == []


@pytest.mark.parametrize("mode", MODES)
def test_slack_folder_round_trip(tmp_path: Path, mode: str) -> None:
    source = FIXTURES / "slack_export"
    output = tmp_path / "out"
    before = list(read_path(source))

    report = redact_file(FakeAnalyzer(), source, output, mode=mode, key=KEY)

    assert output.is_dir() and (output / "users.json").is_file()
    assert sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()) == sorted(
        p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file()
    )
    after = list(read_path(output))
    assert [len(r.segments) for r in after] == [len(r.segments) for r in before]
    assert _structure(after) == _structure(before)
    assert report.records == 2
    assert remaining(_all_text(output)) == []


def test_slack_zip_round_trip_keeps_keys_and_order(tmp_path: Path) -> None:
    archive_path = tmp_path / "export.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        for file in sorted((FIXTURES / "slack_export").rglob("*")):
            if file.is_file():
                archive.write(
                    file, "Synthetic Workspace/" + file.relative_to(FIXTURES / "slack_export").as_posix()
                )
    output = tmp_path / "redacted.zip"

    redact_file(FakeAnalyzer(), archive_path, output, mode="pseudonym")

    assert zipfile.is_zipfile(output)
    with zipfile.ZipFile(archive_path) as original, zipfile.ZipFile(output) as redacted:
        assert sorted(original.namelist()) == sorted(redacted.namelist())
        for name in original.namelist():
            old, new = json.loads(original.read(name)), json.loads(redacted.read(name))
            assert type(old) is type(new)
            if isinstance(old, list):
                assert len(old) == len(new)
                for old_item, new_item in zip(old, new, strict=True):
                    assert list(old_item) == list(new_item), name
                    assert old_item.get("ts") == new_item.get("ts")
    assert remaining(_all_text(output)) == []


def test_pseudonyms_are_consistent_between_speaker_and_text(tmp_path: Path) -> None:
    output = tmp_path / "chat.txt"
    redact_file(FakeAnalyzer(), FIXTURES / "zoom_chat_v1.txt", output, mode="pseudonym")
    record = next(read_path(output, fmt="zoom_chat"))
    first = record.segments[0]
    # "hello, I'm Maria Gonzalez" from Maria Gonzalez: the sender and the mention are the same pseudonym
    assert first.speaker == "<PERSON_1>"
    assert first.text.endswith("<PERSON_1>")
    assert record.segments[2].speaker == "<PERSON_1>"


def test_slack_users_json_is_redacted_consistently_with_messages(tmp_path: Path) -> None:
    source = FIXTURES / "slack_export"
    output = tmp_path / "out"
    redact_file(FakeAnalyzer(), source, output, mode="pseudonym")
    users = {user["id"]: user for user in json.loads((output / "users.json").read_text("utf-8"))}
    kwame = users["U02KWAME"]
    messages = json.loads((output / "general" / "2024-03-04.json").read_text("utf-8"))
    assert kwame["real_name"].startswith("<PERSON_")
    assert kwame["profile"]["email"].startswith("<EMAIL_ADDRESS_")
    assert kwame["name"].startswith("<USERNAME_")
    # the mention <@U02KWAME> was resolved to the name, which got the same pseudonym as users.json
    assert f"@{kwame['real_name']}".replace("<", "&lt;").replace(">", "&gt;") in messages[0]["text"]
    assert messages[1]["user"] == "U02KWAME" and messages[1]["reactions"][0]["users"] == ["U01MARIA"]
    assert messages[0]["blocks"][0]["block_id"] == "b1"
    shared = json.loads((output / "general" / "2024-03-05.json").read_text("utf-8"))[0]["files"][0]
    assert re.fullmatch(r"<PERSON_\d+>_form\.pdf", shared["name"])
    assert shared["url_private"].endswith(quote(shared["name"]))


def test_vtt_output_keeps_bom_crlf_and_escapes_labels(tmp_path: Path) -> None:
    output = tmp_path / "z.vtt"
    redact_file(FakeAnalyzer(), FIXTURES / "zoom_transcript.vtt", output, mode="label")
    data = output.read_bytes()
    assert data.startswith("\ufeffWEBVTT\r\n".encode())
    text = data.decode("utf-8")
    assert text.count("\r\n") == (FIXTURES / "zoom_transcript.vtt").read_bytes().count(b"\r\n")
    assert "&lt;PERSON&gt; (she/her): Good morning" in text
    assert "<PERSON>" not in text  # a raw tag would be parsed as markup
    record = next(read_path(output))
    assert record.segments[1].text.startswith("Hi <PERSON>, you can reach me at <EMAIL_ADDRESS>")


def test_teams_voice_tags_keep_suffix_and_ids(tmp_path: Path) -> None:
    output = tmp_path / "t.vtt"
    redact_file(FakeAnalyzer(), FIXTURES / "teams_transcript.vtt", output, mode="pseudonym")
    text = output.read_text("utf-8")
    assert re.search(r"<v &lt;PERSON_\d+&gt; \(Guest\)>Will do, &lt;PERSON_\d+&gt;\.</v>", text)
    assert "NOTE exported by a meeting app" in text
    record = next(read_path(output))
    assert [s.segment_id for s in record.segments][0].endswith("/18-0")
    assert record.segments[0].speaker == "<PERSON_1>"


def test_redact_mode_drops_zoom_speaker_prefix(tmp_path: Path) -> None:
    output = tmp_path / "z.vtt"
    redact_file(FakeAnalyzer(), FIXTURES / "zoom_transcript.vtt", output, mode="redact")
    record = next(read_path(output, fmt="zoom_vtt"))
    assert record.segments[0].speaker is None
    assert record.segments[0].text.startswith("Good morning everyone, this is  from")


def test_telemetry_url_is_encoded_again(tmp_path: Path) -> None:
    output = tmp_path / "t.jsonl"
    redact_file(FakeAnalyzer(), FIXTURES / "telemetry.jsonl", output, mode="label")
    first = json.loads(output.read_text("utf-8").splitlines()[0])
    assert first["context"]["url"] == "https://app.example.com/cb?email=%3CEMAIL_ADDRESS%3E&ref=mail"
    assert list(first) == ["event_id", "event", "account_id", "context"]
    assert output.read_bytes().count(b"\r\n") == 2


def test_bad_jsonl_line_is_reported_and_left_out(tmp_path: Path) -> None:
    output = tmp_path / "m.jsonl"
    report = redact_file(FakeAnalyzer(), FIXTURES / "messages.jsonl", output, mode="label")
    assert not report.complete
    assert report.errors == [f"{FIXTURES / 'messages.jsonl'}:2: not valid JSON"]
    lines = output.read_text("utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["m-1", "m-2"]
    assert json.loads(lines[0])["speaker"] == "<PERSON>"


def test_failed_analysis_writes_nothing_sensitive(tmp_path: Path) -> None:
    class Broken:
        def analyze_record(self, record):
            raise RuntimeError("boom")

    output = tmp_path / "s.srt"
    source = tmp_path / "in.srt"
    shutil.copy(FIXTURES / "subtitles.srt", source)
    report = redact_file(Broken(), source, output)
    assert not report.complete and "analysis failed (RuntimeError)" in report.errors[0]
    assert remaining(output.read_text("utf-8")) == []
    assert len(next(read_path(output)).segments) == 3


def test_engine_errors_on_a_record_fail_it_closed_and_others_go_on(tmp_path: Path) -> None:
    class FailsSecondLine(FakeAnalyzer):
        """Like the engine: failures go to Record.errors instead of raising; batches via analyze_records."""

        def analyze_records(self, records):
            for record in records:
                if record.record_id == "m-2":
                    record.errors.append("segment 0: detection failed (TimeoutError)")
            return [self.analyze_record(record) for record in records]

    output = tmp_path / "m.jsonl"
    report = redact_file(FailsSecondLine(), FIXTURES / "messages.jsonl", output)
    assert "m-2: segment 0: detection failed (TimeoutError)" in report.errors
    assert [json.loads(line)["id"] for line in output.read_text("utf-8").splitlines()] == ["m-1"]
    assert remaining(output.read_text("utf-8")) == []
