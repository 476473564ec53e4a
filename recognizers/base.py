"""Shared base for the packs' Python recognizers.

Every built-in Python recognizer emits one entity type (or a few, declared in
`categories`), carries a `category`, needs no model and takes no constructor
arguments, which is what `classifier.registry` expects. Subclasses only say
*where* the entity is (`find`); turning hits into Presidio results, with an
explanation and the recognizer's name, happens once here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from classifier.findings import Category

#: `prefilter` of recognizers that find nothing in a text without a letter: names, places,
#: facilities and word lists (spaCy entities they read hold two letters or more). Telemetry's
#: versions, numbers and addresses then skip them (`classifier.detection.onepass`).
LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Hit:
    """One span found by a recognizer; `entity` overrides the recognizer's main entity type."""

    start: int
    end: int
    score: float
    reason: str
    entity: str | None = None


class PackRecognizer(EntityRecognizer):
    """Presidio `EntityRecognizer` with the pack conventions (no arguments, a category, `find`)."""

    #: main entity type; recognizers emitting several types also set `categories` {entity: Category}
    entity: ClassVar[str]
    category: ClassVar[Category]

    def __init__(self) -> None:
        extra = [e for e in getattr(type(self), "categories", {}) if e != self.entity]
        super().__init__(
            supported_entities=[self.entity, *extra],
            name=type(self).__name__,
            supported_language="en",
        )

    def load(self) -> None:
        """Nothing to load: word lists are read in `__init__` of the subclasses that need them."""

    def find(self, text: str, nlp_artifacts: NlpArtifacts | None) -> Iterable[Hit]:
        raise NotImplementedError

    def analyze(
        self, text: str, entities: list[str] | None, nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        wanted = set(entities or self.supported_entities)
        results = []
        for hit in self.find(text, nlp_artifacts):
            entity = hit.entity or self.entity
            if entity not in wanted or hit.end <= hit.start:
                continue
            explanation = AnalysisExplanation(
                recognizer=self.name,
                original_score=hit.score,
                textual_explanation=hit.reason,
            )
            results.append(
                RecognizerResult(
                    entity_type=entity,
                    start=hit.start,
                    end=hit.end,
                    score=hit.score,
                    analysis_explanation=explanation,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        # context is already part of the score: no second boost downstream
                        RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
                    },
                )
            )
        return results


def ner_spans(nlp_artifacts: NlpArtifacts | None, labels: frozenset[str]) -> list[tuple[int, int, str]]:
    """(start, end, text) of the spaCy entities with one of `labels`; empty when NER did not run."""
    if nlp_artifacts is None or not nlp_artifacts.entities:
        return []
    return [(e.start_char, e.end_char, e.text) for e in nlp_artifacts.entities if e.label_ in labels]
