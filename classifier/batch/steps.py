"""The scan pipeline as small composable steps: read -> detect -> classify -> redact -> decide.

Each step is a callable that takes an iterable (items for `ReadStep`, `ScanDoc`s
for the others) and yields `ScanDoc`s enriched (datatrove style), so executors
can run the same chain in a local worker process or in a Ray actor, and tests
can run any step alone. Steps never raise for one bad record: they append to
`record.errors` (which makes the record ineligible) and carry on. Writing
happens in the driver (`classifier.batch.store`), from the value-free lines
built by `classifier.batch.results.add_doc`.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from classifier.batch.items import SourceItem
from classifier.classification import Classification, classify
from classifier.failures import FAILURES
from classifier.findings import Finding
from classifier.formats.jsondata import value_free_ids
from classifier.records import Record


@dataclass
class ScanDoc:
    """One record on its way through the pipeline, with everything the steps add to it."""

    item: SourceItem
    record: Record
    position: int
    findings: list[list[Finding]] = field(default_factory=list)
    classification: Classification | None = None
    redacted_texts: list[str] | None = None
    redactor: Any = None
    redaction_mode: str | None = None
    redaction_sha256: str | None = None
    entry: dict[str, Any] | None = None
    seconds: float = 0.0


def error_record(item: SourceItem, message: str) -> Record:
    """The record that stands for an input that could not be read (fail closed: ineligible)."""
    return Record(
        record_id="-",
        source=item.source,
        format="unknown",
        segments=[],
        errors=[message],
    )


def batched(docs: Iterable[ScanDoc], max_docs: int, max_chars: int = 0) -> Iterator[list[ScanDoc]]:
    """Consecutive docs, at most `max_docs` of them and (if `max_chars`) about `max_chars`
    characters of segment text: a batch closes at the doc that reaches it."""
    batch: list[ScanDoc] = []
    chars = 0
    for doc in docs:
        batch.append(doc)
        if max_chars:
            chars += sum(len(segment.text) for segment in doc.record.segments)
        if len(batch) >= max_docs or (max_chars and chars >= max_chars):
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


ReadFn = Callable[[SourceItem], Iterable[Record]]


@dataclass
class ReadStep:
    """Items -> records, through the format readers; an unreadable item becomes one error record.

    Records keep the item's `source` (the stable key, with `!/` for archive
    members) unless the reader names its own (a Slack export has one source per
    channel day), so resumed and distributed runs agree on keys.
    """

    read: ReadFn
    name: str = "read"

    def __call__(self, items: Iterable[SourceItem]) -> Iterator[ScanDoc]:
        for item in items:
            if item.error:
                yield ScanDoc(item, error_record(item, item.error), 0)
                continue
            started = time.perf_counter()
            position = 0
            try:
                for record in self.read(item):
                    if item.fmt != "slack":
                        record.source = item.source
                    doc = ScanDoc(item, record, position)
                    doc.seconds = time.perf_counter() - started
                    started = time.perf_counter()
                    position += 1
                    yield doc
            except FAILURES as exc:  # one bad file must not stop the scan
                after = f" after {position} record(s)" if position else ""
                yield ScanDoc(item, error_record(item, f"cannot read{after}: {_safe_error(exc)}"), position)


def _safe_error(exc: Exception) -> str:
    """An error message that cannot carry input content: our own errors' text, else the type name."""
    from classifier.formats.errors import FormatError
    from classifier.textio import InputError

    if isinstance(exc, (FormatError, InputError, OSError)):
        return str(exc)
    return type(exc).__name__


