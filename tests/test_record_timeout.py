"""`Config.record_timeout`: a record whose detection runs past it is ineligible with a value-free error,
and the next record of the same batch is processed normally (synthetic data only)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from classifier.batch.items import SourceItem
from classifier.batch.steps import DetectStep, ScanDoc
from classifier.config import Config, ConfigError
from classifier.deadline import available
from classifier.findings import Category, Finding
from classifier.record_limit import analyze_records, analyze_texts, timeout_message
from classifier.records import Record, Segment
from tests.spinning import write_spinning_recognizer

pytestmark = pytest.mark.skipif(not available(), reason="needs SIGALRM and setitimer")

EMAIL = "dana.whitfield@example.org"
STALL = "please stall on this line"
#: the real engine's limit: roomy, so that the record that does not hang never runs past it on a busy machine
LIMIT = 3.0


def _record(record_id: str, text: str) -> Record:
    return Record(record_id, "synthetic", "text", [Segment(text)])


class FakeEngine:
    """`analyze_records` with a post-processing stand-in that hangs on "stall" records."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def analyze_records(self, records: list[Record]) -> list[list[list[Finding]]]:
        self.calls.append([r.record_id for r in records])
        results = []
        for record in records:
            record.errors.append("segment 0: appended before the post-processors")
            if STALL in record.segments[0].text:
                time.sleep(30)
            record.errors.pop()
            results.append([[Finding(0, 4, "DEVICE_ID", Category.PII, 0.9, "fake")]])
        return results


@pytest.mark.timeout(60)
def test_detect_step_fails_only_the_slow_record_of_a_batch() -> None:
    engine = FakeEngine()
    docs = [
        ScanDoc(SourceItem("s", "s.jsonl"), _record(str(i), text), i)
        for i, text in enumerate(["first line", STALL, "third line"])
    ]
    started = time.monotonic()
    out = list(DetectStep(engine, batch_records=64, record_timeout=0.3)(docs))
    assert time.monotonic() - started < 5
    assert engine.calls == [["0", "1", "2"], ["0"], ["1"], ["2"]]  # the batch, then each alone
    slow = out[1].record
    assert slow.errors == [timeout_message(0.3)] == ["record exceeded its time limit of 0.3 s"]
    assert not slow.complete and out[1].findings == [[]]
    for doc in (out[0], out[2]):
        assert doc.record.errors == [] and len(doc.findings[0]) == 1


def test_a_fast_batch_runs_once_and_without_a_limit_nothing_changes() -> None:
    engine = FakeEngine()
    records = [_record("a", "one"), _record("b", "two")]
    assert len(analyze_records(engine, records, 5.0)) == 2
    assert engine.calls == [["a", "b"]]
    assert len(analyze_records(engine, records, 0)) == 2
    assert engine.calls == [["a", "b"], ["a", "b"]]


class NothingFound:
    def analyze_records(self, records: list[Record]) -> list[list[list[Finding]]]:
        return [[[] for _ in record.segments] for record in records]


