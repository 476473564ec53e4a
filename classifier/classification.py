"""Document classification: which categories a record contains, and why.

A record is PHI only when health information and an identifiable person occur
in the same record (that is what makes health information "individually
identifiable" under HIPAA); EDU likewise for education information linked to a
student. Any identifier alone makes the record PII.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from classifier.findings import Category, Finding

#: Entity types that describe a health or education *fact* rather than
#: identify a person.  Every other entity type is an identifier.
FACT_ENTITY_TYPES: frozenset[str] = frozenset(
    {
        # health facts
        "MEDICAL_CONDITION",
        "MEDICATION",
        "PROCEDURE",
        "LAB_RESULT",
        "ICD10_CODE",
        "HEALTHCARE_FACILITY",
        # education facts
        "GRADE",
        "TEST_SCORE",
        "GPA",
        "SPECIAL_EDUCATION",
        "DISCIPLINE",
        "ATTENDANCE",
        "ENROLLMENT",
        "FINANCIAL_AID",
        "SCHOOL",
    }
)


#: Fact types that also name a place smaller than a state (HIPAA Safe Harbor identifier 2; de-identification
#: corpora such as i2b2 and ASQ-PHI label hospitals as locations). Redaction removes them like any finding and
#: de-identification scores count them as identifiers, but on their own they point at no person, so
#: classification keeps them as facts.
PLACE_FACT_TYPES: frozenset[str] = frozenset({"HEALTHCARE_FACILITY", "SCHOOL"})


def is_identifier(finding: Finding) -> bool:
    """True when the finding points at a person rather than at a fact."""
    return finding.entity_type not in FACT_ENTITY_TYPES


@dataclass
class Classification:
    """The categories of a record with the findings that support each one."""

    categories: list[Category]
    support: dict[Category, list[Finding]] = field(default_factory=dict)
    entity_counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {
            "categories": [c.value for c in self.categories],
            "entity_counts": dict(sorted(self.entity_counts.items())),
        }


def classify(findings: Iterable[Finding], named_people: Iterable[str] = ()) -> Classification:
    """Classify one record from all of its findings.

    `named_people` are people the record names outside its text (transcript
    speakers, chat senders): they make the record identifiable even when the
    text itself names nobody.
    """
    findings = list(findings)
    identifiers = [f for f in findings if is_identifier(f)]
    people = [p for p in named_people if p and p.strip()]
    support: dict[Category, list[Finding]] = {}
    if identifiers or people:
        support[Category.PII] = [f for f in identifiers if f.category is Category.PII] or identifiers
    for category in (Category.PHI, Category.EDU):
        facts = [f for f in findings if f.category is category and not is_identifier(f)]
        own_ids = [f for f in identifiers if f.category is category]
        if (facts and (identifiers or people)) or own_ids:
            support[category] = facts + own_ids + (identifiers if facts and not own_ids else [])
    order = [Category.PII, Category.PHI, Category.EDU]
    categories = [c for c in order if c in support]
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.entity_type] = counts.get(finding.entity_type, 0) + 1
    return Classification(categories, support, counts)
