"""Batch building blocks without the engine: resume store, steps with fakes, tasks, report."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from classifier.batch.items import SourceItem
from classifier.batch.progress import Progress
from classifier.batch.report import render_report
from classifier.batch.results import FileStats, TaskResult, keyed_line
from classifier.batch.scan import make_tasks
from classifier.batch.steps import DetectStep, ReadStep, redacted_sha256, run_steps
from classifier.batch.store import ResumeError, ScanStore
from classifier.records import Record, Segment

FINGERPRINT = {"inputs": ["x"]}


def result(*sources: str) -> TaskResult:
    task = TaskResult(sources=list(sources))
    for source in sources:
        task.documents.append(keyed_line([source, source, 0, "1"], json.dumps({"source": source})))
        task.files.append(FileStats(source, ".jsonl", "dir", 10, 1))
    return task


def test_store_resume_drops_unfinished_parts_and_merges_once(tmp_path: Path) -> None:
    store = ScanStore(tmp_path, FINGERPRINT)
    store.commit(result("b", "a"))
    store.commit(result("c"))
    store.close()
    # a crash after the part files were renamed but before the manifest line was complete
    (tmp_path / ".scan" / "parts" / "000002.documents.jsonl").write_text(
        keyed_line(["d", "d", 0, "1"], "{}") + "\n"
    )
    with open(tmp_path / ".scan" / "done.jsonl", "a") as fh:
        fh.write('{"part": 2, "sour')
    resumed = ScanStore(tmp_path, FINGERPRINT, resume=True)
    assert [resumed.is_done(s) for s in "abcd"] == [True, True, True, False]
    assert not (tmp_path / ".scan" / "parts" / "000002.documents.jsonl").exists()
    resumed.commit(result("d", "a"))  # "a" again: the first part keeps it
    resumed.close()
    assert resumed.merge("documents", tmp_path / "documents.jsonl") == 4
    lines = (tmp_path / "documents.jsonl").read_text().splitlines()
    assert [json.loads(line)["source"] for line in lines] == ["a", "b", "c", "d"]
    assert [s.source for s in resumed.file_stats()] == ["a", "b", "c", "d"]


def test_resume_refuses_other_options(tmp_path: Path) -> None:
    ScanStore(tmp_path, FINGERPRINT).close()
    with pytest.raises(ResumeError):
        ScanStore(tmp_path, {"inputs": ["y"]}, resume=True)


def test_resume_refuses_parts_written_in_another_format(tmp_path: Path) -> None:
    ScanStore(tmp_path, FINGERPRINT).close()
    saved = tmp_path / ".scan" / "scan.json"
    older = json.loads(saved.read_text())
    del older["parts_format"]  # what a version before decision counts in files.jsonl wrote
    saved.write_text(json.dumps(older))
    with pytest.raises(ResumeError, match="another version"):
        ScanStore(tmp_path, FINGERPRINT, resume=True)


def test_redacted_copies_cannot_escape_the_output_folder(tmp_path: Path) -> None:
    store = ScanStore(tmp_path, FINGERPRINT)
    task = result("a")
    task.redacted.append(("../../outside.txt", b"x"))
    with pytest.raises(ValueError):
        store.commit(task)
    store.close()
    assert not (tmp_path.parent / "outside.txt").exists()


class FakeClassifier:
    """Records every batch it is given, finds nothing."""

    def __init__(self) -> None:
        self.batches: list[int] = []

    def analyze_records(self, records: list[Record]) -> list[list[list]]:
        self.batches.append(len(records))
        return [[[] for _ in r.segments] for r in records]


def test_read_errors_become_error_records_and_detect_batches() -> None:
    def read(item: SourceItem) -> list[Record]:
        if item.name == "bad.txt":
            raise ValueError("parser exploded on secret-value-123")
        return [Record(str(i), item.source, "plaintext", [Segment(f"text {i}")]) for i in range(3)]

    items = [
        SourceItem("in/ok.txt", "ok.txt", data=b"x"),
        SourceItem("in/bad.txt", "bad.txt", data=b"y"),
        SourceItem("in/evil", "evil", error="symbolic link not followed"),
    ]
    fake = FakeClassifier()
    docs = list(run_steps([ReadStep(read), DetectStep(fake, batch_records=2)], items))
    assert [d.record.source for d in docs] == ["in/ok.txt"] * 3 + ["in/bad.txt", "in/evil"]
    bad, evil = docs[3].record, docs[4].record
    assert bad.errors == ["cannot read: ValueError"]  # the exception text could hold input content
    assert evil.errors == ["symbolic link not followed"] and not evil.complete
    assert fake.batches == [2, 1]  # records with no segments never reach the engine


def test_detect_batches_close_at_a_character_budget() -> None:
    """Many short records share one engine call; long ones close a batch early."""

    def read(item: SourceItem) -> list[Record]:
        sizes = [10] * 5 + [120, 10, 10]
        return [Record(str(i), item.source, "plaintext", [Segment("x" * n)]) for i, n in enumerate(sizes)]

    items = [SourceItem("in/a.txt", "a.txt", data=b"x")]
    fake = FakeClassifier()
    docs = list(run_steps([ReadStep(read), DetectStep(fake, batch_records=1000, batch_chars=100)], items))
    assert len(docs) == 8
    assert fake.batches == [6, 2]  # the sixth record passes 100 characters and closes the first batch
    fake = FakeClassifier()
    list(run_steps([ReadStep(read), DetectStep(fake, batch_records=3, batch_chars=0)], items))
    assert fake.batches == [3, 3, 2]  # no character budget: records only


def test_make_tasks_bounds_count_and_bytes() -> None:
    items = [SourceItem(f"s{i}", "n", data=b"x" * 10, size=10) for i in range(7)]
    assert [len(t) for t in make_tasks(items, max_items=3, max_bytes=1000)] == [3, 3, 1]
    assert [len(t) for t in make_tasks(items, max_items=100, max_bytes=25)] == [3, 3, 1]


def test_ray_windows_bound_tasks_and_bytes() -> None:
    """The Ray driver holds a window's bytes while Ray takes them in: windows close by count or size."""
    from classifier.batch.executors.ray import windows

    tasks = [[SourceItem(f"a{i}", "n", size=10), SourceItem(f"b{i}", "n", size=5)] for i in range(5)]
    assert [len(w) for w in windows(iter(tasks), max_tasks=2, max_bytes=1000)] == [2, 2, 1]
    assert [len(w) for w in windows(iter(tasks), max_tasks=100, max_bytes=30)] == [2, 2, 1]
    big = [[SourceItem("big", "n", size=100)], tasks[0], tasks[1]]
    assert [len(w) for w in windows(iter(big), max_tasks=100, max_bytes=30)] == [1, 2]


