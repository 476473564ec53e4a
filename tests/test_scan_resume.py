"""kill -9 in the middle of a real `classifier scan`, then --resume: every record exactly once."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from classifier.cli.main import main
from classifier.eligibility import decision_counts
from tests.spinning import write_spinning_recognizer

FILES = 400
LINES_PER_FILE = 4
WORDS = "the meeting moved to thursday please send notes about budget review and the launch plan".split()


def make_corpus(root: Path, files: int = FILES) -> None:
    rng = random.Random(7)
    for index in range(files):
        folder = root / f"team{index % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        lines = []
        for line in range(LINES_PER_FILE):
            words = rng.choices(WORDS, k=18)
            if line % 2 == 0:
                words.append(f"call 212-555-{rng.randrange(1000, 9999)}")
            lines.append(json.dumps({"id": f"{index}-{line}", "text": " ".join(words)}))
        (folder / f"chat{index:04d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def command(corpus: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "classifier",
        "scan",
        str(corpus),
        "--out",
        str(out),
        "--no-ner",
        "--quiet",
        "--workers",
        "1",
        *extra,
    ]


def done_lines(out: Path) -> int:
    path = out / ".scan" / "done.jsonl"
    return path.read_bytes().count(b"\n") if path.exists() else 0


def test_kill_9_then_resume_gives_every_record_exactly_once(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    make_corpus(corpus)
    out = tmp_path / "out"
    process = subprocess.Popen(command(corpus, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while done_lines(out) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "the scan finished before it could be killed; make the corpus larger"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert not (out / "documents.jsonl").exists()
    finished_before = done_lines(out)
    assert 0 < finished_before

    assert main(command(corpus, out, "--resume")[3:]) == 0
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    docs = [json.loads(line) for line in lines]
    keys = [(d["source"], d["record_id"]) for d in docs]
    assert len(keys) == len(set(keys)) == FILES * LINES_PER_FILE
    findings = [json.loads(line) for line in (out / "findings.jsonl").read_text().splitlines()]
    finding_keys = [
        (f["source"], f["record_id"], f["segment"], f["start"], f["entity_type"]) for f in findings
    ]
    assert len(finding_keys) == len(set(finding_keys)) == FILES * LINES_PER_FILE // 2
    summary = json.loads((out / "summary.json").read_text())
    assert summary["files"] == FILES and summary["records"] == FILES * LINES_PER_FILE
    # decisions are counted in the workers per file: a file redone after the kill counts once
    assert summary["decisions"] == decision_counts(docs)
    assert summary["decisions"]["documents"] == FILES * LINES_PER_FILE

    fresh = tmp_path / "fresh"
    assert main(command(corpus, fresh)[3:]) == 0
    assert (fresh / "documents.jsonl").read_bytes() == (out / "documents.jsonl").read_bytes()
    assert (fresh / "findings.jsonl").read_bytes() == (out / "findings.jsonl").read_bytes()


@pytest.mark.timeout(300)
def test_worker_count_does_not_change_the_outputs(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    make_corpus(corpus, files=60)
    for name, workers in (("one", "1"), ("two", "2")):
        args = command(corpus, tmp_path / name)[3:]
        args[args.index("--workers") + 1] = workers
        assert main(args) == 0
    for output in ("documents.jsonl", "findings.jsonl"):
        assert (tmp_path / "one" / output).read_bytes() == (tmp_path / "two" / output).read_bytes()


def children_of(pid: int) -> list[int]:
    """Process ids whose parent is `pid` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.timeout(180)
def test_workers_exit_when_the_driver_is_killed(tmp_path: Path) -> None:
    """A driver killed with -9 cannot stop its pool: the workers must not go on as orphans."""
    folder = tmp_path / "recognizers"
    write_spinning_recognizer(folder, 300)
    corpus = tmp_path / "corpus"
    make_corpus(corpus, files=8)
    config = tmp_path / "classifier.yaml"
    config.write_text(f"record_timeout: 0\nrecognizer_dirs: [{json.dumps(str(folder))}]\n", encoding="utf-8")
    base = command(corpus, tmp_path / "out", "--config", str(config))
    base[base.index("--workers") + 1] = "2"
    process = subprocess.Popen(base, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while not workers and time.monotonic() < deadline:
            time.sleep(0.2)
            workers = [pid for pid in children_of(process.pid) if b"spawn_main" in cmdline(pid)]
        assert workers, "the scan did not start its workers"
        time.sleep(3)  # let them load the engine and take a task
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [pid for pid in workers if alive(pid)]
    for pid in left:  # do not leave them spinning after a failure
        os.kill(pid, signal.SIGKILL)
    assert not left, "worker processes went on after their driver was killed"


def test_resume_refuses_a_changed_consent_file_config_or_recognizer_folder(tmp_path: Path, capsys) -> None:
    """Files edited in place between a run and its --resume would mix two setups in one output:
    records scanned before under the old consent, after under the new."""
    corpus = tmp_path / "corpus"
    make_corpus(corpus, files=6)
    consent = tmp_path / "consent.csv"
    header = "account_id,ai_training_opt_in,explicit_consent,third_party_training,recorded_at\n"
    consent.write_text(header + "acme,true,,false,2024-01-01\n", encoding="utf-8")
    recognizers = tmp_path / "recognizers"
    recognizers.mkdir()
    config = tmp_path / "classifier.yaml"
    config.write_text("default_threshold: 0.5\n", encoding="utf-8")
    out = tmp_path / "out"
    options = ["--consent", str(consent), "--recognizers", str(recognizers), "--config", str(config)]
    args = command(corpus, out, *options)[3:]
    assert main(args) == 0

    def interrupted() -> None:
        """What a kill after the first part leaves: only its line in the done-manifest."""
        done = out / ".scan" / "done.jsonl"
        done.write_text(done.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")

    changes = [
        (consent, header + "acme,false,,false,2024-01-01\n"),
        (config, "default_threshold: 0.9\n"),
        (recognizers / "extra.yaml", "recognizers: []\n"),
    ]
    for path, text in changes:
        interrupted()
        before = path.read_text(encoding="utf-8") if path.exists() else None
        path.write_text(text, encoding="utf-8")
        capsys.readouterr()
        assert main([*args, "--resume"]) == 2, path.name
        assert "other inputs or options" in capsys.readouterr().err
        if before is None:
            path.unlink()
        else:
            path.write_text(before, encoding="utf-8")
    interrupted()
    assert main([*args, "--resume"]) == 0  # everything as it was: the scan is finished
    assert len((out / "documents.jsonl").read_text(encoding="utf-8").splitlines()) == 6 * LINES_PER_FILE
