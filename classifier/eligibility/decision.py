"""What `decide` returns: one decision per record and purpose, readable by an auditor.

A decision carries everything it rests on (the rules that fired with their
sentences, the categories and finding counts, the consent record and policy
used, the redaction the outcome depends on) and nothing else: no matched
values, no run times, so the same inputs always serialise to the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from classifier.redaction import MODES


class Outcome(str, Enum):
    """Whether a record may be used for a purpose; declared from loosest to strictest."""

    ELIGIBLE = "eligible"
    ELIGIBLE_AFTER_REDACTION = "eligible_after_redaction"
    INELIGIBLE = "ineligible"

    @property
    def strictness(self) -> int:
        return _STRICTNESS[self]


#: rank of each outcome, loosest first (looked up for every fired rule of every record)
_STRICTNESS = {outcome: rank for rank, outcome in enumerate(Outcome)}


_SHA256 = re.compile(r"[0-9a-f]{64}\Z")


@dataclass(frozen=True)
class Redaction:
    """The redacted form an `eligible_after_redaction` outcome allows: its mode and SHA-256.

    The hash lets an auditor check that the text used for training is exactly
    the redacted output the decision was made for.
    """

    mode: str
    sha256: str

    def __post_init__(self) -> None:
        if not isinstance(self.mode, str) or self.mode not in MODES:  # "Encrypt" would dodge its rules
            raise ValueError(f"redaction mode must be one of {', '.join(MODES)}")
        if not isinstance(self.sha256, str) or not _SHA256.match(self.sha256):
            raise ValueError("redaction sha256 must be 64 lower-case hex digits")

    def to_dict(self) -> dict[str, str]:
        return {"mode": self.mode, "sha256": self.sha256}


@dataclass(frozen=True)
class RuleHit:
    """A rule that fired: its id, the outcome it asks for, and its sentence from the policy."""

    rule_id: str
    outcome: Outcome
    description: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.rule_id, "outcome": self.outcome.value, "description": self.description}


@dataclass(frozen=True)
class Decision:
    """The outcome for one purpose and why.

    `rules` are the rules that fired with the outcome that won, in policy
    order; `decided_by` is the first of them.
    """

    purpose: str
    outcome: Outcome
    rules: tuple[RuleHit, ...]
    categories: tuple[str, ...]
    finding_counts: dict[str, int] = field(default_factory=dict)
    consent: dict[str, str] | None = None
    policy: dict[str, str] = field(default_factory=dict)
    redaction: Redaction | None = None

    @property
    def decided_by(self) -> str:
        return self.rules[0].rule_id

    def to_dict(self) -> dict[str, Any]:
        return {
            "purpose": self.purpose,
            "outcome": self.outcome.value,
            "decided_by": self.decided_by,
            "rules": [hit.to_dict() for hit in self.rules],
            "categories": list(self.categories),
            "finding_counts": dict(sorted(self.finding_counts.items())),
            "consent": self.consent,
            "policy": dict(self.policy),
            "redaction": self.redaction.to_dict() if self.redaction else None,
        }
