"""Precision guards: numbers and codes that look like identifiers but identify nobody.

Transcripts and chats are full of timestamps (00:02:24.720, 10:03:00), meeting
IDs, version strings, ticket and order numbers, room numbers, course codes and
commit hashes; phone, ID and license recognizers fire on many of them.  An
identifier finding is dropped when its text has one of those shapes, or when
the words right before it (in the same segment, or at the end of the previous
one when the finding opens its segment) say what kind of number it is.
"""

from __future__ import annotations

import re

from classifier.classification import FACT_ENTITY_TYPES
from classifier.conversation.base import ConversationContext, PerSegment, previous_text, register
from classifier.findings import Finding

NAME = "conversation.precision"

#: Identifier types these guards never touch: names, addresses and e-mails do not look like codes.
_UNGUARDED = frozenset({"PERSON", "EMAIL_ADDRESS", "STREET_ADDRESS", "LOCATION"})

#: Clock times and ISO log timestamps ("2026-03-03T02:20:47Z"): a date inside one is a log time.
_TIMESTAMP = re.compile(
    r"\b(?:\d{4}-\d{2}-\d{2}T)?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,6})?(?:Z|[+-]\d{2}:?\d{2})?(?![\w:])"
)
#: "v3.8.1", "4.12.5"; not "600.571.1896", which is how people write phone numbers.
_VERSION = re.compile(
    r"^v\d+(?:\.\d+){1,3}[a-z0-9-]*$|^(?!\d{3}\.\d{3}\.\d{4}$)\d+\.\d+\.\d+(?:-[\w.]+)?$", re.IGNORECASE
)
#: Four dotted numbers are an IP address unless a version word comes first ("upgrade to 10.2.0.4").
_FOUR_PART = re.compile(r"^\d+\.\d+\.\d+\.\d+$")
_VERSION_WORD = re.compile(
    r"(?:\b|_)(?:version|ver|build|release|upgrade|upgraded|update|updated|firmware|patch|install|installed"
    r"|running)\b[\w\s\"':=]{0,12}$",
    re.IGNORECASE,
)
_TICKET = re.compile(
    r"^(?:INC|REQ|CHG|RITM|TASK|PRB|CS|ORD|JIRA|PR|SR|CASE|TKT|BUG)[-#]?\d{3,}$", re.IGNORECASE
)
_ORDER_SHAPE = re.compile(r"^\d{3}-\d{7}-\d{7}$")
_COURSE = re.compile(r"^(?!(?:MRN|SSN|ID|DL|NPI|DEA|MBI|INC)\b)[A-Z]{2,5}[\s-]?\d{3,4}[A-Z]?$")
#: Short (7-12) and full (40, 64) git/sha hashes; 16- and 32-digit hex stays (device ids, UUIDs).
_HASH = re.compile(r"^(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)(?:[0-9a-f]{7,12}|[0-9a-f]{40}|[0-9a-f]{64})$")
_ZOOM = re.compile(
    r"zoom\.us/(?:j|my|w)/|teams\.microsoft\.com/l/meetup-join|meet\.google\.com/", re.IGNORECASE
)
#: Words that say the number after them is not about a person ("meeting id", "order #", "room").
_NOT_PERSONAL = re.compile(
    r"(?:\b|_)(?:meeting|webinar|conference|zoom|room|rm|suite|classroom|lab|building|bldg|gate|floor|order|ticket"
    r"|case|incident|issue|invoice|tracking|confirmation|reference|ref|version|ver|build|release|firmware"
    r"|patch|commit|sha|hash|pr|pull request|course|section|page|slide|chapter|step|item|error|port"
    r"|promo code|discount code|access code|passcode|pass code|dial-?in|dial in|bridge|toll-?free)"
    r"(?:[\s_-]*(?:id|number|no|num|code|#))?[\s\"':=]*(?:is|was|:|#|number)?[\s\"':=#]*$",
    re.IGNORECASE,
)
_BARE_LEAD = re.compile(r"^[\s,.:\-]*(?:(?:uh|um|it's|its|it is|yeah|ok|okay|so)[\s,]+)*$", re.IGNORECASE)


def _shape_is_harmless(value: str) -> bool:
    value = value.strip()
    return bool(
        _VERSION.match(value)
        or _TICKET.match(value)
        or _ORDER_SHAPE.match(value)
        or _COURSE.match(value)
        or _HASH.match(value)
        or _ZOOM.search(value)
    )


def _in_timestamp(text: str, finding: Finding) -> bool:
    window = _TIMESTAMP.finditer(text, max(0, finding.start - 12), finding.end + 24)
    return any(m.start() <= finding.start and finding.end <= m.end() for m in window)


def _said_before(text: str, previous: str, finding: Finding) -> bool:
    before = text[max(0, finding.start - 40) : finding.start]
    if _NOT_PERSONAL.search(before):
        return True
    return bool(_BARE_LEAD.match(text[: finding.start])) and bool(_NOT_PERSONAL.search(previous[-40:]))


def harmless(text: str, previous: str, finding: Finding) -> bool:
    """True when the identifier finding is a timestamp, code or number the context shows to be harmless."""
    if finding.entity_type in _UNGUARDED or finding.entity_type in FACT_ENTITY_TYPES:
        return False
    value = text[finding.start : finding.end]
    if _FOUR_PART.match(value) and (
        any(int(part) > 255 for part in value.split("."))
        or _VERSION_WORD.search(text, max(0, finding.start - 30), finding.start)
    ):
        return True  # a part above 255 cannot be an IP address: a build number
    return _shape_is_harmless(value) or _in_timestamp(text, finding) or _said_before(text, previous, finding)


@register(NAME)
def process(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    texts = context.texts
    result = []
    for i, (text, findings) in enumerate(zip(texts, per_segment, strict=True)):
        if findings:
            previous = previous_text(context, i)
            findings = [f for f in findings if not harmless(text, previous, f)]
        result.append(findings)
    return result
