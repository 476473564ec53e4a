"""LOCATION: places from spaCy's GPE/LOC entities plus US states and large cities from a word list.

The word list makes places in lowercase speech-recognition text findable
("we moved to houston"); names that are also people's names or words
(Georgia, Phoenix, Buffalo) only count capitalised.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from classifier.findings import Category
from recognizers.base import Hit, PackRecognizer, ner_spans
from recognizers.guards import is_eponym, is_medical_term
from recognizers.terms import PhraseSet

_PLACE_LABELS = frozenset({"GPE", "LOC"})
_CALENDAR = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July"
    " August September October November December".split()
)
#: "flew to LEPPEN", "originally from Mavčiče", "based in GUÉRET": a place after a travel or origin cue
_CUED = re.compile(
    r"\b(?i:flew\s+to|fly(?:ing)?\s+to|moved\s+to|moving\s+to|relocated\s+to|travel(?:l)?ed\s+to|drove\s+to"
    r"|(?:originally|is|am|are|comes?|came)\s+from|based\s+in|grew\s+up\s+in|born\s+in|lives?\s+in|living\s+in"
    r"|located\s+in|resident\s+of|visiting|i\s+am\s+in|i'm\s+in)\s+"
    r"(?P<place>[A-ZÀ-ÞΑ-Ω][\w'’.-]*(?:\s+[A-ZÀ-ÞΑ-Ω][\w'’.-]*){0,2})"
)
#: a spaCy place that ends like a school or a hospital is that institution, not a place
_INSTITUTION = re.compile(
    r"\b(?:Elementary|School|Academy|High|College|University|Hospital|Clinic|Center|Centre|Pediatrics|Prep)$",
    re.IGNORECASE,
)
_NEXT_WORD = re.compile(r" ([A-Z][a-z]+)\b")


class LocationRecognizer(PackRecognizer):
    entity = "LOCATION"
    category = Category.PII

    def __init__(self) -> None:
        self.places = PhraseSet.from_files(Path(__file__).parent / "data" / "us_places.txt")
        super().__init__()

    def _names_an_organisation(self, text: str, end: int) -> bool:
        """A place followed by a capitalised word that is not a place starts a name ("Boston Consulting")."""
        following = _NEXT_WORD.match(text, end)
        return (
            bool(following) and following.group(1) not in self.places and following.group(1) not in _CALENDAR
        )

    def find(self, text: str, nlp_artifacts: NlpArtifacts | None) -> Iterator[Hit]:
        covered: list[tuple[int, int]] = []
        for start, end, name in ner_spans(nlp_artifacts, _PLACE_LABELS):
            if (
                sum(c.isalpha() for c in name) < 2
                or any(c.isdigit() for c in name)
                or _INSTITUTION.search(name)
            ):
                continue
            if is_eponym(text, end) or is_medical_term(name) or self._names_an_organisation(text, end):
                continue
            covered.append((start, end))
            # lowercase text: spaCy guesses wildly; trust it only for listed places
            lowercase_unknown = name.islower() and name not in self.places
            yield Hit(start, end, 0.4 if lowercase_unknown else 0.85, "spaCy GPE/LOC entity")
        for match in _CUED.finditer(text):
            start, end = match.span("place")
            place = match.group("place").rstrip(".")
            first = place.split()[0]
            if (
                first in _CALENDAR
                or first.lower() in STOP_WORDS
                or any(s < end and start < e for s, e in covered)
            ):
                continue
            if is_medical_term(place) or self._names_an_organisation(text, start + len(place)):
                continue
            covered.append((start, start + len(place)))
            yield Hit(start, start + len(place), 0.6, "place after a travel or origin cue")
        for start, end in self.places.find(text):
            if not any(s < end and start < e for s, e in covered) and not self._names_an_organisation(
                text, end
            ):
                yield Hit(start, end, 0.75, "US state or city")
