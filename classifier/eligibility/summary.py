"""Counts of decisions per purpose and outcome, for summary.json and the console.

Kept apart from documents.jsonl: the summary is where run metadata (times,
paths, file hashes) belongs, so documents.jsonl can stay byte-for-byte
reproducible.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from classifier.eligibility.decision import Outcome


def decision_counts(entries: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Documents, incomplete documents, and per purpose the count of each outcome and deciding rule."""
    documents = 0
    incomplete = 0
    outcomes: dict[str, dict[str, int]] = {}
    decided_by: dict[str, dict[str, int]] = {}
    for entry in entries:
        documents += 1
        if not entry.get("complete"):
            incomplete += 1
        for purpose, decision in sorted((entry.get("decisions") or {}).items()):
            per_outcome = outcomes.setdefault(purpose, {o.value: 0 for o in Outcome})
            per_outcome[decision["outcome"]] += 1
            per_rule = decided_by.setdefault(purpose, {})
            per_rule[decision["decided_by"]] = per_rule.get(decision["decided_by"], 0) + 1
    return {
        "documents": documents,
        "incomplete": incomplete,
        "outcomes": dict(sorted(outcomes.items())),
        "decided_by": {p: dict(sorted(r.items())) for p, r in sorted(decided_by.items())},
    }
