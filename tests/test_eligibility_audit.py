"""Audit of fail-open paths in the eligibility step: each input here once gave `eligible` or
`eligible_after_redaction` although the rules say the record must not be used."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from classifier.classification import Classification
from classifier.eligibility import (
    ConsentRecord,
    ConsentStore,
    Outcome,
    Redaction,
    decide,
    decide_record,
    document_entry,
    dumps_entry,
    load_manifest,
    load_policy,
    redecide_entry,
)
from classifier.findings import Category
from classifier.records import DataClass, Record, Segment

POLICY = load_policy()
FIRST, THIRD = "first_party_training", "third_party_training"
SUMMARY = "feature_improvement:meeting_summary"
#: An account that agreed to everything: only the content and origin can stop a use.
EVERYTHING = ConsentRecord(
    "acme", True, frozenset({Category.PHI, Category.EDU}), True, datetime(2024, 1, 1, tzinfo=timezone.utc)
)
CLEAN = Classification([], {}, {})
PII = Classification([Category.PII], {}, {"PERSON": 1})


def _entry(**fields: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "source": "acme/a.jsonl",
        "record_id": "1",
        "format": "jsonl",
        "data_class": "customer_content",
        "account_id": "acme",
        "origin": None,
        "complete": True,
        "error_count": 0,
        "categories": ["PII"],
        "entity_counts": {"PERSON": 1},
        "redaction": {"mode": "label", "sha256": "a" * 64},
        "decisions": {FIRST: {}, THIRD: {}},
    }
    entry.update(fields)
    return entry


@pytest.mark.parametrize("mode", ["Encrypt", "ENCRYPT", " encrypt", "aes"])
def test_a_redaction_mode_spelt_otherwise_does_not_dodge_the_reversible_redaction_rule(mode):
    with pytest.raises(ValueError):
        Redaction(mode, "a" * 64)
    entry = _entry(redaction={"mode": mode, "sha256": "a" * 64})
    again, problems = redecide_entry(entry, ConsentStore({}), POLICY)
    assert problems
    assert {d["outcome"] for d in again["decisions"].values()} == {"ineligible"}


@pytest.mark.parametrize(
    "origin",
    [
        "feature :meeting_summary",
        "feature\uff1ameeting_summary",  # full-width colon
        "\uff46eature:meeting_summary",  # full-width f
        " FEATURE : x",
    ],
)
def test_a_feature_origin_written_with_spaces_or_full_width_characters_is_still_feature_data(origin):
    decisions = decide(CLEAN, EVERYTHING, POLICY, [FIRST, THIRD, SUMMARY], origin=origin)
    for decision in decisions:
        assert decision.outcome is Outcome.INELIGIBLE, decision.purpose
        assert decision.decided_by == "feature-data-outside-its-feature"


def test_an_origin_shown_in_label_form_is_not_read_as_non_feature_data_when_deciding_again():
    record = Record(
        "1",
        "acme/chat.jsonl",
        "jsonl",
        [Segment("x")],
        metadata={"account_id": "acme", "origin": "feature:meeting_summary", "shown": {"origin": "<PERSON>"}},
    )
    store = ConsentStore({"acme": EVERYTHING})
    context, decisions = decide_record(record, CLEAN, store, POLICY, [THIRD])
    assert decisions[0].outcome is Outcome.INELIGIBLE
    entry = json.loads(dumps_entry(document_entry(record, CLEAN, decisions, context=context)))
    assert entry["origin"] == "<PERSON>"
    again, _ = redecide_entry(entry, store, POLICY)
    assert again["decisions"][THIRD]["outcome"] == "ineligible"
    assert again["decisions"][THIRD]["decided_by"] == "feature-data-outside-its-feature"


def test_an_entry_whose_origin_field_was_removed_is_ineligible_when_decided_again():
    """Feature data may only improve its feature; with its `origin` key deleted by hand it would
    pass for plain customer content. A null origin stays plain data."""
    store = ConsentStore({"acme": EVERYTHING})
    plain, problems = redecide_entry(_entry(categories=[], entity_counts={}), store, POLICY)
    assert problems == [] and plain["decisions"][THIRD]["outcome"] == "eligible"
    entry = _entry(categories=[], entity_counts={})
    del entry["origin"]
    again, problems = redecide_entry(entry, store, POLICY)
    assert problems == ["'origin' is missing (null for data of no AI feature)"]
    assert {d["outcome"] for d in again["decisions"].values()} == {"ineligible"}


def test_a_double_star_glob_also_matches_a_file_name_holding_a_line_break(tmp_path):
    path = tmp_path / "manifest.yaml"
    path.write_text('"acme/**": {account_id: acme, data_class: customer_content}\n', encoding="utf-8")
    manifest = load_manifest(path)
    source = "acme/chat\nlog.jsonl"  # telemetry's own data class is service_generated
    record = Record("1", source, "telemetry", [Segment("x")], data_class=DataClass.SERVICE_GENERATED)
    context, decisions = decide_record(record, CLEAN, ConsentStore({}), POLICY, [FIRST], manifest=manifest)
    assert (context.account_id, context.data_class) == ("acme", "customer_content")
    assert decisions[0].decided_by == "customer-content-without-opt-in"


@pytest.mark.parametrize("complete", ["false", "no", "0", 1])
def test_completeness_given_as_anything_but_true_is_incomplete(complete):
    [decision] = decide(CLEAN, EVERYTHING, POLICY, [FIRST], complete=complete)
    assert decision.outcome is Outcome.INELIGIBLE
    assert decision.decided_by == "record-incomplete"


@pytest.mark.parametrize("given", [True, 12.5, {"id": "x"}])
def test_an_unreadable_account_or_origin_in_the_record_does_not_fall_back_to_the_manifest(tmp_path, given):
    """Values in the record win over the manifest; one that cannot be read named the manifest's
    account (another account's consent) or the manifest's plain origin (feature data as plain data)."""
    path = tmp_path / "manifest.yaml"
    path.write_text('"acme/**": {account_id: acme, data_class: customer_content}\n', encoding="utf-8")
    manifest = load_manifest(path)
    consent = ConsentStore({"acme": EVERYTHING}, "consent.jsonl")
    for field in ("account_id", "origin"):
        record = Record("1", "acme/chat.jsonl", "jsonl", [Segment("hello there")], metadata={field: given})
        _, decisions = decide_record(record, CLEAN, consent, POLICY, [FIRST, THIRD], manifest=manifest)
        assert all(d.outcome is Outcome.INELIGIBLE for d in decisions), field
    plain = Record("1", "acme/chat.jsonl", "jsonl", [Segment("hello there")], metadata={"account_id": None})
    _, decisions = decide_record(plain, CLEAN, consent, POLICY, [FIRST, THIRD], manifest=manifest)
    assert all(d.outcome is Outcome.ELIGIBLE for d in decisions)
