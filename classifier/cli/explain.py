"""`classifier explain TEXT`: show why each span was found and how its score came about.

The matched text is printed because the user passed the text in themselves;
nothing is logged.
"""

from __future__ import annotations

import argparse
import json

from classifier.cli.common import (
    USAGE_ERRORS,
    UsageError,
    add_engine_options,
    build_classifier,
    error,
    read_input_text,
    setup_logging,
)
from classifier.cli.main import EPILOG

EXAMPLES = """examples:
  classifier explain "student D12345679 missed the exam"
  classifier explain --recognizers ./district "student D12345679"
  echo "call 555-013-4477" | classifier explain --json

"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "explain",
        help="show which recognizer, pattern, validator and context words produced each finding",
        description="Analyse TEXT and explain every finding: recognizer and its source, pattern, "
        "validator verdict, context words that raised the score, final score and threshold. "
        "Unlike the other commands, it prints each matched text (you typed it in), also with --json.",
        epilog=EXAMPLES + EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("text", nargs="?", metavar="TEXT", help="text to explain; omitted or '-': read stdin")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    add_engine_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from classifier.registry.explain import explain

    setup_logging(args)
    try:
        text = read_input_text(args.text)
        result = explain(build_classifier(args), text)
    except (UsageError, *USAGE_ERRORS) as exc:
        error(str(exc))
        return 2
    if args.json:
        data = {"findings": [e.to_dict(include_value=True) for e in result.findings]}
        if result.error:
            data["errors"] = [result.error]
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        if not result.findings:
            print("nothing found")
        for item in result.findings:
            f = item.finding
            print(f"{f.entity_type} [{f.start}:{f.end}] {text[f.start : f.end]!r} score {f.score:.2f}")
            for step in item.steps:
                print(f"  - {step}")
    if result.error:
        error(result.error)
        return 3
    return 0
