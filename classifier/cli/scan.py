"""`classifier scan`: classify, redact and decide over folders and archives, locally or on Ray.

Outputs go to --out DIR (see classifier/batch/scan.py and docs/batch.md). A scan
interrupted in any way (even `kill -9`) finishes with the same command plus
--resume; every record then appears exactly once. Exit codes: `SCAN_EXIT_CODES`.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import os
import sys
from pathlib import Path

from classifier.cli.common import (
    USAGE_ERRORS,
    add_engine_options,
    add_key_options,
    config_from_args,
    error,
    load_key,
    setup_logging,
)
from classifier.config import Config

EXAMPLES = """examples:
  classifier scan recordings/ exports.zip --out scan/ --consent consent.csv
  classifier scan logs.tar.gz --out scan/ --no-ner --purpose first_party_training
  classifier scan data/ --out scan/ --consent consent.jsonl --redact pseudonym --workers 4
  classifier scan data/ --out scan/ --resume                      # after an interruption
  classifier scan s3-mirror/ --out scan/ --engine ray --address auto

Without --consent, customer content is ineligible (fail closed); the scan still runs.
DIR is never scanned, even when it lies inside an INPUT; an INPUT may not lie inside DIR.

"""

SCAN_EXIT_CODES = """exit codes:
  0  every record was scanned
  2  bad usage, checked before anything is scanned: a bad option, an unreadable consent, policy,
     manifest, config or key file, an INPUT that does not exist or lies inside DIR, --resume of a
     scan of other inputs or options; or an output in DIR that cannot be written (the scan stops
     and names it: fix the cause, then rerun with --resume)
  3  done, but some records failed (files or folders that cannot be read, archive problems,
     symbolic links): they are in the outputs, ineligible
  130  interrupted (Ctrl-C): rerun with --resume
