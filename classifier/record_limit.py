"""`Config.record_timeout` around the engine's batch calls, for the loops that process many records.

The engine detects many records (or JSONL texts) in one call, for one spaCy pass
over all of them; recognizers and conversation post-processors run inside that
call. Here the call runs under `classifier.deadline.time_limit(record_timeout)`:

  - a batch of n records gets n times the limit, but at most `BATCH_SHARES` times:
    ordinary records take a small fraction of a limit each, so a batch is never cut
    unless one of its records is pathological, and such a record costs at most
    `BATCH_SHARES` limits before its batch is split (scan batches hold up to a thousand
    short records). Done within it, a batch keeps its results as they are (the usual
    case);
  - a batch that runs past that is dropped (with the errors the engine had appended
    to its records) and each record is detected again alone, under the same limit;
  - a record that runs past the limit alone gets the error
    "record exceeded its time limit of N s" (no findings, so it is ineligible),
    and the next record goes on.

So a record is failed only for its own time, never for a slow neighbour; a record
that hangs costs up to min(n, `BATCH_SHARES`) times the limit before the batch is split. Where the
limit cannot be armed (not the main thread, no SIGALRM) the calls run unlimited;
see `classifier.deadline` for what the timer does and does not interrupt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from classifier.batch import heartbeat
from classifier.deadline import TimeLimitExceeded, time_limit
from classifier.findings import Finding
from classifier.records import Record, Segment

#: the most limits a batch gets, whatever its size (see the module docstring)
BATCH_SHARES = 8

#: Findings per segment of one record.
RecordFindings = list[list[Finding]]


def timeout_message(seconds: float) -> str:
    """The value-free error of a record that ran past `seconds`."""
    return f"record exceeded its time limit of {seconds:g} s"


def record_timeout_of(classifier: Any) -> float:
    """`config.record_timeout` of an engine, 0 (no limit) for engines without one (test fakes)."""
    return float(getattr(getattr(classifier, "config", None), "record_timeout", 0) or 0)


def analyze_records(
    classifier: Any,
    records: Sequence[Record],
    timeout: float,
    analyze: Callable[[list[Record]], list[RecordFindings]] | None = None,
) -> list[RecordFindings]:
    """`classifier.analyze_records(records)` (or `analyze(records)`) with each record under `timeout`.

    Failures go to the records' `errors`, as with the engine; nothing is raised for a record.
    """
    run = analyze or classifier.analyze_records
    records = list(records)
    if not timeout or timeout <= 0 or not records:
        return run(records)
    counts = [len(record.errors) for record in records]
    if len(records) > 1:
        heartbeat.beat()
        try:
            with time_limit(timeout * min(len(records), BATCH_SHARES)):
                return run(records)
        except TimeLimitExceeded:
            for record, count in zip(records, counts, strict=True):
                del record.errors[count:]
    results: list[RecordFindings] = []
    for record, count in zip(records, counts, strict=True):
        heartbeat.beat()
        try:
            with time_limit(timeout):
                results.append(run([record])[0])
        except TimeLimitExceeded:
            del record.errors[count:]
            record.errors.append(timeout_message(timeout))
            results.append([[] for _ in record.segments])
    return results


def analyze_texts(
    classifier: Any, texts: Sequence[str], timeout: float
) -> tuple[list[list[Finding]], dict[int, str]]:
    """Findings per text and value-free failures by index, each text under `timeout`.

    Each text is a record of one segment (`analyze_records`), so the conversation-aware steps run
    on it as in a scan: spoken and spelled-out values ("four one five, five five five..."), and the
    guards that drop negated, fictional or machine-made values. A text that fails, or runs past the
    limit alone, has its record's first error and no findings.
    """
    records = [Record(str(index), "<text>", "text", [Segment(text)]) for index, text in enumerate(texts)]
    results = analyze_records(classifier, records, timeout)
    per_text = [found[0] if found else [] for found in results]
    failures = {index: record.errors[0] for index, record in enumerate(records) if record.errors}
    return per_text, failures
