"""Ages said in a conversation: "you're thirty three now", "he turns fifty four", "Ana is 15".

An age is an identifier (HIPAA counts ages over 89; FERPA and the corpus label
guidelines count any stated age of the person).  A number from 1 to 120 after
a personal verb ("I'm", "she's", "turns", "turned") is an AGE unless a unit
follows ("ten minutes", "five feet") or the years are a time span ("ten years
ago"); after a plain "is" or "was" it needs a person just before it ("Ana is
15") or "years old" after it.
"""

from __future__ import annotations

import re

from classifier.conversation.base import (
    ConversationContext,
    PerSegment,
    add_where,
    make_finding,
    pre_check,
    register,
)
from classifier.findings import Finding

NAME = "conversation.spoken_ages"
SCORE = 0.65

_UNIT = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_NUMBER = (
    rf"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]{_UNIT})?|{_UNIT}|ten|eleven|twelve"
    r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:a|one) hundred(?: and \w+)?|\d{1,3})"
)
_YEARS = r"(?:\s+(?:years?|yrs?)(?:\s+old)?|\s+y/?o\b)"
_STRONG = re.compile(
    r"\b(?:i'm|i am|you're|you are|he's|she's|they're|he is|she is|who's|turns|turned|turning|aged|age of"
    rf"|age)\s+(?P<age>{_NUMBER}(?:{_YEARS})?)\b",
    re.IGNORECASE,
)
_PLAIN = re.compile(rf"\b(?:is|was|will be)\s+(?P<age>{_NUMBER}(?:{_YEARS})?)\b", re.IGNORECASE)
#: A unit after the number makes it a quantity, not an age.
_NOT_AGE = re.compile(
    r"\s*(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|dollars?|bucks|cents?|percent|%|o'?clock|a\.?m\b|p\.?m\b"
    r"|people|kids|students|pages?|points?|times|of|out|degrees|miles|feet|foot|inches|pounds|lbs|k\b|grand"
    r"|hundred|thousand|million|slides?|items?|tickets?|things|questions|seats|spots|percent|:|\.\d|,\d"
    r"|or|to|-|ago\b|later\b|earlier\b|from now\b|in a row\b)",
    re.IGNORECASE,
)
_AGE_CONTEXT = re.compile(r"\b(?:years?|yrs?|y/?o)\b", re.IGNORECASE)
_HAS_VERB = re.compile(
    r"\b(?:i'm|i am|you're|you are|he's|she's|they're|he is|she is|who's|turn|age|is|was|will be)"
)


def _value_ok(value: str) -> bool:
    digits = re.match(r"\d+", value)
    return not digits or 1 <= int(digits.group(0)) <= 120


def find_ages(context: ConversationContext, text: str, findings: list[Finding]) -> list[Finding]:
    people_ends = {f.end for f in findings if f.entity_type == "PERSON"}
    ages: dict[tuple[int, int], Finding] = {}
    for pattern in (_STRONG, _PLAIN):
        for match in pattern.finditer(text):
            start, end = match.span("age")
            if not _value_ok(match.group("age")) or _NOT_AGE.match(text, end):
                continue
            if pattern is _PLAIN:
                subject_end = len(text[: match.start()].rstrip())
                if subject_end not in people_ends and not _AGE_CONTEXT.search(match.group("age")):
                    continue
            ages[start, end] = make_finding(context, text, start, end, "AGE", SCORE, NAME)
    return list(ages.values())


#: only segments that hold a match are worth reading
_WORTH_READING = pre_check(_HAS_VERB)


@register(NAME)
def process(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    return add_where(
        context,
        per_segment,
        _WORTH_READING,
        lambda _, text, findings: find_ages(context, text, findings),
    )
