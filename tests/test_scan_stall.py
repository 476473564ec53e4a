"""A worker stuck where the soft time limits cannot reach it is stopped; its file fails closed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier.batch.executors import local
from classifier.cli.main import main
from classifier.deadline import available

pytestmark = pytest.mark.skipif(not available(), reason="needs SIGALRM and setitimer")

#: Swallows every exception, the time limit's included, and tries again for ever: the soft limit
#: interrupts each attempt, and the record would still never end.
STUCK_RECOGNIZER = """
import time

from presidio_analyzer import EntityRecognizer

from classifier.findings import Category


class StuckRecognizer(EntityRecognizer):
    category = Category.PII

    def __init__(self):
        super().__init__(supported_entities=["USERNAME"], name="StuckRecognizer")

    def load(self):
        pass

    def analyze(self, text, entities, nlp_artifacts=None):
        while "STUCK-HERE" in text:
            try:
                time.sleep(0.05)
            except BaseException:
                pass
        return []
"""

RECORD_TIMEOUT = 0.2


def test_stall_limit_follows_the_record_limit() -> None:
    assert local.stall_limit(0) is None
    assert local.stall_limit(60) == (local.BATCH_SHARES + 2) * 60
    assert local.stall_limit(1) == local.STALL_FLOOR


def test_a_file_that_stalls_its_worker_becomes_an_error_record(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(local, "STALL_FLOOR", 0.0)  # the driver stops the worker after 10 limits: 2 s
    monkeypatch.setattr(local, "WATCH_EVERY", 0.2)
    recognizers = tmp_path / "recognizers"
    recognizers.mkdir()
    (recognizers / "stuck.py").write_text(STUCK_RECOGNIZER, encoding="utf-8")
    config = tmp_path / "classifier.yaml"
    config.write_text(f"record_timeout: {RECORD_TIMEOUT}\n", encoding="utf-8")
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("a", "b", "c", "d"):
        (inputs / f"{name}.txt").write_text(
            f"Notes from meeting {name}: the roadmap moved.\n", encoding="utf-8"
        )
    (inputs / "c.txt").write_text("Reach kim at kim.ortega@example.org STUCK-HERE today.\n", encoding="utf-8")
    out = tmp_path / "out"

    code = main(
        [
            "scan",
            "-q",
            "--no-ner",
            "--workers",
            "2",
            "--config",
            str(config),
            "--recognizers",
            str(recognizers),
            "--out",
            str(out),
            str(inputs),
        ]
    )

    assert code == 3
    documents = [
        json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    by_file = {Path(d["source"]).name: d for d in documents}
    assert sorted(by_file) == ["a.txt", "b.txt", "c.txt", "d.txt"]
    assert by_file["c.txt"]["complete"] is False
    assert all(d["outcome"] == "ineligible" for d in by_file["c.txt"]["decisions"].values())
    assert all(by_file[name]["complete"] is True for name in ("a.txt", "b.txt", "d.txt"))
    summary = (out / "summary.json").read_text(encoding="utf-8")
    assert "no progress for 2 s" in summary
    assert "kim.ortega" not in summary and "STUCK-HERE" not in summary
