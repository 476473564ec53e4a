"""Accuracy of our engine against vanilla Presidio, side by side, on three corpora.

    .venv/bin/python scripts/evaluate.py                       # all corpora, markdown to stdout
    .venv/bin/python scripts/evaluate.py --corpus conversations --limit 60
    .venv/bin/python scripts/evaluate.py --markdown-out docs/detection_quality.md --json-out /tmp/eval.json

Corpora: presidio-research (span P/R/F2 per label), asq-phi (identifier recall, clean hard negatives),
conversations (per-category P/R/F2, per-type recall, decoys). The rules are written in the output and in
docs/detection_quality.md. No matched value is printed unless --show-errors is given.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_lib import benchmarks, loaders, mappings, report  # noqa: E402
from eval_lib.systems import SPACY_MODEL, Ours, Prediction, VanillaPresidio  # noqa: E402

CORPORA = ("presidio-research", "asq-phi", "conversations")
FACILITY_VARIANT = "ours, facilities not counted"


def _identifier_rules(facilities: bool = True) -> dict[str, Any]:
    """Which findings count as identifiers on ASQ-PHI.

    Named places of care and schools (`PLACE_FACT_TYPES`) are identifiers of place, as ASQ-PHI labels
    hospital names GEOGRAPHIC_LOCATION; they count on gold spans and on hard negatives alike. The
    `facilities=False` row leaves them out, to show how much of the recall they carry.
    """
    from classifier.classification import FACT_ENTITY_TYPES, PLACE_FACT_TYPES

    ours_excluded = FACT_ENTITY_TYPES | mappings.ASQ_OURS_NOT_IDENTIFIERS
    if facilities:
        ours_excluded = ours_excluded - PLACE_FACT_TYPES
    return {
        "ours": lambda p: p.entity_type not in ours_excluded,
        "presidio": lambda p: p.entity_type not in mappings.ASQ_PRESIDIO_NOT_IDENTIFIERS,
    }


def _category_rules() -> dict[str, Any]:
    def presidio(p: Prediction) -> str | None:
        return mappings.CONVERSATIONS_PRESIDIO.get(p.entity_type)

    return {"ours": lambda p: p.category, "presidio": presidio}


def run(
    corpora: list[str], limit: int | None, log: benchmarks.ErrorLog, conversations_file: Path
) -> tuple[dict[str, Any], dict[str, int]]:
    print("loading vanilla Presidio and our engine ...", file=sys.stderr)
    presidio = VanillaPresidio()  # first: Presidio resolves its recognizers by class name (see systems.py)
    systems = [Ours(), presidio]
    results: dict[str, Any] = {}
    for corpus in corpora:
        print(f"corpus {corpus} ...", file=sys.stderr)
        if corpus == "conversations":
            convs = loaders.load_conversations(conversations_file, limit=limit)
            preds = {s.name: s.analyze_conversations(convs, corpus) for s in systems}
            results[corpus] = benchmarks.conversations(convs, preds, log, _category_rules())
            results[corpus]["file"] = conversations_file.name
            continue
        docs = (loaders.load_presidio_research if corpus == "presidio-research" else loaders.load_asq)(
            limit=limit
        )
        preds = {s.name: s.analyze_texts([d.text for d in docs], corpus) for s in systems}
        if corpus == "presidio-research":
            results[corpus] = benchmarks.presidio_research(docs, preds, log)
        else:
            results[corpus] = benchmarks.asq_phi(docs, preds, log, _identifier_rules())
            results[corpus]["systems"][FACILITY_VARIANT] = benchmarks.asq_phi(
                docs, {"ours": preds["ours"]}, benchmarks.ErrorLog(), _identifier_rules(facilities=False)
            )["systems"]["ours"]
    return results, {s.name: s.failures for s in systems}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", action="append", choices=CORPORA, help="repeatable; default: all three")
    parser.add_argument("--limit", type=int, help="only the first N documents of each corpus (quick runs)")
    parser.add_argument(
        "--conversations-file",
        type=Path,
        default=loaders.CONVERSATIONS_PATH,
        help="another generated corpus (corpora/generate.py --seed 7 --out ...), to check for overfitting",
    )
    parser.add_argument(
        "--markdown-out",
        type=Path,
        help="also write the tables to this file (only between the results markers if it has them)",
    )
    parser.add_argument("--json-out", type=Path, help="write machine-readable results to this file")
    parser.add_argument(
        "--show-errors",
        action="store_true",
        help="print false negatives and positives WITH their text to stderr",
    )
    args = parser.parse_args(argv)
    corpora = list(dict.fromkeys(args.corpus or CORPORA))
    log = benchmarks.ErrorLog(enabled=args.show_errors)
    started = time.monotonic()
    try:
        results, failures = run(corpora, args.limit, log, args.conversations_file)
    except loaders.CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    meta = {
        "command": "scripts/evaluate.py " + shlex.join(argv if argv is not None else sys.argv[1:]),
        "spacy_model": SPACY_MODEL,
        "presidio_version": version("presidio-analyzer"),
        "limit": args.limit,
        "seconds": time.monotonic() - started,
        "failures": failures,
    }
    markdown = report.render(results, meta)
    print(markdown)
    if args.markdown_out:
        report.write_markdown(args.markdown_out, markdown)
    if args.json_out:
        args.json_out.write_text(
            json.dumps({"meta": meta, "results": results}, indent=2) + "\n", encoding="utf-8"
        )
    if log.enabled:
        print("corpus\tsystem\terror\tlabel\tentity type\tdoc\tcontext", file=sys.stderr)
        for line in log.lines:
            print(line, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
