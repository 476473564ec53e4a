"""Shared fixtures: engines are expensive (spaCy load), so they are built once per session."""

from __future__ import annotations

import pytest
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.predefined_recognizers import EmailRecognizer, PhoneRecognizer, SpacyRecognizer

from classifier.config import Config
from classifier.findings import Category


class TermRecognizer(EntityRecognizer):
    """Test recognizer with two entity types in two categories (the `categories` dict form)."""

    TERMS = {"iep": "SPECIAL_EDUCATION", "asthma": "MEDICAL_CONDITION"}
    categories = {"SPECIAL_EDUCATION": Category.EDU, "MEDICAL_CONDITION": Category.PHI}

    def __init__(self) -> None:
        super().__init__(supported_entities=sorted(set(self.TERMS.values())), name="TermRecognizer")

    def load(self) -> None:
        """Nothing to load."""

    def analyze(self, text, entities, nlp_artifacts=None):
        results = []
        for token in nlp_artifacts.tokens:
            entity = self.TERMS.get(token.lower_)
            if entity in entities:
                results.append(RecognizerResult(entity, token.idx, token.idx + len(token.text), 0.8))
        return results


def basic_recognizers() -> list[EntityRecognizer]:
    """Presidio recognizers with a `category` attribute, plus TermRecognizer (synthetic tests only)."""
    email, phone, spacy_names = EmailRecognizer(), PhoneRecognizer(), SpacyRecognizer()
    for recognizer in (email, phone, spacy_names):
        recognizer.category = Category.PII
    return [email, phone, spacy_names, TermRecognizer()]


@pytest.fixture(scope="session")
def classifier_engine():
    """The full engine with the built-in recognizer packs (reuse it; it loads spaCy once)."""
    from classifier.engine import Classifier

    return Classifier(Config())


@pytest.fixture(scope="session")
def basic_engine():
    """An engine with a few known recognizers, independent of the built-in packs."""
    from classifier.engine import Classifier

    return Classifier(Config(), recognizers=basic_recognizers())


#: Score a single recognizer's result must reach to count in `run` (the engine's default threshold).
RECOGNIZER_THRESHOLD = 0.5


@pytest.fixture(scope="session")
def run(classifier_engine):
    """Run one built-in recognizer alone (no context step); returns {(entity, value)} at or above 0.5."""
    from classifier.nlp import to_artifacts

    by_name = {r.name: r for r in classifier_engine.recognizers}

    def _run(name: str, text: str) -> set[tuple[str, str]]:
        artifacts = to_artifacts(classifier_engine.nlp(text))
        results = by_name[name].analyze(text, None, artifacts)
        return {(r.entity_type, text[r.start : r.end]) for r in results if r.score >= RECOGNIZER_THRESHOLD}

    return _run


@pytest.fixture(scope="session")
def detect(classifier_engine):
    """The whole engine on one text; returns {(entity, value)}."""

    def _detect(text: str) -> set[tuple[str, str]]:
        return {(f.entity_type, text[f.start : f.end]) for f in classifier_engine.analyze(text)}

    return _detect
