"""Safety: a catastrophic pattern is cut off by its time limit and fails the record closed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from classifier.config import Config
from classifier.registry import RecognizerError, RecognizerTimeoutError, build_recognizers

FIXTURES = Path(__file__).parent / "fixtures" / "registry"


@pytest.mark.timeout(30)
def test_catastrophic_pattern_raises_timeout_instead_of_hanging() -> None:
    (slow,) = [
        r
        for r in build_recognizers(Config(recognizer_dirs=[FIXTURES / "catastrophic"], regex_timeout=0.3))
        if r.name == "FixtureCatastrophicRecognizer"
    ]
    secret_text = "a" * 20000 + "b"
    started = time.monotonic()
    with pytest.raises(RecognizerTimeoutError) as info:
        slow.analyze(secret_text, ["DEVICE_ID"])
    elapsed = time.monotonic() - started
    assert elapsed < 3.0
    assert isinstance(info.value, RecognizerError)
    assert "FixtureCatastrophicRecognizer" in str(info.value)
    assert "nested plus" in str(info.value)
    assert "aaaa" not in str(info.value)


def test_same_pattern_on_short_text_runs_normally() -> None:
    (slow,) = [
        r
        for r in build_recognizers(Config(recognizer_dirs=[FIXTURES / "catastrophic"]))
        if r.name == "FixtureCatastrophicRecognizer"
    ]
    assert [(r.start, r.end) for r in slow.analyze("xx aaa", ["DEVICE_ID"])] == [(3, 6)]


def _plain() -> object:
    config = Config(recognizer_dirs=[FIXTURES / "plain_presidio"], regex_timeout=0.3)
    (plain,) = [r for r in build_recognizers(config) if r.name == "FixturePlainSlowRecognizer"]
    return plain


@pytest.mark.timeout(30)
def test_plain_presidio_recognizer_from_a_folder_is_time_limited_too() -> None:
    plain = _plain()
    started = time.monotonic()
    with pytest.raises(RecognizerTimeoutError, match="FixturePlainSlowRecognizer"):
        plain.analyze("b" * 20000 + "c", ["DEVICE_ID"])
    assert time.monotonic() - started < 3.0


def test_plain_presidio_recognizer_keeps_its_hooks() -> None:
    plain = _plain()
    assert [(r.start, r.end, r.score) for r in plain.analyze("x bbbb", None)] == [(2, 6, 0.5)]
    assert plain.analyze("x bbb", None) == []


@pytest.mark.timeout(60)
def test_engine_marks_the_record_incomplete_and_goes_on() -> None:
    from classifier.engine import Classifier
    from classifier.records import Record, Segment

    config = Config(recognizer_dirs=[FIXTURES / "catastrophic"], regex_timeout=0.3, use_ner=False)
    clf = Classifier(config)
    slow = Record("r1", "synthetic", "text", [Segment("a" * 5000 + "b")])
    fine = Record("r2", "synthetic", "text", [Segment("nothing to see here")])
    started = time.monotonic()
    clf.analyze_records([slow, fine])
    assert time.monotonic() - started < 20
    assert slow.errors and "FixtureCatastrophicRecognizer" in slow.errors[0]
    assert "aaaa" not in slow.errors[0]
    assert not slow.complete
    assert fine.errors == []
