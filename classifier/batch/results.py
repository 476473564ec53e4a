"""What a worker sends back for a task: value-free output lines with their sort keys, and file stats.

Lines are serialised in the worker so the driver only moves bytes around, and
every line carries a sort key so the final outputs come out in one
deterministic order whichever executor, worker count or resume produced them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from classifier.batch.steps import ScanDoc
from classifier.eligibility import dumps_entry

MAX_MESSAGES_PER_FILE = 5


@dataclass
class FileStats:
    """Per input item: what the report and summary chart (no values, only counts and names)."""

    source: str
    kind: str
    folder: str
    bytes: int = 0
    records: int = 0
    error_records: int = 0
    seconds: float = 0.0
    categories: dict[str, int] = field(default_factory=dict)
    entities: dict[str, int] = field(default_factory=dict)
    #: distinct error messages of the item's records (the first few)
    errors: list[str] = field(default_factory=list)
    #: the item's decisions, counted per purpose (`eligibility.DecisionCounts.to_dict`)
    decisions: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class TaskResult:
    """Outputs of one task (a batch of items); written by the driver as one atomic part."""

    sources: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    files: list[FileStats] = field(default_factory=list)
    #: (path under DIR/redacted, bytes) for --redact
    redacted: list[tuple[str, bytes]] = field(default_factory=list)
    #: the worker's peak resident memory so far (summary.json reports the largest)
    peak_rss_mb: float = 0.0


def keyed_line(key: list[Any], payload: str) -> str:
    """`<sort key JSON>\\t<payload JSON>`: JSON never holds a raw tab, so the split is unambiguous."""
    return json.dumps(key, ensure_ascii=False) + "\t" + payload


def dumps_line(payload: dict[str, Any]) -> str:
    """Compact JSON with sorted keys: equal payloads are equal bytes."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def document_key(doc: ScanDoc) -> list[Any]:
    """Item source first (it decides which part owns a line on resume), then the record's place."""
    return [doc.item.source, doc.record.source, doc.position, doc.record.record_id]


def add_doc(result: TaskResult, stats: FileStats, doc: ScanDoc, include_values: bool) -> None:
    """Add one finished record: its documents.jsonl line, its findings lines and its counts."""
    assert doc.entry is not None
    key = document_key(doc)
    result.documents.append(keyed_line(key, dumps_entry(doc.entry)))
    for segment_index, findings in enumerate(doc.findings):
        for finding in findings:
            payload = {
                "source": doc.record.source,
                "record_id": doc.record.record_id,
                "segment": segment_index,
                **finding.to_dict(include_value=include_values),
            }
            finding_key = [
                *key,
                segment_index,
                finding.start,
                finding.end,
                finding.entity_type,
                finding.recognizer,
            ]
            result.findings.append(keyed_line(finding_key, dumps_line(payload)))
    stats.records += 1
    stats.seconds += doc.seconds
    if doc.record.errors:
        stats.error_records += 1
        for message in doc.record.errors:
            if message not in stats.errors and len(stats.errors) < MAX_MESSAGES_PER_FILE:
                stats.errors.append(message)
    if doc.classification is not None:
        for category in doc.classification.categories:
            stats.categories[category.value] = stats.categories.get(category.value, 0) + 1
        for entity_type, count in doc.classification.entity_counts.items():
            stats.entities[entity_type] = stats.entities.get(entity_type, 0) + count
