"""`classifier explain`: recognizer, pattern, validator and context behind each score."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier import Config
from classifier.cli.main import main
from classifier.registry.explain import explain

FIXTURES = Path(__file__).parent / "fixtures" / "registry"
GOOD = FIXTURES / "good"


@pytest.fixture(scope="module")
def classifier():
    from classifier.engine import Classifier
    from classifier.registry import load_folder

    config = Config(use_ner=False)
    return Classifier(config, recognizers=load_folder(GOOD, config))


def _by_recognizer(result) -> dict:
    return {item.finding.recognizer: item for item in result.findings}


def test_validator_step_is_explained(classifier) -> None:
    item = _by_recognizer(explain(classifier, "paid with 4111 1111 1111 1111 today"))["FixtureCardRecognizer"]
    assert item.steps[0] == f"recognizer FixtureCardRecognizer ({GOOD / 'district.yaml'}), category PII"
    assert (
        "pattern 'sixteen digits' `\\b\\d{4}[ -]?\\d{4}[ -]?\\d{4}[ -]?\\d{4}\\b`: score 0.30" in item.steps
    )
    assert "validator luhn: valid, score 0.30 -> 1.00" in item.steps
    assert item.steps[-1] == "final score 1.00 (threshold 0.50)"


def test_context_word_step_is_explained(classifier) -> None:
    item = _by_recognizer(explain(classifier, "the student S01938477 left"))["FixtureStudentIdRecognizer"]
    assert "pattern 'district id' `\\bS\\d{8}\\b`: score 0.50" in item.steps
    assert any(step.startswith("context word 'student': score 0.50 -> 0.85") for step in item.steps)
    assert "context words of this recognizer: student, id" in item.steps
    assert item.finding.score == pytest.approx(0.85)


def test_python_recognizer_is_named_with_its_source(classifier) -> None:
    item = _by_recognizer(explain(classifier, "admitted to ward 7"))["FixtureWardRecognizer"]
    assert item.source == str(GOOD / "clinic.py")
    assert item.steps[-1] == "final score 0.60 (threshold 0.50)"


def test_cli_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["explain", "--no-ner", "--recognizers", str(GOOD), "student S01938477"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "STUDENT_ID [8:17] 'S01938477'" in out
    assert "  - recognizer " in out
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    # the built-in student ID recognizer may win the overlap; either way the steps must say why
    (student,) = [f for f in data["findings"] if f["entity_type"] == "STUDENT_ID"]
    assert student["value"] == "S01938477"
    assert student["steps"][0].startswith(f"recognizer {student['recognizer']} ({student['source']})")
    assert student["steps"][-1] == f"final score {student['score']:.2f} (threshold 0.50)"


def test_cli_fails_closed_on_timeout(capsys: pytest.CaptureFixture[str]) -> None:
    config = FIXTURES / "short_timeout.yaml"
    text = "a" * 5000 + "b"  # within one engine chunk (20,000 characters)
    code = main(
        [
            "explain",
            "--no-ner",
            "--config",
            str(config),
            "--recognizers",
            str(FIXTURES / "catastrophic"),
            text,
        ]
    )
    assert code == 3
    err = capsys.readouterr().err
    assert "FixtureCatastrophicRecognizer" in err
    assert "aaaa" not in err
