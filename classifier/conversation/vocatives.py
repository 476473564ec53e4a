"""People addressed by name in a dialogue: "hi ming,", "thx Ale!", "tomasz you're muted", "@eóin check this".

A conversation names its participants mostly when it talks to them: a greeting
or thanks followed by a word and a pause, a word opening a message right before
"you" / "can you" / "r u", "<name> here," introductions, "ping <name>" and
chat @-mentions.  Speech recognition writes those
names in lower case and spaCy rarely tags them.  The word must not be a common
word (`data/not_name_words.txt`, `data/not_subjects.txt`) nor an ordinary word
that is also a name ("will", "may") in lower case.
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
from classifier.conversation.fact_subjects import not_subjects
from classifier.conversation.names import common_word_names
from classifier.conversation.spans import overlaps
from classifier.findings import Finding

NAME = "conversation.vocatives"
SCORE = 0.6

_WORD = r"(?P<name>[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_])){1,20})"
#: "hi ming," / "thanks Ale!" / "congrats to levi," / "shout out to mustafa for" at a sentence start.
_GREETING = re.compile(
    r"(?:^|[.!?]\s+)(?:hi|hey|hello|thanks|thank you|thx|ty|bye|congrats(?: to)?|congratulations(?: to)?"
    r"|(?:quick\s+)?shout\s?out to|good morning|morning|welcome(?: back)?|so)\s+"
    rf"{_WORD}(?=\s*(?:[,!.?]|$)|\s+for\b)",
    re.IGNORECASE,
)
#: "tomasz you're muted" / "Keanu can u send" / "Darnell r u in" at the start of a message or cue.
_ADDRESS = re.compile(
    rf"^\s*{_WORD},?\s+(?:you're|youre|you|your|u|ur|r u|are you|can you|can u|could you|did you|do you"
    r"|would you|will you|when you|if you)\b",
    re.IGNORECASE,
)
#: "harpreet here, i use the account" (introducing oneself) / "ping deshawn directly" / "loop in imani and".
_INTRODUCTION = re.compile(rf"^\s*{_WORD}\s+here\b\s*[,.!-]", re.IGNORECASE)
_PING = re.compile(
    rf"\b(?:ping|cc|loop in|dm)\s+{_WORD}(?=\s+(?:directly|about|and|on|when|if)\b|\s*[,.!?]|\s*$)",
    re.IGNORECASE,
)
_MENTION = re.compile(r"(?<![\w.])@(?P<name>[^\W\d_][\w'’.-]{1,30}[^\W_])")
_NOT_MENTIONS = frozenset({"everyone", "here", "channel", "all", "group"})
#: Pre-check on lower-cased text.
_HAS_CUE = re.compile(
    r"@|\b(?:hi|hey|hello|thanks|thank you|thx|ty|bye|congrats|congratulations|shout|morning|welcome|so|here"
    r"|ping|cc|loop in|dm)\b"
    r"|^\s*\S+,?\s+(?:you|your|u|ur|r u|are|can|could|did|do|would|will|when|if)\b"
)


def _is_name(word: str) -> bool:
    low = word.lower()
    if low in not_subjects() or (low in common_word_names() and not word[0].isupper()):
        return False
    return not (len(low) >= 8 and low.endswith("ly"))  # "honestly", "basically"


def find_vocatives(context: ConversationContext, text: str, findings: list[Finding]) -> list[Finding]:
    people = []
    for pattern in (_GREETING, _ADDRESS, _INTRODUCTION, _PING, _MENTION):
        for match in pattern.finditer(text):
            start, end = match.span("name")
            word = match.group("name")
            if pattern is _MENTION and word.lower() in _NOT_MENTIONS:
                continue
            if not _is_name(word) or any(overlaps(f, start, end) for f in findings):
                continue
            people.append(
                make_finding(context, text, start, end, "PERSON", SCORE, NAME, why="addressed by name")
            )
    return people


_WORTH_READING = pre_check(_HAS_CUE)


@register(NAME)
def process(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    return add_where(
        context,
        per_segment,
        _WORTH_READING,
        lambda _, text, findings: find_vocatives(context, text, findings),
    )
