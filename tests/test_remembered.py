"""Pre-check verdicts of the conversation steps are remembered for short texts only, and bounded."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from classifier.conversation import base
from classifier.conversation.base import REMEMBERED_MAX_CHARS, remembered


def _counting() -> tuple[list[str], Callable[[str], bool]]:
    calls: list[str] = []

    @remembered
    def has_digit(text: str) -> bool:
        calls.append(text)
        return any(c.isdigit() for c in text)

    return calls, has_digit


def test_a_short_text_is_checked_once() -> None:
    calls, check = _counting()
    assert [check("level INFO"), check("level INFO"), check("port 443"), check("port 443")] == [
        False,
        False,
        True,
        True,
    ]
    assert calls == ["level INFO", "port 443"]


def test_a_long_text_is_checked_every_time() -> None:
    calls, check = _counting()
    long = "x" * (REMEMBERED_MAX_CHARS + 1)
    assert check(long) is False and check(long) is False
    assert calls == [long, long]


def test_the_memory_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "REMEMBERED_MAX_TEXTS", 3)
    calls, check = _counting()
    for text in ["a", "b", "c", "d", "a"]:
        check(text)
    assert calls == ["a", "b", "c", "d", "a"]  # full after three: cleared, so "a" is checked again


def test_pre_check_answers_like_the_pattern_and_remembers() -> None:
    import re

    searched: list[str] = []
    month = re.compile(r"\bmarch\b")

    class Counting:
        def search(self, text: str) -> re.Match[str] | None:
            searched.append(text)
            return month.search(text)

    check = base.pre_check(Counting())  # type: ignore[arg-type]
    assert [check("born in march"), check("marching band"), check("born in march")] == [True, False, True]
    assert searched == ["born in march", "marching band"]


def test_many_answers_like_one_by_one_and_checks_each_new_text_once() -> None:
    calls, check = _counting()
    check("port 443")
    long = "x" * (REMEMBERED_MAX_CHARS + 1) + "1"
    texts = ["port 443", "level INFO", long, "level INFO"]
    assert check.many(texts) == [True, False, True, False]
    assert check.many(texts) == [True, False, True, False]
    # remembered before, checked once, and the long text (never remembered) on every call
    assert calls == ["port 443", "level INFO", long, long]
