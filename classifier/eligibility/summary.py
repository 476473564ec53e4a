"""Counts of decisions per purpose and outcome, for summary.json and the console.

Kept apart from documents.jsonl: the summary is where run metadata (times,
paths, file hashes) belongs, so documents.jsonl can stay byte-for-byte
reproducible. A scan counts in its workers, per input file (`DecisionCounts.add`),
and adds the files' counts up (`DecisionCounts.merge`), so that it never reads
documents.jsonl back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from classifier.eligibility.decision import Outcome

_OUTCOMES = tuple(o.value for o in Outcome)


@dataclass
class DecisionCounts:
    """Documents, incomplete documents, and per purpose the count of each outcome and deciding rule."""

    documents: int = 0
    incomplete: int = 0
    outcomes: dict[str, dict[str, int]] = field(default_factory=dict)
    decided_by: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, entry: dict[str, Any]) -> None:
        """Count one documents.jsonl entry."""
        self.documents += 1
        if not entry.get("complete"):
            self.incomplete += 1
        for purpose, decision in (entry.get("decisions") or {}).items():
            self._count(purpose, {decision["outcome"]: 1}, {decision["decided_by"]: 1})

    def merge(self, counts: dict[str, Any]) -> None:
        """Add counts made elsewhere (`to_dict`'s shape: a worker's, for one input file)."""
        self.documents += counts.get("documents", 0)
        self.incomplete += counts.get("incomplete", 0)
        for purpose, outcomes in counts.get("outcomes", {}).items():
            self._count(purpose, outcomes, counts.get("decided_by", {}).get(purpose, {}))

    def _count(self, purpose: str, outcomes: dict[str, int], rules: dict[str, int]) -> None:
        per_outcome = self.outcomes.get(purpose)
        if per_outcome is None:
            per_outcome = self.outcomes[purpose] = dict.fromkeys(_OUTCOMES, 0)
        for outcome, number in outcomes.items():
            per_outcome[outcome] += number
        per_rule = self.decided_by.setdefault(purpose, {})
        for rule, number in rules.items():
            per_rule[rule] = per_rule.get(rule, 0) + number

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "incomplete": self.incomplete,
            "outcomes": dict(sorted(self.outcomes.items())),
            "decided_by": {p: dict(sorted(r.items())) for p, r in sorted(self.decided_by.items())},
        }


def decision_counts(entries: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The `DecisionCounts` of documents.jsonl entries, as a dict."""
    counts = DecisionCounts()
    for entry in entries:
        counts.add(entry)
    return counts.to_dict()
