"""Generator of the synthetic conversation corpus (see corpora/README.md for the label guidelines)."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from typing import Any

from corpora.generator import kinds, telemetry

DEFAULT_SEED = 20261127
DEFAULT_COUNT = 360
KIND_NAMES: tuple[str, ...] = tuple(spec.name for spec in kinds.KINDS) + ("telemetry",)


def generate(seed: int = DEFAULT_SEED, count: int = DEFAULT_COUNT) -> Iterator[dict[str, Any]]:
    """Conversations in a fixed order; kinds take turns so every prefix mixes all kinds."""
    rng = random.Random(seed)
    for i in range(count):
        conv_id = f"conv-{i:04d}"
        slot = i % len(KIND_NAMES)
        if slot < len(kinds.KINDS):
            yield kinds.build(kinds.KINDS[slot], conv_id, rng)
        else:
            yield telemetry.build(conv_id, rng)


def to_jsonl(conversations: Iterator[dict[str, Any]]) -> str:
    """One JSON object per line, keys in a fixed order, non-ASCII kept as is."""
    return "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in conversations)
