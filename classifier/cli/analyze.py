"""`classifier analyze`: find PII, PHI and EDU in a text, a text file or a JSONL file."""

from __future__ import annotations

import argparse
import json
from typing import IO, Any

from classifier.cli.common import (
    USAGE_ERRORS,
    AnalyzedLine,
    UsageError,
    add_engine_options,
    add_jsonl_options,
    analyze_jsonl,
    build_classifier,
    error,
    is_jsonl,
    output_stream,
    read_input_text,
    report_line,
    setup_logging,
)
from classifier.cli.main import EPILOG
from classifier.findings import Finding
from classifier.textio import read_text

EXAMPLES = """examples:
  classifier analyze "Hi, this is Maria Gonzalez, call 555-013-4477"
  cat notes.txt | classifier analyze
  classifier analyze --input notes.txt --include-values
  classifier analyze --input samples/texts.jsonl --output findings.jsonl
  classifier analyze --input events.jsonl --text-field message --id-field event_id -o out.jsonl

output: one JSON object {"categories": [...], "findings": [{start, end, entity_type, category,
score, recognizer}]}; for JSONL input one such line per input line, with "id": the id field, or
the line number when the line has no string or integer id or detection finds something in it (an
email address given as an id). Matched values are left out unless --include-values is given.
Input lines that are not JSON are reported on stderr by line number (never their content) and
skipped; the exit code is then 3.

"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "analyze",
        help="find PII, PHI and EDU in text, a text file or JSON Lines",
        description="Find personal identifiers (PII), health information (PHI) and education records "
        "(EDU) and print where they are, their type, category and score.",
        epilog=EXAMPLES + EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("text", nargs="?", metavar="TEXT", help="text to analyse; omitted or '-': read stdin")
    add_jsonl_options(
        parser,
        "JSONL file (.jsonl/.ndjson), one {id, text} object per line; any other file is read as one text",
    )
    parser.add_argument(
        "--include-values", action="store_true", help="also print the matched values (sensitive output)"
    )
    add_engine_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    setup_logging(args)
    try:
        if args.text is not None and args.input is not None:
            raise UsageError("give either TEXT or --input FILE, not both")
        if args.input is not None and is_jsonl(args.input):
            return _run_jsonl(args, build_classifier(args))
        text = read_text(args.input) if args.input is not None else read_input_text(args.text)
        return _run_text(args, build_classifier(args), text)
    except UsageError as exc:
        error(str(exc))
        return 2
    except USAGE_ERRORS as exc:
        error(str(exc))
        return 2


def result_dict(classifier: Any, findings: list[Finding], include_values: bool) -> dict[str, Any]:
    """The JSON shape of one analysed text."""
    return {
        "categories": [c.value for c in classifier.classify(findings).categories],
        "findings": [f.to_dict(include_value=include_values) for f in findings],
    }


def _run_text(args: argparse.Namespace, classifier: Any, text: str) -> int:
    from classifier.record_limit import analyze_texts, record_timeout_of

    # as a record of one segment: spoken and spelled-out values are found as in a scan
    per_text, failures = analyze_texts(classifier, [text], record_timeout_of(classifier))
    findings, errors = per_text[0], [failures[0]] if failures else []
    for message in errors:
        error(message)
    result = result_dict(classifier, findings, args.include_values)
    if errors:
        result["errors"] = errors
    with output_stream(args.output) as out:
        json.dump(result, out, indent=2, ensure_ascii=False)
        out.write("\n")
    if errors:
        return 3
    return 1 if findings else 0


def _run_jsonl(args: argparse.Namespace, classifier: Any) -> int:
    """Stream the file in batches, one output line per usable input line."""
    failed = 0
    found = False
    with output_stream(args.output) as out:
        for item in analyze_jsonl(args, classifier, "analyze"):
            if not isinstance(item, AnalyzedLine):
                failed += 1
                continue
            found = found or bool(item.findings)
            result: dict[str, Any] = {"id": item.record_id}
            result.update(result_dict(classifier, item.findings, args.include_values))
            if item.failure:
                result["errors"] = [item.failure]
                report_line(args.input, item.line.number, item.failure)
                failed += 1
            _write_line(out, result)
    if failed:
        return 3
    return 1 if found else 0


def _write_line(out: IO[str], data: dict[str, Any]) -> None:
    out.write(json.dumps(data, ensure_ascii=False))
    out.write("\n")
