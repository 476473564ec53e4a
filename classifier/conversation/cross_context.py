"""Context keywords in the previous segment type a bare number at the start of the next one.

"...and the MRN is" / "4481 2290" is a medical record number although neither
cue says so alone; recognizers only see one cue, and a bare number scores below
the threshold, so it never reaches us.  When a segment ends with an identifier
keyword and the next segment starts with an ID-shaped token, this step creates
the finding with the type the keyword implies, or re-types and raises an
existing finding on that token. The value of a telemetry field is read the same
way after its field name: {"mrn": "4481 2290"}.
"""

from __future__ import annotations

import re

from classifier.conversation.base import (
    ConversationContext,
    PerSegment,
    make_finding,
    previous_text,
    register,
)
from classifier.conversation.keywords import IDENTIFIER_CATEGORY, trailing_keyword_entity
from classifier.conversation.spans import overlaps
from classifier.findings import Category, Finding

NAME = "conversation.cross_context"
SCORE = 0.85

#: An ID-shaped token (optionally in groups) after fillers at the start of a segment.
_HEAD_ID = re.compile(
    r"^[\s,.:\-]*(?:(?:uh|um|yeah|yes|sure|ok|okay|so|it's|its|it is|that's|that is)[\s,.]+)*"
    r"(?P<id>[A-Za-z]{0,3}[-#]?\d[\dA-Za-z]*(?:[\s-]\d[\dA-Za-z]*)*)",
    re.IGNORECASE,
)
#: Digit counts that fit each keyword's entity type.
_DIGITS_FIT = {
    "PHONE_NUMBER": range(7, 12),
    "US_SSN": (4, 9),
    "ZIP_CODE": (5, 9),
    "CREDIT_CARD": range(13, 20),
}


def _fits(entity: str, token: str) -> bool:
    digits = sum(ch.isdigit() for ch in token)
    return digits in _DIGITS_FIT.get(entity, range(4, 21))


def _retype(existing: list[Finding], new: Finding) -> list[Finding]:
    """Put `new` in place of the identifiers it overlaps (the keyword is more specific than the shape)."""
    kept = [f for f in existing if not overlaps(f, new.start, new.end) or f.entity_type != new.entity_type]
    kept = [
        f for f in kept if not (overlaps(f, new.start, new.end) and f.start >= new.start and f.end <= new.end)
    ]
    same = [f for f in existing if f.entity_type == new.entity_type and overlaps(f, new.start, new.end)]
    score = max([new.score, *(f.score for f in same)])
    merged = Finding(
        new.start, new.end, new.entity_type, new.category, score, new.recognizer, new.value, new.explanation
    )
    return sorted([*kept, merged], key=lambda f: (f.start, f.end))


@register(NAME)
def process(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    texts = context.texts
    result = list(per_segment)
    for i in range(len(texts)):
        previous = previous_text(context, i)
        if not context.turns and trailing_keyword_entity(previous) is None:
            continue  # a field's label, the same in every event (its verdict is cached): test it first
        match = _HEAD_ID.match(texts[i])
        if not match:
            continue
        entity = trailing_keyword_entity(previous)
        if entity is None or not _fits(entity, match.group("id")):
            continue
        category = IDENTIFIER_CATEGORY.get(entity, Category.PII)
        new = make_finding(
            context, texts[i], match.start("id"), match.end("id"), entity, SCORE, NAME, category,
            "keyword at the end of the previous segment or in the field name",
        )  # fmt: skip
        result[i] = _retype(result[i], new)
    return result
