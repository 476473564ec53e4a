"""Conflict resolution: drop findings under their threshold, then settle overlaps.

Several recognizers often claim the same characters (a phone number that also
looks like a bank account, a name inside an email address). A text position
gets one label: overlapping findings are settled in favour of the higher score,
then the longer span, then the earlier start (so the result does not depend on
recognizer order).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable

from classifier.findings import Finding


def apply_thresholds(findings: Iterable[Finding], threshold_for: Callable[[str], float]) -> list[Finding]:
    """Findings whose score reaches the threshold of their entity type."""
    return [f for f in findings if f.score >= threshold_for(f.entity_type)]


def resolve_overlaps(findings: Iterable[Finding]) -> list[Finding]:
    """Non-overlapping findings, sorted by start; see the module docstring for who wins."""
    ranked = sorted(findings, key=lambda f: (-f.score, -(f.end - f.start), f.start, f.entity_type))
    starts: list[int] = []
    kept: list[Finding] = []
    for finding in ranked:
        if finding.end <= finding.start:
            continue
        index = bisect.bisect_left(starts, finding.start)
        if index > 0 and kept[index - 1].end > finding.start:
            continue
        if index < len(kept) and kept[index].start < finding.end:
            continue
        starts.insert(index, finding.start)
        kept.insert(index, finding)
    return kept


def resolve(findings: Iterable[Finding], threshold_for: Callable[[str], float]) -> list[Finding]:
    """Thresholds first (a weak finding must not suppress a strong one), then overlaps."""
    return resolve_overlaps(apply_thresholds(findings, threshold_for))
