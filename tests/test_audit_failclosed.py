"""Audit of the fail-closed rule: an error on one text or record fails that one, the batch goes on.

Synthetic data only. The failure is injected where the engine used to let it escape: the
context enhancement that runs after the recognizers, outside the runner's own guard.
"""

from __future__ import annotations

import pytest

from classifier.eligibility import ConsentStore, load_policy, redecide_entry
from classifier.engine import BatchDetectionError
from classifier.records import Record, Segment

TRIGGER = "zxqv-explode"


class ExplodingContext:
    """Delegates to the real context enhancer, but breaks on texts holding TRIGGER."""

    def __init__(self, real):
        self.real = real

    def enhance(self, text, hits, artifacts):
        if TRIGGER in text:
            raise RuntimeError("unforeseen failure")
        return self.real.enhance(text, hits, artifacts)


@pytest.fixture
def exploding_engine(basic_engine, monkeypatch):
    monkeypatch.setattr(basic_engine, "_context", ExplodingContext(basic_engine._context))
    return basic_engine


def test_analyze_batch_fails_only_the_broken_text(exploding_engine):
    texts = ["Write to dana.holt@example.org today.", f"status {TRIGGER} now", "Nothing here."]
    with pytest.raises(BatchDetectionError) as caught:
        exploding_engine.analyze_batch(texts)
    assert set(caught.value.failures) == {1}
    assert caught.value.failures[1] == "detection failed (RuntimeError)"
    assert TRIGGER not in caught.value.failures[1]
    emails = [f for f in caught.value.partial[0] if f.entity_type == "EMAIL_ADDRESS"]
    assert [f.value for f in emails] == ["dana.holt@example.org"]


def test_analyze_raises_detection_error_not_the_raw_exception(exploding_engine):
    from classifier.detection.runner import DetectionError

    with pytest.raises(DetectionError) as caught:
        exploding_engine.analyze(f"{TRIGGER} for dana.holt@example.org")
    assert "dana.holt" not in str(caught.value)


def test_analyze_records_fails_only_the_broken_record(exploding_engine):
    good = Record("r1", "chat.jsonl", "jsonl", [Segment(text="Mail dana.holt@example.org please.")])
    bad = Record("r2", "chat.jsonl", "jsonl", [Segment(text=f"see {TRIGGER} here")])
    results = exploding_engine.analyze_records([good, bad])
    assert good.errors == []
    assert good.complete
    assert any(f.entity_type == "EMAIL_ADDRESS" for f in results[0][0])
    assert bad.errors == ["segment 0: detection failed (RuntimeError)"]
    assert not bad.complete


def test_redecide_entry_with_unhashable_category_is_ineligible_not_a_crash():
    entry = {
        "source": "a.jsonl",
        "record_id": "1",
        "format": "jsonl",
        "data_class": "customer_content",
        "complete": True,
        "error_count": 0,
        "categories": [{"PII": 1}],
        "entity_counts": {},
        "decisions": {},
    }
    new_entry, problems = redecide_entry(entry, ConsentStore({}, ""), load_policy())
    assert problems
    assert new_entry["complete"] is False
    assert all(d["outcome"] == "ineligible" for d in new_entry["decisions"].values())


def test_slack_message_that_is_not_an_object_fails_its_conversation_and_is_not_copied(tmp_path):
    import json
    import shutil
    from pathlib import Path

    from classifier.formats import read_path, redact_file

    fixtures = Path(__file__).parent / "fixtures" / "formats" / "slack_export"
    source = tmp_path / "export"
    shutil.copytree(fixtures, source)
    day = source / "random" / "2024-03-04.json"
    messages = json.loads(day.read_text(encoding="utf-8"))
    secret = "Call Zorbal Quince on 555-0142"
    day.write_text(json.dumps([secret, *messages]), encoding="utf-8")

    records = {r.record_id: r for r in read_path(source)}
    broken = [r for r in records.values() if r.metadata.get("channel") == "random"]
    assert len(broken) == 1 and not broken[0].complete
    assert all(secret not in message for message in broken[0].errors)
    assert all(r.complete for r in records.values() if r.metadata.get("channel") != "random")

    class NoFindings:
        def analyze_record(self, record):
            return [[] for _ in record.segments]

    output = tmp_path / "out"
    redact_file(NoFindings(), source, output)
    written = "".join(p.read_text(encoding="utf-8") for p in output.rglob("*.json"))
    assert "Zorbal" not in written


def test_decide_skips_a_line_that_is_not_utf8_and_decides_the_rest(tmp_path, capsys):
    import json

    from classifier.cli.main import main

    scan = tmp_path / "scan"
    scan.mkdir()
    good = {
        "source": "a.vtt",
        "record_id": "1",
        "format": "zoom_vtt",
        "data_class": "customer_content",
        "origin": None,
        "complete": True,
        "error_count": 0,
        "categories": [],
        "entity_counts": {},
        "decisions": {},
    }
    bad = b'{"source": "b\xff.vtt", "record_id": "Zorbal Quince"}\n'
    (scan / "documents.jsonl").write_bytes(bad + json.dumps(good).encode() + b"\n")
    consent = tmp_path / "consent.csv"
    consent.write_text(
        "account_id,ai_training_opt_in,explicit_consent,third_party_training,recorded_at\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    code = main(["decide", "--scan", str(scan), "--consent", str(consent), "--out", str(out)])
    assert code == 3
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["record_id"] for line in lines] == ["1"]
    err = capsys.readouterr().err
    assert "line 1" in err and "Zorbal" not in err
