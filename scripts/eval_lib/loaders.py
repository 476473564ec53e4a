"""Corpus loaders: each gives documents with their text and gold spans under the corpus's own labels."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval_lib.scoring import Span

REPO = Path(__file__).resolve().parents[2]
#: The labelled corpora written by others: `../shared/corpora` beside the repository, or $CLASSIFIER_CORPORA.
SHARED = Path(os.environ.get("CLASSIFIER_CORPORA") or REPO.parent / "shared" / "corpora")
PRESIDIO_RESEARCH_PATH = SHARED / "presidio-research" / "synth_dataset_v2.json"
ASQ_PATH = SHARED / "asq-phi" / "asq_phi_with_offsets.jsonl"
CONVERSATIONS_PATH = REPO / "corpora" / "conversations.jsonl"


class CorpusError(ValueError):
    """A corpus file that cannot be read; the message names the file (and line)."""


@dataclass
class Document:
    id: str
    text: str
    gold: list[Span] = field(default_factory=list)
    unplaced: int = 0  # gold values the corpus could not give offsets for


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read ({exc.strerror})") from exc
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{path} line {exc.lineno}: not valid JSON") from exc


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read ({exc.strerror})") from exc
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{path} line {number}: not valid JSON") from exc
    return rows


def load_presidio_research(path: Path = PRESIDIO_RESEARCH_PATH, limit: int | None = None) -> list[Document]:
    docs = []
    for index, row in enumerate(_read_json(path)[:limit]):
        doc_id = str(index)
        gold = [Span(doc_id, s["start_position"], s["end_position"], s["entity_type"]) for s in row["spans"]]
        docs.append(Document(doc_id, row["full_text"], gold))
    return docs


def load_asq(path: Path = ASQ_PATH, limit: int | None = None) -> list[Document]:
    docs = []
    for row in _read_jsonl(path)[:limit]:
        doc_id = str(row["id"])
        placed = [s for s in row["spans"] if s.get("start") is not None]
        gold = [Span(doc_id, s["start"], s["end"], s["label"]) for s in placed]
        docs.append(Document(doc_id, row["text"], gold, unplaced=len(row["spans"]) - len(placed)))
    return docs


def load_conversations(path: Path = CONVERSATIONS_PATH, limit: int | None = None) -> list[dict[str, Any]]:
    """Conversations as generated (see corpora/README.md); regenerate with corpora/generate.py."""
    return _read_jsonl(path)[:limit]


def segment_key(conv_id: str, segment: int) -> str:
    """Document key of one segment, shared by gold spans and predictions."""
    return f"{conv_id}#{segment}"
