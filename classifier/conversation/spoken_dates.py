"""Dates said in words: "march third nineteen eighty four", "the fifth of june two thousand five".

A date of birth is a HIPAA identifier and a FERPA indirect identifier; in a
transcript it arrives as words that no date regex reads.  A month name with a
spoken day and/or a spoken year is a DATE; with birth context ("born",
"birthday", "date of birth", "DOB", spelled "d o b") in the segment or the end of the previous
one it is a DATE_OF_BIRTH.
"""

from __future__ import annotations

import re

from classifier.conversation.base import (
    ConversationContext,
    PerSegment,
    add_where,
    make_finding,
    pre_check,
    previous_text,
    register,
)
from classifier.findings import Finding

NAME = "conversation.spoken_dates"

_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_UNIT_ORD = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
_DAY = (
    rf"(?:(?:twenty|thirty)[\s-]{_UNIT_ORD}|{_UNIT_ORD}|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth"
    r"|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|\d{1,2}(?:st|nd|rd|th))"
)
_UNIT = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_TEEN = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_YEAR = (
    rf"(?:(?:nineteen|twenty)[\s-](?:{_TENS}(?:[\s-]{_UNIT})?|{_TEEN}|(?:oh|o)[\s-]{_UNIT}|hundred)"
    rf"|two thousand(?:\s+and)?(?:[\s-](?:{_TENS}(?:[\s-]{_UNIT})?|{_TEEN}|{_UNIT}))?|(?:19|20)\d\d)"
)
#: A day said as a plain number ("march three"): a date only with a year after it, since "may five of
#: us" and "in march three people left" are no dates.
_CARDINAL_DAY = rf"(?:(?:twenty[\s-]{_UNIT}|thirty[\s-]one)|twenty|thirty|{_TEEN}|{_UNIT})"
#: month day [year] | the day of month [year] | month [of] year | month number year | number month year
#: (a year alone is not a date of a person).
_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+(?:the\s+)?{_DAY}(?:,?\s+{_YEAR})?|(?:the\s+)?{_DAY}\s+of\s+{_MONTH}(?:,?\s+{_YEAR})?"
    rf"|{_MONTH},?\s+(?:of\s+)?{_YEAR}|{_MONTH}\s+{_CARDINAL_DAY},?\s+{_YEAR}|{_CARDINAL_DAY}\s+{_MONTH},?\s+{_YEAR})\b",
    re.IGNORECASE,
)
_WORDY = re.compile(rf"\b(?:{_DAY}|{_YEAR})\b", re.IGNORECASE)
#: Pre-check on lower-cased text.
_HAS_MONTH = re.compile(rf"\b{_MONTH}\b")
_BIRTH = re.compile(
    r"\b(?:born|birth\s*day|birthdate|date of birth|d\.?\s?o\.?\s?b\.?|birth date)\b", re.IGNORECASE
)
_SPELLED = re.compile(
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\w+teenth|twentieth|thirtieth"
    r"|nineteen|twenty|thousand)\b",
    re.IGNORECASE,
)


def find_spoken_dates(context: ConversationContext, text: str, previous: str) -> list[Finding]:
    findings = []
    for match in _DATE.finditer(text):
        # "May 3rd" and "June 2005" are the date recognizers' job; only word forms are ours
        if not _SPELLED.search(match.group(0)):
            continue
        if not _WORDY.search(match.group(0)):
            continue
        birth = _BIRTH.search(previous[-60:] + " " + text[max(0, match.start() - 60) : match.end() + 30])
        entity, score = ("DATE_OF_BIRTH", 0.85) if birth else ("DATE", 0.6)
        findings.append(make_finding(context, text, match.start(), match.end(), entity, score, NAME))
    return findings


#: only segments that hold a match are worth reading
_WORTH_READING = pre_check(_HAS_MONTH)


@register(NAME)
def process(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    return add_where(
        context,
        per_segment,
        _WORTH_READING,
        lambda i, text, _: find_spoken_dates(context, text, previous_text(context, i)),
    )
