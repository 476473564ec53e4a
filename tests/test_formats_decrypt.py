"""encrypt mode, then decrypt_file: the same texts and speakers come back, in the same format."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_formats_roundtrip import SINGLE_FILES
from test_formats_support import FIXTURES, FakeAnalyzer, remaining

from classifier.formats import decrypt_file, read_path, redact_file
from classifier.redaction import DecryptionError

KEY = "synthetic-test-key"


def _content(path: Path, fmt: str) -> list[list[tuple[str | None, str]]]:
    return [
        [(segment.speaker, segment.text) for segment in record.segments]
        for record in read_path(path, fmt=fmt)
        if not record.errors
    ]


@pytest.mark.parametrize(("name", "fmt"), SINGLE_FILES)
def test_decrypt_restores_every_single_file_format(tmp_path: Path, name: str, fmt: str) -> None:
    encrypted, restored = tmp_path / f"enc-{name}", tmp_path / f"dec-{name}"
    redact_file(FakeAnalyzer(), FIXTURES / name, encrypted, mode="encrypt", key=KEY, fmt=fmt)
    assert remaining(encrypted.read_text("utf-8")) == []

    report = decrypt_file(encrypted, restored, KEY, fmt=fmt)

    assert report.records >= 1
    assert _content(restored, fmt) == _content(FIXTURES / name, fmt)


def test_decrypt_restores_a_slack_export(tmp_path: Path) -> None:
    encrypted, restored = tmp_path / "enc", tmp_path / "dec"
    redact_file(FakeAnalyzer(), FIXTURES / "slack_export", encrypted, mode="encrypt", key=KEY)
    decrypt_file(encrypted, restored, KEY)

    def normalised(path: Path):
        # a file name written back from a decrypted label keeps the spaces it is analysed with
        return [[(s, t.replace("_", " ")) for s, t in record] for record in _content(path, "slack")]

    assert normalised(restored) == normalised(FIXTURES / "slack_export")
    users = (restored / "users.json").read_text("utf-8")
    assert "maria.gonzalez@example.org" in users and "mgonzalez" in users


def test_decrypt_with_the_wrong_key_fails_without_content(tmp_path: Path) -> None:
    encrypted = tmp_path / "enc.srt"
    redact_file(FakeAnalyzer(), FIXTURES / "subtitles.srt", encrypted, mode="encrypt", key=KEY)
    with pytest.raises(DecryptionError) as caught:
        decrypt_file(encrypted, tmp_path / "dec.srt", "another key")
    assert "Tomasz" not in str(caught.value)
    assert not (tmp_path / "dec.srt").exists()
