"""Spoken numbers: phone numbers, SSNs and IDs said in words.

"five five five oh one three four four seven seven" is a phone number that no
regex recognizer sees.  Each run of number words is normalised to digits (see
`spoken`), then typed by the context keyword before it ("student id is",
"my social is", also at the end of the previous segment) and by its digit count
and grouping: ten digits (or eleven starting with 1) are a phone number, nine
digits said as 3-2-4 an SSN.  Runs of written digits are left to the
recognizers unless a keyword names an identifier type they have no shape for
("last four of your ssn? full is fine too: 293038968").
"""

from __future__ import annotations

import re

from classifier.conversation.base import (
    ConversationContext,
    PerSegment,
    add_where,
    make_finding,
    previous_text,
    register,
    remembered,
)
from classifier.conversation.keywords import (
    IDENTIFIER_CATEGORY,
    WINDOW,
    after_last_keyword,
    has_keyword,
    keyword_entity,
)
from classifier.conversation.spoken import HAS_NUMBER_WORD, Run, runs
from classifier.findings import Category, Finding

NAME = "conversation.spoken_numbers"

#: Identifier types that may contain letters and have no fixed length.
_ID_TYPES = frozenset(
    {
        "MEDICAL_RECORD_NUMBER",
        "STUDENT_ID",
        "HEALTH_PLAN_ID",
        "BANK_ACCOUNT",
        "US_DRIVER_LICENSE",
        "US_PASSPORT",
    }
)


#: Written numbers are the recognizers' job, except where a keyword types them and they missed it
#: ("last four of your ssn? full is fine too: 293038968", "text me 473.295.3583").
_WRITTEN_TYPES = _ID_TYPES | {"US_SSN", "CREDIT_CARD", "ZIP_CODE", "PHONE_NUMBER"}
#: Counting out loud ("one two three four five six seven eight nine ten") is not a phone number.
_COUNTING = "012345678910111213141516171819202122232425"
_HAS_DIGITS = re.compile(r"\d{4}|\d{3}[\s.-]\d")
#: A written number between a keyword and a candidate: the keyword already typed that one.
_WRITTEN_NUMBER = re.compile(r"\d{4}")


def luhn_ok(digits: str) -> bool:
    """The card-number check digit holds (a spoken 16-digit number is a card only if it does)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def classify_run(run: Run, keyword: str | None) -> tuple[str, float] | None:
    """The entity type and score of a spoken number, from its context keyword, length and grouping."""
    digits = run.digits
    n = len(digits)
    if keyword in _ID_TYPES and n >= 4:
        return keyword, 0.85
    if run.has_letters or (keyword is None and digits in _COUNTING):
        return None
    if keyword == "US_SSN" and n in (4, 9):
        return "US_SSN", 0.85
    if keyword == "CREDIT_CARD" and 13 <= n <= 19 and luhn_ok(digits):
        return "CREDIT_CARD", 0.85
    if keyword == "ZIP_CODE" and n in (5, 9):
        return "ZIP_CODE", 0.8
    if n == 10 or (n == 11 and digits[0] == "1"):
        return "PHONE_NUMBER", 0.85 if keyword == "PHONE_NUMBER" else 0.7
    if n == 7 and keyword == "PHONE_NUMBER":
        return "PHONE_NUMBER", 0.75
    if n == 9 and run.groups() == [3, 2, 4]:
        return "US_SSN", 0.7
    return None


def _candidates(run: Run) -> list[Run]:
    """The run itself, plus its letter-free pieces (a stray letter must not hide a phone number)."""
    pieces: list[Run] = []
    first = 0
    for i, chunk in enumerate(run.chunks):
        if chunk.chars.isalpha():
            if i > first:
                pieces.append(run.slice(first, i))
            first = i + 1
    if first < len(run.chunks) and first > 0:
        pieces.append(run.slice(first, len(run.chunks)))
    return [run, *pieces]


def _accepted(candidate: Run, keyword: str | None, typed: tuple[str, float] | None, before: str) -> bool:
    """Spoken runs by shape or keyword; written runs only when a keyword names their (non-phone) type.

    A keyword types the first written number after it, not a later one: in "student id D1234567
    was absent; D7654321 is a typo" the second number was left alone by the recognizers (a failed
    check digit, say) and the keyword must not bring it back.
    """
    if typed is None:
        return False
    if candidate.spoken:
        return True
    return (
        typed[0] == keyword
        and keyword in _WRITTEN_TYPES
        and not _WRITTEN_NUMBER.search(after_last_keyword(before))
    )


def find_spoken_numbers(context: ConversationContext, text: str, previous: str) -> list[Finding]:
    findings: list[Finding] = []
    for run in runs(text):
        if len(run.digits) < 4:
            continue
        for candidate in _candidates(run):
            before = text[max(0, candidate.start - WINDOW) : candidate.start]
            if len(before.strip()) < 16:
                before = previous[-WINDOW:] + " " + before
            keyword = keyword_entity(before)
            typed = classify_run(candidate, keyword)
            if typed and _accepted(candidate, keyword, typed, before):
                entity, score = typed
                category = IDENTIFIER_CATEGORY.get(entity, Category.PII)
                findings.append(
                    make_finding(context, text, candidate.start, candidate.end, entity, score, NAME, category)
                )
                break
    return findings


@remembered
def _worth_reading(lowered: str) -> bool:
    return bool(HAS_NUMBER_WORD.search(lowered) or (_HAS_DIGITS.search(lowered) and has_keyword(lowered)))


@register(NAME)
def process(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    return add_where(
        context,
        per_segment,
        _worth_reading,
        lambda i, text, _: find_spoken_numbers(context, text, previous_text(context, i)),
    )
