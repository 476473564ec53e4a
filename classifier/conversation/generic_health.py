"""Health and education talk about nobody: "flu shots are free this year", "most schools dropped detention".

A health or education word in a clause about the world rather than about
someone is not information about an individual.  `framing.about_nobody` reads
that from structure (a generic subject, a topic of a work, an abstract
question, public framing, and no personal anchor); such a fact's score is
lowered to `GENERIC_SCORE`, below the default threshold, so the final threshold
step drops it.  The step keeps its historical name ("generic_health") so
configurations that disable it keep working; it covers education facts too.
"""

from __future__ import annotations

from classifier.classification import FACT_ENTITY_TYPES
from classifier.conversation.base import ConversationContext, PerSegment, register
from classifier.conversation.framing import about_nobody
from classifier.conversation.sentences import sentence_around
from classifier.findings import Category, Finding

NAME = "conversation.generic_health"
GENERIC_SCORE = 0.3
_GUARDED = (Category.PHI, Category.EDU)


def _is_fact(finding: Finding) -> bool:
    return finding.category in _GUARDED and finding.entity_type in FACT_ENTITY_TYPES


def _lowered(finding: Finding, why: str) -> Finding:
    return Finding(
        finding.start,
        finding.end,
        finding.entity_type,
        finding.category,
        min(finding.score, GENERIC_SCORE),
        finding.recognizer,
        finding.value,
        (*finding.explanation, f"about nobody: {why}"),
    )


def guard(text: str, findings: list[Finding]) -> list[Finding]:
    """Findings of one segment with the facts about nobody lowered."""
    out = []
    for finding in findings:
        if _is_fact(finding):
            why = about_nobody(text, finding, sentence_around(text, finding.start, finding.end), findings)
            finding = _lowered(finding, why) if why else finding
        out.append(finding)
    return out


@register(NAME)
def process(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    return [
        guard(text, findings) if any(_is_fact(f) for f in findings) else findings
        for text, findings in zip(context.texts, per_segment, strict=True)
    ]
