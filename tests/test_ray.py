"""The Ray executor (on a local Ray) writes the same documents.jsonl and findings.jsonl as the local one."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from classifier.cli.main import main
from tests.spinning import write_spinning_recognizer

ray = pytest.importorskip("ray")

pytestmark = [pytest.mark.ray, pytest.mark.timeout(600)]


def test_ray_matches_local_byte_for_byte(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
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
    capfd.readouterr()
    try:
        code = main(["scan", *common, "--out", str(tmp_path / "ray"), "--engine", "ray", "--workers", "2"])
    finally:
        ray.shutdown()
    assert code == 0
    # --quiet: none of Ray's Python notices ("dataset finished", "progress bars disabled", token
    # authentication); lines of Ray's C++ core ("[date E pid] core_worker.cc:...") are its own
    err = capfd.readouterr().err.splitlines()
    assert [line for line in err if not re.search(r"\] \w+\.cc:\d+:", line)] == []
    for name in ("documents.jsonl", "findings.jsonl"):
        local = (tmp_path / "local" / name).read_bytes()
        assert local, name
        assert (tmp_path / "ray" / name).read_bytes() == local, name
    summary = json.loads((tmp_path / "ray" / "summary.json").read_text())
    assert summary["run"]["engine"] == "ray" and summary["records"] == 25


def test_ray_windows_keep_no_bytes_in_the_driver(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tasks go to Ray in windows bounded by bytes; what the driver keeps of each task for its
    result has no bytes left, and every task's result comes back once."""
    from classifier.batch.executors import ray as ray_executor
    from classifier.batch.items import SourceItem
    from classifier.batch.worker import ScanSettings
    from classifier.config import Config

    monkeypatch.setattr(ray_executor, "WINDOW_BYTES_PER_WORKER", 40)
    tasks = [
        [SourceItem(f"m{i}.jsonl", f"m{i}.jsonl", data=b'{"text": "hello there"}\n', size=25)]
        for i in range(5)
    ]
    shipped_windows: list[int] = []
    windows = ray_executor.windows

    def counted(*args: object) -> object:
        for window in windows(*args):  # type: ignore[arg-type]
            shipped_windows.append(len(window))
            yield window

    monkeypatch.setattr(ray_executor, "windows", counted)
    seen: list[tuple[str, bytes | None, int]] = []
    try:
        ray_executor.run_ray(
            ScanSettings(config=Config(use_ner=False)),
            iter(tasks),
            lambda task, result: seen.append((task[0].source, task[0].data, len(result.documents))),
            1,
            None,
        )
    finally:
        ray.shutdown()
    assert shipped_windows == [2, 2, 1]  # 40 bytes per worker, 25 per task
    assert sorted(seen) == [(f"m{i}.jsonl", None, 1) for i in range(5)]


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
