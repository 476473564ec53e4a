"""summary.json: counts of the whole scan, added up from the per-file stats (decisions included).

It is where run metadata (timings, engine, worker count) lives, so documents.jsonl
can stay byte-for-byte reproducible. Only counts, names of entity types and
sources, and our own value-free error messages: never a matched value.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from classifier.batch.results import FileStats
from classifier.eligibility import DecisionCounts

SLOWEST = 15
MAX_ERRORS_LISTED = 1000


def build_summary(files: list[FileStats], findings: int, run: dict[str, Any]) -> dict[str, Any]:
    """summary.json's content from the per-item stats of the whole scan (each item once)."""
    decisions = DecisionCounts()
    categories: Counter[str] = Counter()
    entities: Counter[str] = Counter()
    errors_by_kind: Counter[str] = Counter()
    errors_by_folder: Counter[str] = Counter()
    for stats in files:
        decisions.merge(stats.decisions)
        categories.update(stats.categories)
        entities.update(stats.entities)
        if stats.error_records:
            errors_by_kind[stats.kind] += stats.error_records
            errors_by_folder[stats.folder] += stats.error_records
    slowest = sorted(files, key=lambda s: (-s.seconds, s.source))[:SLOWEST]
    failed = [s for s in files if s.error_records]
    return {
        "run": run,
        "files": len(files),
        "records": sum(s.records for s in files),
        "error_records": sum(s.error_records for s in files),
        "bytes": sum(s.bytes for s in files),
        "findings": findings,
        "categories": dict(sorted(categories.items())),
        "entity_types": dict(sorted(entities.items(), key=lambda kv: (-kv[1], kv[0]))),
        "decisions": decisions.to_dict(),
        "errors_by_file_type": dict(errors_by_kind.most_common()),
        "errors_by_folder": dict(errors_by_folder.most_common()),
        "slowest_files": [
            {"source": s.source, "seconds": round(s.seconds, 4), "records": s.records, "bytes": s.bytes}
            for s in slowest
        ],
        # files with error records: `errors` lists the first MAX_ERRORS_LISTED, this says how many there are
        "error_files": len(failed),
        "errors": [{"source": s.source, "messages": s.errors} for s in failed[:MAX_ERRORS_LISTED]],
    }