def test_redacted_sha256_separates_segments() -> None:
    assert redacted_sha256(["ab", "c"]) != redacted_sha256(["a", "bc"])


def test_report_escapes_names_and_has_no_external_resources() -> None:
    summary = {
        "files": 1,
        "records": 1,
        "error_records": 1,
        "findings": 0,
        "bytes": 5,
        "categories": {"PII": 1},
        "entity_types": {"<script>alert(1)</script>": 2},
        "decisions": {"outcomes": {"first_party_training": {"eligible": 1, "ineligible": 2}}},
        "errors_by_file_type": {".zip": 1},
        "errors_by_folder": {"in": 1},
        "slowest_files": [{"source": "in/a.zip!/x", "seconds": 0.5}],
        "errors": [{"source": "in/a.zip!/x", "messages": ["encrypted member cannot be scanned"]}],
        "run": {"engine": "local", "workers": 1, "seconds": 1.0},
    }
    html = render_report(summary)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert not re.search(r"https?:", html)
    assert html.count("<svg") == 6


def test_progress_bar_is_off_without_a_terminal_but_the_summary_line_is_printed() -> None:
    stream = io.StringIO()
    progress = Progress(total_bytes=1000, stream=stream)
    task = result("a")
    progress.update(task, disk_bytes=500)
    progress.finish()
    text = stream.getvalue()
    assert "\r" not in text and "%" not in text
    assert text.startswith("classifier: scanned 1 file(s), 1 record(s)")
    quiet = io.StringIO()
    silent = Progress(total_bytes=1000, quiet=True, stream=quiet)
    silent.finish()
    assert quiet.getvalue() == ""
