"""`classifier redact`: replace PII, PHI and EDU in a text, a transcript/chat file or JSON Lines."""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from classifier.cli.common import (
    USAGE_ERRORS,
    AnalyzedLine,
    UsageError,
    add_engine_options,
    add_jsonl_options,
    add_key_options,
    analyze_jsonl,
    build_classifier,
    error,
    is_jsonl,
    load_key,
    output_stream,
    read_input_text,
    report_line,
    setup_logging,
    write_text,
)
from classifier.cli.main import EPILOG
from classifier.failures import FAILURES, os_reason
from classifier.records import Record
from classifier.redaction import MODES, Redactor

EXAMPLES = """modes:
  label      <PERSON>                      (default)
  mask       ***** (same length)
  redact     removed
  hash       <PERSON:1f2e3d4c5b6a7980>     keyed HMAC-SHA256, links values across records; needs a key
  pseudonym  <PERSON_1>, <PERSON_2>        consistent within one record
  encrypt    <ENC:PERSON:...:tag>          reversible with `classifier decrypt`; needs a key

examples:
  classifier redact "Call Maria Gonzalez at 555-013-4477"
  cat notes.txt | classifier redact --mode pseudonym
  classifier redact samples/meeting.vtt -o /tmp/meeting.redacted.vtt --mode pseudonym
  classifier redact --input samples/texts.jsonl --output /tmp/redacted.jsonl --mode mask
  CLASSIFIER_KEY=... classifier redact --mode encrypt "Maria's MRN is 00123456"

An INPUT that names an existing file is redacted in its own format (WebVTT, SRT, Zoom chat,
Slack export, JSONL telemetry...; --format to force one) and needs -o OUTPUT. With --input,
every other value of a line is redacted too: strings, keys like an email address and numbers
of 5 or more digits, and the id field unless it is plainly an id (msg-42, d1, c3f9, 42).
A record whose detection failed is never written
half-redacted: with --input only its id is kept (unless it could hold a value), its text
becomes null and an "errors" field is added; the exit code is then 3.

"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "redact",
        help="replace PII, PHI and EDU in text, transcripts, chats or JSON Lines",
        description="Replace what `analyze` finds, keeping the rest of the text (and file format) intact.",
        epilog=EXAMPLES + EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "text", nargs="?", metavar="TEXT|INPUT", help="text to redact, or a transcript/chat file; '-': stdin"
    )
    parser.add_argument(
        "--mode", choices=MODES, default="label", help="how to replace findings (default: label)"
    )
    parser.add_argument("--format", dest="fmt", metavar="NAME", help="format of INPUT (default: detected)")
    add_key_options(parser)
    add_jsonl_options(parser, "JSONL file (.jsonl/.ndjson), one {id, text} object per line")
    add_engine_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    setup_logging(args)
    try:
        key = load_key(args)
        Redactor(args.mode, key)  # fail on a missing key before loading spaCy
        if args.text is not None and args.input is not None:
            raise UsageError("give either TEXT/INPUT or --input FILE, not both")
        if args.input is not None:
            if not is_jsonl(args.input):
                raise UsageError(f"{args.input}: --input takes JSONL; for other files: redact INPUT -o OUT")
            return _run_jsonl(args, build_classifier(args), key)
        if args.text not in (None, "-") and _names_path(args.text):
            return _run_file(args, build_classifier(args), key)
        text = read_input_text(args.text)
        return _run_text(args, build_classifier(args), key, text)
    except UsageError as exc:
        error(str(exc))
        return 2
    except USAGE_ERRORS as exc:
        error(str(exc))
        return 2


def _names_path(text: str) -> bool:
    """Whether TEXT names an existing file or folder. A text that cannot be a path (a name too long
    for the system, ENAMETOOLONG on Python 3.11) is text: the OSError would carry the whole text
    into a traceback."""
    try:
        return Path(text).is_file() or Path(text).is_dir()
    except OSError:
        return False


def _run_text(args: argparse.Namespace, classifier: Any, key: str | None, text: str) -> int:
    from classifier.record_limit import analyze_texts, record_timeout_of

    # as a record of one segment: spoken and spelled-out values are found as in a scan
    per_text, failures = analyze_texts(classifier, [text], record_timeout_of(classifier))
    if failures:
        error(f"{failures[0]}; nothing written (the text would be only partly redacted)")
        return 3
    findings = per_text[0]
    with output_stream(args.output) as out:
        write_text(out, Redactor(args.mode, key).redact(text, findings), args.output)
    return 0


def _run_file(args: argparse.Namespace, classifier: Any, key: str | None) -> int:
    if args.output is None:
        raise UsageError(
            f"{args.text}: give -o OUTPUT for the redacted file (to redact the name itself, use stdin)"
        )
    from classifier.formats import FormatError, redact_file

    try:
        report = redact_file(classifier, Path(args.text), args.output, mode=args.mode, key=key, fmt=args.fmt)
    except FormatError as exc:
        error(str(exc))
        return 2
    except OSError as exc:  # an output that is a folder, or under a file; the path may be any name
        written = exc.filename is not None and Path(exc.filename) in (args.output, *args.output.parents)
        where = f"{args.output}: cannot write" if written else f"{args.text}: cannot read"
        error(f"{where} ({os_reason(exc)})")
        return 2
    for message in report.errors:
        error(message)
    if not args.quiet:
        print(
            f"classifier: {report.format}: {report.findings} finding(s) in {report.records} record(s) "
            f"redacted -> {report.output}",
            file=sys.stderr,
        )
    return 0 if report.complete else 3


def _run_jsonl(args: argparse.Namespace, classifier: Any, key: str | None) -> int:
    """Each line gets its text field and every other value redacted (one Redactor per line).

    Other values are the side values of `formats.jsonl` (string values, keys that could be a
    value, numbers of 5 or more digits, an id that could be a value) and the speaker field,
    analysed per batch of lines. A line whose text or side values could not be analysed keeps
    only its id, when that may be shown (fail closed).
    """
    failed = 0
    size = int(getattr(getattr(classifier, "config", None), "batch_size", 0) or 64)
    items = analyze_jsonl(args, classifier, "redact")
    with output_stream(args.output) as out:
        while chunk := list(itertools.islice(items, size)):
            sides = _side_values(args, classifier, chunk)
            for item in chunk:
                if not isinstance(item, AnalyzedLine):
                    failed += 1
                    continue
                side = sides.get(id(item))
                failure = item.failure or (side.errors[0] if side and side.errors else None)
                if failure:
                    report_line(args.input, item.line.number, f"{failure}; text withheld")
                    data = _withheld(item, args, failure)
                    failed += 1
                else:
                    data = _redacted(item, side, args, Redactor(args.mode, key))
                out.write(json.dumps(data, ensure_ascii=False) + "\n")
    return 3 if failed else 0


def _side_values(args: argparse.Namespace, classifier: Any, chunk: list[Any]) -> dict[int, _SideValues]:
    """The other values of each analysed line (by `id` of its item) with their findings: what the
    JSONL reader analyses besides the text, and the speaker field (see `formats.jsonl`)."""
    from classifier.formats import jsondata
    from classifier.formats.jsonl import handled_paths
    from classifier.record_limit import analyze_records, record_timeout_of

    sides: dict[int, _SideValues] = {}
    for item in chunk:
        if not isinstance(item, AnalyzedLine) or item.failure:
            continue
        data = item.line.data or {}
        skip = handled_paths(data, (args.text_field,), args.id_field, speaker_field=None)
        segments = jsondata.value_segments(data, item.line.number, skip=skip)
        if segments:
            record = Record(str(item.line.number), str(args.input), "jsonl", segments)
            sides[id(item)] = _SideValues(record)
    records = [side.record for side in sides.values()]
    if not records:
        return sides
    try:
        found = analyze_records(classifier, records, record_timeout_of(classifier))
    except FAILURES as exc:  # the lines fail closed, the run goes on
        for record in records:
            record.errors.append(f"analysis of other fields failed ({type(exc).__name__})")
        return sides
    for side, findings in zip(sides.values(), found, strict=True):
        side.findings = findings
    return sides


@dataclass
class _SideValues:
    record: Record
    findings: list[list[Any]] | None = None

    @property
    def errors(self) -> list[str]:
        return self.record.errors or ([] if self.findings is not None else ["analysis failed"])


def _redacted(item: AnalyzedLine, side: _SideValues | None, args: argparse.Namespace, redactor: Any) -> Any:
    from classifier.formats import jsondata

    data = dict(item.line.data or {})
    given = data.get(args.id_field)
    data[args.text_field] = redactor.redact(item.text, item.findings)
    found = [(item.text[f.start : f.end], f.entity_type) for f in item.findings]
    if side is not None and side.findings is not None:
        changes = []
        for segment, findings in zip(side.record.segments, side.findings, strict=True):
            changes.append((segment.location, segment.text, redactor.redact(segment.text, findings)))
            found += [(segment.text[f.start : f.end], f.entity_type) for f in findings]
        data = jsondata.apply(data, changes)
    # an id left as it was that repeats a value found on the line ("id": "mlopez85" next to a
    # user name field): alone it reads as nothing, so only this redacts it (`jsondata.changes`)
    entity_type = jsondata.found_value_in(str(given), found) if isinstance(given, (str, int)) else None
    if entity_type and data.get(args.id_field) == given and not isinstance(given, bool):
        data[args.id_field] = redactor.redact_value(str(given), entity_type)
    return data


def _withheld(item: AnalyzedLine, args: argparse.Namespace, failure: str) -> dict[str, Any]:
    """Fail closed: the id (when it is one that may be shown, `common.shown_ids`), a null text and
    the value-free reason."""
    given = (item.line.data or {}).get(args.id_field)
    kept = {args.id_field: given} if isinstance(given, (str, int)) and given == item.record_id else {}
    return {**kept, args.text_field: None, "errors": [failure]}
