"""Bad input: a clear FormatError naming the file and line, never the content."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from test_formats_support import FIXTURES, FakeAnalyzer

from classifier.formats import FormatError, read_bytes, read_path, redact_file

SECRET = "kwame.mensah@example.com"


def _error(path: Path, **options) -> FormatError:
    with pytest.raises(FormatError) as caught:
        list(read_path(path, **options))
    assert SECRET not in str(caught.value)
    assert str(path) in str(caught.value)
    return caught.value


def test_truncated_vtt_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "cut.vtt"
    path.write_text(
        f"WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nKwame: {SECRET}\n\n2\n00:00:03.000 --> 00:0", "utf-8"
    )
    error = _error(path, fmt="zoom_vtt")
    assert error.line == 8 and "timestamp" in error.message


def test_vtt_cut_after_cue_id(tmp_path: Path) -> None:
    path = tmp_path / "cut.vtt"
    path.write_text(f"WEBVTT\r\n\r\n1\r\n00:00:01.000 --> 00:00:02.000\r\nKwame: {SECRET}\r\n\r\n2", "utf-8")
    error = _error(path)
    assert error.line == 7 and "timing line" in error.message


def test_vtt_without_header(tmp_path: Path) -> None:
    path = tmp_path / "no_header.vtt"
    path.write_text(f"1\n00:00:01.000 --> 00:00:02.000\n{SECRET}\n", "utf-8")
    error = _error(path, fmt="webvtt")
    assert error.line == 1 and "WEBVTT" in error.message


def test_srt_with_bad_timing(tmp_path: Path) -> None:
    path = tmp_path / "bad.srt"
    path.write_text(f"1\n00:00:01,000 --> 00:00:02,000\n{SECRET}\n\n2\n00:00:0\n{SECRET}\n", "utf-8")
    error = _error(path, fmt="srt")
    assert error.line == 6


def test_slack_folder_without_users_json(tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(FIXTURES / "slack_export", export)
    (export / "users.json").unlink()
    error = _error(export, fmt="slack")
    assert "users.json" in error.message
    with pytest.raises(FormatError, match="not a Slack export"):
        read_path(export)  # detection refuses a folder that is not an export


def test_slack_day_file_that_does_not_parse_fails_its_channel_only(tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(FIXTURES / "slack_export", export)
    (export / "random" / "2024-03-04.json").write_text(f'[{{"text": "{SECRET}"', "utf-8")
    (export / "uploads").mkdir()
    (export / "uploads" / "scan.pdf").write_bytes(b"%PDF synthetic " + SECRET.encode())
    general, random = read_path(export)
    assert general.complete and [s.location.member for s in random.segments] == ["channels.json"]
    assert len(random.errors) == 1 and "random/2024-03-04.json" in random.errors[0]
    assert "not valid JSON" in random.errors[0] and SECRET not in random.errors[0]

    output = tmp_path / "out"
    report = redact_file(FakeAnalyzer(), export, output)
    assert not report.complete and report.omitted == 2  # the broken day file and the upload
    assert not (output / "random" / "2024-03-04.json").exists()
    assert not (output / "uploads").exists()
    assert (output / "general" / "2024-03-04.json").is_file()


def test_json_that_does_not_parse(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text(f'{{\n  "user": "{SECRET}",\n  "ok": tru\n', "utf-8")
    error = _error(path, fmt="telemetry")
    assert "not valid JSON" in error.message
    jsonl = tmp_path / "broken.jsonl"
    jsonl.write_text(f'{{"text": "{SECRET}"\n', "utf-8")
    assert _error(jsonl, fmt="jsonl").line == 1


def test_unknown_format_name_and_binary_content(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("hello", "utf-8")
    error = _error(path, fmt="docx")
    assert "unknown format 'docx'" in error.message and "zoom_vtt" in error.message
    binary = tmp_path / "blob.bin"
    binary.write_bytes(b"\x00\x01\x02" * 10)
    assert "binary" in _error(binary).message


def test_zip_that_is_not_a_slack_export(tmp_path: Path) -> None:
    path = tmp_path / "other.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", SECRET)
    assert "not a Slack export" in _error(path).message


def test_invalid_utf8_is_replaced_and_reported_by_line(caplog: pytest.LogCaptureFixture) -> None:
    data = b"Kwame: hello\nMaria: caf\xe9 secret\n"
    record = next(read_bytes(data, "chat.txt", fmt="text"))
    assert record.segments[1].text == "caf\ufffd secret"
    assert "chat.txt:2: invalid UTF-8 bytes" in caplog.text and "secret" not in caplog.text


def test_utf16_with_bom_is_read_and_written_back_as_utf16(tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_bytes("\ufeffKwame Mensah: call 415-555-0132\r\n".encode("utf-16-le"))
    output = tmp_path / "out.txt"
    redact_file(FakeAnalyzer(), source, output)  # detected as text despite the NUL bytes of UTF-16
    assert output.read_bytes().startswith(b"\xff\xfe")
    assert output.read_bytes().decode("utf-16") == "<PERSON>: call <PHONE_NUMBER>\r\n"


def test_redact_file_reports_missing_input(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="no such file"):
        redact_file(FakeAnalyzer(), tmp_path / "missing.vtt", tmp_path / "out.vtt")
    assert not (tmp_path / "out.vtt").exists()


def test_redact_file_refuses_unknown_mode_before_writing(tmp_path: Path) -> None:
    from classifier.redaction import RedactionError

    with pytest.raises(RedactionError):
        redact_file(FakeAnalyzer(), FIXTURES / "notes.txt", tmp_path / "out.txt", mode="shred")
    assert not (tmp_path / "out.txt").exists()


def test_a_folder_is_an_export_only_with_users_json_at_its_top(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "slack_export", tmp_path / "a" / "b" / "export")
    with pytest.raises(FormatError, match="not a Slack export"):
        read_path(tmp_path)
    assert [r.metadata["channel"] for r in read_path(tmp_path / "a" / "b")] == ["general", "random"]