def test_a_batch_gets_at_most_batch_shares_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch's budget grows with its records up to BATCH_SHARES limits, so that one hung record
    in a batch of a thousand does not hold it for a thousand limits before the batch is split."""
    from classifier import record_limit

    budgets: list[float] = []
    real = record_limit.time_limit

    def spy(seconds: float):  # noqa: ANN202 - same context manager as the real one
        budgets.append(seconds)
        return real(seconds)

    monkeypatch.setattr(record_limit, "time_limit", spy)
    engine = FakeEngine()
    analyze_records(engine, [_record(str(i), "ok") for i in range(3)], 5.0)
    analyze_records(engine, [_record(str(i), "ok") for i in range(100)], 5.0)
    analyze_texts(NothingFound(), ["ok"] * 100, 5.0)
    assert budgets == [15.0, 5.0 * record_limit.BATCH_SHARES, 5.0 * record_limit.BATCH_SHARES]
    assert record_limit.BATCH_SHARES < 100


def test_record_timeout_in_the_config_file(tmp_path: Path) -> None:
    assert Config().record_timeout == 60
    path = tmp_path / "classifier.yaml"
    path.write_text("record_timeout: 2.5\n", encoding="utf-8")
    assert Config.from_file(path).record_timeout == 2.5
    path.write_text("record_timeout: -1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="record_timeout"):
        Config.from_file(path)


@pytest.fixture(scope="module")
def sleepy_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sleepy")
    write_spinning_recognizer(folder, 30, word="stall")  # hangs on texts that say "stall"
    return folder


@pytest.fixture(scope="module")
def sleepy_engine(sleepy_folder: Path):
    from classifier.engine import Classifier

    return Classifier(Config(use_ner=False, recognizer_dirs=[sleepy_folder], record_timeout=LIMIT))


@pytest.mark.timeout(120)
def test_scan_worker_fails_the_slow_record_and_goes_on(sleepy_folder: Path) -> None:
    from classifier.batch.worker import ScanSettings, ScanWorker

    config = Config(use_ner=False, recognizer_dirs=[sleepy_folder], record_timeout=LIMIT)
    worker = ScanWorker(ScanSettings(config=config))
    rows = [{"id": "1", "text": STALL}, {"id": "2", "text": f"write to {EMAIL} today"}]
    data = "".join(json.dumps(r) + "\n" for r in rows).encode()
    item = SourceItem("in/day1.jsonl", "day1.jsonl", data=data, size=len(data), relpath="in/day1.jsonl")
    started = time.monotonic()
    result = worker.process([item])
    assert time.monotonic() - started < 30
    docs = [json.loads(line.split("\t", 1)[1]) for line in result.documents]
    by_id = {d["record_id"]: d for d in docs}
    text = json.dumps(docs)
    assert "stall" not in text and EMAIL not in text
    slow, fine = by_id["1"], by_id["2"]
    assert slow["complete"] is False
    assert result.files[0].errors == ["record exceeded its time limit of 3 s"]
    for decision in slow["decisions"].values():
        assert (decision["outcome"], decision["decided_by"]) == ("ineligible", "record-incomplete")
    assert fine["complete"] is True and fine["error_count"] == 0
    assert all(d["decided_by"] != "record-incomplete" for d in fine["decisions"].values())
    assert "EMAIL_ADDRESS" in json.dumps(fine)


@pytest.mark.timeout(120)
def test_jsonl_texts_fail_alone_and_the_next_one_is_analysed(sleepy_engine) -> None:
    started = time.monotonic()
    per_text, failures = analyze_texts(sleepy_engine, [STALL, f"write to {EMAIL}"], LIMIT)
    assert time.monotonic() - started < 30
    assert failures == {0: "record exceeded its time limit of 3 s"}
    assert per_text[0] == []
    assert [f.entity_type for f in per_text[1]] == ["EMAIL_ADDRESS"]


@pytest.mark.timeout(120)
def test_analyze_cli_on_jsonl_reports_the_timeout_by_line(
    sleepy_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from classifier.cli.main import main

    config = tmp_path / "classifier.yaml"
    config.write_text(
        f"use_ner: false\nrecord_timeout: 3\nrecognizer_dirs: [{json.dumps(str(sleepy_folder))}]\n",
        encoding="utf-8",
    )
    source = tmp_path / "in.jsonl"
    rows = [{"id": "a", "text": STALL}, {"id": "b", "text": f"write to {EMAIL}"}]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    main(["analyze", "--config", str(config), "--input", str(source), "-o", str(out), "--quiet"])
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["errors"] == ["record exceeded its time limit of 3 s"]
    assert "errors" not in lines[1] and "EMAIL_ADDRESS" in json.dumps(lines[1])
    err = capsys.readouterr().err
    assert "line 1: record exceeded its time limit of 3 s" in err and "stall" not in err


@pytest.mark.timeout(60)
def test_redacting_a_file_writes_the_slow_record_fail_closed() -> None:
    from classifier.formats.redact import RedactReport, redact_records
    from classifier.redaction import Redactor

    engine = FakeEngine()
    engine.config = Config(record_timeout=0.3)
    records = [_record("r1", STALL), _record("r2", "next line")]
    report = RedactReport("in", "out", "text")
    out = list(redact_records(engine, records, lambda: Redactor("label"), report))
    assert report.errors == ["r1: record exceeded its time limit of 0.3 s"]
    assert out[0].texts != [STALL] and "stall" not in out[0].texts[0]
    assert out[1].texts == ["<DEVICE_ID> line"]
