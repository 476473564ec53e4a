"""PHONE_NUMBER: US and international numbers, found by a cheap regex before any phonenumbers parsing.

Presidio's PhoneRecognizer hands every text to phonenumbers (about 20% of its
runtime); here phonenumbers only sees the few candidates the regex found. Shapes:

* US: (555) 013-4477, 555-013-4477, +1 555 013 4477, 555.013.4477 x12
* international with "+" or "00"/"001": validated by phonenumbers
* other digit groups ("0489 25 37 29"): only with a phone word nearby or if a
  national numbering plan accepts them, and never with a meeting-ID, order,
  ticket or version word nearby.

Timestamps (00:02:24.720), versions and OS builds (10.2.0.4, 4.6.5.38774,
10.0.19045: dotted numbers with a single-digit group, or with a group of five
or more digits among four or more), IP addresses, dates, SSN and card shapes
are not phone numbers; these shapes are rejected before phonenumbers runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import phonenumbers
from presidio_analyzer.nlp_engine import NlpArtifacts

from classifier.findings import Category
from recognizers.base import Hit, PackRecognizer

_CANDIDATE = re.compile(
    r"(?<![\w.+/:-])"
    r"(?:\+|00)?\(?\d[\d\s().\-/]{5,22}\d"
    r"(?:\s*(?:x|ext\.?|extension)\s*\d{1,5})?"
    r"(?![\w:/]|[.-]\d)"
)
_US = re.compile(
    r"(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?:\s*(?:x|ext\.?|extension)\s*\d{1,5})?"
)
_US_PLAIN = re.compile(r"\d{10}")
_PHONE_WORDS = re.compile(
    r"\b(?:phone|tel|telephone|cell|cellphone|mobile|mob|call|calling|text|sms|fax|number|contact|reach"
    r"|dial|landline|whatsapp|registered|answering|ring|voicemail|line|hotline|ph)\b",
    re.IGNORECASE,
)
_NOT_PHONE_WORDS = re.compile(
    r"\b(?:meeting|webinar|zoom|passcode|pin|order|ticket|invoice|case|tracking|confirmation|version|build"
    r"|release|ssn|social|account|acct|routing|card|isbn|serial|mrn|record|member|policy|id|reference|ref)\b",
    re.IGNORECASE,
)
_TIMESTAMP = re.compile(r"\d{1,2}:\d{2}")
_DATE = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}")
_DOTTED_QUAD = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_SSN = re.compile(r"\d{3}-\d{2}-\d{4}")
_CARD = re.compile(r"\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{1,4}")
_DOTTED = re.compile(r"\d+(?:\.\d+)+")
_GROUP_SPLIT = re.compile(r"[\s().\-/]+")
_REGIONS = ("US", "GB", "DE", "FR", "NL", "BE", "ES", "IT", "SE", "CH", "AU", "IN", "BR", "MX")
_WINDOW = 40


class PhoneNumberRecognizer(PackRecognizer):
    entity = "PHONE_NUMBER"
    category = Category.PII
    #: every result is a candidate match: the engine skips texts without one
    prefilter = _CANDIDATE

    def find(self, text: str, nlp_artifacts: NlpArtifacts | None) -> Iterator[Hit]:
        for match in _CANDIDATE.finditer(text):
            candidate = match.group().rstrip(" .-")
            start = match.start()
            if candidate.startswith("(") and ")" not in candidate[:6]:
                candidate, start = candidate[1:], start + 1
            score = self._score(candidate, text[max(0, start - _WINDOW) : start])
            if score:
                yield Hit(start, start + len(candidate), score, "phone number shape")

    def _score(self, candidate: str, before: str) -> float:
        digits = sum(c.isdigit() for c in candidate)
        if not 7 <= digits <= 15 or _excluded(candidate):
            return 0.0
        near_phone_word = _PHONE_WORDS.search(before) is not None
        if _NOT_PHONE_WORDS.search(before[-25:]) and not near_phone_word:
            return 0.0
        if _US.fullmatch(candidate):
            return 0.8
        if candidate.startswith(("+", "00")):
            if _valid(candidate, None):
                return 0.8
            return 0.6 if near_phone_word or _valid(candidate, None, possible=True) else 0.0
        if _US_PLAIN.fullmatch(candidate):
            return 0.7 if near_phone_word or _valid(candidate, "US") else 0.0
        if not re.search(r"[\s().\-/]", candidate):
            return 0.65 if near_phone_word else 0.0
        if near_phone_word:
            return 0.75
        if len(_GROUP_SPLIT.split(candidate.strip("()"))) < 3:
            return 0.0
        return 0.55 if any(_valid(candidate, region) for region in _REGIONS) else 0.0


def _excluded(candidate: str) -> bool:
    """Shapes that belong to other things: times, dates, IPs and versions, SSNs, cards."""
    return bool(
        _TIMESTAMP.search(candidate)
        or _DATE.fullmatch(candidate)
        or _DOTTED_QUAD.fullmatch(candidate)
        or _SSN.fullmatch(candidate)
        or _CARD.fullmatch(candidate)
        or _version_like(candidate)
    )


def _version_like(candidate: str) -> bool:
    """A dotted number shaped like a version or OS build (4.6.5.38774, 10.0.19045).

    Dotted phone numbers group their digits by twos to fours (555.123.4567, 06.12.34.56.78,
    020.7946.0958); only a US trunk "1." (1.555.013.4477) stands alone. A single-digit group, or
    a group of five or more digits among four or more groups, is a version. A "00" international
    prefix (0033.6.12.34.56.78) starts no version.
    """
    if not _DOTTED.fullmatch(candidate) or candidate.startswith("00") or _US.fullmatch(candidate):
        return False
    lengths = [len(group) for group in candidate.split(".")]
    return 1 in lengths or (len(lengths) >= 4 and max(lengths) >= 5)


@lru_cache(maxsize=4096)  # a pure function; telemetry repeats the same numbers (versions, builds)
def _valid(candidate: str, region: str | None, possible: bool = False) -> bool:
    """phonenumbers' verdict: a valid number of `region` (or, with `possible`, of plausible length)."""
    number = candidate.replace("(0)", "")
    if number.startswith("00"):
        number = "+" + number[2:]
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_possible_number(parsed) if possible else phonenumbers.is_valid_number(parsed)
