"""documents.jsonl entries: no values, everything `decide` needs, and deciding again gives the same result."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from classifier.classification import classify
from classifier.eligibility import (
    ConsentRecord,
    ConsentStore,
    Manifest,
    ManifestEntry,
    Redaction,
    decide_record,
    document_entry,
    dumps_entry,
    load_policy,
    redecide_entry,
)
from classifier.findings import Category, Finding
from classifier.records import DataClass, Record, Segment

POLICY = load_policy()
PURPOSES = ["first_party_training", "third_party_training", "feature_improvement:meeting_summary"]
SSN = "078-05-1120"
NAME = "Dana Whitfield"
CONDITION = "type 2 diabetes"


def store(
    opt_in: bool = True, explicit: frozenset[Category] = frozenset({Category.PHI}), third: bool = False
):
    record = ConsentRecord("acme", opt_in, explicit, third, datetime(2024, 2, 1, 9, 30, tzinfo=timezone.utc))
    return ConsentStore({"acme": record})


def phi_record(errors: list[str] | None = None) -> tuple[Record, object]:
    text = f"{NAME} said her SSN is {SSN} and she has {CONDITION}"
    record = Record(
        "call-7",
        "acme/summaries/call-7.vtt",
        "zoom_vtt",
        [Segment(text, speaker=NAME)],
        errors=list(errors or []),
    )
    findings = [
        Finding(0, 14, "PERSON", Category.PII, 0.85, "SpacyRecognizer", value=NAME),
        Finding(30, 41, "US_SSN", Category.PII, 0.9, "UsSsnRecognizer", value=SSN),
        Finding(55, 70, "MEDICAL_CONDITION", Category.PHI, 0.7, "ConditionRecognizer", value=CONDITION),
    ]
    return record, classify(findings, named_people=[NAME])


MANIFEST = Manifest(
    [
        ManifestEntry(
            "acme/summaries/**", "acme", DataClass.CUSTOMER_CONTENT.value, "feature:meeting_summary", 1
        )
    ]
)
REDACTION = Redaction("pseudonym", "ab" * 32)


def test_entry_holds_what_decide_needs_and_no_values():
    record, classification = phi_record()
    context, decisions = decide_record(
        record, classification, store(), POLICY, PURPOSES, manifest=MANIFEST, redaction=REDACTION
    )
    entry = document_entry(record, classification, decisions, context=context, redaction=REDACTION)
    line = dumps_entry(entry)
    for value in (SSN, NAME, CONDITION, "diabetes"):
        assert value not in line
    assert entry["account_id"] == "acme" and entry["origin"] == "feature:meeting_summary"
    assert (
        entry["data_class"] == "customer_content" and entry["complete"] is True and entry["error_count"] == 0
    )
    assert entry["categories"] == ["PII", "PHI"]
    assert entry["entity_counts"] == {"MEDICAL_CONDITION": 1, "PERSON": 1, "US_SSN": 1}
    assert entry["redaction"] == {"mode": "pseudonym", "sha256": "ab" * 32}
    outcomes = {p: (d["outcome"], d["decided_by"]) for p, d in entry["decisions"].items()}
    assert outcomes == {
        "first_party_training": ("ineligible", "feature-data-outside-its-feature"),
        "third_party_training": ("ineligible", "feature-data-outside-its-feature"),
        "feature_improvement:meeting_summary": ("eligible_after_redaction", "redacted-form-only"),
    }
    used = entry["decisions"]["feature_improvement:meeting_summary"]
    assert used["consent"] == {"account_id": "acme", "recorded_at": "2024-02-01T09:30:00Z"}
    assert used["redaction"] == {"mode": "pseudonym", "sha256": "ab" * 32}
    assert json.loads(line) == entry


def test_error_messages_are_counted_not_copied():
    record, classification = phi_record(errors=[f"recognizer failed on '{SSN}'"])
    context, decisions = decide_record(record, classification, store(), POLICY, PURPOSES, manifest=MANIFEST)
    entry = document_entry(record, classification, decisions, context=context)
    assert entry["complete"] is False and entry["error_count"] == 1
    assert SSN not in dumps_entry(entry)
    assert {d["decided_by"] for d in entry["decisions"].values()} == {"record-incomplete"}


def test_deciding_again_with_the_same_inputs_reproduces_the_entry():
    record, classification = phi_record()
    context, decisions = decide_record(
        record, classification, store(), POLICY, PURPOSES, manifest=MANIFEST, redaction=REDACTION
    )
    entry = json.loads(
        dumps_entry(document_entry(record, classification, decisions, context=context, redaction=REDACTION))
    )
    again, problems = redecide_entry(entry, store(), POLICY)
    assert problems == []
    assert dumps_entry(again) == dumps_entry(entry)


def test_deciding_again_with_other_consent_or_purposes_changes_only_decisions():
    record, classification = phi_record()
    context, decisions = decide_record(record, classification, store(), POLICY, PURPOSES, manifest=MANIFEST)
    entry = document_entry(record, classification, decisions, context=context)
    withdrawn, _ = redecide_entry(entry, store(opt_in=False), POLICY)
    assert {d["decided_by"] for d in withdrawn["decisions"].values()} == {"customer-content-without-opt-in"}
    assert {k: v for k, v in withdrawn.items() if k != "decisions"} == {
        k: v for k, v in entry.items() if k != "decisions"
    }
    narrowed, _ = redecide_entry(entry, store(), POLICY, ["feature_improvement:meeting_summary"])
    assert list(narrowed["decisions"]) == ["feature_improvement:meeting_summary"]


@pytest.mark.parametrize(
    "field,value,problem",
    [
        ("categories", None, "'categories' is missing"),
        ("categories", ["PII", "SECRET"], "'categories' is missing"),
        ("entity_counts", {"PERSON": -1}, "'entity_counts' is missing"),
        ("complete", "yes", "'complete' is not true or false"),
        ("error_count", "none", "'error_count' is not a count"),
        ("account_id", ["acme"], "'account_id' is not a string"),
        ("origin", 5, "'origin' is not a string"),
        ("redaction", {"mode": "label", "sha256": "short"}, "'redaction' is not a mode"),
        ("decisions", {"training": {}}, "'decisions' names an unknown purpose"),
    ],
)
def test_malformed_fields_make_the_entry_ineligible(field, value, problem):
    clean_entry = {
        "source": "s.jsonl",
        "record_id": "1",
        "format": "jsonl",
        "data_class": "service_generated",
        "account_id": "acme",
        "origin": None,
        "complete": True,
        "error_count": 0,
        "categories": [],
        "entity_counts": {},
        "redaction": None,
        "decisions": {"first_party_training": {}},
    }
    clean, problems = redecide_entry(clean_entry, store(), POLICY)
    assert problems == [] and clean["decisions"]["first_party_training"]["outcome"] == "eligible"
    broken, problems = redecide_entry({**clean_entry, field: value}, store(), POLICY)
    assert any(p.startswith(problem) for p in problems)
    assert broken["complete"] is False and broken["error_count"] >= 1
    assert all(d["outcome"] == "ineligible" for d in broken["decisions"].values())
    assert broken["decisions"]


def test_missing_purposes_fall_back_to_the_default_pair():
    entry = {
        "data_class": "service_generated",
        "origin": None,
        "complete": True,
        "categories": [],
        "entity_counts": {},
    }
    again, problems = redecide_entry(entry, store(), POLICY)
    assert problems == []
    assert sorted(again["decisions"]) == ["first_party_training", "third_party_training"]
