"""A scan worker: loads the engine, policy, consent and manifest once, then processes tasks.

The same class serves the local executor (one per worker process, built by the
pool initializer) and the Ray executor (one per actor), so both run exactly the
same steps and produce the same bytes.
"""

from __future__ import annotations

import resource
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from classifier.batch import heartbeat
from classifier.batch.items import SourceItem
from classifier.batch.results import FileStats, TaskResult, add_doc
from classifier.batch.steps import (
    ClassifyStep,
    DecideStep,
    DetectStep,
    ReadStep,
    RedactStep,
    ScanDoc,
    run_steps,
)
from classifier.config import Config
from classifier.eligibility.summary import DecisionCounts
from classifier.failures import FAILURES

#: The mode whose output `eligible_after_redaction` decisions name when --redact is not given:
#: the default of `classifier redact --mode` (policies name no default mode of their own yet).
DEFAULT_REDACTION_MODE = "label"


@dataclass
class ScanSettings:
    """Everything a worker needs to rebuild the pipeline in its own process (picklable)."""

    config: Config = field(default_factory=Config)
    consent: Path | None = None
    policy: Path | None = None
    manifest: Path | None = None
    purposes: list[str] = field(default_factory=list)
    redact: str | None = None
    key: str | None = None
    include_values: bool = False
    #: records per detection batch, and characters of text that close a batch earlier (`DetectStep`)
    batch_records: int = 1024
    batch_chars: int = 200_000
    #: loaded by `run_scan` before the workers start (None: each worker loads the files itself)
    eligibility: EligibilityInputs | None = None

    @property
    def redaction_mode(self) -> str:
        return self.redact or DEFAULT_REDACTION_MODE

    def fingerprint(self) -> dict[str, Any]:
        """What must not change between a run and its --resume (`batch.fingerprint`; no key)."""
        from classifier.batch.fingerprint import config_fingerprint, file_digest

        return {
            "consent": file_digest(self.consent),
            "policy": file_digest(self.policy),
            "manifest": file_digest(self.manifest),
            "purposes": list(self.purposes),
            "redact": self.redact,
            "include_values": self.include_values,
            "config": config_fingerprint(self.config),
        }


@dataclass
class EligibilityInputs:
    """Policy, consent and manifest, loaded once in the driver.

    They travel to the workers inside `ScanSettings`, so Ray workers on other
    machines need no access to the files.
    """

    policy: Any
    consent: Any
    manifest: Any = None

    @classmethod
    def load(cls, settings: ScanSettings) -> EligibilityInputs:
        from classifier.eligibility import ConsentStore, load_consent, load_manifest, load_policy

        return cls(
            load_policy(settings.policy),
            load_consent(settings.consent) if settings.consent else ConsentStore({}, ""),
            load_manifest(settings.manifest) if settings.manifest else None,
        )


