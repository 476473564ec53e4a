"""Context keywords that say what kind of number follows ("MRN", "student id", "my cell").

Shared by the spoken-number, split-digit and cross-segment steps: a bare number
means little, but "student id is" right before it (in the same cue or at the
end of the previous one) says exactly which identifier it is.
"""

from __future__ import annotations

import functools
import re

from classifier.findings import Category

#: keyword regex -> entity type.  Order matters only for readability; the last keyword before a number wins.
_KEYWORDS: dict[str, str] = {
    r"mrn|medical record(?: number| no| #)?|chart (?:number|no)"
    r"|patient (?:id|number|no)": "MEDICAL_RECORD_NUMBER",
    r"student (?:id|number|no|#)|school id|id number|student i\.?d\.?|learner id": "STUDENT_ID",
    r"ssn|social security(?: number| no)?|social|last four of (?:my|his|her|the) social": "US_SSN",
    r"member (?:id|number)|policy (?:id|number|no)|insurance (?:id|number)|subscriber (?:id|number)"
    r"|medicare (?:id|number)|medicaid (?:id|number)|group number|plan id": "HEALTH_PLAN_ID",
    r"account (?:number|no|#)|routing (?:number|no)|acct": "BANK_ACCOUNT",
    r"card number|credit card|debit card|visa|mastercard|amex": "CREDIT_CARD",
    r"driver'?s licen[sc]e(?: number)?|license number|licence number|dl number": "US_DRIVER_LICENSE",
    r"passport(?: number| no)?": "US_PASSPORT",
    r"zip(?: code)?|postal code": "ZIP_CODE",
    r"phone(?: number)?|cell(?: number)?|mobile(?: number)?|call me(?: at| on)?|reach me(?: at| on)?"
    r"|text me(?: at| on)?|my number|fax(?: number)?|callback number|extension": "PHONE_NUMBER",
}

#: Every keyword starts with two letters: the lookahead lets the regex engine pass over the other
#: word starts (digits, ids, timestamps) without trying each keyword there.
_PATTERN = re.compile(
    r"\b(?=[a-z]{2})(?:" + "|".join(f"(?P<k{i}>{kw})" for i, kw in enumerate(_KEYWORDS)) + r")\b",
    re.IGNORECASE,
)
#: The same keywords, case-sensitive, for pre-checks on lower-cased text (about 3x faster).
_LOWER_PATTERN = re.compile(_PATTERN.pattern)
_ENTITY_BY_GROUP = {f"k{i}": entity for i, entity in enumerate(_KEYWORDS.values())}

#: Identifier types that belong to health or education records rather than to plain PII.
IDENTIFIER_CATEGORY: dict[str, Category] = {
    "MEDICAL_RECORD_NUMBER": Category.PHI,
    "HEALTH_PLAN_ID": Category.PHI,
    "STUDENT_ID": Category.EDU,
}

_TRAILING_FILLER = re.compile(r"(?:\s|[:#,.\-]|\b(?:is|was|it's|its|number|no)\b)*$", re.IGNORECASE)

#: How many characters before a number are searched for a keyword.
WINDOW = 48


def _last(text: str) -> re.Match[str] | None:
    last = None
    for last in _PATTERN.finditer(text):  # noqa: B007  (the last keyword wins)
        pass
    return last


def keyword_entity(text_before: str) -> str | None:
    """The entity type implied by the last context keyword in `text_before`, or None."""
    last = _last(text_before[-WINDOW:])
    return _ENTITY_BY_GROUP[last.lastgroup] if last and last.lastgroup else None


def after_last_keyword(text_before: str) -> str:
    """The text between the last context keyword in `text_before` and its end ('' when none)."""
    window = text_before[-WINDOW:]
    last = _last(window)
    return window[last.end() :] if last else ""


def trailing_keyword_entity(text: str) -> str | None:
    """The entity type of a keyword at the very end of `text` ("...my MRN is", "student id:")."""
    return _trailing_keyword_entity(text[-WINDOW:])


@functools.lru_cache(maxsize=4096)  # a telemetry field's label comes back in every event
def _trailing_keyword_entity(window: str) -> str | None:
    tail = _TRAILING_FILLER.sub("", window)
    last = _last(tail)
    if last is None or last.end() != len(tail) or not last.lastgroup:
        return None
    return _ENTITY_BY_GROUP[last.lastgroup]


def has_keyword(lowered: str) -> bool:
    """True when lower-cased `lowered` contains a context keyword (a pre-check before reading its numbers)."""
    return _LOWER_PATTERN.search(lowered) is not None
