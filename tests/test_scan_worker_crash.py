"""A worker process that dies must neither stop the scan nor let the file through."""

from __future__ import annotations

import json
from pathlib import Path

from classifier.cli.main import main

POISON_RECOGNIZER = '''
import os

from presidio_analyzer import EntityRecognizer

from classifier.findings import Category


class PoisonRecognizer(EntityRecognizer):
    """Kills its process on a marker, like a native crash or the out-of-memory killer would."""

    category = Category.PII

    def __init__(self):
        super().__init__(supported_entities=["USERNAME"], name="PoisonRecognizer")

    def load(self):
        pass

    def analyze(self, text, entities, nlp_artifacts=None):
        if "POISON-PILL" in text:
            os._exit(9)
        return []
'''


def test_a_file_that_kills_its_worker_becomes_an_error_record(tmp_path: Path) -> None:
    recognizers = tmp_path / "recognizers"
    recognizers.mkdir()
    (recognizers / "poison.py").write_text(POISON_RECOGNIZER, encoding="utf-8")
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("a", "b", "c", "d"):
        (inputs / f"{name}.txt").write_text(
            f"Notes from meeting {name}: the roadmap moved.\n", encoding="utf-8"
        )
    (inputs / "c.txt").write_text("This line carries the POISON-PILL marker.\n", encoding="utf-8")
    out = tmp_path / "out"

    code = main(
        [
            "scan",
            "-q",
            "--no-ner",
            "--workers",
            "2",
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
    assert "POISON-PILL" not in (out / "summary.json").read_text(encoding="utf-8")
