"""Small helpers for adding and removing findings without creating duplicates."""

from __future__ import annotations

from collections.abc import Iterable

from classifier.findings import Finding


def overlaps(a: Finding, start: int, end: int) -> bool:
    return a.start < end and start < a.end


def add_new(existing: list[Finding], new: Iterable[Finding]) -> list[Finding]:
    """`existing` plus every new finding that no finding of the same type already covers.

    A new finding that overlaps an existing finding of the same entity type is
    dropped (the recognizer got there first), unless it covers all of them and is
    longer or surer: then it replaces them (the conversation saw more of the value,
    or knows the name belongs to a participant).
    """
    result = list(existing)
    for finding in new:
        same = [
            f
            for f in result
            if f.entity_type == finding.entity_type and overlaps(f, finding.start, finding.end)
        ]
        if not same:
            result.append(finding)
            continue
        covers = all(finding.start <= f.start and f.end <= finding.end for f in same)
        longer = any((f.end - f.start) < (finding.end - finding.start) for f in same)
        surer = all(f.score < finding.score for f in same)
        if covers and (longer or surer):
            result = [f for f in result if f not in same]
            result.append(finding)
    result.sort(key=lambda f: (f.start, f.end))
    return result
