"""`classifier redact INPUT -o OUTPUT` goes through formats.redact_file, Slack export folders included."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_formats_support import FIXTURES, remaining

from classifier.cli.main import main
from classifier.formats import FormatError, read_path, redact_file
from classifier.formats.spans import turns

EMAILS_AND_PHONES = ["kwame.mensah@example.com", "zhang.wei@example.net", "415-555-0177", "415-555-0132"]


def test_cli_redacts_a_slack_export_folder_into_a_folder(tmp_path: Path) -> None:
    output = tmp_path / "out"
    code = main(["redact", str(FIXTURES / "slack_export"), "-o", str(output), "--no-ner", "--quiet"])
    assert code == 0
    assert (output / "users.json").is_file()
    assert [r.metadata["channel"] for r in read_path(output)] == ["general", "random"]
    text = "\n".join(p.read_text("utf-8") for p in output.rglob("*.json"))
    assert remaining(text, EMAILS_AND_PHONES) == []


def test_cli_redacts_a_vtt_with_forced_format(tmp_path: Path) -> None:
    output = tmp_path / "t.vtt"
    source = FIXTURES / "teams_transcript.vtt"
    code = main(["redact", str(source), "-o", str(output), "--format", "teams_vtt", "--no-ner", "--quiet"])
    assert code == 0
    cues = turns(next(read_path(output)).segments)  # the NOTE and "(Guest)" side segments follow
    assert [s.start_time for s in cues] == ["0:0:0.0", "0:0:6.10", "0:0:9.500"]
    assert remaining(output.read_text("utf-8"), ["(646) 555-0199", "dmitri.volkov@example.com"]) == []


def test_redact_file_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("Kwame Mensah: call 415-555-0132\n", "utf-8")
    with pytest.raises(FormatError, match="must not be the input"):
        redact_file(object(), source, source)
    assert source.read_text("utf-8") == "Kwame Mensah: call 415-555-0132\n"
