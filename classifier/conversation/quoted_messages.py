"""Quoted messages: a shortened quote of a message carries the findings of the message it quotes.

Zoom's newer chat exports quote the message a reply or a reaction is about, cut short:

    Reacted to "my SSN is 123-45-678..." with 👍

The cut leaves `123-45-678`, which no recognizer reads as an SSN, while the message it quotes
("my SSN is 123-45-6789") had its SSN found: left alone, the quote would keep most of the value in
the redacted copy. So a quote that ends in `...` and starts a message of the same record gets that
message's findings over the quoted part, cut at the end of the quote.
"""

from __future__ import annotations

import re

from classifier.conversation.base import ConversationContext, PerSegment, register
from classifier.conversation.spans import add_new
from classifier.findings import Finding

NAME = "conversation.quoted_messages"
_QUOTE = re.compile(r'(?:Replying to|Reacted to) "(?P<quote>[^"\n]+?)(?:\.\.\.|…)"')


def _quoted(texts: list[str], quote: str, own: int) -> int | None:
    """The segment (other than `own`) whose text starts with `quote`, the latest before `own` first."""
    for index in [*range(own - 1, -1, -1), *range(own + 1, len(texts))]:
        if texts[index].startswith(quote):
            return index
    return None


def _carried(match: re.Match[str], findings: list[Finding], text: str) -> list[Finding]:
    """The quoted message's findings that begin inside the quote, moved onto it and cut at its end."""
    start, length = match.start("quote"), len(match.group("quote"))
    carried = []
    for f in findings:
        if f.start >= length:
            continue
        begin, end = start + f.start, start + min(f.end, length)
        carried.append(
            Finding(
                begin,
                end,
                f.entity_type,
                f.category,
                f.score,
                NAME,
                text[begin:end],
                (f"in a shortened quote of a message where it was found as {f.entity_type}",),
            )
        )
    return carried


@register(NAME)
def process(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    texts = context.texts
    if len(texts) < 2 or not any(per_segment):
        return per_segment
    result = list(per_segment)
    for i, text in enumerate(texts):
        if '" with' not in text and "Replying to" not in text:
            continue
        new: list[Finding] = []
        for match in _QUOTE.finditer(text):
            source = _quoted(texts, match.group("quote"), i)
            if source is not None and per_segment[source]:
                new.extend(_carried(match, per_segment[source], text))
        if new:
            result[i] = add_new(result[i], new)
    return result
