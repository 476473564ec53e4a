"""Span-level and character-level scoring, independent of any detector.

Span rule: a gold span is *found* when a prediction in the same document with
the same (mapped) label overlaps it by at least one character; a prediction is
*correct* when it overlaps a gold span with the same label. Recall counts gold
spans, precision counts predictions, so a prediction split in three over one
address counts three correct predictions and one found span.

Character rule: the share of gold characters that no prediction covers, whatever
its label (a redaction removes every finding), is what a redaction would leak.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A labelled character range of one document (`doc` is any key: record id, segment key)."""

    doc: str
    start: int
    end: int
    label: str

    def overlaps(self, other: Span) -> bool:
        return self.doc == other.doc and self.start < other.end and other.start < self.end


@dataclass
class Score:
    """Counts for one label (or for all labels together)."""

    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def f2(self) -> float | None:
        return f_beta(self.precision, self.recall, 2.0)

    def add(self, other: Score) -> None:
        self.gold += other.gold
        self.found += other.found
        self.predicted += other.predicted
        self.correct += other.correct

    def to_dict(self) -> dict[str, float | int | None]:
        return {
            "gold": self.gold,
            "found": self.found,
            "predicted": self.predicted,
            "correct": self.correct,
            "precision": self.precision,
            "recall": self.recall,
            "f2": self.f2,
        }


def f_beta(precision: float | None, recall: float | None, beta: float) -> float | None:
    """F-beta; None when either side is undefined, 0 when both are 0."""
    if precision is None or recall is None:
        return None
    if precision == 0 and recall == 0:
        return 0.0
    b2 = beta * beta
    return (1 + b2) * precision * recall / (b2 * precision + recall)


def _by_doc(spans: Iterable[Span]) -> dict[str, list[Span]]:
    grouped: dict[str, list[Span]] = defaultdict(list)
    for span in spans:
        grouped[span.doc].append(span)
    return grouped


def score_spans(gold: Iterable[Span], predicted: Iterable[Span]) -> dict[str, Score]:
    """Per-label scores under the overlap-and-same-label rule; key "ALL" sums them."""
    gold_by_doc, pred_by_doc = _by_doc(gold), _by_doc(predicted)
    scores: dict[str, Score] = defaultdict(Score)
    for doc, golds in gold_by_doc.items():
        preds = pred_by_doc.get(doc, [])
        for g in golds:
            scores[g.label].gold += 1
            scores[g.label].found += any(p.label == g.label and p.overlaps(g) for p in preds)
    for doc, preds in pred_by_doc.items():
        golds = gold_by_doc.get(doc, [])
        for p in preds:
            scores[p.label].predicted += 1
            scores[p.label].correct += any(g.label == p.label and g.overlaps(p) for g in golds)
    total = Score()
    for score in scores.values():
        total.add(score)
    result = dict(sorted(scores.items()))
    result["ALL"] = total
    return result


def found_flags(gold: Iterable[Span], predicted: Iterable[Span], same_label: bool = True) -> list[bool]:
    """For each gold span in order: is it overlapped by a prediction (of the same label if asked)?"""
    pred_by_doc = _by_doc(predicted)
    return [
        any((not same_label or p.label == g.label) and p.overlaps(g) for p in pred_by_doc.get(g.doc, []))
        for g in gold
    ]


def _union(ranges: Iterable[tuple[int, int]]) -> set[int]:
    chars: set[int] = set()
    for start, end in ranges:
        chars.update(range(start, end))
    return chars


def char_leak(gold: Iterable[Span], predicted: Iterable[Span]) -> tuple[int, int]:
    """(gold characters left uncovered by any prediction, gold characters): leak = first / second."""
    pred_by_doc = _by_doc(predicted)
    leaked = total = 0
    for doc, golds in _by_doc(gold).items():
        sensitive = _union((g.start, g.end) for g in golds)
        covered = _union((p.start, p.end) for p in pred_by_doc.get(doc, []))
        total += len(sensitive)
        leaked += len(sensitive - covered)
    return leaked, total


TOKEN = re.compile(r"\w+|[^\w\s]")


def token_scores(texts: dict[str, str], gold: Iterable[Span], predicted: Iterable[Span]) -> Score:
    """Token-level counts in the style of presidio-research's evaluator (IO tags, one label per token).

    Each word or punctuation token takes the label of the span that covers it (or none). A token is a
    true positive when both sides give it the same label, a false positive when the prediction gives it a
    different label, a false negative when gold has a label the prediction does not give. Here `gold` and
    `found` count gold-labelled tokens and `predicted` and `correct` predicted-labelled tokens.
    """
    gold_by_doc, pred_by_doc = _by_doc(gold), _by_doc(predicted)
    score = Score()
    for doc, text in texts.items():
        for match in TOKEN.finditer(text):
            g = _label_at(gold_by_doc.get(doc, []), match.start(), match.end())
            p = _label_at(pred_by_doc.get(doc, []), match.start(), match.end())
            if g:
                score.gold += 1
                score.found += p == g
            if p:
                score.predicted += 1
                score.correct += p == g
    return score


def _label_at(spans: list[Span], start: int, end: int) -> str | None:
    for span in spans:
        if span.start < end and start < span.end:
            return span.label
    return None
