"""`classifier decide`: re-decides an earlier scan under another consent file or policy, reproducibly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier.classification import Classification
from classifier.cli.main import main
from classifier.eligibility import (
    ConsentStore,
    decide_record,
    default_policy_path,
    document_entry,
    dumps_entry,
    load_policy,
)
from classifier.findings import Category
from classifier.records import DataClass, Record, Segment

HEADER = "account_id,ai_training_opt_in,explicit_consent,third_party_training,recorded_at\n"
PURPOSES = ["first_party_training", "third_party_training"]


def make_scan(tmp_path: Path) -> Path:
    """A scan folder as `classifier scan` writes it, built with the same library calls."""
    scan = tmp_path / "scan"
    scan.mkdir()
    records = [
        (Record("1", "acme/a.vtt", "zoom_vtt", [Segment("x")], metadata={"account_id": "acme"}), ["PII"]),
        (
            Record("2", "acme/b.vtt", "zoom_vtt", [Segment("x")], metadata={"account_id": "acme"}),
            ["PII", "PHI"],
        ),
        (Record("3", "globex/c.txt", "zoom_chat", [Segment("x")], metadata={"account_id": "globex"}), []),
        (Record("4", "t/e.jsonl", "jsonl", [Segment("x")], data_class=DataClass.SERVICE_GENERATED), []),
        (Record("5", "acme/d.vtt", "zoom_vtt", [Segment("x")], errors=["timeout"]), []),
    ]
    lines = []
    nobody = ConsentStore({})
    for record, categories in records:
        classification = Classification([Category(c) for c in categories], {}, {"PERSON": len(categories)})
        context, decisions = decide_record(record, classification, nobody, load_policy(), PURPOSES)
        lines.append(dumps_entry(document_entry(record, classification, decisions, context=context)))
    (scan / "documents.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return scan


def consent_file(tmp_path: Path, rows: str, name: str = "consent.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def outcomes(out: Path) -> dict[str, dict[str, str]]:
    result = {}
    for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        result[entry["record_id"]] = {p: d["outcome"] for p, d in entry["decisions"].items()}
    return result


def test_redecide_with_new_consent_without_scanning(tmp_path, capsys):
    scan = make_scan(tmp_path)
    consent = consent_file(tmp_path, "acme,true,PHI,false,2024-01-01\nglobex,false,,false,2024-01-01\n")
    code = main(["decide", "--scan", str(scan), "--consent", str(consent), "--out", str(tmp_path / "out")])
    assert code == 3  # record 5 was incomplete in the scan
    got = outcomes(tmp_path / "out")
    assert got["1"] == {
        "first_party_training": "eligible_after_redaction",
        "third_party_training": "ineligible",
    }
    assert got["2"] == {
        "first_party_training": "eligible_after_redaction",
        "third_party_training": "ineligible",
    }
    assert got["3"] == {"first_party_training": "ineligible", "third_party_training": "ineligible"}
    assert got["4"] == {"first_party_training": "eligible", "third_party_training": "ineligible"}
    assert got["5"] == {"first_party_training": "ineligible", "third_party_training": "ineligible"}
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["documents"] == 5 and summary["incomplete"] == 1
    assert summary["outcomes"]["first_party_training"] == {
        "eligible": 1,
        "eligible_after_redaction": 2,
        "ineligible": 2,
    }
    assert summary["outcomes"]["third_party_training"] == {
        "eligible": 0,
        "eligible_after_redaction": 0,
        "ineligible": 5,
    }
    assert summary["policy"]["name"] == "default" and len(summary["consent"]["sha256"]) == 64
    assert "generated_at" in summary
    assert "first_party_training: eligible 1" in capsys.readouterr().err


def test_output_is_byte_for_byte_reproducible(tmp_path):
    scan = make_scan(tmp_path)
    consent = consent_file(tmp_path, "acme,true,PHI;EDU,true,2024-01-01T00:00:00Z\n")
    for out in ("out1", "out2"):
        main(["decide", "--scan", str(scan), "--consent", str(consent), "--out", str(tmp_path / out)])
    first = (tmp_path / "out1" / "documents.jsonl").read_bytes()
    assert first == (tmp_path / "out2" / "documents.jsonl").read_bytes()
    assert b"generated_at" not in first


def test_other_policy_and_purposes(tmp_path):
    scan = make_scan(tmp_path)
    consent = consent_file(tmp_path, "acme,true,,false,2024-01-01\n")
    policy = tmp_path / "policy.yaml"
    text = (
        default_policy_path()
        .read_text(encoding="utf-8")
        .replace('name: default\nversion: "1.0"', 'name: ours\nversion: "7"')
    )
    policy.write_text(text, encoding="utf-8")
    args = ["decide", "--scan", str(scan), "--consent", str(consent), "--policy", str(policy)]
    main([*args, "--purpose", "feature_improvement:meeting_summary", "--out", str(tmp_path / "out")])
    lines = (tmp_path / "out" / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    decisions = [json.loads(line)["decisions"] for line in lines]
    assert all(list(d) == ["feature_improvement:meeting_summary"] for d in decisions)
    assert decisions[0]["feature_improvement:meeting_summary"]["policy"] == {"name": "ours", "version": "7"}


def test_without_out_the_documents_go_to_stdout(tmp_path, capsys):
    scan = make_scan(tmp_path)
    consent = consent_file(tmp_path, "")
    main(["decide", "--scan", str(scan), "--consent", str(consent)])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5 and all(json.loads(line)["decisions"] for line in lines)


@pytest.mark.parametrize(
    "consent_rows,extra,message",
    [
        ("acme,maybe,,false,2024-01-01\n", [], "consent.csv:2: ai_training_opt_in must be true/false"),
        ("", ["--purpose", "marketing"], "unknown purpose 'marketing'"),
        ("", ["--policy", "missing.yaml"], "missing.yaml: cannot read file"),
    ],
)
def test_bad_inputs_exit_2_with_a_clear_message(tmp_path, capsys, consent_rows, extra, message):
    scan = make_scan(tmp_path)
    consent = consent_file(tmp_path, consent_rows)
    code = main(
        ["decide", "--scan", str(scan), "--consent", str(consent), *extra, "--out", str(tmp_path / "o")]
    )
    assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "o" / "documents.jsonl").exists()


def test_refuses_to_overwrite_the_scan_and_needs_documents(tmp_path, capsys):
    scan = make_scan(tmp_path)
    consent = consent_file(tmp_path, "")
    before = (scan / "documents.jsonl").read_bytes()
    assert main(["decide", "--scan", str(scan), "--consent", str(consent), "--out", str(scan)]) == 2
    assert (scan / "documents.jsonl").read_bytes() == before
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["decide", "--scan", str(empty), "--consent", str(consent)]) == 2
    assert "no documents.jsonl" in capsys.readouterr().err


def test_malformed_lines_are_reported_by_number_and_fail_closed(tmp_path, capsys):
    scan = make_scan(tmp_path)
    lines = (scan / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    secret_line = '{"source": "x", "text": "SSN 078-05-1120"'
    tampered = json.loads(lines[3])
    del tampered["categories"]
    lines = [lines[3], secret_line, json.dumps(tampered)]
    (scan / "documents.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    consent = consent_file(tmp_path, "")
    code = main(["decide", "--scan", str(scan), "--consent", str(consent), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 3
    assert "line 2: not a JSON object; skipped" in err
    assert "line 3: 'categories' is missing" in err
    assert "078-05-1120" not in err
    got = outcomes(tmp_path / "out")
    assert got["4"]["first_party_training"] == "ineligible"
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["unreadable_lines"] == 1 and summary["documents"] == 2 and summary["incomplete"] == 1
