"""`classifier decide`: decide training eligibility again from an earlier scan, without scanning.

Reads SCAN/documents.jsonl (written by `classifier scan`), applies a consent
file and a policy (the shipped default unless `--policy`), and writes new
documents.jsonl lines plus a summary.json with counts per purpose and outcome.
documents.jsonl stays byte-for-byte reproducible; run metadata (time, paths,
file hashes) goes to summary.json only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from classifier.cli.common import USAGE_ERRORS, error, output_stream, report_line
from classifier.cli.main import EPILOG
from classifier.eligibility import (
    ConsentStore,
    EligibilityInputError,
    Policy,
    decision_counts,
    dumps_entry,
    load_consent,
    load_policy,
    parse_purposes,
    redecide_entry,
)
from classifier.failures import os_reason
from classifier.formats import jsondata

DOCUMENTS = "documents.jsonl"
SUMMARY = "summary.json"

EXAMPLES = """examples:
  classifier decide --scan out/ --consent consent.csv --out out-decided/
  classifier decide --scan out/ --consent consent.jsonl --policy my_policy.yaml \\
      --purpose first_party_training --purpose feature_improvement:meeting_summary --out out2/

Without --purpose, each document is decided for the purposes of the earlier scan. Without
--out, the new documents.jsonl lines go to stdout. Counts per purpose and outcome are printed
on stderr. Malformed documents are reported by line number (never their content) and decided
ineligible; the exit code is then 3.

"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "decide",
        help="decide training eligibility again from an earlier scan (other policy or consent)",
        description="Decide, per record and purpose, whether a scanned record may be used for AI "
        "training, from the scan's documents.jsonl, a consent file and a policy.",
        epilog=EXAMPLES + EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--scan", required=True, type=Path, metavar="DIR", help="folder of an earlier scan")
    parser.add_argument(
        "--consent", required=True, type=Path, metavar="FILE", help="consent records, JSON Lines or CSV"
    )
    parser.add_argument(
        "--policy", type=Path, metavar="FILE", help="policy YAML (default: the shipped policy)"
    )
    parser.add_argument(
        "--purpose",
        action="append",
        default=None,
        metavar="P",
        help="first_party_training, third_party_training or feature_improvement:<feature>; repeatable",
    )
    parser.add_argument(
        "--out", type=Path, metavar="DIR2", help="folder for documents.jsonl and summary.json"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    documents = args.scan / DOCUMENTS
    try:
        policy = load_policy(args.policy)
        consent = load_consent(args.consent)
        purposes = parse_purposes(args.purpose) if args.purpose else None
    except EligibilityInputError as exc:
        error(str(exc))
        return 2
    if not documents.is_file():
        error(f"{documents}: no documents.jsonl in the scan folder (run `classifier scan` first)")
        return 2
    if args.out is not None and args.out.resolve() == args.scan.resolve():
        error("--out must differ from --scan: deciding again must not overwrite the scan")
        return 2
    try:
        if args.out is not None:
            args.out.mkdir(parents=True, exist_ok=True)
        entries, unreadable = _redecide_file(documents, args.out, consent, policy, purposes)
    except (OSError, *USAGE_ERRORS) as exc:
        error(str(exc))
        return 2
    counts = decision_counts(entries)
    summary = {
        "command": "decide",
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "scan": str(args.scan),
        "consent": {
            "path": str(args.consent),
            "sha256": _sha256(args.consent),
            "accounts": len(consent),
            "superseded_records": consent.superseded,
        },
        "policy": {**policy.reference(), "path": policy.source, "sha256": policy.sha256},
        "purposes": purposes,
        "unreadable_lines": unreadable,
        **counts,
    }
    if args.out is not None:
        text = json.dumps(summary, indent=2, sort_keys=True) + "\n"
        try:
            (args.out / SUMMARY).write_text(text, encoding="utf-8")
        except OSError as exc:
            error(f"{args.out / SUMMARY}: cannot write ({os_reason(exc)})")
            return 2
    _print_counts(counts)
    return 3 if unreadable or counts["incomplete"] else 0


def _redecide_file(
    documents: Path, out_dir: Path | None, consent: ConsentStore, policy: Policy, purposes: list[str] | None
) -> tuple[list[dict[str, Any]], int]:
    """Decide every line of documents.jsonl again; returns the new entries and the unreadable line count."""
    entries: list[dict[str, Any]] = []
    unreadable = 0
    out_path = out_dir / DOCUMENTS if out_dir is not None else None
    with documents.open("rb") as source, output_stream(out_path) as out:
        for number, line in enumerate(source, start=1):
            if not line.strip():
                continue
            try:  # bytes: one line that is not UTF-8 (a ValueError too) must not stop the others
                entry = jsondata.loads(line.decode("utf-8"))  # a huge number or deep nesting too
                if not isinstance(entry, dict):
                    raise ValueError
            except ValueError:  # JsonParseError is one
                report_line(documents, number, "not a JSON object; skipped")
                unreadable += 1
                continue
            new_entry, problems = redecide_entry(entry, consent, policy, purposes)
            for problem in problems:
                report_line(documents, number, f"{problem}; decided ineligible")
            out.write(dumps_entry(new_entry) + "\n")
            entries.append(new_entry)
    return entries, unreadable


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _print_counts(counts: dict[str, Any]) -> None:
    print(f"{counts['documents']} documents, {counts['incomplete']} incomplete", file=sys.stderr)
    for purpose, outcomes in counts["outcomes"].items():
        parts = ", ".join(f"{outcome} {n}" for outcome, n in outcomes.items())
        print(f"  {purpose}: {parts}", file=sys.stderr)
