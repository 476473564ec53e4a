"""SCHOOL: a named school, college or district ("Lincoln High School", "Roosevelt Elementary",
"lincoln high" in lowercase speech text).

A bare kind ("the high school", "my elementary school") is not a name: the word
before the kind must not be a stop word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from classifier.findings import Category
from recognizers.base import Hit, PackRecognizer

_KIND = (
    r"High\s+School|Middle\s+School|Junior\s+High(?:\s+School)?|Elementary(?:\s+School)?|Primary\s+School"
    r"|Intermediate\s+School|Preparatory\s+School|Prep(?:\s+School)?|Charter\s+School|Day\s+School|Academy"
    r"|Montessori(?:\s+School)?|Preschool|Pre-K|Community\s+College|College|University|School\s+District"
    r"|Unified\s+School\s+District|Independent\s+School\s+District|ISD|Public\s+Schools|Learning\s+Center"
    r"|Magnet\s+School|High|School"
)
_NAMED = re.compile(
    rf"\b(?P<name>(?:St\.?\s+)?(?:[A-Z][\w'’.&-]*\s+){{1,4}})(?P<kind>{_KIND})\b(?!\s+(?:School|Schools)\b)"
)
_OF_NAMED = re.compile(r"\b(?:University|College)\s+of\s+[A-Z][\w'’-]*(?:\s+(?:at\s+)?[A-Z][\w'’-]*){0,3}")
_SPOKEN = re.compile(
    r"\b(?P<name>[a-z][a-z'-]+)\s+(?P<kind>high\s+school|middle\s+school|elementary(?:\s+school)?|junior\s+high"
    r"|high|academy|prep|preparatory|community\s+college)\b(?!\s+(?:school|grade|level|risk|blood|priority|score|fever))"
)
#: words that make "X High" or "X School" something else ("Very High", "Summer School")
_NOT_NAMES = STOP_WORDS | {
    "very",
    "too",
    "so",
    "really",
    "pretty",
    "summer",
    "night",
    "sunday",
    "online",
    "public",
    "private",
    "graduate",
    "medical",
    "law",
    "business",
    "nursing",
    "art",
    "driving",
    "new",
    "old",
    "local",
    "boarding",
    "high",
    "middle",
    "elementary",
    "primary",
    "grammar",
    "senior",
    "junior",
    "freshman",
    "sophomore",
    "all",
    "time",
    "record",
    "low",
    "sky",
    "knee",
    "waist",
}
_BARE_KINDS = frozenset({"high", "school", "college", "university", "academy"})


class SchoolRecognizer(PackRecognizer):
    entity = "SCHOOL"
    category = Category.EDU
    #: every school name ends in (or starts with) its kind: the engine skips texts without one
    prefilter = re.compile(
        r"high|school|elementary|primary|academy|prep|college|university|montessori|preschool|pre-k|isd"
        r"|learning\s+center",
        re.IGNORECASE,
    )

    def find(self, text: str, nlp_artifacts: NlpArtifacts | None) -> Iterator[Hit]:
        hits: list[Hit] = []
        for match in _NAMED.finditer(text):
            hit = _named(text, match, 0.85)
            if hit:
                hits.append(hit)
        hits.extend(
            Hit(m.start(), m.end(), 0.75, "University/College of ...") for m in _OF_NAMED.finditer(text)
        )
        for match in _SPOKEN.finditer(text):
            if match.group("name") not in _NOT_NAMES:
                hits.append(Hit(match.start(), match.end(), 0.65, "spoken school name"))
        hits.sort(key=lambda h: (h.start, -h.end))
        last_end = -1
        for hit in hits:
            if hit.start >= last_end:
                last_end = hit.end
                yield hit


def _named(text: str, match: re.Match[str], score: float) -> Hit | None:
    """Skip leading stop words; a bare "High"/"School"/"College" needs a name that is not a common word."""
    words = match.group("name").split()
    start = match.start()
    while words and words[0].lower().strip(".") in _NOT_NAMES:
        start = text.index(words[1], start + len(words[0])) if len(words) > 1 else -1
        words = words[1:]
    if not words or start < 0:
        return None
    if match.group("kind").lower() in _BARE_KINDS and len(words) == 1 and words[0].lower() in _NOT_NAMES:
        return None
    return Hit(start, match.end(), score, "capitalised name of a school")
