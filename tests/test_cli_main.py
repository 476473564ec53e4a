"""The command's top level: a closed pipe is not a crash, help is cheap."""

from __future__ import annotations

import subprocess
import sys


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
