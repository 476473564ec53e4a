"""The Ray executor (on a local Ray) writes the same documents.jsonl and findings.jsonl as the local one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier.cli.main import main
from tests.spinning import write_spinning_recognizer

ray = pytest.importorskip("ray")

pytestmark = [pytest.mark.ray, pytest.mark.timeout(600)]


def test_ray_matches_local_byte_for_byte(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "b").mkdir(parents=True)
    for index in range(12):
        rows = [
            {"id": f"{index}-0", "text": f"Jordan Ellis said call 646-555-{1000 + index} after the review"},
            {"id": f"{index}-1", "text": "nothing to see in this line about the roadmap"},
        ]
        folder = corpus / ("b" if index % 2 else "")
        (folder / f"f{index:02d}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    (corpus / "talk.vtt").write_text(
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\nAvery Stone: my email is avery.stone@example.net\n"
    )
    common = [str(corpus), "--quiet", "--include", "*.jsonl", "--include", "*.vtt"]
    assert main(["scan", *common, "--out", str(tmp_path / "local"), "--workers", "1"]) == 0
    try:
        code = main(["scan", *common, "--out", str(tmp_path / "ray"), "--engine", "ray", "--workers", "2"])
    finally:
        ray.shutdown()
    assert code == 0
    for name in ("documents.jsonl", "findings.jsonl"):
        local = (tmp_path / "local" / name).read_bytes()
        assert local, name
        assert (tmp_path / "ray" / name).read_bytes() == local, name
    summary = json.loads((tmp_path / "ray" / "summary.json").read_text())
    assert summary["run"]["engine"] == "ray" and summary["records"] == 25


def test_ray_workers_fail_a_hanging_record_within_record_timeout(tmp_path: Path) -> None:
    """Ray Data calls the worker off the actor's main thread, where the limit needs its watchdog."""
    folder = tmp_path / "recognizers"
    write_spinning_recognizer(folder, 120, word="stall")
    config = tmp_path / "classifier.yaml"
    # roomy: the record that does not hang must finish within it in a fresh actor on a busy machine
    config.write_text(f"use_ner: false\nrecord_timeout: 10\nrecognizer_dirs: [{json.dumps(str(folder))}]\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # ids that are plainly ids: a failed record's other ids are withheld (`jsondata.is_structural_id`)
    rows = [{"id": "slow-1", "text": "please stall here"}, {"id": "fine-2", "text": "mail jo@example.net"}]
    (corpus / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "out"
    try:
        code = main(
            ["scan", str(corpus), "--out", str(out), "--quiet", "--config", str(config), "--engine", "ray"]
        )
    finally:
        ray.shutdown()
    assert code == 3  # some records failed
    docs = {d["record_id"]: d for d in map(json.loads, (out / "documents.jsonl").read_text().splitlines())}
    assert docs["slow-1"]["complete"] is False
    assert all(d["outcome"] == "ineligible" for d in docs["slow-1"]["decisions"].values())
    fine = docs["fine-2"]
    assert fine["complete"] is True and "EMAIL_ADDRESS" in json.dumps(fine), fine
