"""Generic health talk: "flu season is rough", "diabetes rates are climbing", "the webinar covers nutrition".

A health word in a sentence about the world rather than about someone is not
individually identifiable health information.  When the sentence has a generic
cue (rates, season, article, webinar, coverage...) and no personal reference (no
name, no "my/his/her", no "she has", no family word), the fact's score is
lowered to `GENERIC_SCORE`, below the default threshold, so the final threshold
step drops it.
"""

from __future__ import annotations

import re

from classifier.classification import FACT_ENTITY_TYPES
from classifier.conversation.base import ConversationContext, PerSegment, register
from classifier.conversation.sentences import sentence_around
from classifier.findings import Category, Finding

NAME = "conversation.generic_health"
GENERIC_SCORE = 0.3

_GENERIC = re.compile(
    r"\b(?:rates?|common|everywhere|season|webinar|article|research|stud(?:y|ies)|guidance|screening|awareness"
    r"|coverage|portal|statistics|in general|people with|is way up|outbreak|county|nationwide|basics"
    r"|news|epidemic|trends?|benefits?|podcast|prices?|insurance companies|companies|industry|half the \w+"
    r"|everyone|everybody|going around|people|cdc|nih|fda|page|website|infographic|guide|guidelines"
    r"|handout|flyer|poster|pamphlets?|brochure|resources?|info|information|wikipedia|inherited|genetic"
    r"|hereditary|contagious|trivia|documentary|radio|tv|feed|ads|commercials?|unit on|lesson|lecture|so many"
    r"|every kid|these days|in this country|in the state|expensive|afford|doubled|tripled|policy|law"
    r"|session on|workshop|training|seminar|workplace|fundraiser|fundraising|walk for|run for|charity|donate"
    r"|donations?|awareness)\b",
    re.IGNORECASE,
)
_GENERIC_LOWER = re.compile(_GENERIC.pattern)  # pre-check on lower-cased text
#: A possessive right before the fact ("my dad has diabetes", "her insulin"), not "my feed has ads for".
_POSSESSED = re.compile(r"\b(?:my|his|her|your|our|their)\s+(?:[\w'’-]+\s+){0,2}$", re.IGNORECASE)
_PERSONAL = re.compile(
    r"\b(?:i|he|she|you|we)(?:'m|'s|'ve|'d|\s+(?:am|is|was|has|have|had|got|get"
    r"|take|takes|took|need|needs))\b|\b(?:diagnosed|prescribed|mom|dad|son|daughter|kid|wife|husband|mother"
    r"|father|brother|sister|patient|student|grandma|grandpa|child)\b",
    re.IGNORECASE,
)


_HAS_IT = re.compile(r"\b(?:i|he|she|they|we|my \w+)\s+(?:have|has|had|got)\s+(?:it|that|this|one)\b", re.I)


def is_generic(text: str, finding: Finding, findings: list[Finding]) -> bool:
    """True when the sentence of `finding` talks about health in general rather than about a person.

    The personal reference must be tied to the fact: before it in the same sentence ("my dad has
    diabetes, the rates are scary"), or an "I have it" after it; "a podcast about sleep apnea I've
    been meaning to hear" stays generic.
    """
    start, end = sentence_around(text, finding.start, finding.end)
    if not _GENERIC.search(text, start, end):
        return False
    before = max(start, finding.start - 40)
    if _PERSONAL.search(text, before, finding.start) or _POSSESSED.search(text, before, finding.start):
        return False
    if _HAS_IT.search(text, finding.end, end):
        return False
    return not any(f.entity_type == "PERSON" and start <= f.start < end for f in findings)


def _lowered(finding: Finding) -> Finding:
    return Finding(
        finding.start,
        finding.end,
        finding.entity_type,
        finding.category,
        min(finding.score, GENERIC_SCORE),
        finding.recognizer,
        finding.value,
        (*finding.explanation, "generic health talk"),
    )


@register(NAME)
def process(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    result = []
    for i, (text, findings) in enumerate(zip(context.texts, per_segment, strict=True)):
        if findings and _GENERIC_LOWER.search(context.lowered[i]):
            findings = [
                _lowered(f)
                if f.category is Category.PHI
                and f.entity_type in FACT_ENTITY_TYPES
                and is_generic(text, f, findings)
                else f
                for f in findings
            ]
        result.append(findings)
    return result
