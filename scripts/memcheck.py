"""Does a scan of a large archive of text hold memory flat? Build one, scan it, report peak memory.

    .venv/bin/python scripts/memcheck.py                       # ~1 GB of text, --no-ner, 2 workers
    .venv/bin/python scripts/memcheck.py --size-mb 40          # a quick look
    .venv/bin/python scripts/memcheck.py --text-every 200      # 1 text member in 200, the rest blobs
    .venv/bin/python scripts/memcheck.py --keep                # keep the archive, to scan it again:
    .venv/bin/python scripts/memcheck.py --archive KEPT/conversations.tar.gz

The archive is a seeded .tar.gz of members of about 1 MB, written to a temporary
folder one member at a time, so building it holds no more than a member in
memory. By default every member is text in a format the scan reads, in a mix
of service-generated and conversation files (2 : 2 : 1):

- JSON Lines telemetry (`.jsonl`): nested events (app, device, session,
  metrics, an error object), one line in about forty with an identifier
  (an email, an IP, a user's Windows path, a URL-encoded email);
- WebVTT transcripts (`.vtt`), Zoom style (`Name: text` cues) and Teams style
  (`<v Name>` voice tags, GUID cue ids) in turn, lowercase speech-recognition
  text, a few cues in a hundred with a phone number, an email, a student number
  or a health or school fact;
- plain-text Zoom chats (`.txt`), the `From A to Everyone :` and the tabbed
  export in turn, with the same low share of identifiers.

With `--text-every N` only every Nth member is text; the others are binary blobs
that are streamed out of the archive, shipped to the workers and rejected there
as error records (1 GB through every stage but the recognizers in minutes).

The scan runs as a real `classifier scan --no-ner` subprocess; its process tree
(driver + workers) is sampled every 0.2 s from /proc. Printed: archive size
compressed and uncompressed, members, records scanned (DIR/summary.json, per
format from DIR/documents.jsonl) and segments written, wall time, MB/s, peak RSS
of the whole tree and of the largest process, and the peaks of each quarter of
the run (flat or growing?). Not part of the test suite: it runs for minutes.
"""

from __future__ import annotations

import argparse
import gzip
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
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

MB = 1024 * 1024
#: member kinds in turn: service-generated and conversation files, 2 : 2 : 1
ROTATION = ("telemetry", "vtt", "chat", "telemetry", "vtt")

FIRST = (
    "dana marcus priya jordan aisha tomas mei oliver fatima lukas sofia kwame ingrid rahul "
    "elena jamal hannah diego yuki noah amara pavel chloe omar beatriz sven leila victor nia"
).split()
LAST = (
    "whitfield oyelaran raman pike okafor novak chen hughes haddad becker rossi mensah lund "
    "sharma petrova brooks meyer alvarez tanaka grant osei ivanov dubois khan silva berg"
).split()
TOPICS = (
    "budget roadmap onboarding migration rollout survey curriculum schedule dashboard invoice "
    "vendor contract release backlog timeline forecast hiring audit syllabus newsletter"
).split()
NOUNS = (
    "deck draft spreadsheet ticket report template link calendar invite slide chart agenda "
    "summary checklist proposal estimate folder doc form quiz rubric"
).split()
ADJ = "fine late solid rough better worse tight ready blocked done messy clear".split()
DAYS = "monday tuesday wednesday thursday friday tomorrow".split()
MONTHS = "january february march april may june july august september october".split()
CONDITIONS = "asthma diabetes migraines anxiety a broken wrist an ear infection".split(" ")
COURSES = "algebra biology chemistry history spanish geometry".split()
DIGITS = "zero one two three four five six seven eight nine".split()

