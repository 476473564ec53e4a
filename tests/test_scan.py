"""`classifier scan` end to end on small synthetic inputs (real engine, one worker, no network)."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import pytest

from classifier.cli.main import main
from classifier.eligibility import decision_counts

PHONE = "415-555-0134"
EMAIL = "dana.whitfield@example.org"
VTT = f"WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nDana Whitfield: call me on {PHONE} please\n"
CHAT_LINES = [
    {"id": "1", "text": f"write to {EMAIL} about the invoice"},
    {"id": "2", "text": "the weather is lovely and the build is green"},
]


def jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(r) + "\n" for r in rows)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    data = root / "acme"
    (data / "chats").mkdir(parents=True)
    (data / "meeting.vtt").write_text(VTT, encoding="utf-8")
    (data / "chats" / "day1.jsonl").write_text(jsonl(CHAT_LINES), encoding="utf-8")
    with zipfile.ZipFile(data / "export.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("../escape.jsonl", jsonl([{"id": "x", "text": "outside"}]))
        zf.writestr("inner/more.jsonl", jsonl([{"id": "3", "text": f"my number is {PHONE}"}]))
        zf.writestr("bomb.jsonl", b"\0" * (30 * 1024 * 1024))
    (root / "consent.jsonl").write_text(
        json.dumps(
            {
                "account_id": "acme",
                "ai_training_opt_in": True,
                "third_party_training": False,
                "recorded_at": "2026-01-01T00:00:00Z",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    (root / "manifest.yaml").write_text('"acme/**": {account_id: acme, data_class: customer_content}\n')
    return root


def scan(corpus: Path, out: Path, *extra: str) -> int:
    return main(["scan", str(corpus / "acme"), "--out", str(out), "--workers", "1", "--quiet", *extra])


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def consented(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    code = scan(
        corpus,
        out,
        "--consent",
        str(corpus / "consent.jsonl"),
        "--manifest",
        str(corpus / "manifest.yaml"),
        "--redact",
        "label",
    )
    assert code == 3  # finished, with error records (the unsafe and the bomb members)
    return out


def test_outputs_cover_every_record_once_in_sorted_order(consented: Path) -> None:
    docs = read_jsonl(consented / "documents.jsonl")
    keys = [(d["source"], d["record_id"]) for d in docs]
    assert len(keys) == len(set(keys)) == 6
    sources = [d["source"] for d in docs]
    assert sources == sorted(sources)
    assert {s.rsplit("/", 1)[-1] for s in sources} == {
        "meeting.vtt",
        "day1.jsonl",
        "escape.jsonl",
        "more.jsonl",
        "bomb.jsonl",
    }


def test_archive_problems_are_ineligible_error_records(consented: Path) -> None:
    docs = {d["source"].rsplit("/", 1)[-1]: d for d in read_jsonl(consented / "documents.jsonl")}
    for name in ("escape.jsonl", "bomb.jsonl"):
        assert docs[name]["complete"] is False
        assert {d["outcome"] for d in docs[name]["decisions"].values()} == {"ineligible"}
    summary = json.loads((consented / "summary.json").read_text())
    messages = " ".join(m for e in summary["errors"] for m in e["messages"])
    assert "escapes the archive" in messages and "compression ratio" in messages
    assert summary["error_records"] == 2 and summary["files"] == 5
    counts = decision_counts(read_jsonl(consented / "documents.jsonl"))
    assert summary["decisions"] == counts and counts["incomplete"] == 2


def test_consented_findings_are_eligible_after_redaction_with_the_redacted_hash(consented: Path) -> None:
    docs = read_jsonl(consented / "documents.jsonl")
    chat = next(d for d in docs if d["source"].endswith("day1.jsonl") and d["record_id"] == "1")
    decision = chat["decisions"]["first_party_training"]
    assert decision["outcome"] == "eligible_after_redaction"
    assert decision["redaction"]["mode"] == "label"
    redacted = read_jsonl(next((consented / "redacted").rglob("day1.jsonl")))
    redacted_text = next(r["text"] for r in redacted if r["id"] == "1")
    assert EMAIL not in redacted_text and "<EMAIL_ADDRESS>" in redacted_text
    # the hash covers the record's segments: here the text alone (an id like "1" is structure)
    assert decision["redaction"]["sha256"] == hashlib.sha256(redacted_text.encode()).hexdigest()
    clean = next(d for d in docs if d["record_id"] == "2")
    assert clean["decisions"]["first_party_training"]["outcome"] == "eligible"
    assert chat["decisions"]["third_party_training"]["outcome"] == "ineligible"


def test_no_values_anywhere_without_include_values(consented: Path) -> None:
    for name in ("documents.jsonl", "findings.jsonl", "summary.json", "report.html"):
        text = (consented / name).read_text(encoding="utf-8")
        assert PHONE not in text and EMAIL not in text, name
    findings = read_jsonl(consented / "findings.jsonl")
    assert findings and all("value" not in f for f in findings)
    assert {"PHONE_NUMBER", "EMAIL_ADDRESS"} <= {f["entity_type"] for f in findings}


def test_report_is_self_contained(consented: Path) -> None:
    html = (consented / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"https?://", html)
    assert not re.search(r"<script|<link|@import|url\(", html, re.IGNORECASE)
    assert html.count("<svg") >= 4
    assert "EMAIL_ADDRESS" in html and "first_party_training" in html


def test_without_consent_customer_content_is_ineligible_and_values_on_request(
    corpus: Path, tmp_path: Path
) -> None:
    assert scan(corpus, tmp_path, "--include-values") == 3
    docs = read_jsonl(tmp_path / "documents.jsonl")
    outcomes = {d["outcome"] for doc in docs for d in doc["decisions"].values()}
    assert outcomes == {"ineligible"}
    values = {f.get("value") for f in read_jsonl(tmp_path / "findings.jsonl")}
    assert PHONE in values and EMAIL in values
    assert not (tmp_path / "redacted").exists()


def test_bad_consent_file_is_a_usage_error(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    bad = tmp_path / "consent.jsonl"
    bad.write_text('{"account_id": "acme", "ai_training_opt_in": "maybe"}\n')
    assert scan(corpus, tmp_path / "out", "--consent", str(bad)) == 2
    assert str(bad) in capsys.readouterr().err


def test_resume_without_an_earlier_scan_starts_from_the_beginning(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    # killed before .scan/scan.json existed, nothing was done: --resume scans everything, with a notice
    args = ["scan", str(corpus / "acme"), "--out", str(tmp_path), "--workers", "1", "--no-ner", "--resume"]
    assert main(args) == 3
    assert "no interrupted scan to resume" in capsys.readouterr().err
    assert json.loads((tmp_path / "summary.json").read_text())["run"]["resumed"] is False


class ExplodingStep:
    """Fails on any record that has text, as an unforeseen bug would."""

    name = "explode"

    def __call__(self, docs):
        for doc in docs:
            if doc.record.segments:
                raise RuntimeError("boom")
            yield doc


class ExitingStep(ExplodingStep):
    """Calls `sys.exit` with a value, as a careless plugin might: the task fails, not the scan."""

    def __call__(self, docs):
        for doc in docs:
            if doc.record.segments:
                raise SystemExit(doc.record.segments[0].text)
            yield doc


def test_a_failing_task_becomes_error_records_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    from classifier.batch import worker as worker_module
    from classifier.batch.items import SourceItem
    from classifier.config import Config

    worker = worker_module.ScanWorker(
        worker_module.ScanSettings(config=Config(use_ner=False), redact="label")
    )
    data = jsonl(CHAT_LINES).encode()
    item = SourceItem("in/day1.jsonl", "day1.jsonl", data=data, size=len(data), relpath="in/day1.jsonl")

    def broken_writer(docs):
        raise ValueError("writer bug")

    monkeypatch.setattr(worker_module, "write_redacted", broken_writer)
    written = worker.process([item])
    docs = [json.loads(line.split("\t", 1)[1]) for line in written.documents]
    assert len(docs) == 2 and all(not d["complete"] for d in docs) and not written.redacted
    assert written.files[0].errors == ["redacted copy failed (ValueError)"]

    monkeypatch.undo()
    worker.steps.insert(2, ExplodingStep())
    failed = worker.process([item])
    docs = [json.loads(line.split("\t", 1)[1]) for line in failed.documents]
    assert [d["record_id"] for d in docs] == ["-"] and docs[0]["complete"] is False
    assert failed.files[0].errors == ["scan failed (RuntimeError)"]
    assert failed.sources == ["in/day1.jsonl"]

    worker.steps[2] = ExitingStep()
    exited = worker.process([item])
    assert exited.files[0].errors == ["scan failed (SystemExit)"]


def test_decision_chart_shows_the_counts() -> None:
    from classifier.batch.report import stacked_chart

    svg = stacked_chart(
        {"first_party_training": {"eligible": 30, "eligible_after_redaction": 0, "ineligible": 70}}
    )
    assert ">30</text>" in svg and ">70</text>" in svg
    assert "eligible_after_redaction 0" not in svg  # empty segments are not drawn
