"""Fiction: the illnesses of characters in books, shows and films are not PHI.

"In the book the main character has cancer" names no real patient.  Health
facts in a sentence with a fiction cue are dropped, and so are PERSON findings
there that are not known speakers (the character's name), and PERSON findings
right after "reading" or "watching" (a title such as "Still Alice").
"""

from __future__ import annotations

import re

from classifier.classification import FACT_ENTITY_TYPES
from classifier.conversation.base import ConversationContext, PerSegment, register
from classifier.conversation.known_speakers import NAME as KNOWN_SPEAKERS
from classifier.conversation.sentences import sentence_around
from classifier.findings import Category, Finding

NAME = "conversation.fiction"

_MEDIA = (
    r"book|novel|show|tv show|series|miniseries|movie|film|episode|story|play|musical|comic|manga|anime"
    r"|sitcom|cartoon|video game|game|audiobook|fanfic"
)
#: Media framing as a class of structures, not a list of plots: "in the show", "the protagonist",
#: "season two", "chapter four", "a novel where ...".
_FICTION = re.compile(
    r"\b(?:in|from|on|of|watching|reading|read|watched|playing|played)\s+(?:the|that|this|a|an)\s+"
    rf"(?:(?:new|old|last|first|latest)\s+)?(?:{_MEDIA})s?\b"
    r"|\b(?:main\s+)?characters?\b|\bprotagonist\b|\bnarrator\b|\bvillain\b|\bplot\b|\bspoilers?\b"
    r"|\bstory ?lines?\b|\bsubplot\b|\bsequel\b|\bfinale\b|\bbook club\b|\bnovel\b|\bepisodes?\b"
    r"|\b(?:season|chapter|book|part)\s+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b"
    r"|\b(?:netflix|hulu|hbo|disney plus|prime video)\b"
    # "we're reading <title>, where <character> has <illness>"
    r"|\b(?:reading|read|watching|watched|rewatching|finished)\b[^.!?]{1,60}?,?\s+(?:where|in which)\s",
    re.IGNORECASE,
)
_FICTION_LOWER = re.compile(_FICTION.pattern)  # pre-check on lower-cased text


_TITLE_CUE = re.compile(r"\b(?:read|watch|binging|bingeing|finished)")  # pre-check on lower-cased text
#: What follows "reading" / "watching" is a title, even when it is a name ("we read Still Alice").
_TITLE_SLOT = re.compile(
    r"\b(?:reading|read|re-?reading|watching|watched|re-?watching|binging|bingeing|finished)\s+$",
    re.IGNORECASE,
)


def _health_fact(finding: Finding) -> bool:
    return finding.category is Category.PHI and finding.entity_type in FACT_ENTITY_TYPES


def _keep(text: str, finding: Finding) -> bool:
    if not (
        _health_fact(finding) or (finding.entity_type == "PERSON" and finding.recognizer != KNOWN_SPEAKERS)
    ):
        return True
    if finding.entity_type == "PERSON" and _TITLE_SLOT.search(
        text, max(0, finding.start - 30), finding.start
    ):
        return False  # "my daughter's reading harry potter": a title, not a person
    start, end = sentence_around(text, finding.start, finding.end)
    return not _FICTION.search(text, start, end)


@register(NAME)
def process(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    result = []
    for i, (text, findings) in enumerate(zip(context.texts, per_segment, strict=True)):
        lowered = context.lowered[i]
        if findings and (_FICTION_LOWER.search(lowered) or _TITLE_CUE.search(lowered)):
            findings = [f for f in findings if _keep(text, f)]
        result.append(findings)
    return result