SAY = (
    "can everyone see my screen",
    "okay let's pick up where we left off on the {topic}",
    "i think the {topic} numbers for {month} look {adj}",
    "{first} are you still on the line",
    "we need the {topic} {noun} by {day}",
    "sorry i was on mute, what did you say about the {noun}",
    "ticket {ticket} is still open for the {topic}",
    "the build {hash} fixed the {noun} issue i think",
    "i'll follow up with {first} after the call",
    "room {room} is booked from {hour} to {hour2}",
    "let me drop the {noun} in the chat",
    "so the {topic} is {adj} but the {noun} still needs work",
    "who owns the {topic} piece now that {first} moved teams",
    "quick update, the {noun} for the {topic} went out {day}",
    "can we table the {topic} until {day}",
    "i can take the {noun}, {first} has the {topic}",
    "my audio keeps cutting out, give me a second",
    "meeting id is {meeting} if anyone drops",
    "version {version} broke the {noun} export again",
    "yeah that makes sense to me",
    "let's give it {n} more minutes and then wrap up",
    "the {topic} review moved to {day} at {hour}",
)
SAY_SENSITIVE = (
    "you can reach me at {phone_spoken}",
    "send it to {login} at example dot com",
    "{first}'s student number is s {digits}",
    "{first} said the {condition} is acting up again this week",
    "{first} got a {grade} in {course} last term",
    "my cell is {phone}",
)
CHAT = (
    "thx",
    "brb",
    "can u share the link pls",
    "+1",
    "lol same",
    "is the {noun} due {day}",
    "where do we submit the {noun}",
    "{first} ur muted",
    "i'll send the {noun} after",
    "sorry late, {topic} call ran over",
    "link to the {topic} {noun}: https://docs.example.com/d/{hash}",
    "ticket {ticket} fyi",
    "the {noun} is in the {topic} folder",
    "ok sounds good",
    "can we move the {topic} sync to {day}?",
    "agree w {first}",
    "numbers for {month} look {adj}",
)
CHAT_SENSITIVE = (
    "my number is {phone} if the link breaks",
    "pls email me at {login}@example.com",
    "{first} is out, {condition} again",
    "student id s{digits} for the {course} form",
)
EVENTS = "login join_meeting leave_meeting share_screen crash upload settings_changed reconnect".split()
OSES = ("Windows 11", "Windows 10", "macOS 14.4", "Ubuntu 22.04", "iOS 17.2", "Android 14")
LOCALES = ("en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "ja-JP", "pt-BR")
ERRORS = (
    "timeout after {n} ms contacting {host}",
    "socket closed unexpectedly while rendering frame {n}",
    "failed to open C:\\Program Files\\Client\\plugins\\{noun}.dll",
    "retry {small} of 5 for upload chunk {n}",
    "decoder fell back to software on {os}",
    "cache miss for {noun} template, rebuilt in {n} ms",
    "GET https://api.example.com/v2/{noun}s?page={small} returned 503",
)
ERRORS_SENSITIVE = (
    "failed to read C:\\Users\\{login}\\AppData\\Roaming\\Client\\{noun}.json",
    "sign-in rejected for {login}@example.com",
    "peer 10.{small}.{n8}.{n8} refused the connection",
    "redirect to https://login.example.com/cb?email={login}%40example.com&state={hash}",
)


@dataclass
class Built:
    members: int = 0
    bytes: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    #: cues, chat messages and telemetry string values written (what becomes a segment)
    segments: Counter[str] = field(default_factory=Counter)


def fill(rng: random.Random, template: str) -> str:
    """A template with its slots drawn from the pools (most lines come out unique)."""
    values = {
        "first": rng.choice(FIRST),
        "topic": rng.choice(TOPICS),
        "noun": rng.choice(NOUNS),
        "adj": rng.choice(ADJ),
        "day": rng.choice(DAYS),
        "month": rng.choice(MONTHS),
        "ticket": f"OPS-{rng.randrange(1000, 99999)}",
        "hash": f"{rng.randrange(16**7):07x}",
        "room": f"{rng.randrange(1, 9)}{rng.randrange(10, 60)}",
        "hour": f"{rng.randrange(8, 12)}",
        "hour2": f"{rng.randrange(12, 18)}",
        "meeting": f"{rng.randrange(100, 999)} {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)}",
        "version": f"{rng.randrange(4, 7)}.{rng.randrange(20)}.{rng.randrange(10)}",
        "n": str(rng.randrange(2, 5000)),
        "n8": str(rng.randrange(256)),
        "small": str(rng.randrange(1, 6)),
        "host": f"edge-{rng.randrange(99):02d}.example.net",
        "os": rng.choice(OSES),
        "phone": f"555-{rng.randrange(100):03d}-{rng.randrange(10000):04d}",
        "phone_spoken": " ".join(DIGITS[int(d)] for d in f"555{rng.randrange(10**7):07d}"),
        "login": f"{rng.choice(FIRST)}.{rng.choice(LAST)}{rng.randrange(100)}",
        "digits": f"{rng.randrange(10**7):07d}",
        "condition": rng.choice(CONDITIONS),
        "grade": rng.choice("abcdf"),
        "course": rng.choice(COURSES),
    }
    return template.format(**values)


def utterance(rng: random.Random, plain: tuple[str, ...], sensitive: tuple[str, ...], share: float) -> str:
    """One cue or message: one or two sentences, a sensitive one with probability `share`."""
    pool = sensitive if rng.random() < share else plain
    text = fill(rng, rng.choice(pool))
    if rng.random() < 0.3:
        text += ", " + fill(rng, rng.choice(plain))
    return text


def people(rng: random.Random) -> list[str]:
    return [f"{rng.choice(FIRST).title()} {rng.choice(LAST).title()}" for _ in range(rng.randrange(3, 7))]


def clock(seconds: float, sep: str = ".") -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}{sep}{int(seconds * 1000) % 1000:03d}"


