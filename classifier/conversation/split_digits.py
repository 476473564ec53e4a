"""Digit groups split across neighbouring segments: "my number is 555 013" / "4477".

Caption cues break wherever the speaker pauses, so a phone number or an SSN can
start at the end of one cue and finish at the start of the next.  When a cue
ends with a run of digits (written or spoken) and the next cue of the same
speaker (or the next cue when neither has a speaker) starts with one, the two
runs are typed together, with the context keyword before the first part; when
the joined number is an identifier that neither part is alone, both parts
become findings.
"""

from __future__ import annotations

import re

from classifier.conversation.base import ConversationContext, PerSegment, make_finding, register
from classifier.conversation.keywords import IDENTIFIER_CATEGORY, WINDOW, keyword_entity
from classifier.conversation.spans import add_new
from classifier.conversation.spoken import Chunk, Run, runs
from classifier.conversation.spoken_numbers import classify_run
from classifier.findings import Category

NAME = "conversation.split_digits"
SCORE = 0.8

_NUMBERISH = (
    r"(?:\d|zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)"
)
_FILLERS = r"(?:[\s,.\-]|\b(?:uh|um|uhh|umm|er|so|and|like|okay|ok)\b)*"
_ENDS_WITH_NUMBER = re.compile(rf"{_NUMBERISH}{_FILLERS}$", re.IGNORECASE)
_STARTS_WITH_NUMBER = re.compile(rf"^[\s,.\-]*(?:(?:uh|um|and|then)[\s,]+)*{_NUMBERISH}", re.IGNORECASE)
_TRAILING = re.compile(rf"{_FILLERS}$", re.IGNORECASE)
_LEADING_FILLER = re.compile(r"^[\s,.\-]*(?:(?:uh|um|and|then)[\s,]+)*", re.IGNORECASE)


def _same_turn(context: ConversationContext, i: int) -> bool:
    first, second = context.record.segments[i], context.record.segments[i + 1]
    return first.speaker == second.speaker and not context.fields[i + 1]


def _tail_run(text: str) -> Run | None:
    found = runs(text, letters=False)
    if found and found[-1].end == len(_TRAILING.sub("", text)):
        return found[-1]
    return None


def _head_run(text: str) -> Run | None:
    found = runs(text, letters=False)
    if found and found[0].start == _LEADING_FILLER.match(text).end():
        return found[0]
    return None


#: The short forms of an identifier that a longer one may go on from: a 7-digit local number before
#: its last digits ("my number is four one five five five five zero" / "one three two"). Not the
#: four digits of an SSN: "the last four of my social are ..." says there is no more.
_SHORT_FORMS = {"PHONE_NUMBER": 7}


def _completes(entity: str, tail: Run, head: Run, keyword: str | None) -> bool:
    """Whether the joined number is an identifier that neither part is alone, or one that the first
    part is only in its short form: a part that already is the whole identifier stands alone."""
    if (typed := classify_run(head, None)) and typed[0] == entity:
        return False
    typed = classify_run(tail, keyword)
    return typed is None or typed[0] != entity or len(tail.digits) == _SHORT_FORMS.get(entity)


@register(NAME)
def process(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    texts = context.texts
    result = [list(findings) for findings in per_segment]
    for i in range(len(texts) - 1 if context.turns else 0):
        first_text, second_text = texts[i], texts[i + 1]
        # only the last few characters can end with a number: search the tail, not the whole cue
        if not (_STARTS_WITH_NUMBER.match(second_text) and _ENDS_WITH_NUMBER.search(first_text[-24:])):
            continue
        if not _same_turn(context, i):
            continue
        tail, head = _tail_run(first_text), _head_run(second_text)
        if tail is None or head is None:
            continue
        keyword = keyword_entity(first_text[max(0, tail.start - WINDOW) : tail.start])
        moved = (
            Chunk(c.chars, c.start, c.end, c.spoken, c.gap_before or k == 0)
            for k, c in enumerate(head.chunks)
        )
        joined = classify_run(Run(tail.chunks + tuple(moved)), keyword)
        if joined is None or not _completes(joined[0], tail, head, keyword):
            continue
        entity = joined[0]
        category = IDENTIFIER_CATEGORY.get(entity, Category.PII)
        why = "digits continue in the next segment"
        first = make_finding(context, first_text, tail.start, tail.end, entity, SCORE, NAME, category, why)
        second = make_finding(context, second_text, head.start, head.end, entity, SCORE, NAME, category, why)
        result[i] = add_new(result[i], [first])
        result[i + 1] = add_new(result[i + 1], [second])
    return result
