"""Audit of the scan's report, summary, progress and resume store: leaks, injection, wrong charts, crashes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from classifier.batch import store as store_module
from classifier.batch.report import bar_chart, render_report, stacked_chart
from classifier.batch.results import FileStats, TaskResult, keyed_line
from classifier.batch.store import OutputError, ScanStore
from classifier.batch.summary import build_summary
from classifier.cli.main import main

EMAIL = "zq.test@example.org"
PHONE = "212-555-0147"
SPEAKER = "Zyxwo Quillane"


def summary_with(**overrides: Any) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "files": 1,
        "records": 1,
        "error_records": 0,
        "findings": 0,
        "bytes": 0,
        "categories": {},
        "entity_types": {},
        "decisions": {"outcomes": {}},
        "errors_by_file_type": {},
        "errors_by_folder": {},
        "slowest_files": [],
        "errors": [],
        "run": {"engine": "local", "workers": 1, "seconds": 0.1},
    }
    summary.update(overrides)
    return summary


def test_scan_report_holds_no_value_no_markup_and_counts_match_documents(tmp_path: Path) -> None:
    data = tmp_path / "in"
    odd = data / "<script>alert(1)"  # a folder name with markup
    odd.mkdir(parents=True)
    line = {"text": f"mail {EMAIL} or call {PHONE}", "user": SPEAKER, "secret_key_zq": "vvv-inside"}
    (data / "a.jsonl").write_text(json.dumps(line) + "\n" + json.dumps({"text": "nothing"}) + "\n")
    (data / "t.vtt").write_text(f"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v {SPEAKER}>it is {EMAIL}\n")
    (odd / 'q"<style><img src=x>.jsonl').write_text('{"broken": ')
    (data / "b.bin").write_bytes(b"\x00\x01\xff")
    out = tmp_path / "out"
    assert main(["scan", str(data), "--out", str(out), "--no-ner", "--workers", "1", "--quiet"]) == 3
    html = (out / "report.html").read_text(encoding="utf-8")
    summary_text = (out / "summary.json").read_text(encoding="utf-8")
    for text in (html, summary_text):
        for secret in (EMAIL, PHONE, SPEAKER, "Quillane", "secret_key_zq", "vvv-inside", "broken"):
            assert secret not in text
    assert "<img" not in html and html.count("<style>") == 1
    assert not re.search(r"https?:|url\(|<link|<img|<script|<iframe|<object|<embed|@import", html)
    docs = [json.loads(x) for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    findings = (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    summary = json.loads(summary_text)
    assert summary["records"] == len(docs) and summary["findings"] == len(findings)
    assert summary["error_records"] == sum(1 for d in docs if not d["complete"]) == 2
    by_type: dict[str, int] = {}
    for entry in docs:
        for entity, count in (entry["entity_counts"] or {}).items():
            by_type[entity] = by_type.get(entity, 0) + count
    assert summary["entity_types"] == dict(sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0])))


def test_large_counts_are_shown_exactly_not_in_scientific_notation() -> None:
    svg = bar_chart({"PII": 1_234_567, "EMAIL_ADDRESS": 10**12})
    assert "e+" not in svg
    assert "1,234,567" in svg and "1,000,000,000,000" in svg
    stacked = stacked_chart({"p": {"eligible": 0, "ineligible": 1_234_567}})
    assert "1,234,567</text>" in stacked
    # seconds keep three decimals, and whole seconds stay whole
    slow = bar_chart({"a": 0.5, "b": 2.0, "c": 1_234_567.0}, unit=" s")
    assert ">0.500 s<" in slow and ">2 s<" in slow and ">1,234,567 s<" in slow


def test_empty_and_zero_charts_have_sane_widths() -> None:
    for svg in (
        bar_chart({"a": 0, "b": 0}),
        bar_chart({"a": 0.0}),
        stacked_chart({"p": {"eligible": 0, "ineligible": 0}}),
    ):
        widths = [float(w) for w in re.findall(r'width="([^"]+)"', svg)]
        assert all(w >= 0 and w == w and w != float("inf") for w in widths)
    html = render_report(build_summary([], 0, {"engine": "local", "workers": 1, "seconds": 0.0}))
    assert "nan" not in html.lower() and "inf" not in html.lower()


def test_control_and_bidi_characters_in_names_are_shown_not_embedded() -> None:
    name = "in/ctl\x1b[31m\x07\x0c\x01\u202egpj.jsonl"
    summary = summary_with(
        error_records=1,
        errors_by_folder={name: 1},
        slowest_files=[{"source": name, "seconds": 0.5}],
        errors=[{"source": name, "messages": ["cannot read file (Permission denied)"]}],
    )
    html = render_report(summary)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", html)
    assert "ctl\\x1b[31m\\x07\\x0c\\x01\\u202egpj.jsonl" in html


def test_report_says_how_many_files_with_errors_are_not_listed() -> None:
    files = [
        FileStats(f"in/f{index:04d}.bin", ".bin", "in", 1, 1, 1, errors=["unknown format"])
        for index in range(1200)
    ]
    summary = build_summary(files, 0, {"engine": "local", "workers": 1, "seconds": 1.0})
    assert summary["error_files"] == 1200 and len(summary["errors"]) == 1000
    html = render_report(summary)
    assert html.count("<tr>") - 1 - 7 - 1 == 200  # the overview's 7 rows and the two header rows
    assert "200 of 1,200 files with errors" in html


def committed(store: ScanStore, source: str) -> None:
    task = TaskResult(sources=[source])
    task.documents.append(keyed_line([source, source, 0, "1"], json.dumps({"source": source})))
    task.files.append(FileStats(source, ".jsonl", "dir", 1, 1))
    store.commit(task)


def test_a_merge_spill_that_cannot_be_written_is_an_output_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "MAX_OPEN_PARTS", 2)
    store = ScanStore(tmp_path, {"inputs": ["x"]})
    for source in "abcde":
        committed(store, source)
    store.close()
    (tmp_path / ".scan" / "merge-documents-0.tmp").mkdir()  # a folder where the spill file goes
    with pytest.raises(OutputError, match="merge-documents-0.tmp"):
        store.merge("documents", tmp_path / "documents.jsonl")
    assert not list((tmp_path / ".scan").glob("merge-*.tmp.tmp"))
    (tmp_path / ".scan" / "merge-documents-0.tmp").rmdir()
    assert store.merge("documents", tmp_path / "documents.jsonl") == 5
    assert not list((tmp_path / ".scan").glob("merge-*"))


def test_a_chart_of_many_folders_shows_the_largest_and_says_how_many_more() -> None:
    folders = {f"in/folder{index:05d}": 5000 - index for index in range(5000)}
    html = render_report(summary_with(error_records=sum(folders.values()), errors_by_folder=folders))
    assert html.count("<rect") == 40
    assert "in/folder00000" in html and "in/folder00040" not in html
    assert "The first 40 of 5,000" in html
    assert len(html) < 50_000


def test_a_redacted_copy_that_cannot_be_written_names_its_path_without_raw_control_characters(
    tmp_path: Path,
) -> None:
    store = ScanStore(tmp_path, {"inputs": ["x"]})
    (tmp_path / "redacted").write_text("a file where the folder goes")
    with pytest.raises(OutputError) as caught:
        store._write_redacted("in.zip/a\x1b]0;owned\x07\x1b[2J.jsonl", b"{}\n")
    store.close()
    message = str(caught.value)
    assert not re.search("[\x00-\x1f\x7f-\x9f]", message)
    assert "redacted/in.zip/a\\x1b]0;owned\\x07\\x1b[2J.jsonl" in message
    assert not list((tmp_path / ".scan").glob("*.tmp"))


def test_a_task_committed_twice_then_resumed_counts_once(tmp_path: Path) -> None:
    fingerprint = {"inputs": ["x"]}
    store = ScanStore(tmp_path, fingerprint)
    committed(store, "a")
    committed(store, "a")  # the same task's result again (a retried task)
    committed(store, "b")
    store.close()
    resumed = ScanStore(tmp_path, fingerprint, resume=True)
    committed(resumed, "c")
    resumed.close()
    stats = resumed.file_stats()
    assert [s.source for s in stats] == ["a", "b", "c"]
    assert build_summary(stats, 0, {})["records"] == 3
    assert resumed.merge("documents", tmp_path / "documents.jsonl") == 3
