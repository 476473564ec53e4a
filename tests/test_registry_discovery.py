"""Finding recognizers in built-in packs, folders and Python modules; names, categories, sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier.config import Config
from classifier.findings import Category
from classifier.registry import RecognizerLoadError, build_recognizers, category_for, discover_recognizers
from classifier.registry.discovery import BUILTIN_PACKS

FIXTURES = Path(__file__).parent / "fixtures" / "registry"
GOOD = FIXTURES / "good"


def _mine(recognizers: list) -> dict:
    """Only recognizers that come from the fixture folders (built-in packs may be present too)."""
    return {r.name: r for r in recognizers if str(r.source).startswith(str(FIXTURES))}


def test_folder_yields_yaml_and_python_recognizers_with_sources() -> None:
    found = _mine(build_recognizers(Config(recognizer_dirs=[GOOD])))
    assert set(found) == {
        "FixtureStudentIdRecognizer",
        "FixtureCardRecognizer",
        "FixtureTitleRecognizer",
        "FixtureEvenRecognizer",
        "FixtureWardRecognizer",
        "FixtureBadgeRecognizer",
    }
    assert found["FixtureWardRecognizer"].source == str(GOOD / "clinic.py")
    assert found["FixtureWardRecognizer"].category is Category.PHI
    assert found["FixtureStudentIdRecognizer"].source == str(GOOD / "district.yaml")


def test_private_and_imported_classes_are_not_instantiated() -> None:
    names = set(_mine(build_recognizers(Config(recognizer_dirs=[GOOD]))))
    assert "_HiddenRecognizer" not in names
    assert "CategorizedPatternRecognizer" not in names


def test_python_module_validator_is_usable_from_yaml_in_same_folder() -> None:
    even = _mine(build_recognizers(Config(recognizer_dirs=[GOOD])))["FixtureEvenRecognizer"]
    assert [r.score for r in even.analyze("EV1111 EV1112", None)] == [1.0]


def test_disabled_and_enabled_filter_by_name() -> None:
    config = Config(recognizer_dirs=[GOOD], disabled=["FixtureCardRecognizer"])
    assert "FixtureCardRecognizer" not in _mine(build_recognizers(config))
    assert "FixtureCardRecognizer" in _mine(discover_recognizers(config))
    only = build_recognizers(Config(recognizer_dirs=[GOOD], enabled=["FixtureWardRecognizer"]))
    assert [r.name for r in only] == ["FixtureWardRecognizer"]


def test_config_category_override_per_entity() -> None:
    config = Config(recognizer_dirs=[GOOD], categories={"DEVICE_ID": Category.EDU})
    found = _mine(build_recognizers(config))
    assert found["FixtureBadgeRecognizer"].category is Category.EDU
    assert found["FixtureCardRecognizer"].category is Category.PII
    assert category_for(found["FixtureCardRecognizer"], "DEVICE_ID", config) is Category.EDU


def test_regex_timeout_comes_from_config() -> None:
    found = _mine(build_recognizers(Config(recognizer_dirs=[GOOD], regex_timeout=0.25)))
    assert found["FixtureStudentIdRecognizer"].regex_timeout == 0.25
    assert found["FixtureBadgeRecognizer"].regex_timeout == 0.25


def test_duplicate_names_name_both_sources() -> None:
    with pytest.raises(RecognizerLoadError) as info:
        build_recognizers(Config(recognizer_dirs=[GOOD, FIXTURES / "duplicate"]))
    message = str(info.value)
    assert "FixtureStudentIdRecognizer" in message
    assert str(GOOD / "district.yaml") in message
    assert str(FIXTURES / "duplicate" / "a.yaml") in message


def test_python_recognizer_without_category_is_an_error() -> None:
    with pytest.raises(RecognizerLoadError, match="FixtureNoCategoryRecognizer.*category"):
        build_recognizers(Config(recognizer_dirs=[FIXTURES / "no_category"]))


def test_missing_folder_and_bad_yaml_are_errors(tmp_path: Path) -> None:
    with pytest.raises(RecognizerLoadError, match="not found"):
        build_recognizers(Config(recognizer_dirs=[tmp_path / "nope"]))
    with pytest.raises(RecognizerLoadError, match=r"broken\.yaml:8"):
        build_recognizers(Config(recognizer_dirs=[FIXTURES / "bad_yaml"]))


def test_python_file_that_fails_to_import_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "oops.py").write_text("x = 1\nraise RuntimeError('boom')\n", encoding="utf-8")
    with pytest.raises(RecognizerLoadError, match=r"oops\.py:2: importing failed: RuntimeError"):
        build_recognizers(Config(recognizer_dirs=[tmp_path]))


def test_python_file_that_exits_at_import_is_a_load_error(tmp_path: Path) -> None:
    """`sys.exit(...)` at import ended the command with the plugin's own message and exit 1."""
    (tmp_path / "quits.py").write_text("import sys\nsys.exit('no licence')\n", encoding="utf-8")
    with pytest.raises(RecognizerLoadError, match=r"quits\.py:2: importing failed: SystemExit"):
        build_recognizers(Config(recognizer_dirs=[tmp_path]))


def test_builtin_packs_are_tagged_with_their_pack() -> None:
    for recognizer in build_recognizers(Config()):
        assert recognizer.source in {
            f"builtin:{pack}" for pack in BUILTIN_PACKS
        } or recognizer.source.startswith("entry-point:")
        assert isinstance(recognizer.category, Category)
