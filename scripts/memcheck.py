"""Does a scan of a large archive hold memory flat? Build one, scan it, report peak memory.

    .venv/bin/python scripts/memcheck.py                   # ~1 GB .tar.gz, --no-ner, 2 workers
    .venv/bin/python scripts/memcheck.py --size-mb 200 --text-every 1

The archive (members of about 1 MB, seeded) is written to a temporary folder one
member at a time, so building it holds no more than a member in memory. Every
`--text-every`-th member is JSON Lines telemetry that goes through detection;
the others are binary blobs that are streamed out of the archive, shipped to the
workers and rejected there as error records. Detection runs at tens of kB/s per
core, so an all-text gigabyte would take hours; the blobs make 1 GB flow through
every stage except the recognizers within minutes. The scan runs as a real `classifier scan` subprocess; its
process tree (driver + workers) is sampled every 0.2 s from /proc, and the
largest single process is also read from getrusage. Not part of the test
suite: it runs for minutes.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

MB = 1024 * 1024
EVENTS = ["login", "join_meeting", "share_screen", "crash", "upload", "settings_changed"]
WORDS = "client timeout retry socket closed unexpectedly while rendering frame buffer cache".split()


def member_bytes(rng: random.Random, index: int, size: int) -> bytes:
    """About `size` bytes of telemetry lines; one line in fifty carries an email or an IP."""
    out = io.StringIO()
    line = 0
    while out.tell() < size:
        event = {
            "ts": f"2026-03-{1 + index % 28:02d}T{line % 24:02d}:{line % 60:02d}:00Z",
            "event": rng.choice(EVENTS),
            "device": f"dev-{rng.randrange(16**8):08x}",
            "message": " ".join(rng.choices(WORDS, k=rng.randrange(4, 14))),
            "latency_ms": rng.randrange(1, 5000),
        }
        if line % 50 == 0:
            event["message"] += f" user=u{rng.randrange(10**6)}@example.com ip=10.0.{rng.randrange(256)}.7"
        out.write(json.dumps(event) + "\n")
        line += 1
    return out.getvalue().encode("utf-8")


def build_archive(path: Path, size_mb: int, member_mb: float, text_every: int, seed: int) -> tuple[int, int]:
    """Write a .tar.gz of about `size_mb` uncompressed megabytes; returns (members, text members)."""
    rng = random.Random(seed)
    members = max(1, int(size_mb / member_mb))
    texts = 0
    with tarfile.open(path, "w:gz", compresslevel=1) as tf:
        for index in range(members):
            folder = f"telemetry/day{index % 28:02d}"
            if index % text_every == 0:
                data = member_bytes(rng, index, int(member_mb * MB))
                name = f"{folder}/events-{index:05d}.jsonl"
                texts += 1
            else:
                data = rng.randbytes(int(member_mb * MB))
                name = f"{folder}/blob-{index:05d}.bin"
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return members, texts


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, from /proc."""
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pending.extend(int(c) for c in children)
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size-mb", type=int, default=1024, help="uncompressed size of the archive")
    parser.add_argument("--member-mb", type=float, default=1.0)
    parser.add_argument("--text-every", type=int, default=200, help="every Nth member is telemetry text")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="memcheck-"))
    archive = work / "telemetry.tar.gz"
    started = time.monotonic()
    members, texts = build_archive(archive, args.size_mb, args.member_mb, args.text_every, args.seed)
    built = time.monotonic() - started
    print(
        f"archive: {members} members ({texts} telemetry text), {args.size_mb} MB uncompressed, "
        f"{archive.stat().st_size / MB:.0f} MB on disk, built in {built:.0f}s",
        file=sys.stderr,
    )
    command = [
        sys.executable,
        "-m",
        "classifier",
        "scan",
        str(archive),
        "--out",
        str(work / "out"),
        "--no-ner",
        "--quiet",
        "--workers",
        str(args.workers),
        "--purpose",
        "first_party_training",
    ]
    started = time.monotonic()
    process = subprocess.Popen(command)
    peak_tree = 0.0
    while process.poll() is None:
        peak_tree = max(peak_tree, tree_rss_mb(process.pid))
        time.sleep(0.2)
    seconds = time.monotonic() - started
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    summary = json.loads((work / "out" / "summary.json").read_text()) if process.returncode in (0, 3) else {}
    print(f"exit code {process.returncode}; scan took {seconds:.0f}s")
    print(
        f"records: {summary.get('records')}, files: {summary.get('files')}, "
        f"error records: {summary.get('error_records')}"
    )
    print(f"peak RSS of the whole scan (driver + workers, sampled): {peak_tree:.0f} MB")
    print(f"peak RSS of the largest single process (getrusage): {largest:.0f} MB")
    print(f"throughput: {args.size_mb / seconds:.2f} MB/s with {args.workers} worker(s)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"kept {work}", file=sys.stderr)
    return 0 if process.returncode in (0, 3) else 1


if __name__ == "__main__":
    sys.exit(main())
