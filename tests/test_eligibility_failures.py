"""Failure injection through the real detection engine: a failing or timing-out recognizer and an
unreadable record can only make a decision stricter than the error-free one, never looser."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from presidio_analyzer import EntityRecognizer

from classifier.classification import classify
from classifier.config import Config
from classifier.eligibility import ConsentRecord, ConsentStore, Outcome, decide_record, load_policy
from classifier.findings import Category
from classifier.records import DataClass, Record, Segment
from classifier.registry import RecognizerTimeoutError
from tests.conftest import basic_recognizers

TEXTS = {
    "clean": "The quarterly roadmap review moved to Thursday afternoon.",
    "pii": "Please email jordan.miles@example.org about the roadmap.",
    "phi": "Jordan Miles said the asthma is worse; email jordan.miles@example.org.",
    "edu": "Jordan Miles has an IEP meeting; email jordan.miles@example.org.",
}
PURPOSES = ["first_party_training", "third_party_training", "feature_improvement:meeting_summary"]
WHEN = datetime(2024, 1, 1, tzinfo=timezone.utc)
STORES = {
    "none": ConsentStore({}),
    "opt-in": ConsentStore({"acct": ConsentRecord("acct", True, frozenset(), False, WHEN)}),
    "everything": ConsentStore(
        {"acct": ConsentRecord("acct", True, frozenset({Category.PHI, Category.EDU}), True, WHEN)}
    ),
}


class Exploding(EntityRecognizer):
    """A recognizer bug: raises on every text."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["US_SSN"], name="Exploding")

    def load(self) -> None:
        """Nothing to load."""

    def analyze(self, text, entities, nlp_artifacts=None):
        raise ValueError("recognizer bug")


class TimingOut(EntityRecognizer):
    """A pattern recognizer past its time limit, as the registry's time-limited recognizers report it."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["DEVICE_ID"], name="TimingOut")

    def load(self) -> None:
        """Nothing to load."""

    def analyze(self, text, entities, nlp_artifacts=None):
        raise RecognizerTimeoutError(self.name, "nested plus", 0.3)


@pytest.fixture(scope="module")
def engines(basic_engine):
    from classifier.engine import Classifier

    return {
        "clean": basic_engine,
        "recognizer exception": Classifier(Config(), recognizers=[*basic_recognizers(), Exploding()]),
        "timeout": Classifier(Config(), recognizers=[*basic_recognizers(), TimingOut()]),
    }


def scan(engine, text_key: str, data_class: DataClass, unreadable: bool = False):
    record = Record(
        f"{text_key}-1",
        "calls/x.txt",
        "plain",
        [Segment(TEXTS[text_key])],
        data_class=data_class,
        metadata={"account_id": "acct", "origin": "feature:meeting_summary"},
    )
    if unreadable:
        record.errors.append("could not decode the file")
    findings = [f for segment in engine.analyze_record(record) for f in segment]
    return record, classify(findings)


def outcomes(record, classification, store):
    _, decisions = decide_record(record, classification, store, load_policy(), PURPOSES)
    return {d.purpose: d for d in decisions}


def test_clean_engine_finds_what_the_texts_hold(engines):
    expected = {"clean": [], "pii": ["PII"], "phi": ["PII", "PHI"], "edu": ["PII", "EDU"]}
    for key, categories in expected.items():
        record, classification = scan(engines["clean"], key, DataClass.CUSTOMER_CONTENT)
        assert record.complete
        assert [c.value for c in classification.categories] == categories, key


@pytest.mark.parametrize("failure", ["recognizer exception", "timeout", "unreadable record"])
def test_failures_never_loosen_a_decision(engines, failure):
    engine = engines["clean"] if failure == "unreadable record" else engines[failure]
    compared = 0
    for text_key in TEXTS:
        for data_class in DataClass:
            clean_record, clean_classification = scan(engines["clean"], text_key, data_class)
            failed_record, failed_classification = scan(
                engine, text_key, data_class, unreadable=failure == "unreadable record"
            )
            assert not failed_record.complete
            assert all("jordan" not in e.lower() for e in failed_record.errors)
            for store in STORES.values():
                clean = outcomes(clean_record, clean_classification, store)
                failed = outcomes(failed_record, failed_classification, store)
                for purpose in PURPOSES:
                    compared += 1
                    assert failed[purpose].outcome.strictness >= clean[purpose].outcome.strictness
                    assert failed[purpose].outcome is Outcome.INELIGIBLE
                    assert failed[purpose].decided_by == "record-incomplete"
    assert compared == len(TEXTS) * len(DataClass) * len(STORES) * len(PURPOSES)


def test_the_error_free_runs_are_not_all_ineligible(engines):
    """Guards the property test above against passing only because everything was ineligible anyway."""
    record, classification = scan(engines["clean"], "pii", DataClass.CUSTOMER_CONTENT)
    decided = outcomes(record, classification, STORES["everything"])
    assert decided["feature_improvement:meeting_summary"].outcome is Outcome.ELIGIBLE_AFTER_REDACTION
    record, classification = scan(engines["clean"], "clean", DataClass.SERVICE_GENERATED)
    assert outcomes(record, classification, STORES["none"])[
        "feature_improvement:meeting_summary"
    ].outcome is (Outcome.ELIGIBLE)
