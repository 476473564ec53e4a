"""Negated health facts: "no history of diabetes", "denies chest pain", "not on any meds".

Choice: a negated fact is *kept*, with its score lowered to at most
`NEGATED_SCORE` (just above the default threshold of 0.5) and the explanation
"negated".  Why keep it: "she has no history of seizures" is still information
about a named person's health (HIPAA covers any information relating to an
individual's health, and clinical de-identification treats documented absences
as PHI), so it is redacted and makes the record PHI.  Why lower it: it asserts
no condition, so a user who wants only affirmed facts sets the threshold of
MEDICAL_CONDITION (and the other fact types) to 0.6 and the final threshold
step drops negated facts.
"""

from __future__ import annotations

import re

from classifier.classification import FACT_ENTITY_TYPES
from classifier.conversation.base import ConversationContext, PerSegment, register
from classifier.findings import Category, Finding

NAME = "conversation.negation"
NEGATED_SCORE = 0.55

#: A negation cue, then at most four words, then the fact (the cue must end the window).
_CUE = re.compile(
    r"\b(?:no|not|never|without|denies|denied|deny|negative for|free of|ruled out|rules out|doesn'?t have"
    r"|does not have|don'?t have|didn'?t have|hasn'?t had|haven'?t had|isn'?t on|is not on|not on any"
    r"|no history of|no signs? of|no longer)\b(?:\s+[\w'-]+){0,4}\s+$",
    re.IGNORECASE,
)
#: The negation's scope is its clause: a contrast or a clause boundary between cue and fact ends it
#: ("no fever but a cough", "not sure, he has asthma", "never mind: the asthma is worse").
_BREAK = re.compile(r"\b(?:but|except|although|however|though)\b|[.!?;:,]", re.IGNORECASE)


def is_negated(text: str, finding: Finding) -> bool:
    window = text[max(0, finding.start - 48) : finding.start]
    breaks = list(_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    return bool(_CUE.search(window))


def _lowered(finding: Finding) -> Finding:
    return Finding(
        finding.start,
        finding.end,
        finding.entity_type,
        finding.category,
        min(finding.score, NEGATED_SCORE),
        finding.recognizer,
        finding.value,
        (*finding.explanation, "negated"),
    )


@register(NAME)
def process(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    result = []
    for text, findings in zip(context.texts, per_segment, strict=True):
        result.append(
            [
                _lowered(f)
                if f.category is Category.PHI and f.entity_type in FACT_ENTITY_TYPES and is_negated(text, f)
                else f
                for f in findings
            ]
        )
    return result
