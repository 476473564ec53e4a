"""The command's top level: a closed pipe is not a crash, help is cheap, bad options are usage errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from classifier.cli.main import main


def test_closed_pipe_ends_quietly() -> None:
    # `classifier recognizers list | head -0`: the reader is gone before anything is written
    producer = subprocess.Popen(
        [sys.executable, "-m", "classifier", "recognizers", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert producer.stdout is not None
    producer.stdout.close()
    stderr = producer.stderr.read() if producer.stderr else b""
    producer.wait(timeout=120)
    assert b"Traceback" not in stderr
    assert producer.returncode == 0


def test_help_documents_every_exit_code() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "classifier", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for code in ("0 ", "1 ", "2 ", "3 ", "130 "):
        assert f"\n  {code}" in out


def test_building_the_parser_loads_no_nlp_stack() -> None:
    """`--help` and usage errors answer without importing spaCy or Presidio (seconds of start-up,
    paid again by a scan's driver): the commands import them when they run."""
    code = (
        "import sys, classifier.cli.main as m; m.build_parser(); "
        "print(sorted(n for n in ('spacy', 'presidio_analyzer', 'presidio_anonymizer') if n in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--max-ratio", "nan"),  # every comparison with NaN is false: the bomb check was off
        ("--max-ratio", "inf"),
        ("--max-ratio", "0"),
        ("--max-depth", "-1"),
        ("--max-total-bytes", "-5"),
    ],
)
def test_scan_refuses_limits_that_disable_the_archive_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "r1", "text": "hello"}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["scan", str(source), "--out", str(out), "--no-ner", "-q", option, value]) == 2
    assert f"classifier: error: {option} must be" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("command", ["redact", "analyze"])
def test_a_text_too_long_for_a_file_name_is_text(command: str) -> None:
    """`Path.is_file()` raises ENAMETOOLONG on Python 3.11: redact printed the whole text in a traceback."""
    text = "Jo's SSN is 123-45-6789, call back. " * 10  # 360 bytes, no '/'
    done = subprocess.run(
        [sys.executable, "-m", "classifier", command, "--no-ner", text], capture_output=True, text=True
    )
    assert "Traceback" not in done.stderr
    assert "123-45-6789" not in done.stdout + done.stderr
    assert done.returncode == (0 if command == "redact" else 1)  # analyze: 1 = something found
    assert ("<US_SSN>" if command == "redact" else '"US_SSN"') in done.stdout
