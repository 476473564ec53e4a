"""Context words raise scores; texts without any of them are not tokenized (synthetic texts only)."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from presidio_analyzer import Pattern, PatternRecognizer

from classifier.detection.context import DEFAULT_BOOST, ContextEnhancer
from classifier.detection.runner import Hit
from classifier.nlp import to_artifacts

NLP = spacy.blank("en")
BADGE = PatternRecognizer(
    "BADGE_ID", patterns=[Pattern("badge", r"\bB\d{4}\b", 0.4)], context=["badge", "student id"]
)


class CountingArtifacts:
    """Presidio artifacts that count how often the tokens are read."""

    def __init__(self, text: str):
        self.inner = to_artifacts(NLP(text))
        self.reads = 0

    @property
    def tokens(self) -> Any:
        self.reads += 1
        return self.inner.tokens

    @property
    def tokens_indices(self) -> Any:
        self.reads += 1
        return self.inner.tokens_indices


def _enhanced(text: str) -> tuple[Hit, CountingArtifacts]:
    start = text.index("B1234")
    hit = Hit(BADGE, "BADGE_ID", start, start + 5, 0.4)
    artifacts = CountingArtifacts(text)
    ContextEnhancer().enhance(text, [hit], artifacts)
    return hit, artifacts


def test_no_context_word_in_the_text_means_no_tokens_and_no_change() -> None:
    hit, artifacts = _enhanced("door code B1234 for the lab")
    assert hit.score == 0.4 and not hit.context_enhanced
    assert artifacts.reads == 0


@pytest.mark.parametrize(
    "text",
    [
        "my badge is B1234",
        "BADGES: B1234",
        "student id B1234",
        "B1234 is the Student  ID",
        "student B1234 id",  # the window joins "student" and "id" around the match
    ],
)
def test_context_words_in_any_case_raise_the_score(text: str) -> None:
    hit, artifacts = _enhanced(text)
    assert hit.context_enhanced
    assert hit.score == pytest.approx(0.4 + DEFAULT_BOOST)
    assert artifacts.reads > 0


def test_a_context_word_outside_the_window_is_read_but_does_not_count() -> None:
    hit, artifacts = _enhanced("badge " + "word " * 12 + "B1234")
    assert not hit.context_enhanced
    assert artifacts.reads > 0
