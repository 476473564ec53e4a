"""YAML loader, validators and the time-limited pattern recognizer (synthetic data only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier.findings import Category
from classifier.registry import (
    CategorizedPatternRecognizer,
    RecognizerLoadError,
    get_validator,
    load_yaml_file,
    parse_yaml_file,
    register_validator,
)

FIXTURES = Path(__file__).parent / "fixtures" / "registry"


@pytest.mark.parametrize(
    ("name", "valid", "invalid"),
    [
        ("luhn", "4111 1111 1111 1111", "4111 1111 1111 1112"),
        ("npi", "1234567893", "1234567890"),
        ("dea", "AB1234563", "AB1234564"),
        ("aba_routing", "011000015", "011000016"),
        ("iban", "GB82 WEST 1234 5698 7654 32", "GB83 WEST 1234 5698 7654 32"),
        ("us_ssn", "123-45-6789", "666-45-6789"),
        ("mod11", "D12345679", "D12345678"),
        ("mod11", "0-306-40615-2", "0-306-40615-3"),
    ],
)
def test_builtin_validators(name: str, valid: str, invalid: str) -> None:
    check = get_validator(name)
    assert check(valid) is True
    assert check(invalid) is False


@pytest.mark.parametrize("number", ["000-12-3456", "901-12-3456", "123-00-4567", "123-45-0000"])
def test_us_ssn_rejects_never_issued_numbers(number: str) -> None:
    assert get_validator("us_ssn")(number) is False


def test_mod11_accepts_x_as_ten() -> None:
    # payload 1234561: weights 2..8 from the right give 1*2+6*3+5*4+4*5+3*6+2*7+1*8 = 100;
    # 100 % 11 = 1, so the check digit is 11 - 1 = 10, written X
    assert get_validator("mod11")("D1234561X") is True
    assert get_validator("mod11")("D12345610") is False


def test_unknown_validator_lists_known_ones() -> None:
    with pytest.raises(KeyError, match="luhn"):
        get_validator("no_such_validator")


def test_register_validator_refuses_a_second_function_under_the_same_name() -> None:
    @register_validator("test_only_always_true")
    def always(text: str) -> bool:
        return True

    assert get_validator("test_only_always_true") is always
    with pytest.raises(ValueError, match="already registered"):
        register_validator("test_only_always_true")(lambda text: False)


def _by_name(path: Path) -> dict[str, CategorizedPatternRecognizer]:
    return {r.name: r for r in load_yaml_file(path)}


def test_yaml_file_loads_with_category_context_and_examples() -> None:
    recognizers = _by_name(FIXTURES / "good" / "district.yaml")
    student = recognizers["FixtureStudentIdRecognizer"]
    assert student.category is Category.EDU
    assert student.supported_entities == ["STUDENT_ID"]
    assert student.context == ["student", "id"]
    assert student.examples.match == ("student S01938477 was absent",)
    assert student.examples.match_lines == (14,)
    assert student.source.endswith("district.yaml")


def test_exclusion_and_flags() -> None:
    student = _by_name(FIXTURES / "good" / "district.yaml")["FixtureStudentIdRecognizer"]
    results = student.analyze("ids S01938477, S00000000 and s01938477", ["STUDENT_ID"])
    assert [(r.start, r.end, r.score) for r in results] == [(4, 13, 0.5)]


def test_validator_raises_score_or_drops_match_and_explains() -> None:
    card = _by_name(FIXTURES / "good" / "district.yaml")["FixtureCardRecognizer"]
    text = "first 4111 1111 1111 1111 then 4111 1111 1111 1112"
    results = card.analyze(text, ["CREDIT_CARD"])
    assert len(results) == 1
    assert results[0].score == 1.0
    assert text[results[0].start : results[0].end] == "4111 1111 1111 1111"
    explanation = results[0].analysis_explanation
    assert explanation.pattern_name == "sixteen digits"
    assert explanation.validation_result is True
    assert "validator `luhn`: valid, score 0.3 -> 1" in explanation.textual_explanation


def test_deny_list_uses_presidio_semantics() -> None:
    title = _by_name(FIXTURES / "good" / "district.yaml")["FixtureTitleRecognizer"]
    results = title.analyze("the principal and the Deanery", ["TITLE"])
    assert [(r.start, r.end, r.score) for r in results] == [(4, 13, 0.6)]


def test_compiled_patterns_are_exposed() -> None:
    card = _by_name(FIXTURES / "good" / "district.yaml")["FixtureCardRecognizer"]
    (only,) = card.compiled_patterns
    assert only.pattern.name == "sixteen digits"
    assert only.compiled.search("4111-1111-1111-1111")


def test_schema_problems_name_file_line_and_recognizer() -> None:
    path = FIXTURES / "bad_yaml" / "broken.yaml"
    problems = parse_yaml_file(path).problems
    text = "\n".join(problems)
    assert f"{path}:5: recognizer 'BrokenRecognizer': unknown key 'colour'" in text
    assert "known keys: name, supported_entity" in text
    assert f"{path}:4: recognizer 'BrokenRecognizer': unknown category 'SCHOOL'" in text
    assert f"{path}:8: recognizer 'BrokenRecognizer': pattern 'unbalanced' does not compile" in text
    assert f"{path}:12: recognizer 'BrokenRecognizer': score must be between 0 and 1" in text
    assert f"{path}:13: recognizer 'BrokenRecognizer': unknown validator 'no_such_check'" in text
    assert f"{path}:14: a recognizer needs a `name`" in text
    with pytest.raises(RecognizerLoadError) as info:
        load_yaml_file(path)
    assert info.value.problems == problems


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("recognizers: [\n  {name: A", ":2: not valid YAML"),
        ("", "empty file"),
        ("others: []\n", ":1: unknown key 'others' in the file"),
        ("recognizers: {}\n", ":1: `recognizers` must be a list"),
        (
            "recognizers:\n  - name: A\n    supported_entity: X\n    category: PII\n",
            ":2: recognizer 'A': a recognizer needs `patterns` or a non-empty `deny_list`",
        ),
        (
            "recognizers:\n  - name: A\n    supported_entity: X\n    category: PII\n    deny_list: []\n",
            ":2: recognizer 'A': a recognizer needs `patterns` or a non-empty `deny_list`",
        ),
        (
            "recognizers:\n  - name: A\n    supported_entity: X\n    category: PII\n"
            "    deny_list: [a]\n  - name: A\n    supported_entity: X\n    category: PII\n"
            "    deny_list: [b]\n",
            ":6: recognizer 'A': duplicate recognizer name (first defined on line 2)",
        ),
        (
            "recognizers:\n  - name: A\n    supported_entity: X\n    category: PII\n    flags: [CASELESS]\n"
            "    deny_list: [a]\n",
            ":5: recognizer 'A': unknown regex flag 'CASELESS'",
        ),
    ],
)
def test_file_level_problems(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(content, encoding="utf-8")
    problems = parse_yaml_file(path).problems
    assert any(p.startswith(str(path)) and expected in p for p in problems), problems


def test_presidio_plural_entities_form_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "presidio.yaml"
    path.write_text(
        "recognizers:\n  - name: Zip\n    supported_entities: [ZIP_CODE]\n    category: PII\n"
        "    supported_language: en\n    patterns:\n      - {name: zip, regex: '\\b\\d{5}\\b', score: 0.1}\n",
        encoding="utf-8",
    )
    (zip_recognizer,) = load_yaml_file(path)
    assert zip_recognizer.supported_entities == ["ZIP_CODE"]
    assert [(r.start, r.end) for r in zip_recognizer.analyze("zip 02139", None)] == [(4, 9)]


def test_filter_only_validator_keeps_the_pattern_score(tmp_path: Path) -> None:
    # us_ssn only rules numbers out: a pass is no evidence, so the score must not jump to 1.0
    path = tmp_path / "ssn.yaml"
    path.write_text(
        "recognizers:\n  - name: Ssn\n    supported_entity: US_SSN\n    category: PII\n"
        "    patterns: [{name: ssn, regex: '\\b\\d{3}-\\d{2}-\\d{4}\\b', score: 0.4}]\n"
        "    validator: us_ssn\n",
        encoding="utf-8",
    )
    (ssn,) = load_yaml_file(path)
    results = ssn.analyze("ids 123-45-6789 and 666-45-6789", None)
    assert [(r.start, r.score) for r in results] == [(4, 0.4)]
    assert "plausible, score stays 0.4" in results[0].analysis_explanation.textual_explanation
