"""`classifier recognizers list | validate | test` end to end (synthetic fixtures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier.cli.main import main

FIXTURES = Path(__file__).parent / "fixtures" / "registry"


def test_list_shows_source_category_and_enabled_state(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["recognizers", "list", "--json", "--recognizers", str(FIXTURES / "good")]
        + ["--config", str(FIXTURES / "disable_card.yaml")]
    )
    assert code == 0
    rows = {row["name"]: row for row in map(json.loads, capsys.readouterr().out.splitlines())}
    ward = rows["FixtureWardRecognizer"]
    assert ward["category"] == "PHI"
    assert ward["entities"] == ["HEALTHCARE_FACILITY"]
    assert ward["source"] == str((FIXTURES / "good" / "clinic.py").resolve())
    assert ward["enabled"] is True
    assert rows["FixtureCardRecognizer"]["enabled"] is False


def test_list_table_has_a_header(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recognizers", "list", "--recognizers", str(FIXTURES / "good")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["name", "entities", "category", "source", "enabled"]
    assert any(line.startswith("FixtureTitleRecognizer") and line.endswith("yes") for line in lines)


def test_list_reports_duplicates_as_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "recognizers",
            "list",
            "--recognizers",
            str(FIXTURES / "good"),
            "--recognizers",
            str(FIXTURES / "duplicate"),
        ]
    )
    assert code == 2
    assert "duplicate recognizer name 'FixtureStudentIdRecognizer'" in capsys.readouterr().err


def test_validate_accepts_good_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recognizers", "validate", str(FIXTURES / "good")]) == 0
    assert capsys.readouterr().out.startswith("ok: 3 file(s), 6 recognizer(s)")


def test_validate_reports_schema_and_regex_problems_with_lines(capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "bad_yaml" / "broken.yaml"
    assert main(["recognizers", "validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:8: recognizer 'BrokenRecognizer': pattern 'unbalanced' does not compile" in out
    assert f"{path}:5: recognizer 'BrokenRecognizer': unknown key 'colour'" in out


def test_validate_reports_catastrophic_pattern_statically_and_by_probe(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = FIXTURES / "catastrophic" / "slow.yaml"
    assert main(["recognizers", "validate", str(path), "--probe-timeout", "0.1"]) == 1
    lines = capsys.readouterr().out.splitlines()
    prefix = f"{path}:8: recognizer 'FixtureCatastrophicRecognizer': pattern 'nested plus' `(a+)+$`:"
    assert any(line.startswith(prefix) and "nested quantifier" in line for line in lines)
    assert any(line.startswith(prefix) and "catastrophic backtracking" in line for line in lines)


def test_validate_missing_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recognizers", "validate", str(FIXTURES / "nope.yaml")]) == 1
    assert "no such file or folder" in capsys.readouterr().out


def test_test_passes_on_correct_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recognizers", "test", str(FIXTURES / "good"), "--no-ner"]) == 0
    assert "8 example(s) of 3 recognizer(s): 8 passed, 0 failed" in capsys.readouterr().out


def test_test_shows_each_failure_with_file_and_line(capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "failing_examples" / "wrong.yaml"
    assert main(["recognizers", "test", str(path), "--no-ner"]) == 1
    out = capsys.readouterr().out
    assert f"FAIL {path}:10: FixtureWrongExamplesRecognizer: match example 'badge BX-12 is too short'" in out
    assert f"FAIL {path}:12: FixtureWrongExamplesRecognizer: no_match example 'badge BX-1234 matches'" in out
    assert "found DEVICE_ID 'BX-1234' (score 0.60)" in out
    assert "2 example(s) of 1 recognizer(s): 0 passed, 2 failed" in out


def test_context_words_count_in_examples(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # score 0.3 alone is under the 0.5 threshold; the context word "locker" lifts it to 0.65
    (tmp_path / "locker.yaml").write_text(
        "recognizers:\n  - name: LockerRecognizer\n    supported_entity: DEVICE_ID\n    category: PII\n"
        "    patterns: [{name: locker, regex: '\\bL\\d{3}\\b', score: 0.3}]\n    context: [locker]\n"
        "    examples:\n      match: ['my locker is L123']\n      no_match: ['see L123 later']\n",
        encoding="utf-8",
    )
    assert main(["recognizers", "test", str(tmp_path), "--no-ner"]) == 0
    assert "2 passed, 0 failed" in capsys.readouterr().out


def test_builtin_recognizer_examples_pass(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["recognizers", "test"])
    out = capsys.readouterr().out
    assert code == 0, out
    summary = out.strip().splitlines()[-1]
    assert summary.endswith(" 0 failed")
    assert int(summary.split()[0]) > 0  # the packs do ship examples
