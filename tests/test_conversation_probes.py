"""Held-out conversation probes: the guards measured on sentences they were not tuned on.

`fixtures/conversation_probes.jsonl` was written by hand for this project, before the
guards were reworked and without reading the corpus generator's templates: generic
health and education talk, fiction and public figures, harmless numbers (expect
"none"), and health or education facts about a person in the conversation (expect
"PHI" or "EDU"). `also` lists a second class a probe may rightly raise (a 504 plan
for anxiety is both).

The floors below are regression floors, not targets: each is the figure measured
after the guard rework minus (or, for false positives, plus) a 0.05 margin, so a
change that makes the guards worse on unseen wording fails here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from classifier.classification import FACT_ENTITY_TYPES
from classifier.engine import Classifier
from classifier.findings import Category
from classifier.records import Record, Segment

PROBES = Path(__file__).parent / "fixtures" / "conversation_probes.jsonl"
CLASSES = (Category.PHI.value, Category.EDU.value)

#: Measured after the rework on 160 probes (14:25 UTC, 2026-11-27): PHI precision 0.933 recall 0.840,
#: EDU precision 1.000 recall 0.744, negatives flagged 3/71 (0.042); before it: PHI 0.685/0.841,
#: EDU 0.903/0.737, negatives flagged 20/71 (0.282).  Floors are those figures minus (ceiling: plus) 0.05.
#: Most misses are recognizer misses (no finding at all), not guard drops.
RECALL_FLOOR = {"PHI": 0.79, "EDU": 0.69}
PRECISION_FLOOR = {"PHI": 0.88, "EDU": 0.95}
NEGATIVE_FLAG_RATE_CEILING = 0.09


@dataclass(frozen=True)
class Probe:
    """One probe: the sentence, who says it, what came before, and the expected class."""

    text: str
    speaker: str
    expect: str
    fmt: str
    context: tuple[tuple[str, str], ...] = ()
    also: tuple[str, ...] = ()

    def record(self) -> Record:
        turns = [*self.context, (self.speaker, self.text)]
        return Record("probe", "probes", self.fmt, [Segment(text, speaker=who) for who, text in turns])


@dataclass
class Score:
    """Per-class true/false positives and misses, plus flags raised on negatives."""

    tp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLASSES, 0))
    fp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLASSES, 0))
    fn: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLASSES, 0))
    negatives: int = 0
    flagged_negatives: int = 0

    def recall(self, cls: str) -> float:
        return self.tp[cls] / max(1, self.tp[cls] + self.fn[cls])

    def precision(self, cls: str) -> float:
        return self.tp[cls] / max(1, self.tp[cls] + self.fp[cls])

    @property
    def negative_flag_rate(self) -> float:
        return self.flagged_negatives / max(1, self.negatives)

    def report(self) -> str:
        lines = [
            f"{c}: precision {self.precision(c):.3f} recall {self.recall(c):.3f} "
            f"(tp {self.tp[c]} fp {self.fp[c]} fn {self.fn[c]})"
            for c in CLASSES
        ]
        lines.append(
            f"negatives flagged: {self.flagged_negatives}/{self.negatives} ({self.negative_flag_rate:.3f})"
        )
        return "\n".join(lines)


def load_probes(path: Path = PROBES) -> list[Probe]:
    probes = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        row = json.loads(line)
        if row["expect"] not in (*CLASSES, "none"):
            raise ValueError(f"{path}:{number}: unknown expect {row['expect']!r}")
        context = tuple((turn["speaker"], turn["text"]) for turn in row.get("context", ()))
        probes.append(
            Probe(
                row["text"], row["speaker"], row["expect"], row["format"], context, tuple(row.get("also", ()))
            )
        )
    return probes


def predicted_classes(engine: Classifier, probe: Probe) -> set[str]:
    """Classes of the health/education facts found in the probe's own (last) segment."""
    findings = engine.analyze_record(probe.record())[-1]
    return {
        f.category.value
        for f in findings
        if f.entity_type in FACT_ENTITY_TYPES and f.category.value in CLASSES
    }


def score(results: list[tuple[Probe, set[str]]]) -> Score:
    out = Score()
    for probe, got in results:
        allowed = {probe.expect, *probe.also}
        for cls in CLASSES:
            if cls == probe.expect:
                if cls in got:
                    out.tp[cls] += 1
                else:
                    out.fn[cls] += 1
            elif cls in got and cls not in allowed:
                out.fp[cls] += 1
        if probe.expect == "none":
            out.negatives += 1
            out.flagged_negatives += bool(got)
    return out


def test_probe_file_has_enough_of_each_kind() -> None:
    probes = load_probes()
    expects = [p.expect for p in probes]
    assert expects.count("none") >= 60
    assert expects.count("PHI") + expects.count("EDU") >= 60


@pytest.fixture(scope="module")
def measured(classifier_engine: Classifier) -> Score:
    return score([(p, predicted_classes(classifier_engine, p)) for p in load_probes()])


@pytest.mark.parametrize("cls", CLASSES)
def test_recall_floor(measured: Score, cls: str) -> None:
    assert measured.recall(cls) >= RECALL_FLOOR[cls], measured.report()


@pytest.mark.parametrize("cls", CLASSES)
def test_precision_floor(measured: Score, cls: str) -> None:
    assert measured.precision(cls) >= PRECISION_FLOOR[cls], measured.report()


def test_negatives_flag_rate_ceiling(measured: Score) -> None:
    assert measured.negative_flag_rate <= NEGATIVE_FLAG_RATE_CEILING, measured.report()