"""

GB = 1024**3


def register(subparsers: argparse._SubParsersAction) -> None:
    from classifier.redaction import MODES

    parser = subparsers.add_parser(
        "scan",
        help="scan folders and archives: findings, redacted copies and training decisions",
        description="Scan files, folders, .zip, .tar, .tar.gz/.tgz and .gz archives (streamed, never "
        "extracted) for PII, PHI and education records; write documents.jsonl, findings.jsonl, "
        "summary.json and report.html to --out; optionally redacted copies.",
        epilog=EXAMPLES + SCAN_EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders or archives")
    parser.add_argument(
        "--out", required=True, type=Path, metavar="DIR", help="output folder (never scanned itself)"
    )
    decide = parser.add_argument_group("eligibility")
    decide.add_argument("--consent", type=Path, metavar="FILE", help="consent records, JSON Lines or CSV")
    decide.add_argument(
        "--policy", type=Path, metavar="FILE", help="policy YAML (default: the shipped policy)"
    )
    decide.add_argument(
        "--manifest", type=Path, metavar="FILE", help="account/data class/origin per path glob"
    )
    decide.add_argument(
        "--purpose",
        action="append",
        default=[],
        metavar="P",
        help="first_party_training, third_party_training or feature_improvement:<feature>; repeatable",
    )
    out = parser.add_argument_group("output")
    out.add_argument(
        "--redact", choices=MODES, metavar="MODE", help=f"write redacted copies ({', '.join(MODES)})"
    )
    out.add_argument(
        "--include-values", action="store_true", help="put matched values in findings.jsonl (sensitive!)"
    )
    run = parser.add_argument_group("execution")
    run.add_argument("--engine", choices=("local", "ray"), default="local", help="executor (default: local)")
    run.add_argument("--address", metavar="ADDR", help="Ray cluster address (default: start a local Ray)")
    run.add_argument("--workers", type=int, metavar="N", help="worker processes/actors (default: CPU count)")
    run.add_argument(
        "--resume",
        action="store_true",
        help="finish an interrupted scan of the same inputs (DIR without one: scan from the beginning)",
    )
    select = parser.add_argument_group("inputs")
    select.add_argument("--include", action="append", default=[], metavar="GLOB", help="only matching files")
    select.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="skip matching files")
    select.add_argument(
        "--max-depth", type=int, default=2, metavar="N", help="nested archive depth (default 2)"
    )
    select.add_argument(
        "--max-total-bytes", type=int, default=50 * GB, metavar="N", help="uncompressed bytes limit (50 GB)"
    )
    select.add_argument("--max-ratio", type=float, default=200.0, metavar="R", help="compression ratio limit")
    add_engine_options(parser)
    add_key_options(parser)
    parser.set_defaults(func=run_command)


def run_command(args: argparse.Namespace) -> int:
    from classifier.batch.executors.ray import RayUnavailable
    from classifier.batch.limits import SourceLimits
    from classifier.batch.scan import ScanOptions, run_scan
    from classifier.batch.sources import ScanInputError, Selection
    from classifier.batch.store import OutputError, ResumeError
    from classifier.batch.worker import ScanSettings
    from classifier.eligibility import (
        DEFAULT_PURPOSES,
        EligibilityInputError,
        load_consent,
        load_manifest,
        load_policy,
        parse_purposes,
    )
    from classifier.redaction import KEYED_MODES, Redactor

    setup_logging(args)
    try:
        config = config_from_args(args)
        key = load_key(args)
        purposes = parse_purposes(args.purpose) if args.purpose else list(DEFAULT_PURPOSES)
        if args.redact:
            Redactor(args.redact, key)  # fails now, not in every worker, if the key is missing
        if args.workers is not None and args.workers < 1:
            raise ValueError("--workers must be at least 1")
        _check_limits(args)
        # load once here so a bad file is a usage error naming it, not a crash in every worker
        load_policy(args.policy)
        if args.consent:
            load_consent(args.consent)
        if args.manifest:
            load_manifest(args.manifest)
        _check_pipeline(config)
    except (ValueError, EligibilityInputError, *USAGE_ERRORS) as exc:
        error(str(exc))
        return 2
    if args.consent is None and not args.quiet:
        print("classifier: warning: no --consent file: customer content is ineligible", file=sys.stderr)
    settings = ScanSettings(
        config=config,
        consent=args.consent.resolve() if args.consent else None,
        policy=args.policy.resolve() if args.policy else None,
        manifest=args.manifest.resolve() if args.manifest else None,
        purposes=purposes,
        redact=args.redact,
        key=key if (args.redact in KEYED_MODES) else None,
        include_values=args.include_values,
    )
    options = ScanOptions(
        inputs=list(args.inputs),
        out=args.out,
        settings=settings,
        engine=args.engine,
        address=args.address,
        workers=args.workers or os.cpu_count() or 1,
        resume=args.resume,
        quiet=args.quiet,
        selection=Selection(args.include, args.exclude),
        limits=SourceLimits(
            max_total_bytes=args.max_total_bytes, max_ratio=args.max_ratio, max_depth=args.max_depth
        ),
    )
    try:
        outcome = run_scan(options)
    except OutputError as exc:
        error(f"{exc}; the scan stopped: fix this, then rerun the same command with --resume")
        return 2
    except (ScanInputError, ResumeError, RayUnavailable, EligibilityInputError, *USAGE_ERRORS) as exc:
        error(str(exc))
        return 2
    if outcome.files == 0 and not args.quiet:
        chosen = " matches --include/--exclude" if args.include or args.exclude else " was found"
        print(f"classifier: warning: nothing was scanned: no input file{chosen}", file=sys.stderr)
    return 3 if outcome.error_records else 0


def _check_limits(args: argparse.Namespace) -> None:
    """The archive limits guard against hostile input: a NaN ratio would switch the bomb check off
    (every comparison with it is false), a negative size or depth is a typing error, not a choice."""
    if not (math.isfinite(args.max_ratio) and args.max_ratio > 0):
        raise ValueError("--max-ratio must be a number greater than 0 (default 200)")
    if args.max_depth < 0:
        raise ValueError("--max-depth must be 0 or more (default 2)")
    if args.max_total_bytes < 0:
        raise ValueError("--max-total-bytes must be 0 or more (default 50 GB)")


def _check_pipeline(config: Config) -> None:
    """A spaCy pipeline that cannot be found fails here, once, with the install hint, rather than
    in the start-up of every worker (each printing its traceback). Found is not loadable: a broken
    pipeline still fails in the workers, with the same message."""
    name = config.spacy_model
    if not config.use_ner or name.startswith("blank:") or Path(name).exists():
        return
    try:
        found = importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # a dotted name whose parent is not a package
        found = False
    if not found:
        from classifier.nlp import ModelNotFoundError, install_hint  # spaCy only on this error

        raise ModelNotFoundError(install_hint(name))