def strings(value: object) -> int:
    """String values in a JSON value (each is a telemetry segment)."""
    if isinstance(value, str):
        return 1
    if isinstance(value, dict):
        return sum(strings(v) for v in value.values())
    if isinstance(value, list):
        return sum(strings(v) for v in value)
    return 0


def telemetry_member(rng: random.Random, index: int, size: int) -> tuple[bytes, int]:
    """JSON Lines events with nested fields; about one line in forty carries an identifier."""
    out = io.StringIO()
    segments = 0
    line = 0
    while out.tell() < size:
        sensitive = rng.random() < 0.025
        event = {
            "id": f"evt-{rng.randrange(16**12):012x}",
            "ts": f"2026-03-{1 + index % 28:02d}T{clock(line * 7 % 86400)[:8]}Z",
            "event": rng.choice(EVENTS),
            "app": {"name": "client", "version": fill(rng, "{version}"), "build": fill(rng, "{hash}")},
            "device": {
                "id": f"dev-{rng.randrange(16**8):08x}",
                "os": rng.choice(OSES),
                "locale": rng.choice(LOCALES),
            },
            "session": {"meeting_id": fill(rng, "{meeting}"), "duration_ms": rng.randrange(10, 10**7)},
            "metrics": {
                "latency_ms": rng.randrange(1, 5000),
                "fps": rng.randrange(5, 61),
                "loss": rng.random() / 10,
            },
        }
        if sensitive or rng.random() < 0.3:
            event["error"] = {
                "code": f"E{rng.randrange(1000, 9999)}",
                "message": fill(rng, rng.choice(ERRORS_SENSITIVE if sensitive else ERRORS)),
                "tags": rng.sample(["net", "ui", "audio", "video", "auth", "io"], rng.randrange(1, 3)),
            }
        segments += strings(event)
        out.write(json.dumps(event) + "\n")
        line += 1
    return out.getvalue().encode("utf-8"), segments


