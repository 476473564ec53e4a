"""`decide`: from classification, consent and policy to one decision per purpose.

The engine knows no rule itself; it builds the facts of a record, asks every
policy rule that applies to the purpose whether it fires, and takes the
strictest outcome. What it adds is only the fail-closed floor: a missing
classification makes the record incomplete, an incomplete record is
`ineligible` even under a policy that forgot to say so, an error while
evaluating gives `ineligible`, and a purpose no rule speaks to is `ineligible`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import fields
from operator import attrgetter

from classifier.classification import Classification
from classifier.eligibility.conditions import Facts
from classifier.eligibility.consent import ConsentRecord
from classifier.eligibility.decision import Decision, Outcome, Redaction, RuleHit
from classifier.eligibility.policy import Policy
from classifier.eligibility.purposes import parse_purposes
from classifier.failures import FAILURES
from classifier.records import DataClass

NO_RULE = RuleHit(
    "no-rule-matched",
    Outcome.INELIGIBLE,
    "No rule of the policy decides this purpose for this record, so the record is not used for it.",
)
INCOMPLETE_FLOOR = RuleHit(
    "incomplete-record-floor",
    Outcome.INELIGIBLE,
    "The record could not be read or scanned completely and no rule of the policy made it ineligible, "
    "so the engine does: an incomplete record is never used for training.",
)
EVALUATION_ERROR = RuleHit(
    "evaluation-error",
    Outcome.INELIGIBLE,
    "The policy could not be evaluated for this record, so the record is not used for this purpose.",
)


_DATA_CLASSES = frozenset(d.value for d in DataClass)


def effective_data_class(value: DataClass | str | None) -> str:
    """The data class rules see: a known value, or customer_content for anything else (fail closed)."""
    if isinstance(value, DataClass):
        return value.value
    return value if isinstance(value, str) and value in _DATA_CLASSES else DataClass.CUSTOMER_CONTENT.value


def decide(
    classification: Classification | None,
    consent: ConsentRecord | None,
    policy: Policy,
    purposes: Sequence[str],
    *,
    data_class: DataClass | str | None = DataClass.CUSTOMER_CONTENT,
    origin: str | None = None,
    complete: bool = True,
    errors: Iterable[str] = (),
    redaction: Redaction | None = None,
) -> list[Decision]:
    """Decide each purpose for one record; raises PurposeError for an unknown purpose.

    `consent` is the record's account's consent record (None when there is
    none); `complete=False` or any `errors` mark a record that could not be
    read or scanned completely; `redaction` is the redacted output the record
    would be used in, named by `eligible_after_redaction` decisions.
    """
    known = {
        "complete": complete is True and not list(errors) and classification is not None,  # not "false"
        "data_class": effective_data_class(data_class),
        "origin": origin,
        "categories": frozenset(classification.categories) if classification is not None else None,
        "has_findings": _has_findings(classification),
        "consent": consent,
        "redaction": redaction,
    }
    categories = tuple(c.value for c in classification.categories) if classification is not None else ()
    counts = dict(sorted(classification.entity_counts.items())) if classification is not None else {}
    decisions = []
    for purpose in parse_purposes(list(purposes)):
        hits = _winning_hits(policy, Facts(purpose=purpose, **known))
        outcome = hits[0].outcome
        decisions.append(
            Decision(
                purpose=purpose,
                outcome=outcome,
                rules=hits,
                categories=categories,
                finding_counts=counts,
                consent=_consent_reference(consent),
                policy=policy.reference(),
                redaction=redaction if outcome is Outcome.ELIGIBLE_AFTER_REDACTION else None,
            )
        )
    return decisions


def _has_findings(classification: Classification | None) -> bool | None:
    if classification is None:
        return None
    return bool(classification.categories) or any(n > 0 for n in classification.entity_counts.values())


def _consent_reference(consent: ConsentRecord | None) -> dict[str, str] | None:
    try:
        return consent.reference() if consent is not None else None
    except AttributeError:
        return None


#: How many fact sets a policy remembers the winning hits of before it starts over.
MEMO_LIMIT = 4096
#: What the memory of winning hits is keyed by: every fact but the redaction, and its mode.
_KEY_FACTS = attrgetter(*(f.name for f in fields(Facts) if f.name != "redaction"))


def _winning_hits(policy: Policy, facts: Facts) -> tuple[RuleHit, ...]:
    """`_evaluate`, remembered per fact set when the policy's conditions are all built in.

    A scan decides millions of records that share a handful of fact sets (telemetry without
    findings, one account's chats); the redaction's hash, different for every record, is left
    out of the key because no built-in condition reads it.
    """
    if not policy.built_in_conditions_only:
        return _evaluate(policy, facts)
    key = (_KEY_FACTS(facts), facts.redaction and facts.redaction.mode)
    memo = policy.hits_memo
    try:
        hits = memo.get(key)
    except TypeError:  # facts that cannot be a key (a consent that is no ConsentRecord)
        return _evaluate(policy, facts)
    if hits is None:
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        hits = memo[key] = _evaluate(policy, facts)
    return hits


def _evaluate(policy: Policy, facts: Facts) -> tuple[RuleHit, ...]:
    """The fired rules with the strictest outcome, in policy order (fail closed on any error)."""
    try:
        fired = [
            RuleHit(rule.rule_id, rule.outcome, rule.description)
            for rule in policy.rules_for(facts.purpose)
            if rule.fires(facts)
        ]
    except FAILURES:  # any failure while evaluating must end in ineligible
        return (EVALUATION_ERROR,)
    if not fired:
        return (NO_RULE,)
    strictest = max(hit.outcome.strictness for hit in fired)
    if not facts.complete and strictest < Outcome.INELIGIBLE.strictness:
        return (INCOMPLETE_FLOOR,)
    return tuple(hit for hit in fired if hit.outcome.strictness == strictest)
