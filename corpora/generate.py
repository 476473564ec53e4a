"""Write the synthetic conversation corpus: `python corpora/generate.py [--seed N] [--count N] [--out PATH]`.

The output is byte-identical for the same seed and count.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpora.generator import DEFAULT_COUNT, DEFAULT_SEED, generate, to_jsonl  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "conversations.jsonl")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")
    args.out.write_text(to_jsonl(generate(args.seed, args.count)), encoding="utf-8")
    print(f"wrote {args.count} conversations to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
