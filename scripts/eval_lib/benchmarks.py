"""The three measurements: span scores on presidio-research, identifier recall on ASQ-PHI, and
per-category scores on the conversation corpus. Each takes the documents and every system's
predictions and returns plain dicts (JSON-ready); values only appear in `errors`, and only when
asked for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from eval_lib import mappings
from eval_lib.loaders import Document, segment_key
from eval_lib.scoring import Span, char_leak, found_flags, score_spans, token_scores
from eval_lib.systems import Prediction

Predictions = dict[str, list[list[Prediction]]]  # system name -> per document


@dataclass
class ErrorLog:
    """False negatives and positives with their text; filled only with --show-errors."""

    enabled: bool = False
    lines: list[str] = field(default_factory=list)

    def add(self, corpus: str, system: str, kind: str, span: Span, text: str, detail: str = "") -> None:
        """One line: corpus, system, FN/FP, scored label, entity type (detail), document, context."""
        if self.enabled:
            left = text[max(0, span.start - 30) : span.start].replace("\n", " ")
            right = text[span.end : span.end + 30].replace("\n", " ")
            value = text[span.start : span.end].replace("\n", " ")
            self.lines.append(
                f"{corpus}\t{system}\t{kind}\t{span.label}\t{detail}\t{span.doc}\t{left}[[{value}]]{right}"
            )


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _log_errors(
    log: ErrorLog,
    corpus: str,
    system: str,
    gold: list[Span],
    pred: list[Span],
    texts: dict[str, str],
    details: tuple[list[str], list[str]] | None = None,
) -> None:
    """`details`: the entity type behind each gold and each predicted span, when the label is coarser."""
    if not log.enabled:
        return
    gold_details, pred_details = details or ([""] * len(gold), [""] * len(pred))
    for g, ok, detail in zip(gold, found_flags(gold, pred), gold_details, strict=True):
        if not ok:
            log.add(corpus, system, "FN", g, texts[g.doc], detail)
    for p, ok, detail in zip(pred, found_flags(pred, gold), pred_details, strict=True):
        if not ok:
            log.add(corpus, system, "FP", p, texts[p.doc], detail)


def presidio_research(docs: Sequence[Document], predictions: Predictions, log: ErrorLog) -> dict[str, Any]:
    tables = {"ours": mappings.PRESIDIO_RESEARCH_OURS, "presidio": mappings.PRESIDIO_RESEARCH_PRESIDIO}
    gold_map = mappings.PRESIDIO_RESEARCH_GOLD
    scored = [
        (g, Span(g.doc, g.start, g.end, gold_map[g.label]))
        for d in docs
        for g in d.gold
        if g.label in gold_map
    ]
    gold = [mapped for _, mapped in scored]
    texts = {d.id: d.text for d in docs}
    result: dict[str, Any] = {
        "documents": len(docs),
        "gold_spans": len(gold),
        "left_out_labels": list(mappings.PRESIDIO_RESEARCH_LEFT_OUT),
        "systems": {},
    }
    for system, per_doc in predictions.items():
        table = tables[system]
        every = [
            Span(d.id, p.start, p.end, p.entity_type)
            for d, preds in zip(docs, per_doc, strict=True)
            for p in preds
        ]
        pred = [Span(s.doc, s.start, s.end, table[s.label]) for s in every if s.label in table]
        by_corpus_label: dict[str, list[bool]] = defaultdict(list)
        for (original, _), ok in zip(scored, found_flags(gold, pred), strict=True):
            by_corpus_label[original.label].append(ok)
        leaked, total = char_leak(gold, every)
        result["systems"][system] = {
            "labels": {k: v.to_dict() for k, v in score_spans(gold, pred).items()},
            "recall_by_corpus_label": {k: sum(v) / len(v) for k, v in sorted(by_corpus_label.items())},
            "token_level": token_scores(texts, gold, pred).to_dict(),
            "char_leak": _ratio(leaked, total),
        }
        _log_errors(log, "presidio-research", system, gold, pred, texts)
    return result


def asq_phi(
    docs: Sequence[Document],
    predictions: Predictions,
    log: ErrorLog,
    is_identifier: dict[str, Callable[[Prediction], bool]],
) -> dict[str, Any]:
    """Identifier recall (any identifier finding overlapping a gold span) and clean hard negatives."""
    gold = [Span(g.doc, g.start, g.end, "ID") for d in docs for g in d.gold]
    labels = [g.label for d in docs for g in d.gold]
    negatives = [i for i, d in enumerate(docs) if not d.gold and not d.unplaced]
    texts = {d.id: d.text for d in docs}
    result: dict[str, Any] = {
        "documents": len(docs),
        "gold_spans": len(gold),
        "unplaced_gold_values": sum(d.unplaced for d in docs),
        "hard_negatives": len(negatives),
        "systems": {},
    }
    for system, per_doc in predictions.items():
        id_preds = [
            (Span(d.id, p.start, p.end, "ID"), p.entity_type)
            for d, preds in zip(docs, per_doc, strict=True)
            for p in preds
            if is_identifier[system](p)
        ]
        ids = [span for span, _ in id_preds]
        flags = found_flags(gold, ids)
        by_label: dict[str, list[bool]] = defaultdict(list)
        for label, ok in zip(labels, flags, strict=True):
            by_label[label].append(ok)
        on_gold = found_flags(ids, gold)
        clean = sum(1 for i in negatives if not any(is_identifier[system](p) for p in per_doc[i]))
        every = [
            Span(d.id, p.start, p.end, p.entity_type)
            for d, preds in zip(docs, per_doc, strict=True)
            for p in preds
        ]
        leaked, total = char_leak(gold, every)
        result["systems"][system] = {
            "recall": _ratio(sum(flags), len(flags)),
            "recall_by_label": {k: sum(v) / len(v) for k, v in sorted(by_label.items())},
            "identifier_findings": len(ids),
            "identifier_findings_on_gold": _ratio(sum(on_gold), len(on_gold)),
            "hard_negatives_clean": _ratio(clean, len(negatives)),
            "char_leak": _ratio(leaked, total),
        }
        _log_errors(log, "asq-phi", system, gold, ids, texts, (labels, [t for _, t in id_preds]))
    return result


def conversations(
    convs: Sequence[dict[str, Any]],
    predictions: dict[str, list[list[list[Prediction]]]],
    log: ErrorLog,
    category_of: dict[str, Callable[[Prediction], str | None]],
) -> dict[str, Any]:
    """Per-category scores (a prediction matches a gold span of its own category), per-type recall,
    character leak per category, and how often each kind of decoy is flagged."""
    gold: list[Span] = []
    gold_types: list[str] = []
    decoys: list[Span] = []
    texts: dict[str, str] = {}
    for conv in convs:
        for i, seg in enumerate(conv["segments"]):
            texts[segment_key(conv["id"], i)] = seg["text"]
        for s in conv["spans"]:
            gold.append(Span(segment_key(conv["id"], s["segment"]), s["start"], s["end"], s["category"]))
            gold_types.append(s["entity_type"] + (" (negated)" if s.get("negated") else ""))
        for d in conv["decoys"]:
            decoys.append(Span(segment_key(conv["id"], d["segment"]), d["start"], d["end"], d["kind"]))
    result: dict[str, Any] = {
        "conversations": len(convs),
        "segments": len(texts),
        "gold_spans": len(gold),
        "decoys": len(decoys),
        "systems": {},
    }
    for system, per_conv in predictions.items():
        every: list[Span] = []
        every_types: list[str] = []
        for conv, per_segment in zip(convs, per_conv, strict=True):
            for i, preds in enumerate(per_segment):
                key = segment_key(conv["id"], i)
                every.extend(Span(key, p.start, p.end, category_of[system](p) or "-") for p in preds)
                every_types.extend(p.entity_type for p in preds)
        pred = [s for s in every if s.label != "-"]
        pred_types = [t for s, t in zip(every, every_types, strict=True) if s.label != "-"]
        by_type: dict[str, list[bool]] = defaultdict(list)
        for entity_type, ok in zip(gold_types, found_flags(gold, pred), strict=True):
            by_type[entity_type].append(ok)
        by_decoy: dict[str, list[bool]] = defaultdict(list)
        for d, flagged in zip(decoys, found_flags(decoys, every, same_label=False), strict=True):
            by_decoy[d.label].append(flagged)
        leaks = {}
        for category in ("PII", "PHI", "EDU"):
            leaked, total = char_leak([g for g in gold if g.label == category], every)
            leaks[category] = _ratio(leaked, total)
        leaked, total = char_leak(gold, every)
        leaks["ALL"] = _ratio(leaked, total)
        result["systems"][system] = {
            "categories": {k: v.to_dict() for k, v in score_spans(gold, pred).items()},
            "recall_by_type": {k: (sum(v) / len(v), len(v)) for k, v in sorted(by_type.items())},
            "decoys_flagged": {k: (sum(v) / len(v), len(v)) for k, v in sorted(by_decoy.items())},
            "char_leak": leaks,
        }
        _log_errors(log, "conversations", system, gold, pred, texts, (gold_types, pred_types))
    return result
