"""LOCATION: places from spaCy's GPE/LOC entities, US states and large cities from a word list, and
countries, capitals and major cities of the world from a gazetteer.

The US list makes places in lowercase speech-recognition text findable
("we moved to houston"); names that are also people's names or words
(Georgia, Phoenix, Buffalo) only count capitalised. The small spaCy model misses
most non-US places, so the world gazetteer fills in, but only for capitalised
text (Title Case or ALL CAPS): "Kraków", "NAIROBI". World places that are also
words or first names ("Chad", "Jordan", "Nice", "Victoria") need a place cue
right before them ("from Jordan", "in Nice").
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
#: a word before an ambiguous gazetteer place that makes it a place ("grew up in Victoria")
_PLACE_CUE_BEFORE = re.compile(
    r"\b(?i:in|from|near|outside|around|across|throughout|visit|visited|visiting|flew\s+to|moved\s+to|trip\s+to"
    r"|travell?ed\s+to|relocated\s+to|drove\s+to|city\s+of)\s+$"
)
#: "Marta Palermo", "Hotel Berlin": a place name right after a capitalised word is part of a name
_AFTER_NAME_WORD = re.compile(r"\b[A-ZÀ-Þ][a-zß-ÿ]+ $")
_DATA = Path(__file__).parent / "data"


class LocationRecognizer(PackRecognizer):
    entity = "LOCATION"
    category = Category.PII

    def __init__(self) -> None:
        self.places = PhraseSet.from_files(_DATA / "us_places.txt")
        self.world = PhraseSet.from_files(_DATA / "world_places.txt")
        self.ambiguous = PhraseSet.from_files(_DATA / "world_places_ambiguous.txt")
        super().__init__()

    def _listed(self, word: str) -> bool:
        return word in self.places or word in self.world or word in self.ambiguous

    def _names_an_organisation(self, text: str, end: int) -> bool:
        """A place followed by a capitalised word that is not a place starts a name ("Boston Consulting")."""
        following = _NEXT_WORD.match(text, end)
        return (
            bool(following) and not self._listed(following.group(1)) and following.group(1) not in _CALENDAR
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
                covered.append((start, end))
                yield Hit(start, end, 0.75, "US state or city")
        yield from self._gazetteer(text, covered)

    def _gazetteer(self, text: str, covered: list[tuple[int, int]]) -> Iterator[Hit]:
        """Capitalised world places; the ambiguous ones only after a place cue."""
        for phrases, cued in ((self.world, False), (self.ambiguous, True)):
            for start, end in phrases.find(text):
                if not text[start].isupper() or any(s < end and start < e for s, e in covered):
                    continue
                cue = _PLACE_CUE_BEFORE.search(text, max(0, start - 20), start)
                if (cued and not cue) or (
                    not cue and _AFTER_NAME_WORD.search(text, max(0, start - 30), start)
                ):
                    continue
                if is_eponym(text, end) or self._names_an_organisation(text, end):
                    continue
                covered.append((start, end))
                yield Hit(start, end, 0.7 if cued else 0.75, "listed world place")
