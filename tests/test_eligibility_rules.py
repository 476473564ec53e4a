"""Every rule of the default policy and their interplay, table-driven, plus failure injection and determinism.

The expected outcomes are written out (the hand-written TABLE) or computed by
`expected`, a plain if-chain transcribing the seven consent rules of the
brief; neither calls the engine, so the engine's data-driven evaluation is
checked against an independent reading of the rules.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timezone

import pytest

from classifier.classification import Classification
from classifier.eligibility import (
    ConsentRecord,
    Outcome,
    PurposeError,
    Redaction,
    decide,
    document_entry,
    dumps_entry,
    load_policy,
)
from classifier.findings import Category
from classifier.records import Record, Segment

POLICY = load_policy()
FIRST, THIRD = "first_party_training", "third_party_training"
OWN, OTHER = "feature_improvement:meeting_summary", "feature_improvement:chat_compose"
FEATURE_ORIGIN = "feature:meeting_summary"
CUSTOMER, SERVICE, UNKNOWN_CLASS = "customer_content", "service_generated", "partner_upload"
E, EAR, IN = "eligible", "eligible_after_redaction", "ineligible"
REDACTION = Redaction("label", "0" * 64)


def consent(opt_in: bool, explicit: str = "", third: bool = False) -> ConsentRecord:
    return ConsentRecord(
        "acct-1",
        opt_in,
        frozenset(Category(c) for c in explicit.split("+") if c),
        third,
        datetime(2024, 5, 1, tzinfo=timezone.utc),
    )


CONSENTS: dict[str, ConsentRecord | None] = {
    "none": None,
    "no-opt-in": consent(False, "PHI+EDU", True),
    "opt-in": consent(True),
    "opt-in+PHI": consent(True, "PHI"),
    "opt-in+EDU": consent(True, "EDU"),
    "opt-in+PHI+EDU": consent(True, "PHI+EDU"),
    "opt-in+third": consent(True, "", True),
    "opt-in+all": consent(True, "PHI+EDU", True),
}

#: Categories with plausible entity counts (PHI and EDU records also carry an identifier).
CONTENT: dict[str, Classification] = {
    "none": Classification([], {}, {}),
    "PII": Classification([Category.PII], {}, {"EMAIL_ADDRESS": 1, "PERSON": 2}),
    "PHI": Classification([Category.PII, Category.PHI], {}, {"MEDICATION": 1, "PERSON": 1}),
    "EDU": Classification([Category.PII, Category.EDU], {}, {"GPA": 1, "STUDENT_ID": 1}),
    "PHI+EDU": Classification(
        [Category.PII, Category.PHI, Category.EDU], {}, {"GPA": 1, "MEDICAL_CONDITION": 1, "PERSON": 1}
    ),
}

# (data class, consent state, content, purpose, origin) -> (outcome, deciding rule)
TABLE = [
    # rule 7: what remains is eligible without findings, else eligible after redaction
    (CUSTOMER, "opt-in", "none", FIRST, None, E, "nothing-found"),
    (CUSTOMER, "opt-in", "PII", FIRST, None, EAR, "redacted-form-only"),
    (CUSTOMER, "opt-in", "PII", OWN, None, EAR, "redacted-form-only"),
    (CUSTOMER, "opt-in", "PII", OTHER, None, EAR, "redacted-form-only"),
    # rule 2: customer content needs a consent record with the opt-in
    (CUSTOMER, "none", "none", FIRST, None, IN, "customer-content-without-opt-in"),
    (CUSTOMER, "none", "PII", OWN, FEATURE_ORIGIN, IN, "customer-content-without-opt-in"),
    (CUSTOMER, "no-opt-in", "none", FIRST, None, IN, "customer-content-without-opt-in"),
    (CUSTOMER, "no-opt-in", "PHI", FIRST, None, IN, "customer-content-without-opt-in"),
    (CUSTOMER, "no-opt-in", "PII", THIRD, None, IN, "customer-content-without-opt-in"),
    # fail closed: an unknown data class is customer content
    (UNKNOWN_CLASS, "none", "none", FIRST, None, IN, "customer-content-without-opt-in"),
    (UNKNOWN_CLASS, "opt-in", "PII", FIRST, None, EAR, "redacted-form-only"),
    # rule 3: PHI and EDU need explicit consent for that category
    (CUSTOMER, "opt-in", "PHI", FIRST, None, IN, "phi-without-explicit-consent"),
    (CUSTOMER, "opt-in+PHI", "PHI", FIRST, None, EAR, "redacted-form-only"),
    (CUSTOMER, "opt-in+EDU", "PHI", FIRST, None, IN, "phi-without-explicit-consent"),
    (CUSTOMER, "opt-in", "EDU", FIRST, None, IN, "edu-without-explicit-consent"),
    (CUSTOMER, "opt-in+EDU", "EDU", FIRST, None, EAR, "redacted-form-only"),
    (CUSTOMER, "opt-in+PHI", "EDU", OWN, None, IN, "edu-without-explicit-consent"),
    (CUSTOMER, "opt-in+PHI", "PHI+EDU", FIRST, None, IN, "edu-without-explicit-consent"),
    (CUSTOMER, "opt-in+EDU", "PHI+EDU", FIRST, None, IN, "phi-without-explicit-consent"),
    (CUSTOMER, "opt-in", "PHI+EDU", FIRST, None, IN, "phi-without-explicit-consent"),
    (CUSTOMER, "opt-in+PHI+EDU", "PHI+EDU", FIRST, None, EAR, "redacted-form-only"),
    # rule 4: AI-feature data only for improving that feature
    (CUSTOMER, "opt-in", "none", OWN, FEATURE_ORIGIN, E, "nothing-found"),
    (CUSTOMER, "opt-in", "PII", OWN, FEATURE_ORIGIN, EAR, "redacted-form-only"),
    (CUSTOMER, "opt-in", "none", OTHER, FEATURE_ORIGIN, IN, "feature-data-outside-its-feature"),
    (CUSTOMER, "opt-in", "none", FIRST, FEATURE_ORIGIN, IN, "feature-data-outside-its-feature"),
    (CUSTOMER, "opt-in+all", "none", THIRD, FEATURE_ORIGIN, IN, "feature-data-outside-its-feature"),
    (SERVICE, "none", "none", OTHER, FEATURE_ORIGIN, IN, "feature-data-outside-its-feature"),
    (SERVICE, "none", "none", OWN, FEATURE_ORIGIN, E, "nothing-found"),
    (CUSTOMER, "opt-in", "none", OWN, "feature:", IN, "feature-data-outside-its-feature"),
    (CUSTOMER, "opt-in", "none", OWN, "upload", E, "nothing-found"),
    # rule 5: third-party training needs third_party_training: true
    (CUSTOMER, "opt-in", "none", THIRD, None, IN, "third-party-without-consent"),
    (CUSTOMER, "opt-in+third", "none", THIRD, None, E, "nothing-found"),
    (CUSTOMER, "opt-in+third", "PII", THIRD, None, EAR, "redacted-form-only"),
    (CUSTOMER, "opt-in+third", "PHI", THIRD, None, IN, "phi-without-explicit-consent"),
    (CUSTOMER, "opt-in+all", "PHI+EDU", THIRD, None, EAR, "redacted-form-only"),
    (CUSTOMER, "opt-in+PHI+EDU", "PHI+EDU", THIRD, None, IN, "third-party-without-consent"),
    # rule 6: service-generated data needs no opt-in and no consent record ...
    (SERVICE, "none", "none", FIRST, None, E, "nothing-found"),
    (SERVICE, "none", "PII", FIRST, None, EAR, "redacted-form-only"),
    (SERVICE, "no-opt-in", "PII", OTHER, None, EAR, "redacted-form-only"),
    # ... but every other rule applies: PHI/EDU in a crash log, third-party training
    (SERVICE, "none", "PHI", FIRST, None, IN, "phi-without-explicit-consent"),
    (SERVICE, "no-opt-in", "PHI", FIRST, None, EAR, "redacted-form-only"),
    (SERVICE, "none", "EDU", OWN, None, IN, "edu-without-explicit-consent"),
    (SERVICE, "none", "none", THIRD, None, IN, "third-party-without-consent"),
    (SERVICE, "no-opt-in", "none", THIRD, None, E, "nothing-found"),
    (SERVICE, "opt-in", "PII", THIRD, None, IN, "third-party-without-consent"),
]


def run(data_class, consent_state, content, purpose, origin, **kwargs):
    classification = kwargs.pop("classification", CONTENT[content])
    [decision] = decide(
        classification,
        CONSENTS[consent_state],
        POLICY,
        [purpose],
        data_class=data_class,
        origin=origin,
        **kwargs,
    )
    return decision


@pytest.mark.parametrize("data_class,consent_state,content,purpose,origin,outcome,rule", TABLE)
def test_table(data_class, consent_state, content, purpose, origin, outcome, rule):
    decision = run(data_class, consent_state, content, purpose, origin, redaction=REDACTION)
    assert (decision.outcome.value, decision.decided_by) == (outcome, rule)
    assert decision.rules[0].description  # the sentence from the policy file
    assert all(hit.outcome.value == outcome for hit in decision.rules)
    assert list(decision.categories) == [c.value for c in CONTENT[content].categories]
    assert decision.finding_counts == CONTENT[content].entity_counts
    assert decision.policy == {"name": "default", "version": "1.0"}
    assert (decision.redaction == REDACTION) is (outcome == EAR)
    record = CONSENTS[consent_state]
    assert decision.consent == (
        None if record is None else {"account_id": "acct-1", "recorded_at": "2024-05-01T00:00:00Z"}
    )


def expected(data_class, consent_state, content, purpose, origin, redaction_mode="label"):
    """The seven rules of the brief as a plain if-chain (first rule in policy order among the strictest)."""
    c = CONSENTS[consent_state]
    cats = set(content.split("+")) if content != "none" else set()
    if data_class != SERVICE and (c is None or not c.ai_training_opt_in):
        return IN, "customer-content-without-opt-in"
    if "PHI" in cats and (c is None or Category.PHI not in c.explicit_consent):
        return IN, "phi-without-explicit-consent"
    if "EDU" in cats and (c is None or Category.EDU not in c.explicit_consent):
        return IN, "edu-without-explicit-consent"
    if (
        origin is not None
        and origin.startswith("feature:")
        and purpose != "feature_improvement:" + origin[8:]
    ):
        return IN, "feature-data-outside-its-feature"
    if purpose == THIRD and (c is None or not c.third_party_training):
        return IN, "third-party-without-consent"
    if cats and redaction_mode == "encrypt":
        return IN, "reversible-redaction"
    return (EAR, "redacted-form-only") if cats else (E, "nothing-found")


PRODUCT = list(
    itertools.product(
        [CUSTOMER, SERVICE, UNKNOWN_CLASS],
        list(CONSENTS),
        list(CONTENT),
        [FIRST, THIRD, OWN, OTHER],
        [None, FEATURE_ORIGIN],
    )
)


def test_table_rows_agree_with_the_rules_as_written():
    """The hand-written rows and the if-chain are two readings of the brief; they must agree."""
    for *inputs, outcome, rule in TABLE:
        assert expected(*inputs) == (outcome, rule), inputs


@pytest.mark.parametrize("data_class", [CUSTOMER, SERVICE, UNKNOWN_CLASS])
def test_every_combination(data_class):
    seen = set()
    for inputs in PRODUCT:
        if inputs[0] != data_class:
            continue
        decision = run(*inputs)
        assert (decision.outcome.value, decision.decided_by) == expected(*inputs), inputs
        seen.add(decision.decided_by)
    assert len(seen) >= 5  # the product reaches most rules for each data class


def test_encrypted_redaction_is_not_a_usable_redacted_form():
    encrypted = Redaction("encrypt", "f" * 64)
    assert (
        run(CUSTOMER, "opt-in", "PII", FIRST, None, redaction=encrypted).decided_by == "reversible-redaction"
    )
    assert run(CUSTOMER, "opt-in", "none", FIRST, None, redaction=encrypted).outcome is Outcome.ELIGIBLE
    for inputs in PRODUCT[::7]:
        got = run(*inputs, redaction=encrypted)
        assert (got.outcome.value, got.decided_by) == expected(*inputs, redaction_mode="encrypt"), inputs


def test_all_rules_that_fired_are_listed_in_policy_order():
    decision = run(CUSTOMER, "none", "PHI+EDU", THIRD, FEATURE_ORIGIN)
    assert [hit.rule_id for hit in decision.rules] == [
        "customer-content-without-opt-in",
        "phi-without-explicit-consent",
        "edu-without-explicit-consent",
        "feature-data-outside-its-feature",
        "third-party-without-consent",
    ]


# Failure injection: each kind of failure can only make an outcome stricter.
INJECTIONS = {
    "unreadable record": {"complete": False},
    "recognizer exception": {"errors": ("recognizer StudentIdRecognizer raised ValueError",)},
    "timeout": {"errors": ("pattern recognizer timed out after 1.0s",)},
    "missing classification": {"classification": None},
}


@pytest.mark.parametrize("injection", list(INJECTIONS))
def test_failures_only_make_outcomes_stricter(injection):
    for inputs in PRODUCT:
        clean = run(*inputs)
        failed = run(*inputs, **INJECTIONS[injection])
        assert failed.outcome.strictness >= clean.outcome.strictness, inputs
        assert failed.outcome is Outcome.INELIGIBLE
        assert failed.rules[0].rule_id == "record-incomplete"


def test_a_policy_without_the_incomplete_rule_still_fails_closed(tmp_path):
    text = POLICY_TEXT_WITHOUT_RULE_1
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    policy = load_policy(path)
    [clean] = decide(CONTENT["PII"], CONSENTS["opt-in"], policy, [FIRST])
    [failed] = decide(CONTENT["PII"], CONSENTS["opt-in"], policy, [FIRST], errors=("timeout",))
    assert clean.outcome is Outcome.ELIGIBLE_AFTER_REDACTION
    assert (failed.outcome, failed.decided_by) == (Outcome.INELIGIBLE, "incomplete-record-floor")


POLICY_TEXT_WITHOUT_RULE_1 = """
name: lax
version: "0"
rules:
  - id: anything
    description: Everything may be used once redacted.
    applies_to: [all]
    outcome: eligible_after_redaction
