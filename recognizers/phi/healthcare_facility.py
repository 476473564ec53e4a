"""HEALTHCARE_FACILITY: named hospitals, clinics and health systems.

Found by shape (capitalised name + "Hospital", "Clinic", "Medical Center", ...),
by saint names in the possessive ("St. Vincent's", "St. Mary's Hospital"), and
from a short list of well-known systems whose names carry no such word
(`data/facilities.txt`: "Johns Hopkins", "Cedars-Sinai"). Generic phrases ("the
hospital", "a clinic") are not names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from classifier.findings import Category
from recognizers.base import LETTER, Hit, PackRecognizer
from recognizers.terms import PhraseSet

_KIND = (
    r"Hospitals?|Medical\s+Cent(?:er|re)|Health\s+Cent(?:er|re)|Health\s+System|Health\s+Care|Healthcare|Clinic"
    r"|Infirmary|Hospice|Rehabilitation\s+(?:Center|Hospital|Institute)|Rehab(?:\s+Center)?|Cancer\s+(?:Center|Institute)"
    r"|Urgent\s+Care|Surgery\s+Center|Surgical\s+Center|Medical\s+Group|Medical\s+Clinic|Pediatrics|Family\s+Medicine"
    r"|Behavioral\s+Health|Mental\s+Health\s+Center|Nursing\s+Home|Care\s+Center|Dialysis\s+Center"
    r"|Imaging\s+Center|Heart\s+Institute|Eye\s+Institute|Neurology\s+(?:Center|Associates)|Cardiology\s+Associates"
    r"|Orthopedics|Memorial|Health|Medicine|Institute"
    r"|Med\.?\s+C(?:tr|ntr|enter|entre)\.?|Med(?:ical)?\.?|Hosp\.?|General"
    r"|(?i:clinic|hospital|med\s+center|medical\s+center)"
)
_NAMED = re.compile(
    rf"\b(?P<name>(?:(?:St\.?|Saint|Mt\.?|Mount)\s+)?(?:[A-Z][\w'’.&-]*\s+){{1,5}}(?:{_KIND}))\b"
    rf"(?:\s+(?:of|at|in)\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{0,2}})?"
)
#: "seen at UCSF", "admitted to Stanford on ...": a capitalised name right after a verb of care
_CUED = re.compile(
    r"\b(?:seen|treated|admitted|evaluated|assessed|consulted|visited|operated\s+on|hospitali[sz]ed|followed"
    r"|presented|registered|examined|checked\s+in|discharged|transferred|referred|tx'd|seen\s+@)"
    r"\s+(?:at|to|in|from|@)\s+(?i:the\s+|our\s+|a\s+)?"
    r"(?P<name>(?:[A-Z][A-Za-z'’&.-]*|&)(?:\s+(?:[A-Z][A-Za-z'’&.-]*|&)){0,3})"
)
_SPOKEN = re.compile(
    r"\b(?P<name>(?:[a-z][a-z'’.]*\s+){1,3})(?:hospital|clinic|medical\s+center|health\s+center|behavioral\s+health"
    r"|urgent\s+care|children's\s+hospital|regional\s+hospital|surgery\s+center|cancer\s+center|rehab\s+center"
    r"|pediatrics|general)\b"
)
#: words that do not make a facility name on their own ("the community clinic", "a local hospital")
_GENERIC_NAME_WORDS = frozenset(
    """community regional general local county city family medical health mental memorial university walk-in
    free new old big small nearest pediatric dental children's women's veterans private public state teaching
    animal vet eye outpatient inpatient specialty hematology oncology cardiology dermatology orthopedic
    fertility sleep pain cancer heart travel allergy diabetes psychiatric behavioral rehab physical therapy
    dialysis pulmonary pulm neurology surgical primary care student school campus urgent er va nearby same
    other attorney surgeon brigadier major lieutenant secretary inspector consul postmaster""".split()
)
_SAINT = re.compile(r"\b(?:St\.?|Saint)\s+[A-Z][a-z]+(?:['’]s)\b(?:\s+(?:Hospital|Medical\s+Center|Clinic))?")
_KIND_AT_END = re.compile(rf"(?:{_KIND})$")
#: first words that make the cued name something else ("seen at Dr. ...", "admitted in January")
_NOT_FACILITIES = frozenset(
    {
        "dr",
        "dr.",
        "doctor",
        "mr",
        "mrs",
        "ms",
        "home",
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "er",
        "icu",
        "attorney",
        "surgeon",
        "major",
    }
)
_GENERIC = frozenset({"health", "medicine", "institute", "memorial", "med", "medical", "general"})
_FACILITY_LIST = PhraseSet.from_files(Path(__file__).parent / "data" / "facilities.txt")


class HealthcareFacilityRecognizer(PackRecognizer):
    entity = "HEALTHCARE_FACILITY"
    category = Category.PHI
    #: every facility it finds is named in words
    prefilter = LETTER

    def find(self, text: str, nlp_artifacts: NlpArtifacts | None) -> Iterator[Hit]:
        hits: list[Hit] = []
        for match in _NAMED.finditer(text):
            hit = self._named(text, match)
            if hit:
                hits.append(hit)
        hits.extend(
            Hit(m.start(), m.end(), 0.7, "saint's name in the possessive") for m in _SAINT.finditer(text)
        )
        hits.extend(Hit(s, e, 0.8, "well-known health system") for s, e in _FACILITY_LIST.find(text))
        hits.extend(hit for hit in map(_spoken, _SPOKEN.finditer(text)) if hit)
        for match in _CUED.finditer(text):
            name = match.group("name").rstrip(".")
            if name.split()[0].lower() not in _NOT_FACILITIES:
                start = match.start("name")
                hits.append(Hit(start, start + len(name), 0.6, "name after a verb of care"))
        hits.sort(key=lambda h: (h.start, -h.end))
        last_end = -1
        for hit in hits:
            if hit.start >= last_end:
                last_end = hit.end
                yield hit

    @staticmethod
    def _named(text: str, match: re.Match[str]) -> Hit | None:
        """Drop leading stop words ("The", "At"); a name needs a word besides the facility kind."""
        name = match.group("name")
        kind = _KIND_AT_END.search(name)
        name_words = name[: kind.start() if kind else len(name)].split()
        start = match.start()
        while name_words and (
            name_words[0].lower().strip(".") in STOP_WORDS or name_words[0].lower() in _NOT_FACILITIES
        ):
            start = (
                text.index(name_words[1], start + len(name_words[0])) if len(name_words) > 1 else match.end()
            )
            name_words = name_words[1:]
        if not name_words:
            return None
        score = 0.6 if kind and kind.group().lower().rstrip(".") in _GENERIC else 0.85
        return Hit(start, match.end(), score, "capitalised name of a hospital or clinic")


def _spoken(match: re.Match[str]) -> Hit | None:
    """Lowercase speech text: "riverside community clinic"; the name is the words after the last stop
    word and needs one that is not generic ("the community clinic" is no name)."""
    words = match.group("name").split()
    stops = [i for i, word in enumerate(words) if word in STOP_WORDS]
    if stops:
        words = words[stops[-1] + 1 :]
    if not words or all(w in _GENERIC_NAME_WORDS for w in words):
        return None
    start = match.start("name") + match.group("name").rindex(" ".join(words))
    return Hit(start, match.end(), 0.6, "spoken name of a hospital or clinic")
