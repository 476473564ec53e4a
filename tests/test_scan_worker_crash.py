"""A worker process that dies or stalls must neither stop the scan nor let the file through."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier.batch.executors import local
from classifier.cli.main import main
from classifier.deadline import available

#: A recognizer that misbehaves on texts with the marker; `{on_marker}` is what it does there.
_MARKED_RECOGNIZER = """
import os
import time

from presidio_analyzer import EntityRecognizer

from classifier.findings import Category


class MarkedRecognizer(EntityRecognizer):
    category = Category.PII

    def __init__(self):
        super().__init__(supported_entities=["USERNAME"], name="MarkedRecognizer")

    def load(self):
        pass

    def analyze(self, text, entities, nlp_artifacts=None):
{on_marker}
        return []
"""
#: Kills its process, like a native crash or the out-of-memory killer would.
POISON_RECOGNIZER = _MARKED_RECOGNIZER.format(
    on_marker='        if "POISON-PILL" in text:\n            os._exit(9)'
)
#: Swallows every exception, the time limit's included, and tries again for ever: the soft limit
#: interrupts each attempt, and the record would still never end.
STUCK_RECOGNIZER = _MARKED_RECOGNIZER.format(
    on_marker='        while "POISON-PILL" in text:\n            try:\n                time.sleep(0.05)\n'
    "            except BaseException:\n                pass"
)

RECORD_TIMEOUT = 5


def _scan_with(tmp_path: Path, recognizer: str, *extra: str, workers: str = "2") -> tuple[int, Path]:
    """Scan four notes, `c.txt` carrying the marker, with `recognizer` loaded; exit code, out folder."""
    recognizers = tmp_path / "recognizers"
    recognizers.mkdir()
    (recognizers / "marked.py").write_text(recognizer, encoding="utf-8")
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("a", "b", "c", "d"):
        (inputs / f"{name}.txt").write_text(
            f"Notes from meeting {name}: the roadmap moved.\n", encoding="utf-8"
        )
    (inputs / "c.txt").write_text(
        "Reach kim at kim.ortega@example.org, POISON-PILL today.\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    args = ["scan", "-q", "--no-ner", "--workers", workers, "--recognizers", str(recognizers), *extra]
    return main([*args, "--out", str(out), str(inputs)]), out


def _assert_only_c_failed(code: int, out: Path) -> str:
    """Exit 3, c.txt incomplete and ineligible, the others complete; summary.json without values."""
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
    assert "POISON-PILL" not in summary and "kim.ortega" not in summary
    return summary


@pytest.mark.parametrize("workers", ["1", "2"])  # one worker runs in a process of its own too
def test_a_file_that_kills_its_worker_becomes_an_error_record(tmp_path: Path, workers: str) -> None:
    summary = _assert_only_c_failed(*_scan_with(tmp_path, POISON_RECOGNIZER, workers=workers))
    assert "worker process died while scanning this file" in summary


def test_stall_limit_follows_the_record_limit() -> None:
    assert local.stall_limit(0) is None
    assert local.stall_limit(60) == (local.BATCH_SHARES + 2) * 60
    assert local.stall_limit(1) == local.STALL_FLOOR


@pytest.mark.skipif(not available(), reason="needs SIGALRM and setitimer")
def test_a_file_that_stalls_its_worker_becomes_an_error_record(tmp_path: Path, monkeypatch) -> None:
    # the driver stops a worker after 2 s without a beat; the record limit stays roomy for the other
    # files on a busy machine
    monkeypatch.setattr(local, "stall_limit", lambda record_timeout: 2.0 if record_timeout else None)
    monkeypatch.setattr(local, "WATCH_EVERY", 0.2)
    config = tmp_path / "classifier.yaml"
    config.write_text(f"record_timeout: {RECORD_TIMEOUT}\n", encoding="utf-8")
    summary = _assert_only_c_failed(*_scan_with(tmp_path, STUCK_RECOGNIZER, "--config", str(config)))
    assert "worker process stopped: no progress for 2 s while scanning this file" in summary