"""


def test_no_matching_rule_and_evaluation_errors_are_ineligible(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(POLICY_TEXT_WITHOUT_RULE_1.replace("[all]", "[third_party_training]"), encoding="utf-8")
    [decision] = decide(CONTENT["none"], CONSENTS["opt-in"], load_policy(path), [FIRST])
    assert (decision.outcome, decision.decided_by) == (Outcome.INELIGIBLE, "no-rule-matched")
    broken_consent = {"account_id": "acct-1"}  # not a ConsentRecord: conditions cannot read it
    [decision] = decide(CONTENT["none"], broken_consent, POLICY, [FIRST])  # type: ignore[arg-type]
    assert (decision.outcome, decision.decided_by) == (Outcome.INELIGIBLE, "evaluation-error")


@pytest.mark.parametrize(
    "bad", ["training", "feature_improvement", "feature_improvement:", "feature_improvement:Bad Name", ""]
)
def test_unknown_purposes_are_refused_with_a_clear_error(bad):
    with pytest.raises(PurposeError, match="expected first_party_training, third_party_training"):
        decide(CONTENT["none"], None, POLICY, [bad], data_class=SERVICE)


def test_repeated_purposes_are_decided_once_in_the_given_order():
    decisions = decide(CONTENT["none"], None, POLICY, [OWN, FIRST, OWN], data_class=SERVICE)
    assert [d.purpose for d in decisions] == [OWN, FIRST]


def test_same_input_gives_identical_bytes():
    record = Record("r-1", "calls/a.vtt", "zoom_vtt", [Segment("hello")], metadata={"account_id": "acct-1"})

    def line() -> str:
        decisions = decide(
            CONTENT["PHI+EDU"],
            CONSENTS["opt-in+all"],
            load_policy(),
            [THIRD, FIRST, OWN],
            redaction=REDACTION,
        )
        return dumps_entry(document_entry(record, CONTENT["PHI+EDU"], decisions, redaction=REDACTION))

    first = line()
    assert first == line()
    assert first.encode("utf-8") == line().encode("utf-8")
    assert "generated_at" not in first and "2026" not in first


def test_remembered_rule_hits_equal_a_fresh_evaluation():
    from dataclasses import replace

    shared = load_policy()
    grid = list(
        itertools.product(
            [CUSTOMER, SERVICE, UNKNOWN_CLASS],
            CONSENTS,
            CONTENT,
            [FIRST, THIRD, OWN, OTHER],
            [None, FEATURE_ORIGIN],
        )
    )
    for round_ in range(2):  # the second round is answered from the policy's memory
        for number, (data_class, state, content, purpose, origin) in enumerate(grid):
            redaction = Redaction("label", f"{number + round_:064x}")  # a different hash every time
            kwargs = {"data_class": data_class, "origin": origin, "redaction": redaction}
            remembered = decide(CONTENT[content], CONSENTS[state], shared, [purpose], **kwargs)
            fresh = decide(CONTENT[content], CONSENTS[state], replace(shared), [purpose], **kwargs)
            assert remembered == fresh
    assert 0 < len(shared.hits_memo) < len(grid)


def test_a_policy_with_a_condition_kind_of_its_own_is_evaluated_every_time(monkeypatch):
    from classifier.eligibility import conditions
    from classifier.eligibility.policy import Condition, Policy, Rule

    def hash_starts_with(facts, value):
        return facts.redaction is not None and facts.redaction.sha256.startswith(value)

    kind = conditions.ConditionKind("hash_starts_with", "a hex digit", str, hash_starts_with)
    monkeypatch.setitem(conditions.CONDITION_KINDS, "hash_starts_with", kind)
    zero = Rule(
        "zero",
        "hash starts with 0",
        ("all",),
        (Condition("hash_starts_with", "0", 1),),
        Outcome.INELIGIBLE,
        1,
    )
    rest = Rule("rest", "everything else", ("all",), (), Outcome.ELIGIBLE, 2)
    policy = Policy("own", "1", (zero, rest))
    outcomes = [
        decide(CONTENT["PII"], None, policy, [FIRST], redaction=Redaction("label", digit * 64))[0].outcome
        for digit in "0a0"
    ]
    assert outcomes == [Outcome.INELIGIBLE, Outcome.ELIGIBLE, Outcome.INELIGIBLE]
    assert not policy.hits_memo