@dataclass
class DetectStep:
    """Findings per segment, many records per spaCy batch (`Classifier.analyze_records`).

    A batch holds up to `batch_records` records and closes once it holds `batch_chars`
    characters of text: chat lines and JSONL texts need hundreds per batch for spaCy to
    batch well and for the engine to pack short texts of the same kind
    (`detection.packing`), while a few long transcripts already fill one.

    `record_timeout` (seconds, 0 = none) limits each record: one that runs past it gets
    an error instead of findings and the others go on (`classifier.record_limit`).
    """

    classifier: Any
    batch_records: int = 1024
    batch_chars: int = 200_000
    name: str = "detect"
    record_timeout: float = 0.0

    def __call__(self, docs: Iterable[ScanDoc]) -> Iterator[ScanDoc]:
        from classifier.record_limit import analyze_records

        for batch in batched(docs, self.batch_records, self.batch_chars):
            started = time.perf_counter()
            live = [d for d in batch if d.record.segments]
            records = [d.record for d in live]
            results = analyze_records(self.classifier, records, self.record_timeout) if live else []
            for doc, per_segment in zip(live, results, strict=True):
                doc.findings = per_segment
            for doc in batch:  # records not read whole too: their ids were never analysed
                value_free_ids(doc.record, doc.findings or [])
            _share_time(batch, time.perf_counter() - started)
            yield from batch


def _share_time(batch: list[ScanDoc], seconds: float) -> None:
    """Spread a batch's time over its records by size, so the slowest-files chart means something."""
    sizes = [sum(len(s.text) for s in d.record.segments) + 1 for d in batch]
    total = sum(sizes)
    for doc, size in zip(batch, sizes, strict=True):
        doc.seconds += seconds * size / total


@dataclass
class ClassifyStep:
    """Categories of each record from all its findings and the people it names (speakers)."""

    name: str = "classify"

    def __call__(self, docs: Iterable[ScanDoc]) -> Iterator[ScanDoc]:
        for doc in docs:
            flat = [f for segment in doc.findings for f in segment]
            doc.classification = classify(flat, named_people=doc.record.speakers)
            yield doc


def redacted_sha256(texts: list[str]) -> str:
    """SHA-256 of a record's redacted segment texts, joined by newlines (what training would get)."""
    digest = hashlib.sha256()
    for index, text in enumerate(texts):
        if index:
            digest.update(b"\n")
        digest.update(text.encode("utf-8"))
    return digest.hexdigest()


@dataclass
class RedactStep:
    """Redacted texts and their SHA-256, always: `eligible_after_redaction` names that hash.

    `mode` is --redact, or `worker.DEFAULT_REDACTION_MODE` when the scan writes
    no redacted copies; `make_redactor(mode)` gives one redactor per record so
    pseudonyms stay consistent within a record and unlinked across records.
    """

    mode: str
    make_redactor: Callable[[str], Any]
    name: str = "redact"

    def __call__(self, docs: Iterable[ScanDoc]) -> Iterator[ScanDoc]:
        for doc in docs:
            started = time.perf_counter()
            if doc.record.segments:
                try:
                    redactor = self.make_redactor(self.mode)
                    doc.redacted_texts = [
                        redactor.redact(segment.text, findings)
                        for segment, findings in zip(
                            doc.record.segments, doc.findings or _empty(doc), strict=True
                        )
                    ]
                    doc.redactor = redactor
                    doc.redaction_mode = self.mode
                    doc.redaction_sha256 = redacted_sha256(doc.redacted_texts)
                except FAILURES as exc:  # an unredactable record is ineligible
                    doc.record.errors.append(f"redaction failed ({type(exc).__name__})")
            doc.seconds += time.perf_counter() - started
            yield doc


def _empty(doc: ScanDoc) -> list[list[Finding]]:
    return [[] for _ in doc.record.segments]


#: (doc) -> its documents.jsonl entry; `ScanWorker._decide` builds it with eligibility's API
DecideFn = Callable[[ScanDoc], dict[str, Any]]


@dataclass
class DecideStep:
    """One documents.jsonl entry per record: classification plus a decision per purpose."""

    decide: DecideFn
    name: str = "decide"

    def __call__(self, docs: Iterable[ScanDoc]) -> Iterator[ScanDoc]:
        for doc in docs:
            doc.entry = self.decide(doc)
            yield doc


def run_steps(steps: list[Any], items: Iterable[SourceItem]) -> Iterator[ScanDoc]:
    """Chain the steps lazily: the first takes items, every later one the previous one's docs."""
    data: Iterable[Any] = items
    for step in steps:
        data = step(data)
    return iter(data)
