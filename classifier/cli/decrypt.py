"""`classifier decrypt`: restore text written by `classifier redact --mode encrypt`."""

from __future__ import annotations

import argparse
from pathlib import Path

from classifier.cli.common import (
    USAGE_ERRORS,
    UsageError,
    add_key_options,
    error,
    load_key,
    output_stream,
    read_input_text,
    setup_logging,
    write_text,
)
from classifier.cli.main import EPILOG
from classifier.redaction import DecryptionError, decrypt

EXAMPLES = """examples:
  classifier redact --mode encrypt --key-file secret.key "Call Maria" > enc.txt
  classifier decrypt --key-file secret.key < enc.txt
  CLASSIFIER_KEY=... classifier decrypt "Call <ENC:PERSON:...:...>"

Every <ENC:TYPE:...:tag> token is replaced by its original value; a wrong key or an edited
token is an error (exit 2), naming the token's position only.

"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "decrypt",
        help="restore values encrypted by `redact --mode encrypt`",
        description="Restore the original values in text redacted with --mode encrypt, using the same key.",
        epilog=EXAMPLES + EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("text", nargs="?", metavar="TEXT", help="encrypted text; omitted or '-': read stdin")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="output file (default: stdout)")
    add_key_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    setup_logging(args)
    try:
        key = load_key(args)
        if not key:
            raise UsageError(
                "decrypt needs the key used to encrypt: --key-file FILE, --key KEY or CLASSIFIER_KEY"
            )
        restored = decrypt(read_input_text(args.text), key)
    except (UsageError, DecryptionError, *USAGE_ERRORS) as exc:
        error(str(exc))
        return 2
    with output_stream(args.output) as out:
        write_text(out, restored, args.output)
    return 0
