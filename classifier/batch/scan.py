"""One scan from inputs to outputs: sources -> tasks -> executor -> parts -> merged outputs.

Outputs in DIR: documents.jsonl and findings.jsonl (merged, deduplicated and
sorted by source and record), summary.json, report.html, and with --redact the
redacted copies under redacted/. DIR/.scan holds the resume state.

Before anything is written, every top-level input must exist and none may lie
inside DIR (`ScanInputError`); DIR itself is never walked, even when it lies
inside an input. An output that cannot be written stops the scan with an
`OutputError` (`classifier.batch.store`); `--resume` then finishes it.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from classifier.batch.executors import Task
from classifier.batch.grouping import grouped
from classifier.batch.items import SourceItem
from classifier.batch.limits import SourceLimits
from classifier.batch.progress import Progress, input_bytes
from classifier.batch.report import render_report
from classifier.batch.results import TaskResult
from classifier.batch.sources import Selection, Sources, check_inputs
from classifier.batch.store import OutputError, ScanStore
from classifier.batch.summary import build_summary
from classifier.batch.worker import EligibilityInputs, ScanSettings
from classifier.failures import os_reason


@dataclass
class ScanOptions:
    """A scan as the command line describes it."""

    inputs: list[str]
    out: Path
    settings: ScanSettings = field(default_factory=ScanSettings)
    engine: str = "local"
    address: str | None = None
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    resume: bool = False
    quiet: bool = False
    selection: Selection = field(default_factory=Selection)
    limits: SourceLimits = field(default_factory=SourceLimits)
    #: a task is at most this many items or bytes: small enough to spread, big enough to batch spaCy
    task_items: int = 32
    task_bytes: int = 4 * 1024 * 1024


@dataclass
class ScanOutcome:
    documents: int
    findings: int
    error_records: int
    files: int


def make_tasks(items: Iterable[SourceItem], max_items: int, max_bytes: int) -> Iterator[Task]:
    """Group items into tasks by count and size, keeping input order."""
    return grouped(items, max_items, max_bytes, lambda item: item.size)


def run_scan(options: ScanOptions) -> ScanOutcome:
    """Scan everything, or with `resume` everything the interrupted run did not finish."""
    started = time.monotonic()
    fingerprint = {
        "inputs": [str(i) for i in options.inputs],
        "selection": asdict(options.selection),
        "limits": asdict(options.limits),
        **options.settings.fingerprint(),
    }
    check_inputs(options.inputs, options.out)
    try:
        options.out.mkdir(parents=True, exist_ok=True)
        store = ScanStore(options.out, fingerprint, resume=options.resume)
    except OSError as exc:
        raise OutputError(f"cannot set up the output folder {options.out} ({os_reason(exc)})") from None
    if options.resume and not store.resumed and not options.quiet:
        print(
            f"classifier: notice: {options.out} holds no interrupted scan to resume (no .scan/scan.json):"
            " scanning from the beginning",
            file=sys.stderr,
        )
    try:
        total_bytes = input_bytes(options.inputs, skip=options.out, selection=options.selection)
    except OSError:  # an input that cannot be checked: the scan reports it; only the ETA suffers
        total_bytes = 0
    progress = Progress(total_bytes, quiet=options.quiet)

    def pending() -> Iterator[SourceItem]:
        sources = Sources(options.inputs, options.selection, options.limits, skip=[options.out])
        for item in sources:
            if store.is_done(item.source):
                progress.skip(item.disk_bytes)
            else:
                yield item

    peak_rss_mb = 0.0

    def on_result(task: Task, result: TaskResult) -> None:
        nonlocal peak_rss_mb
        peak_rss_mb = max(peak_rss_mb, result.peak_rss_mb)
        store.commit(result)
        progress.update(result, sum(item.disk_bytes for item in task))

    tasks = make_tasks(pending(), options.task_items, options.task_bytes)
    settings = replace(options.settings, eligibility=EligibilityInputs.load(options.settings))
    try:
        if options.engine == "ray":
            from classifier.batch.executors.ray import run_ray

            run_ray(settings, tasks, on_result, options.workers, options.address)
        else:
            from classifier.batch.executors.local import run_local

            run_local(settings, tasks, on_result, options.workers)
        progress.complete()
    finally:
        store.close()
        progress.close()
    documents = store.merge("documents", options.out / "documents.jsonl")
    findings = store.merge("findings", options.out / "findings.jsonl")
    files = store.file_stats()
    run = {
        "engine": options.engine,
        "workers": options.workers,
        "seconds": round(time.monotonic() - started, 3),
        "resumed": store.resumed,
        "worker_peak_rss_mb": peak_rss_mb,
        "use_ner": options.settings.config.use_ner,
        "redaction_mode": options.settings.redaction_mode,
        "purposes": options.settings.purposes,
    }
    summary = build_summary(files, findings, run)
    try:
        _write_text(options.out / "summary.json", json.dumps(summary, indent=2, sort_keys=True) + "\n")
        _write_text(options.out / "report.html", render_report(summary))
    except OSError as exc:
        reason = os_reason(exc)
        raise OutputError(f"cannot write the summary or report in {options.out} ({reason})") from None
    progress.finish()
    return ScanOutcome(documents, findings, summary["error_records"], summary["files"])


def _write_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8", newline="\n")
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