class ScanWorker:
    """Builds the engine and the steps once; `process(items)` runs them over one task."""

    def __init__(self, settings: ScanSettings) -> None:
        from classifier.eligibility import DEFAULT_PURPOSES
        from classifier.engine import Classifier
        from classifier.redaction import Redactor

        self.settings = settings
        inputs = settings.eligibility or EligibilityInputs.load(settings)
        self.policy, self.consent, self.manifest = inputs.policy, inputs.consent, inputs.manifest
        self.purposes = list(settings.purposes or DEFAULT_PURPOSES)
        key = settings.key
        self.steps = [
            ReadStep(read_item),
            DetectStep(
                Classifier(settings.config),
                settings.batch_records,
                settings.batch_chars,
                record_timeout=settings.config.record_timeout,
            ),
            ClassifyStep(),
            RedactStep(settings.redaction_mode, lambda mode: Redactor(mode, key)),
            DecideStep(self._decide),
        ]

    def _decide(self, doc: ScanDoc) -> dict[str, Any]:
        from classifier.eligibility import Redaction, decide_record, document_entry

        redaction = (
            Redaction(doc.redaction_mode, doc.redaction_sha256)
            if doc.redaction_mode and doc.redaction_sha256
            else None
        )
        context, decisions = decide_record(
            doc.record,
            doc.classification,
            self.consent,
            self.policy,
            self.purposes,
            manifest=self.manifest,
            redaction=redaction,
        )
        return document_entry(doc.record, doc.classification, decisions, context=context, redaction=redaction)

    def process(self, items: Iterable[SourceItem]) -> TaskResult:
        """Run the pipeline over a task's items; the result holds value-free lines and stats.

        Should a step fail on some unforeseen input, the task's items are
        processed again as error records (fail closed) instead of stopping the scan.
        """
        items = list(items)
        try:
            return self._process(items)
        except FAILURES as exc:  # one bad task must not stop the scan
            return self.failed(items, f"scan failed ({type(exc).__name__})")

    def failed(self, items: Iterable[SourceItem], message: str) -> TaskResult:
        """The items as error records (ineligible), without reading them; `message` holds no content."""
        return self._process([replace(item, data=None, path=None, error=message) for item in items])

    def _process(self, items: list[SourceItem]) -> TaskResult:
        result = TaskResult()
        by_item: dict[str, list[ScanDoc]] = {}
        for doc in run_steps(self.steps, items):
            by_item.setdefault(doc.item.source, []).append(doc)
        for source, docs in by_item.items():
            item = docs[0].item
            if self.settings.redact:
                self._write_redacted(result, docs)
            stats = FileStats(source, item.kind, item.folder, item.size)
            decisions = DecisionCounts()
            for doc in docs:
                add_doc(result, stats, doc, self.settings.include_values)
                decisions.add(doc.entry)
            stats.decisions = decisions.to_dict()
            result.sources.append(source)
            result.files.append(stats)
        result.peak_rss_mb = peak_rss_mb()
        return result

    def _write_redacted(self, result: TaskResult, docs: list[ScanDoc]) -> None:
        """Add an item's redacted copy; if the writer fails, its records become incomplete."""
        heartbeat.beat()  # a large item's copy takes a while
        try:
            written = write_redacted(docs)
        except FAILURES as exc:  # fail the item's records, not the scan
            for doc in docs:
                doc.record.errors.append(f"redacted copy failed ({type(exc).__name__})")
                doc.entry = self._decide(doc)
            return
        if written is not None:
            result.redacted.append(written)


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB.

    On Linux from /proc (VmHWM): `ru_maxrss` keeps, across the exec of a spawned worker,
    the size of the process it was forked from, so a worker started by a large driver
    (a benchmark holding Presidio and spaCy) would report the driver's memory as its own.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def read_item(item: SourceItem) -> Iterable[Any]:
    """Records of an item, named by its source so record ids match whichever executor read it.

    The format is detected from the item's own name (`x.jsonl` for `x.jsonl.gz`).
    A Slack export is a file tree and is read from its path.
    """
    from classifier.formats import detect_format, read_bytes, read_path

    if item.fmt == "slack" and item.path is not None:
        return read_path(item.path, fmt="slack")
    data = item.read()
    return read_bytes(data, item.source, fmt=item.fmt or detect_format(data, item.name))


def write_redacted(docs: list[ScanDoc]) -> tuple[str, bytes] | None:
    """The redacted copy of one item in its own format, or None when there is nothing to write.

    Items whose records failed are not written: a partial redaction could pass
    for a complete one. Formats without a single-file writer (Slack) are skipped.
    """
    from classifier.formats import registry, write_bytes
    from classifier.formats.base import RedactedRecord

    first = docs[0]
    item, fmt = first.item, first.record.format
    spec = registry().get(fmt)
    if item.error or spec is None or spec.write is None:
        return None
    if any(d.redacted_texts is None or d.record.errors for d in docs):
        return None
    redacted = [RedactedRecord(d.record, list(d.redacted_texts or []), d.redactor) for d in docs]
    return item.relpath, write_bytes(item.read(), item.source, fmt, redacted)
