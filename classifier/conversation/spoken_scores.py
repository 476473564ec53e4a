"""Grades said in words: "his gpa dropped to 2 point 7", "marisol scored twenty one on the psat".

Speech recognition writes "3.6" as "3 point 6" or "three point six" and test
scores as number words, which the education pack's digit patterns do not read.
A spoken decimal shortly after "GPA" is a GPA; a number after "scored" with a
test named right after it is a TEST_SCORE ("he scored two goals" is not).
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
from classifier.findings import Category, Finding

NAME = "conversation.spoken_scores"

_UNIT = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
_DIGIT = rf"(?:\d|{_UNIT})"
_NUMBER = (
    rf"(?:\d{{1,4}}|(?:{_UNIT}\s+hundred(?:\s+and)?(?:\s+(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety))?"
    rf"(?:\s+{_UNIT})?)|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]{_UNIT})?|ten|eleven"
    rf"|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|{_UNIT})"
)
_GPA = re.compile(
    rf"\bgpa\b[^.?!\d]{{0,30}}?(?P<value>{_DIGIT}\s*(?:point|\.)\s*{_DIGIT}(?:\s*{_DIGIT})?)\b", re.IGNORECASE
)
_SCORE = re.compile(
    rf"\bscored\s+(?:a\s+|an\s+)?(?P<value>{_NUMBER})(?=\s+(?:on|in)\s+(?:the\s+|his\s+|her\s+|my\s+|their\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:test|exam|sat|act|psat|map|quiz|midterm|final|assessment|gre|gmat|lsat|mcat|ap\b"
    r"|eoc|regents|screener|benchmark))",
    re.IGNORECASE,
)
#: Pre-check on lower-cased text.
_HAS_CUE = re.compile(r"\bgpa\b|\bscored\b")


def find_scores(context: ConversationContext, text: str) -> list[Finding]:
    findings = []
    for pattern, entity in ((_GPA, "GPA"), (_SCORE, "TEST_SCORE")):
        for match in pattern.finditer(text):
            start, end = match.span("value")
            findings.append(make_finding(context, text, start, end, entity, 0.7, NAME, Category.EDU))
    return findings


#: only segments that hold a match are worth reading
_WORTH_READING = pre_check(_HAS_CUE)


@register(NAME)
def process(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    return add_where(
        context,
        per_segment,
        _WORTH_READING,
        lambda _, text, findings: find_scores(context, text),
    )
