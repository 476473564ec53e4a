"""`classifier recognizers list | validate | test`: inspect and check recognizers.

`list` shows every recognizer the engine would load (name, entities, category,
source, enabled); `validate` checks files for schema problems, broken regexes
and catastrophic backtracking; `test` runs each recognizer's `examples`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from classifier.cli.common import USAGE_ERRORS, add_engine_options, config_from_args, error, setup_logging
from classifier.cli.main import EPILOG
from classifier.config import PROBE_TIMEOUT, Config, ConfigError, option_value

if TYPE_CHECKING:  # the registry imports Presidio and spaCy: not for building the parser
    from presidio_analyzer import EntityRecognizer

EXAMPLES = """examples:
  classifier recognizers list --recognizers ./district
  classifier recognizers validate ./district/student_id.yaml
  classifier recognizers test ./district
  classifier recognizers test                 # every built-in and configured recognizer

"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "recognizers",
        help="list, validate and test recognizers",
        description="Inspect the recognizers the engine loads and check your own before using them.",
        epilog=EXAMPLES + EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True

    listing = actions.add_parser("list", help="name, entities, category, source and state of each recognizer")
    listing.add_argument("--json", action="store_true", help="one JSON object per recognizer")
    add_engine_options(listing)
    listing.set_defaults(func=run_list)

    validate = actions.add_parser(
        "validate", help="schema, regex and catastrophic-backtracking checks (exit 1 on any problem)"
    )
    validate.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="recognizer file or folder")
    validate.add_argument(
        "--probe-timeout",
        type=float,
        default=PROBE_TIMEOUT,
        metavar="SECONDS",
        help=f"time limit of each backtracking probe, above 0 (default {PROBE_TIMEOUT:g})",
    )
    validate.set_defaults(func=run_validate)

    test = actions.add_parser("test", help="run the `examples` of recognizers (exit 1 on any failure)")
    test.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="recognizer file or folder (default: all loaded)"
    )
    test.add_argument(
        "--full-engine",
        action="store_true",
        help="run all recognizers together (an example also fails if another recognizer wins the overlap)",
    )
    add_engine_options(test)
    test.set_defaults(func=run_test)


def run_list(args: argparse.Namespace) -> int:
    from classifier.registry import discover_recognizers

    setup_logging(args)
    try:
        config = config_from_args(args)
        recognizers = discover_recognizers(config)
    except USAGE_ERRORS as exc:
        error(str(exc))
        return 2
    rows = [_row(r, config) for r in recognizers]
    if args.json:
        for row in rows:
            print(json.dumps(row))
        return 0
    headers = ("name", "entities", "category", "source", "enabled")
    table = [headers] + [
        (
            row["name"],
            ",".join(row["entities"]),
            row["category"],
            row["source"],
            "yes" if row["enabled"] else "no",
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(headers) - 1)]
    for line in table:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=False)) + "  " + line[-1]
        )
    return 0


def _row(recognizer: EntityRecognizer, config: Config) -> dict:
    return {
        "name": recognizer.name,
        "entities": list(recognizer.supported_entities),
        "category": recognizer.category.value,
        "source": str(recognizer.source),
        "enabled": config.is_enabled(recognizer.name),
    }


def run_validate(args: argparse.Namespace) -> int:
    from classifier.registry.validate import validate_paths

    try:  # NaN never times out (the probe of a catastrophic pattern hangs), 0 or less flags every pattern
        probe_timeout = option_value("--probe-timeout", "regex_timeout", args.probe_timeout)
    except ConfigError as exc:
        error(str(exc))
        return 2
    report = validate_paths(args.paths, probe_timeout)
    for note in report.notes:
        print(f"note: {note}")
    for problem in report.problems:
        print(problem)
    summary = (
        f"{report.files} file(s), {report.recognizers} recognizer(s), {report.patterns} pattern(s) checked"
    )
    if report.problems:
        print(f"{len(report.problems)} problem(s) in {summary}", file=sys.stderr)
        return 1
    print(f"ok: {summary}")
    return 0


def run_test(args: argparse.Namespace) -> int:
    from classifier.registry import build_recognizers
    from classifier.registry.examples import run_examples

    setup_logging(args)
    try:
        config = config_from_args(args)
        configured = build_recognizers(config) if args.full_engine or not args.paths else []
        tested = _load_paths(args.paths, config) if args.paths else configured
        results = run_examples(tested, config, full_engine=args.full_engine, others=configured)
    except USAGE_ERRORS as exc:
        error(str(exc))
        return 2
    failures = [r for r in results if not r.passed]
    for failure in failures:
        print(f"FAIL {failure.describe()}")
    checked = {r.recognizer for r in results}
    print(
        f"{len(results)} example(s) of {len(checked)} recognizer(s): {len(results) - len(failures)} passed, "
        f"{len(failures)} failed"
    )
    return 1 if failures else 0


def _load_paths(paths: list[Path], config: Config) -> list[EntityRecognizer]:
    """The recognizers of the given files and folders, under the time limit the engine gives them.

    Without `limit_pattern_recognizer` a plain Presidio recognizer would run with Presidio's own
    timeout, which logs and skips the pattern: a catastrophic `no_match` example would pass.
    """
    from classifier.registry import CategorizedPatternRecognizer, load_folder, load_yaml_file
    from classifier.registry.discovery import is_yaml, load_python_file
    from classifier.registry.limits import limit_pattern_recognizer

    recognizers: list[EntityRecognizer] = []
    for path in paths:
        if path.is_dir():
            recognizers.extend(load_folder(path, config))
        elif path.is_file() and is_yaml(path):
            recognizers.extend(load_yaml_file(path, config.regex_timeout))
        elif path.is_file() and path.suffix == ".py":
            recognizers.extend(load_python_file(path))
        else:
            raise ConfigError(f"{path}: not a recognizer folder, YAML or Python file")
    for recognizer in recognizers:  # as `discover_recognizers` does for configured folders
        limit_pattern_recognizer(recognizer, config.regex_timeout)
        if isinstance(recognizer, CategorizedPatternRecognizer):
            recognizer.regex_timeout = config.regex_timeout
    return recognizers
