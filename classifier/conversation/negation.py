"""Negated health facts: "no history of diabetes", "denies chest pain", "not on any meds".

Choice: a negated fact gets its score lowered to `NEGATED_SCORE` (below the
default threshold of 0.5) and the explanation "negated"; the final threshold
step then drops it under the default config.  Why lower rather than delete: a
negated finding asserts no condition, so by default it should neither make a
record PHI nor be redacted, but a clinical user who counts "denies chest pain"
as health information can keep it by setting a fact threshold below 0.45.
"""

from __future__ import annotations

import re

from classifier.classification import FACT_ENTITY_TYPES
from classifier.conversation.base import ConversationContext, PerSegment, register
from classifier.findings import Category, Finding

NAME = "conversation.negation"
NEGATED_SCORE = 0.45

#: A negation cue, then at most four words, then the fact (the cue must end the window).
_CUE = re.compile(
    r"\b(?:no|not|never|without|denies|denied|deny|negative for|free of|ruled out|rules out|doesn'?t have"
    r"|does not have|don'?t have|didn'?t have|hasn'?t had|haven'?t had|isn'?t on|is not on|not on any"
    r"|no history of|no signs? of|no longer)\b(?:\s+[\w'-]+){0,4}\s+$",
    re.IGNORECASE,
)
#: A contrast between cue and fact ends the negation ("no fever but a cough").
_BREAK = re.compile(r"\b(?:but|except|although|however|though)\b|[.!?;]", re.IGNORECASE)


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
