"""Street addresses and ZIP codes said in words: "forty five seventy six monroe street".

Speech recognition writes house numbers and ZIP codes as words, so the address
recognizers, which look for digits, miss them.  A spoken number followed by up
to three words and a street suffix is a STREET_ADDRESS (with an apartment or
unit number after it, if said); a spoken five-digit number later in the same
segment ("... mesa arizona six five nine three two"), or a written one after a
street address a recognizer found ("8507 Sepulveda Avenue, Spokane 56018"),
is its ZIP_CODE.  House
numbers need two digits or more, so "one way street" stays a street.
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
from classifier.conversation.spoken import runs
from classifier.findings import Finding

NAME = "conversation.spoken_streets"

_SUFFIX = (
    r"(?:street|st|avenue|ave|road|rd|drive|dr|lane|ln|way|court|ct|boulevard|blvd|place|pl|terrace|circle"
    r"|parkway|highway|hwy|trail|loop|square|row|alley|pike|crescent)"
)
#: Right after the house number: up to three name words, then the suffix.
_STREET_AFTER = re.compile(rf"\s+(?:[^\W\d_][\w'’-]*\s+){{1,3}}?{_SUFFIX}\b", re.IGNORECASE)
_UNIT_AFTER = re.compile(r"[\s,]+(?:apartment|apt|unit|suite|number|#)\s*", re.IGNORECASE)
#: Pre-check on lower-cased text.
_HAS_SUFFIX = re.compile(rf"\b{_SUFFIX}\b")
ZIP_WINDOW = 90


def find_streets(context: ConversationContext, text: str, streets: list[Finding]) -> list[Finding]:
    """Spoken street addresses, and ZIP codes after them or after the `streets` already found."""
    found = [run for run in runs(text, letters=False) if run.spoken or len(run.digits) == 5]
    findings: list[Finding] = []
    street_ends = sorted(f.end for f in streets)
    street_end = street_ends[0] if street_ends else -1
    for index, run in enumerate(found):
        if not run.spoken and not (street_end >= 0 and len(run.digits) == 5):
            continue
        if run.start < street_end:
            continue
        if street_end >= 0 and len(run.digits) == 5 and run.start - street_end <= ZIP_WINDOW:
            findings.append(make_finding(context, text, run.start, run.end, "ZIP_CODE", 0.75, NAME))
            street_end = -1
            continue
        street = _STREET_AFTER.match(text, run.end)
        if not street or not 2 <= len(run.digits) <= 6:
            continue
        end = street.end()
        unit = _UNIT_AFTER.match(text, end)
        following = found[index + 1] if index + 1 < len(found) else None
        if unit and following and following.start == unit.end():
            end = following.end
        findings.append(make_finding(context, text, run.start, end, "STREET_ADDRESS", 0.75, NAME))
        street_end = end
    return findings


#: only segments that hold a match are worth reading
_WORTH_READING = pre_check(_HAS_SUFFIX)


@register(NAME)
def process(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    return add_where(
        context,
        per_segment,
        _WORTH_READING,
        lambda _, text, findings: find_streets(
            context, text, [f for f in findings if f.entity_type == "STREET_ADDRESS"]
        ),
    )