def vtt_member(rng: random.Random, index: int, size: int) -> tuple[bytes, int]:
    """A long WebVTT transcript: Zoom style (`Name: text`) or Teams style (`<v Name>`), by member."""
    teams = index % 2 == 1
    speakers = people(rng)
    out = io.StringIO()
    out.write("WEBVTT\n\n")
    at = 0.0
    cue = 0
    while out.tell() < size:
        cue += 1
        start = at + rng.uniform(0.1, 1.5)
        at = start + rng.uniform(1.5, 8.0)
        speaker = rng.choice(speakers)
        text = utterance(rng, SAY, SAY_SENSITIVE, 0.02)
        if teams:
            out.write(f"{rng.randrange(16**8):08x}-{rng.randrange(16**4):04x}-4{rng.randrange(16**3):03x}-")
            out.write(f"a{rng.randrange(16**3):03x}-{rng.randrange(16**12):012x}/{cue}-0\n")
            out.write(f"{clock(start)} --> {clock(at)}\n<v {speaker}>{text}</v>\n\n")
        else:
            out.write(f"{cue}\n{clock(start)} --> {clock(at)}\n{speaker}: {text}\n\n")
    return out.getvalue().encode("utf-8"), cue


def chat_member(rng: random.Random, index: int, size: int) -> tuple[bytes, int]:
    """A long Zoom chat export: `From A to Everyone :` lines or the tabbed export, by member."""
    tabbed = index % 2 == 1
    speakers = people(rng)
    out = io.StringIO()
    at = 0.0
    messages = 0
    while out.tell() < size:
        messages += 1
        at += rng.uniform(1.0, 8.0)
        sender = rng.choice(speakers)
        text = utterance(rng, CHAT, CHAT_SENSITIVE, 0.02)
        stamp = clock(at)[:8]
        if tabbed:
            out.write(f"{stamp}\t{sender}:\t{text}\n")
        elif rng.random() < 0.05:
            out.write(f"{stamp} From {sender} to {rng.choice(speakers)}(Direct Message) : {text}\n")
        else:
            out.write(f"{stamp} From {sender} to Everyone : {text}\n")
    return out.getvalue().encode("utf-8"), messages


WRITERS = {
    "telemetry": (telemetry_member, "telemetry/day{day:02d}/events-{index:05d}.jsonl"),
    "vtt": (vtt_member, "meetings/day{day:02d}/transcript-{index:05d}.vtt"),
    "chat": (chat_member, "meetings/day{day:02d}/chat-{index:05d}.txt"),
}


def build_archive(path: Path, size_mb: int, member_mb: float, text_every: int, seed: int) -> Built:
    """Write a .tar.gz of about `size_mb` uncompressed megabytes, one member in memory at a time."""
    rng = random.Random(seed)
    built = Built(members=max(1, int(size_mb / member_mb)))
    size = int(member_mb * MB)
    texts = 0
    with (
        open(path, "wb") as raw,
        gzip.GzipFile(filename="", fileobj=raw, mode="wb", compresslevel=1, mtime=0) as gz,
        tarfile.open(fileobj=gz, mode="w") as tf,
    ):
        for index in range(built.members):
            if index % text_every == 0:
                kind = ROTATION[texts % len(ROTATION)]
                texts += 1
                writer, pattern = WRITERS[kind]
                data, segments = writer(rng, index, size)
                name = pattern.format(day=index % 28, index=index)
                built.segments[kind] += segments
            else:
                kind = "blob"
                data = rng.randbytes(size)
                name = f"blobs/day{index % 28:02d}/blob-{index:05d}.bin"
            built.kinds[kind] += 1
            built.bytes += len(data)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 1_767_225_600  # fixed, like the gzip header: same seed, same bytes
            tf.addfile(info, io.BytesIO(data))
            del data
    return built


def tree_rss_mb(pid: int) -> tuple[float, float]:
    """Resident memory of a process and all its descendants, and of the largest of them, from /proc."""
    total = largest = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) / 1024
                    total += rss
                    largest = max(largest, rss)
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pending.extend(int(c) for c in children)
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total, largest


