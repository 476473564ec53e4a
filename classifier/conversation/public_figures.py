"""Public figures in the news: "did you see what Elon Musk posted", "Taylor Swift's new album".

Names of famous people are not personal data of the participants.  A PERSON
finding whose text is a name (or the surname) from the curated list in
`data/public_figures.txt` is dropped when its sentence has news or
entertainment context; a known speaker is never dropped (a participant may
share a famous name).
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from classifier.conversation.base import ConversationContext, PerSegment, register
from classifier.conversation.known_speakers import NAME as KNOWN_SPEAKERS
from classifier.conversation.sentences import sentence_around
from classifier.findings import Finding

NAME = "conversation.public_figures"

_NEWS = re.compile(
    r"\b(?:news|president|senator|governor|congress|election|campaign|ceo|billionaire|tweet(?:ed)?|posted|post"
    r"|interview|speech|announced|article|headline|podcast|concert|tour|album|song|game|match|season|playoffs"
    r"|olympics|championship|team|movie|film|show|oscars?|grammys?|rocket|company|stock|watched|saw|see|read"
    r"|heard|said|says|fans?|ticket|tickets|famous|celebrity|pope|king|prime minister)\b",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=1)
def public_names() -> frozenset[str]:
    """Full names and surnames (lower case) of the curated public figures."""
    text = resources.files("classifier.conversation").joinpath("data/public_figures.txt").read_text("utf-8")
    names: set[str] = set()
    for line in text.splitlines():
        line = line.strip().lower()
        if line and not line.startswith("#"):
            names.add(line)
    return frozenset(names)


def _is_public(text: str, finding: Finding) -> bool:
    if finding.entity_type != "PERSON" or finding.recognizer == KNOWN_SPEAKERS:
        return False
    value = re.sub(r"['’]s$", "", text[finding.start : finding.end].strip()).lower()
    if value not in public_names():
        return False
    start, end = sentence_around(text, finding.start, finding.end)
    return bool(_NEWS.search(text, start, end))


@register(NAME)
def process(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    result = []
    for text, findings in zip(context.texts, per_segment, strict=True):
        if any(f.entity_type == "PERSON" for f in findings):
            findings = [f for f in findings if not _is_public(text, f)]
        result.append(findings)
    return result
