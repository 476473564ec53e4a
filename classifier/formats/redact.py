"""Read, analyse, redact and write back in the same format: `redact_file` and its parts.

One `Redactor` per record keeps pseudonyms consistent within it (the text and
the speaker field get the same `<PERSON_1>`). A Slack export shares one
redactor across its conversations, because `users.json` is one file for all of
them and a user must get one replacement there and everywhere they are
mentioned. Records that fail are reported and written fail-closed: JSON lines
are left out, other formats get every segment text replaced.
"""

from __future__ import annotations

import itertools
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from classifier.failures import FAILURES
from classifier.findings import Category, Finding
from classifier.formats.base import RedactedRecord, ValueRedactor
from classifier.formats.jsondata import value_free_ids
from classifier.formats.spans import REMOVED_NAME
from classifier.records import Record

#: Recogniser name on findings a format itself knows about (resolved Slack mentions).
FORMAT_RECOGNIZER = "formats.known_name"


class Analyzer(Protocol):
    """What `redact_file` needs from `classifier.engine.Classifier`."""

    def analyze_record(self, record: Record) -> list[list[Finding]]: ...


@dataclass
class RedactReport:
    """What a redaction run did; never holds a matched value."""

    input: str
    output: str
    format: str
    records: int = 0
    segments: int = 0
    findings: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    #: Members of a Slack export left out of the output (not understood or unreadable), never copied as is.
    omitted: int = 0

    @property
    def complete(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "output": self.output,
            "format": self.format,
            "records": self.records,
            "segments": self.segments,
            "findings": self.findings,
            "entities": dict(sorted(self.entities.items())),
            "errors": list(self.errors),
            "omitted": self.omitted,
        }


def known_findings(record: Record) -> list[list[Finding]]:
    """Findings the format itself supplies (resolved mentions), per segment."""
    out: list[list[Finding]] = []
    for segment in record.segments:
        spans = getattr(segment.location, "known_spans", ())
        out.append(
            [
                Finding(start, end, entity, Category.PII, 1.0, FORMAT_RECOGNIZER)
                for start, end, entity in spans
            ]
        )
    return out


def redact_record(record: Record, findings: Sequence[Sequence[Finding]], redactor: Any) -> RedactedRecord:
    """The redacted text of each segment (engine findings plus the format's own known names)."""
    texts = [
        redactor.redact(segment.text, [*found, *known])
        for segment, found, known in zip(record.segments, findings, known_findings(record), strict=True)
    ]
    return RedactedRecord(record, texts, redactor)


def failed_record(record: Record, redactor: ValueRedactor) -> RedactedRecord:
    """Fail closed: nothing of a record that could not be analysed is written as it was."""
    return RedactedRecord(record, [REMOVED_NAME if s.text else "" for s in record.segments], redactor)


def _analyse(classifier: Analyzer, records: list[Record]) -> list[list[list[Finding]]]:
    """Findings for a batch of records: one engine pass when the engine offers `analyze_records`.

    Each record is held to the engine's `config.record_timeout` (`classifier.record_limit`).
    """
    from classifier.record_limit import analyze_records, record_timeout_of

    batch = getattr(classifier, "analyze_records", None)
    if batch is None:

        def batch(items: list[Record]) -> list[list[list[Finding]]]:
            return [classifier.analyze_record(record) for record in items]

    return analyze_records(classifier, records, record_timeout_of(classifier), analyze=batch)


def _count(report: RedactReport, record: Record, findings: Sequence[Sequence[Finding]]) -> None:
    counts: Counter[str] = Counter(report.entities)
    for found, known in zip(findings, known_findings(record), strict=True):
        for finding in [*found, *known]:
            counts[finding.entity_type] += 1
            report.findings += 1
    report.entities = dict(counts)


def redact_records(
    classifier: Analyzer,
    records: Iterable[Record],
    new_redactor: Callable[[], Any],
    report: RedactReport,
    batch_size: int = 64,
) -> Iterator[RedactedRecord]:
    """Analyse records in batches and redact each with its own redactor (from `new_redactor`).

    A record that failed to read or to analyse (the engine appends to `Record.errors`)
    is reported and redacted fail-closed.
    """
    iterator = iter(records)
    while batch := list(itertools.islice(iterator, batch_size)):
        readable = [record for record in batch if not record.errors]
        error_counts = {id(record): len(record.errors) for record in batch}
        try:
            results = dict(zip(map(id, readable), _analyse(classifier, readable), strict=True))
        except FAILURES as error:  # a failure marks the records, it does not stop the run
            results = {}
            for record in readable:
                record.errors.append(f"analysis failed ({type(error).__name__})")
        for record in batch:
            report.records += 1
            report.segments += len(record.segments)
            known = error_counts[id(record)]
            report.errors.extend(record.errors[:known])
            report.errors.extend(f"{record.record_id}: {message}" for message in record.errors[known:])
            redactor = new_redactor()
            findings = results.get(id(record))
            if record.errors or findings is None:
                yield failed_record(record, redactor)
                continue
            _count(report, record, findings)
            value_free_ids(record, findings)  # an id repeating a found value is redacted in the copy too
            yield redact_record(record, findings, redactor)


def write_tree_output(members: dict[str, bytes], output: Path, as_zip: bool) -> None:
    """A Slack export out the way it came in: a folder or a zip."""
    if as_zip:
        output.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members.items():
                archive.writestr(name, data)
        return
    for name, data in members.items():
        target = output / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
