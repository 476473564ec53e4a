"""LOCATION: places from spaCy's GPE/LOC entities plus US states and large cities from a word list.

The word list makes places in lowercase speech-recognition text findable
("we moved to houston"); names that are also people's names or words
(Georgia, Phoenix, Buffalo) only count capitalised.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from presidio_analyzer.nlp_engine import NlpArtifacts

from classifier.findings import Category
from recognizers.base import Hit, PackRecognizer, ner_spans
from recognizers.guards import is_eponym, is_medical_term
from recognizers.terms import PhraseSet

_PLACE_LABELS = frozenset({"GPE", "LOC"})


class LocationRecognizer(PackRecognizer):
    entity = "LOCATION"
    category = Category.PII

    def __init__(self) -> None:
        self.places = PhraseSet.from_files(Path(__file__).parent / "data" / "us_places.txt")
        super().__init__()

    def find(self, text: str, nlp_artifacts: NlpArtifacts | None) -> Iterator[Hit]:
        covered: list[tuple[int, int]] = []
        for start, end, name in ner_spans(nlp_artifacts, _PLACE_LABELS):
            if not any(c.isalpha() for c in name) or any(c.isdigit() for c in name):
                continue
            if is_eponym(text, end) or is_medical_term(name):
                continue
            covered.append((start, end))
            # lowercase text: spaCy guesses wildly; trust it only for listed places
            lowercase_unknown = name.islower() and name not in self.places
            yield Hit(start, end, 0.4 if lowercase_unknown else 0.85, "spaCy GPE/LOC entity")
        for start, end in self.places.find(text):
            if not any(s < end and start < e for s, e in covered):
                yield Hit(start, end, 0.75, "US state or city")
