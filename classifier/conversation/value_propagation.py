"""Value propagation: an identifier found once in a record is that identifier wherever it is repeated.

"the patient's MRN is 00123456" gives the recognizers the context they need; the same
`00123456` in the record's id field, in an `origin` field or in a later cue ("yes, 00123456")
reads as nothing on its own. A record is one exchange or one event, so a repeat of the very
value is the same identifier: left unlabelled it would be shown as the record's id and kept in
the redacted copy next to its redacted first mention. Only values that hold a digit or an `@`
and have 4+ characters are propagated (names have `name_propagation`, which needs its own
guards), and only where they stand alone: not inside a longer word or number.
"""

from __future__ import annotations

import re

from classifier.conversation.base import ConversationContext, PerSegment, register
from classifier.conversation.spans import add_new
from classifier.findings import Finding

NAME = "conversation.value_propagation"
MIN_CHARS = 4
_IDENTIFIER_LIKE = re.compile(r"[\d@]")


def _values(per_segment: PerSegment, texts: list[str]) -> dict[str, Finding]:
    """Identifier-like values found in the record, lower-cased, with the surest finding of each."""
    values: dict[str, Finding] = {}
    for text, findings in zip(texts, per_segment, strict=True):
        for finding in findings:
            value = text[finding.start : finding.end]
            if len(value) < MIN_CHARS or not _IDENTIFIER_LIKE.search(value):
                continue
            key = value.casefold()
            if key not in values or values[key].score < finding.score:
                values[key] = finding
    return values


def _source(values: dict[str, Finding], matched: str) -> Finding:
    """The finding whose value the pattern matched. Case-insensitive matching is per character, so a
    match may casefold to another string than the value (`İ` matches `i` but casefolds to two
    characters): then the value is the one that matches it alone."""
    found = values.get(matched.casefold())
    if found is None:
        found = next(f for key, f in values.items() if re.fullmatch(re.escape(key), matched, re.IGNORECASE))
    return found


def _repeats(text: str, values: dict[str, Finding], pattern: re.Pattern[str]) -> list[Finding]:
    repeats = []
    for match in pattern.finditer(text):
        source = _source(values, match.group(0))
        repeats.append(
            Finding(
                match.start(),
                match.end(),
                source.entity_type,
                source.category,
                source.score,
                NAME,
                match.group(0),
                (f"the same value as a {source.entity_type} found elsewhere in the record",),
            )
        )
    return repeats


@register(NAME)
def process(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    if len(per_segment) < 2 or not any(per_segment):
        return per_segment
    values = _values(per_segment, context.texts)
    if not values:
        return per_segment
    # longest first, so that a value holding another is matched whole
    alternatives = "|".join(re.escape(value) for value in sorted(values, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w@.-])(?:{alternatives})(?![\w@-]|\.\w)", re.IGNORECASE)
    result = []
    for text, findings in zip(context.texts, per_segment, strict=True):
        repeats = _repeats(text, values, pattern) if pattern.search(text) else []
        result.append(add_new(findings, repeats) if repeats else findings)
    return result
