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
from recognizers.base import LETTER, Hit, PackRecognizer, ner_spans
from recognizers.guards import follows_place_cue, is_eponym, is_medical_term
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
    r"|located\s+in|resident\s+of|visiting|i\s+am\s+in|i'm\s+in|arrived\s+(?:at|in)|returned\s+to"
    r"|moved\s+here\s+from|home\s+(?:city|town|village)(?:\s+of)?|(?:city|town|village)\s+of)\s+"
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
#: "Marta Palermo": a place name right after a given name is a family name
_AFTER_NAME_WORD = re.compile(r"\b([A-ZÀ-Þ][a-zß-ÿ]+) $")
#: "Chiclana de la Frontera, Spain", "ALFRICK  United Kingdom": the town right before a country
_BEFORE_COUNTRY = re.compile(
    r"(?P<place>[A-ZÀ-ÞΑ-Ω][\w'’.-]*(?: (?:(?:de|del|la|le|di|da|do|dos|sur|am|an|upon|on) ){0,2}"
    r"[A-ZÀ-ÞΑ-Ω][\w'’.-]*){0,3})(?P<gap>,[ \t]*|[ \t]{2,}| )$"
)
#: what comes before the town of an address line: a new line, a wide gap, a comma, a number or ">"
_ADDRESS_BEFORE = re.compile(r"(?:\n|[ \t]{2,}|,[ \t]*|\d[ \t]+|>[ \t]*)$")
_CUE_BEFORE = re.compile(r"\b(?i:in|from|at|near)[ \t]+$")
_DATA = Path(__file__).parent / "data"


def _words(*names: str) -> frozenset[str]:
    return frozenset(
        line.strip().lower()
        for name in names
        for line in (_DATA / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )


class LocationRecognizer(PackRecognizer):
    entity = "LOCATION"
    category = Category.PII
    #: places from lists and cues are words; spaCy GPE/LOC entities need two letters here too
    prefilter = LETTER

    def __init__(self) -> None:
        self.places = PhraseSet.from_files(_DATA / "us_places.txt")
        self.world = PhraseSet.from_files(_DATA / "world_places.txt")
        self.ambiguous = PhraseSet.from_files(_DATA / "world_places_ambiguous.txt")
        world_lines = (_DATA / "world_places.txt").read_text(encoding="utf-8")
        self.countries = PhraseSet.from_lines(world_lines.split("# --- capitals")[0].splitlines())
        self.given_names = _words("first_names.txt", "world_given_names.txt")
        self.person_names = self.given_names | _words("surnames.txt", "world_surnames.txt")
        super().__init__()

    def _person_name(self, text: str, start: int, name: str) -> bool:
        """A single listed given name or surname, no place unless cued ("Jordan's file", "flew to Jordan").

        Places that are also people's names (the ambiguous list) count as names here too: without a place
        cue, a bare "Jordan" or "Victoria" in a conversation is far more often a person.
        """
        return (
            " " not in name
            and name.lower() in self.person_names
            and not (name in self.places or name in self.world)
            and not follows_place_cue(text, start)
            and not _PLACE_CUE_BEFORE.search(text, max(0, start - 20), start)
        )

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
            if self._person_name(text, start, name):
                continue  # "Why is Rebecca ...": spaCy took a listed name for a place
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
                before = _AFTER_NAME_WORD.search(text, max(0, start - 30), start)
                if (cued and not cue) or (not cue and before and before.group(1).lower() in self.given_names):
                    continue
                if is_eponym(text, end) or self._names_an_organisation(text, end):
                    continue
                covered.append((start, end))
                yield Hit(start, end, 0.7 if cued else 0.75, "listed world place")
        yield from self._before_country(text, covered)

    def _before_country(self, text: str, covered: list[tuple[int, int]]) -> Iterator[Hit]:
        """The town of an address line that ends in a country: after a comma or a wide gap, or in capitals."""
        for country_start, _ in self.countries.find(text):
            if not text[country_start].isupper():
                continue
            offset = max(0, country_start - 60)
            match = _BEFORE_COUNTRY.search(text, offset, country_start)
            if not match:
                continue
            start, end = match.span("place")
            place = match.group("place")
            address = _ADDRESS_BEFORE.search(text, max(0, start - 3), start)
            cued = match.group("gap").startswith(",") and _CUE_BEFORE.search(text, max(0, start - 6), start)
            if not (address or cued):
                continue
            if place.split()[0].lower() in STOP_WORDS or any(s < end and start < e for s, e in covered):
                continue
            covered.append((start, end))
            yield Hit(start, end, 0.65, "town before a country")
