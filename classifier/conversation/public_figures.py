"""Public figures in the news: "did you see what Elon Musk posted", "Taylor Swift's new album".

Names of famous people are not personal data of the participants.  A PERSON
finding inside a name from the curated list in `data/public_figures.txt`
(or equal to one of their surnames) is dropped when its sentence has news or
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
    r"|heard|said|says|fans?|ticket|tickets|famous|celebrity|pope|king|prime minister|foundation|charity"
    r"|keynote|speaking|conference|documentary|biography|memoir|alum|alumni|commencement|award|won"
    r"|signed)\b",
    re.IGNORECASE,
)


_WORDS = re.compile(r"[^\W\d_]+(?:['’.\-][^\W\d_]+)*")


@functools.lru_cache(maxsize=1)
def public_names() -> tuple[frozenset[str], frozenset[str]]:
    """Full names and surnames (lower case) of the curated public figures."""
    text = resources.files("classifier.conversation").joinpath("data/public_figures.txt").read_text("utf-8")
    full = {line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")}
    surnames = {name.split()[-1] for name in full if " " in name}
    return frozenset(full), frozenset(surnames)


@functools.lru_cache(maxsize=1)
def _name_words() -> frozenset[str]:
    """Every word of every listed name: a segment without one of them needs no full-name search."""
    full, _ = public_names()
    return frozenset(word for name in full for word in name.split())


@functools.lru_cache(maxsize=1)
def _full_name_pattern() -> re.Pattern[str]:
    full, _ = public_names()
    names = "|".join(re.escape(name) for name in sorted(full, key=len, reverse=True))
    return re.compile(rf"\b(?:{names})\b", re.IGNORECASE)


def public_spans(text: str) -> list[tuple[int, int]]:
    """Spans of curated public figures in `text` said with news context in the same sentence.

    A full name counts wherever it stands ("you might have heard lionel messi"); a surname alone
    only when it is the whole finding (checked by the caller).
    """
    spans = []
    for match in _full_name_pattern().finditer(text):
        start, end = sentence_around(text, match.start(), match.end())
        if _NEWS.search(text, start, end):
            spans.append((match.start(), match.end()))
    return spans


def _is_public(text: str, finding: Finding, spans: list[tuple[int, int]]) -> bool:
    if finding.entity_type != "PERSON" or finding.recognizer == KNOWN_SPEAKERS:
        return False
    if any(start <= finding.start and finding.end <= end for start, end in spans):
        return True
    value = re.sub(r"['’]s$", "", text[finding.start : finding.end].strip()).lower()
    full, surnames = public_names()
    if value not in full and value not in surnames:
        return False
    start, end = sentence_around(text, finding.start, finding.end)
    return bool(_NEWS.search(text, start, end))


@register(NAME)
def process(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    result = []
    for i, (text, findings) in enumerate(zip(context.texts, per_segment, strict=True)):
        if any(f.entity_type == "PERSON" and f.recognizer != KNOWN_SPEAKERS for f in findings):
            words = set(_WORDS.findall(context.lowered[i]))
            spans = public_spans(text) if words & _name_words() else []
            findings = [f for f in findings if not _is_public(text, f, spans)]
        result.append(findings)
    return result