def quarter_peaks(samples: list[tuple[float, float, float]], seconds: float) -> list[tuple[float, float]]:
    """(tree, largest process) peaks of the samples in each quarter of the run."""
    peaks = [(0.0, 0.0)] * 4
    for at, tree, largest in samples:
        q = min(3, int(4 * at / seconds)) if seconds > 0 else 3
        peaks[q] = (max(peaks[q][0], tree), max(peaks[q][1], largest))
    return peaks


def records_by_format(documents: Path) -> Counter[str]:
    """documents.jsonl lines per format, read line by line."""
    counts: Counter[str] = Counter()
    if documents.exists():
        with open(documents, encoding="utf-8") as fh:
            for line in fh:
                counts[json.loads(line).get("format") or "?"] += 1
    return counts


def archive_bytes(archive: Path) -> int:
    """Uncompressed bytes of the members of a tar archive (read once, streamed)."""
    with tarfile.open(archive, "r:*") as tar:
        return sum(member.size for member in tar if member.isfile())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size-mb", type=int, default=1024, help="uncompressed size of the archive")
    parser.add_argument("--member-mb", type=float, default=1.0)
    parser.add_argument(
        "--text-every",
        type=int,
        default=1,
        help="every Nth member is text, the others binary blobs (default 1)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--archive", type=Path, help="scan this archive (kept from an earlier run) instead")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="memcheck-"))
    if args.archive:
        archive = args.archive
        uncompressed = archive_bytes(archive)
        print(f"archive: {archive}, {uncompressed / MB:.0f} MB uncompressed, "
              f"{archive.stat().st_size / MB:.1f} MB compressed", flush=True)  # fmt: skip
    else:
        archive = work / "conversations.tar.gz"
        started = time.monotonic()
        built = build_archive(archive, args.size_mb, args.member_mb, max(1, args.text_every), args.seed)
        build_seconds = time.monotonic() - started
        uncompressed = built.bytes
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(built.kinds.items()))
        segments = ", ".join(f"{n:,} {kind}" for kind, n in sorted(built.segments.items()))
        print(
            f"archive: {built.members} members ({kinds}), {built.bytes / MB:.0f} MB uncompressed, "
            f"{archive.stat().st_size / MB:.1f} MB compressed, built in {build_seconds:.0f}s"
        )
        print(f"segments written: {sum(built.segments.values()):,} ({segments})", flush=True)
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
    samples: list[tuple[float, float, float]] = []
    while process.poll() is None:
        tree, largest = tree_rss_mb(process.pid)
        samples.append((time.monotonic() - started, tree, largest))
        time.sleep(0.2)
    seconds = time.monotonic() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    ok = process.returncode in (0, 3)
    summary = json.loads((work / "out" / "summary.json").read_text()) if ok else {}
    by_format = records_by_format(work / "out" / "documents.jsonl") if ok else Counter()
    formats = ", ".join(f"{n:,} {fmt}" for fmt, n in sorted(by_format.items()))
    peak_tree = max((s[1] for s in samples), default=0.0)
    peak_one = max([s[2] for s in samples] + [usage])
    print(f"scan: exit code {process.returncode}, {seconds:.0f}s wall, {args.workers} worker(s), --no-ner")
    print(
        f"records scanned: {summary.get('records', 0):,} ({formats}); files: {summary.get('files')}, "
        f"error records: {summary.get('error_records')}, findings: {summary.get('findings', 0):,}"
    )
    print(f"throughput: {uncompressed / MB / seconds:.2f} MB/s of uncompressed archive")
    print(f"peak RSS, whole process tree (driver + workers, sampled every 0.2 s): {peak_tree:.0f} MB")
    print(f"peak RSS, largest single process (sampled / getrusage): {peak_one:.0f} MB")
    print(
        "peak RSS by quarter of the run, tree / largest process: "
        + ", ".join(
            f"{25 * q}-{25 * (q + 1)}%: {tree:.0f} / {one:.0f} MB"
            for q, (tree, one) in enumerate(quarter_peaks(samples, seconds))
        )
    )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"kept {work}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
