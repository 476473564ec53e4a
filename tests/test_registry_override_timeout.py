"""A user's Presidio `PatternRecognizer` subclass that overrides `analyze` runs its patterns under
`regex_timeout` and fails the record closed past it (synthetic texts only).

The catastrophic pattern is `(a|aa)+$`: the `regex` module rewrites `(a+)+$` into a pattern
that does not backtrack, so it would not test anything.
"""

from __future__ import annotations

import logging
import textwrap
import time
from pathlib import Path

import pytest
import regex

from classifier.config import Config
from classifier.registry import RecognizerTimeoutError, build_recognizers
from classifier.registry.limits import LimitedRegex
from classifier.registry.validate import validate_paths

NAME = "OverridingSlowRecognizer"
SECRET = "a" * 60 + "!"

RECOGNIZER_FILE = '''
from presidio_analyzer import Pattern, PatternRecognizer

PATTERNS = [Pattern("nested alternation", r"{regex}", 0.6)]


class {name}(PatternRecognizer):
    """Overrides analyze, as a team might, to raise every score a little."""

    category = "PII"

    def __init__(self):
        super().__init__(supported_entity="DEVICE_ID", name="{name}", patterns=PATTERNS)

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        for result in results:
            result.score = min(1.0, result.score + 0.1)
        return results
'''


def _folder(tmp_path: Path, pattern: str = r"(a|aa)+$", name: str = NAME) -> Path:
    folder = tmp_path / "recognizers"
    folder.mkdir()
    (folder / "overriding.py").write_text(
        textwrap.dedent(RECOGNIZER_FILE).format(regex=pattern, name=name), encoding="utf-8"
    )
    return folder


def _recognizer(folder: Path, timeout: float = 0.3):
    config = Config(recognizer_dirs=[folder], regex_timeout=timeout)
    (found,) = [r for r in build_recognizers(config) if r.name == NAME]
    return found


@pytest.mark.timeout(30)
def test_overriding_subclass_times_out_with_the_engine_error(tmp_path: Path) -> None:
    recognizer = _recognizer(_folder(tmp_path))
    assert type(recognizer).analyze is not type(recognizer).__mro__[1].analyze  # its own analyze stays
    started = time.monotonic()
    with pytest.raises(RecognizerTimeoutError) as info:
        recognizer.analyze(SECRET, ["DEVICE_ID"])
    assert time.monotonic() - started < 3.0
    assert NAME in str(info.value) and "nested alternation" in str(info.value)
    assert "aaaa" not in str(info.value)


@pytest.mark.timeout(30)
def test_other_flags_recompile_into_a_limited_regex_too(tmp_path: Path) -> None:
    recognizer = _recognizer(_folder(tmp_path))
    started = time.monotonic()
    with pytest.raises(RecognizerTimeoutError):
        recognizer.analyze(SECRET, ["DEVICE_ID"], None, regex.IGNORECASE)
    assert time.monotonic() - started < 3.0
    assert isinstance(recognizer.patterns[0].compiled_regex, LimitedRegex)


def test_overriding_subclass_still_finds_and_keeps_its_own_scores(tmp_path: Path) -> None:
    recognizer = _recognizer(_folder(tmp_path))
    results = recognizer.analyze("id aaaa", ["DEVICE_ID"])
    assert [(r.start, r.end, round(r.score, 2)) for r in results] == [(3, 7, 0.7)]


def test_the_class_level_pattern_list_is_not_changed(tmp_path: Path) -> None:
    recognizer = _recognizer(_folder(tmp_path))
    module = __import__(type(recognizer).__module__)
    assert not isinstance(module.PATTERNS[0].compiled_regex, LimitedRegex)
    assert recognizer.patterns is not module.PATTERNS


@pytest.mark.timeout(30)
def test_presidio_logs_no_value_and_no_swallowed_timeout(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    recognizer = _recognizer(_folder(tmp_path))
    with caplog.at_level(logging.DEBUG), pytest.raises(RecognizerTimeoutError):
        recognizer.analyze(SECRET, ["DEVICE_ID"])
    assert not any("timed out" in r.getMessage() for r in caplog.records)
    assert not any("aaaa" in r.getMessage() or r.exc_info for r in caplog.records)


@pytest.mark.timeout(60)
def test_engine_fails_the_record_closed_and_goes_on(tmp_path: Path) -> None:
    from classifier.engine import Classifier
    from classifier.records import Record, Segment

    config = Config(recognizer_dirs=[_folder(tmp_path)], regex_timeout=0.3, use_ner=False)
    clf = Classifier(config)
    slow = Record("r1", "synthetic", "text", [Segment(SECRET)])
    fine = Record("r2", "synthetic", "text", [Segment("device aaaa here")])
    started = time.monotonic()
    clf.analyze_records([slow, fine])
    assert time.monotonic() - started < 20
    assert slow.errors and NAME in slow.errors[0] and "aaaa" not in slow.errors[0]
    assert not slow.complete
    assert fine.errors == []


def test_validate_notes_the_override_instead_of_failing(tmp_path: Path) -> None:
    report = validate_paths([_folder(tmp_path, pattern="dev-[0-9]{{4}}")])
    assert report.problems == []
    assert len(report.notes) == 1 and "overrides PatternRecognizer.analyze" in report.notes[0]
    assert "record_timeout" in report.notes[0]
