"""Entry point of the `classifier` command.

Each sub-command lives in its own module under `classifier.cli` and exposes
`register(subparsers)`, which adds its parser and sets `func` to a callable
taking the parsed arguments and returning the exit code.

Exit codes (documented in `--help`):
  0  success, nothing sensitive found (analyze) or the job finished
  1  sensitive information found (analyze), or a recognizer test failed
  2  bad usage or unreadable input
  3  finished, but some records could not be processed (they were reported
     and treated as ineligible)
  130  interrupted (Ctrl-C)
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

#: Sub-command modules, in the order `--help` lists them.
COMMANDS: tuple[str, ...] = (
    "analyze",
    "redact",
    "decrypt",
    "decide",
    "recognizers",
    "explain",
    "scan",
)

EPILOG = """exit codes:
  0  success (for analyze: nothing sensitive found)
  1  sensitive information found (analyze) or a recognizer test failed
  2  bad usage or unreadable input
  3  done, but some records failed; they are reported and treated as ineligible
  130  interrupted (Ctrl-C)
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="classifier",
        description=(
            "Find personal identifiers (PII), health information (PHI) and education records (EDU) "
            "in transcripts, chat logs and telemetry; label or redact them; decide whether each "
            "record may be used to train AI models."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMANDS:
        importlib.import_module(f"classifier.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:
        # the reader went away (`classifier ... | head`): not a failure; silence the final flush
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("classifier: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
