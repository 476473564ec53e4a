"""The worked example of docs/adding_a_recognizer.md works as documented.

examples/recognizers/district_student_id.yaml: D + 7 digits + mod-11 check
digit. It must pass validate and test, and be found by the library and by
analyze, redact and scan through --recognizers. All IDs are made up.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier import Config
from classifier.cli.main import main
from classifier.findings import Category
from classifier.registry import build_recognizers
from classifier.registry.examples import run_examples
from classifier.registry.validate import validate_paths

EXAMPLE_DIR = Path(__file__).resolve().parent.parent / "examples" / "recognizers"
NAME = "DistrictStudentIdRecognizer"
TEXT = "Student ID D12345679 was marked absent; D12345678 is a typo."


@pytest.fixture(scope="module")
def classifier():
    from classifier.engine import Classifier

    return Classifier(Config(recognizer_dirs=[EXAMPLE_DIR], use_ner=False))


def test_example_validates_cleanly() -> None:
    report = validate_paths([EXAMPLE_DIR])
    assert report.problems == []
    assert report.recognizers == 1


def test_example_examples_pass() -> None:
    (recognizer,) = [r for r in build_recognizers(Config(recognizer_dirs=[EXAMPLE_DIR])) if r.name == NAME]
    results = run_examples([recognizer], Config(use_ner=False))
    assert len(results) == 6
    assert [r.describe() for r in results if not r.passed] == []


def test_library_finds_only_the_valid_id(classifier) -> None:
    findings = [f for f in classifier.analyze(TEXT) if f.entity_type == "STUDENT_ID"]
    assert [(TEXT[f.start : f.end], f.recognizer, f.category, f.score) for f in findings] == [
        ("D12345679", NAME, Category.EDU, 1.0)
    ]


def test_exclusion_drops_the_placeholder_that_passes_the_check(classifier) -> None:
    assert not [f for f in classifier.analyze("demo login D00000000") if f.recognizer == NAME]


def test_analyze_cli_picks_it_up(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["analyze", "--no-ner", "--recognizers", str(EXAMPLE_DIR), TEXT])
    assert code == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert {
        "start": 11,
        "end": 20,
        "entity_type": "STUDENT_ID",
        "category": "EDU",
        "score": 1.0,
        "recognizer": NAME,
    } in findings


def test_redact_cli_picks_it_up(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["redact", "--no-ner", "--recognizers", str(EXAMPLE_DIR), TEXT]) == 0
    out = capsys.readouterr().out
    assert "D12345679" not in out
    assert out.startswith("Student ID <STUDENT_ID> was marked")


def test_scan_cli_picks_it_up(tmp_path: Path) -> None:
    pytest.importorskip("classifier.cli.scan")
    source = tmp_path / "notes.txt"
    source.write_text(TEXT + "\n", encoding="utf-8")
    out = tmp_path / "out"
    main(["scan", "--no-ner", "-q", "--recognizers", str(EXAMPLE_DIR), "--out", str(out), str(source)])
    rows = [json.loads(line) for line in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["start"], r["end"], r["recognizer"]) for r in rows if r["entity_type"] == "STUDENT_ID"] == [
        (11, 20, NAME)
    ]
