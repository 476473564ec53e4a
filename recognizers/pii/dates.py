"""DATE and DATE_OF_BIRTH: calendar dates tied to a person, not relative words or clock times.

Explicit dates ("April 12, 2023", "3/14/2011", "2018-01-14 03:07:43", "march
3rd") come from regexes; spaCy's DATE entities add the rest when they name a
month or a day. Ages ("34-year-old"), durations ("three weeks"), relative words
("today", "last year") and transcript timestamps (00:02:24.720) are not dates.
A bare year or weekday scores below the default threshold (HIPAA keeps years).
A date with a birth word just before it is a DATE_OF_BIRTH.

Numeric dates read their shape: the year is 19xx or 20xx in every form (so
build numbers such as 10.1.6938 are no date), a numeric date starts a number
("1.10.1.2019" is a version), and an ISO 8601 event timestamp with a "T" time
(2026-05-27T13:28:46.799Z, 2026-10-28T00:14:16Z, +02:00 offsets) is when a
service logged something, not a date about a person; only a birth word just
before one makes it a DATE_OF_BIRTH. "2018-01-14 03:07:43" (a space) stays a date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from presidio_analyzer.nlp_engine import NlpArtifacts

from classifier.findings import Category
from recognizers.base import Hit, PackRecognizer, ner_spans

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_MM = r"(?:0[1-9]|1[0-2])"
_DD = r"(?:0[1-9]|[12]\d|3[01])"
#: numeric dates start a number (not "1.10.1.2019"); the dotted form ends it too (not "10.1.2019.3")
_EXPLICIT = re.compile(
    rf"\b(?:{_MONTH}\.?\s+{_DAY}(?:,?\s+{_YEAR})?"
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH}\.?(?:,?\s+{_YEAR})?"
    rf"|{_MONTH}\.?,?\s+{_YEAR}"
    rf"|(?<![\d./])(?:0?[1-9]|1[0-2])[/-](?:0?[1-9]|[12]\d|3[01])[/-](?:{_YEAR}|\d\d)"
    rf"|(?<![\d./])(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])\.{_YEAR}(?!\.\d)"
    rf"|(?<![\d./]){_YEAR}-{_MM}-{_DD}(?: \d\d:\d\d(?::\d\d)?)?"
    r")(?![\w/-])",
    re.IGNORECASE,
)
#: an event timestamp (ISO 8601 date, "T", time with optional seconds, fraction, "Z" or offset): when a
#: service logged something, not a date about a person
_ISO_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?(?:Z|[+-]\d\d(?::?\d\d)?)?")
_YEAR_ONLY = re.compile(_YEAR)
_NUMERIC = re.compile(r"[\d\s./-]+")
_DIGIT_GROUP = re.compile(r"\d+")
_NAMES_MONTH_OR_DAY = re.compile(rf"\b{_MONTH}\b|\d{{1,2}}[/.-]\d{{1,2}}", re.IGNORECASE)
_YEAR_OR_WEEKDAY = re.compile(
    rf"(?:(?:in|the\s+year|year)\s+)?{_YEAR}s?|(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day",
    re.IGNORECASE,
)
_NOT_A_DATE = re.compile(
    r"year[-\s]?old|\byo\b|\bage\b|\baged\b|\btoday\b|\btonight\b|\byesterday\b|\btomorrow\b|\bnow\b"
    r"|\b(?:last|next|this|past|coming|previous)\b|\bago\b|\brecently\b|\bdays?\b|\bweeks?\b|\bmonths\b"
    r"|\byears?\b|\bhours?\b|\bminutes?\b|\d:\d\d",
    re.IGNORECASE,
)
_BIRTH = re.compile(
    r"\b(?:born|birth|birthday|bday|b-day|dob|d\.o\.b\.?|date\s+of\s+birth|birthdate)\b[^.;\n\d]{0,20}$",
    re.IGNORECASE,
)
_DAY_WORD = re.compile(
    r"\d|\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth"
    r"|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|twenty|thirty)\b",
    re.IGNORECASE,
)
_LOOKBACK = 30


class DateMentionRecognizer(PackRecognizer):
    entity = "DATE"
    category = Category.PII
    categories = {"DATE": Category.PII, "DATE_OF_BIRTH": Category.PII}

    def find(self, text: str, nlp_artifacts: NlpArtifacts | None) -> Iterator[Hit]:
        spans: list[tuple[int, int, float, str]] = [
            (m.start(), m.end(), 0.8, "explicit calendar date") for m in _EXPLICIT.finditer(text)
        ]
        # an event timestamp is no date about a person unless a birth word comes just before it; spaCy
        # DATE spans over a part of one are left out
        timestamps = [(m.start(), m.end()) for m in _ISO_TIMESTAMP.finditer(text)] if "T" in text else []
        for start, end in timestamps:
            if _BIRTH.search(text[max(0, start - _LOOKBACK) : start]):
                spans.append((start, end, 0.9, "timestamp after a birth word"))
        taken = timestamps + [(s, e) for s, e, _, _ in spans]
        for start, end, value in ner_spans(nlp_artifacts, frozenset({"DATE"})):
            if any(s < end and start < e for s, e in taken):
                continue
            if _YEAR_OR_WEEKDAY.fullmatch(value):
                spans.append((start, end, 0.4, "bare year or weekday"))
            elif _impossible_numeric_date(value):
                continue
            elif _NAMES_MONTH_OR_DAY.search(value) and not _NOT_A_DATE.search(value):
                # "in january" alone names no particular day
                score = 0.65 if _DAY_WORD.search(value) else 0.4
                spans.append((start, end, score, "spaCy DATE entity naming a month or day"))
        for start, end, score, reason in spans:
            if _BIRTH.search(text[max(0, start - _LOOKBACK) : start]):
                yield Hit(start, end, max(score, 0.9), "date after a birth word", entity="DATE_OF_BIRTH")
            else:
                yield Hit(start, end, score, reason)


def _impossible_numeric_date(value: str) -> bool:
    """A digits-only span no date can be: over three groups, or a 3+ digit group that is no 19xx/20xx year."""
    if not _NUMERIC.fullmatch(value):
        return False
    groups = _DIGIT_GROUP.findall(value)
    return len(groups) > 3 or any(len(g) >= 3 and not _YEAR_ONLY.fullmatch(g) for g in groups)
