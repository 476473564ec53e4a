"""Name propagation: a person named once in a conversation is a person at every mention.

spaCy tags "Ximena" in "Ximena Ruiz joined late" but not "ximena is fourteen"
three cues later; recognizers see one segment at a time.  Every name that a
recognizer found as PERSON anywhere in the record becomes a known name for the
whole record, with the same guards as speaker names (ordinary words need
capitals or a name context).  A name part that another finding covers
elsewhere ("Zoloft" as a MEDICATION) is not propagated, and no mention is added
where another entity type already stands.  Runs before the guards, so fiction
characters and public figures are still removed after propagation.
"""

from __future__ import annotations

from classifier.conversation.base import ConversationContext, PerSegment, register
from classifier.conversation.fact_subjects import not_subjects
from classifier.conversation.known_speakers import NAME as KNOWN_SPEAKERS
from classifier.conversation.known_speakers import find_mentions, known_forms
from classifier.conversation.names import name_forms
from classifier.conversation.spans import add_new, overlaps

NAME = "conversation.name_propagation"
#: Speakers are searched for already.
_NOT_SOURCES = frozenset({KNOWN_SPEAKERS})
SCORES = (0.8, 0.7)


def _names(context: ConversationContext, per_segment: PerSegment) -> list[str]:
    """Alphabetic PERSON values found by recognizers, minus words another type claims somewhere."""
    claimed = {
        (f.value or "").lower() for findings in per_segment for f in findings if f.entity_type != "PERSON"
    }
    never = not_subjects()
    names: dict[str, None] = {}
    for findings in per_segment:
        for f in findings:
            if f.entity_type != "PERSON" or f.recognizer in _NOT_SOURCES or not f.value:
                continue
            # letters only, and no acronyms ("ID", "IEP") that a recognizer mistook for a name
            parts = [
                p
                for p in f.value.split()
                if p.replace("'", "").replace("-", "").isalpha() and not p.isupper()
            ]
            parts = [p for p in parts if p.lower() not in claimed and p.lower() not in never]
            if parts:
                names.setdefault(" ".join(parts), None)
    return list(names)


@register(NAME)
def process(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    speakers = {known.form for known in known_forms(context)}
    forms = [known for known in name_forms(_names(context, per_segment)) if known.form not in speakers]
    if not forms:
        return per_segment
    result = []
    for text, findings in zip(context.texts, per_segment, strict=True):
        mentions = find_mentions(context, text, forms, NAME, SCORES)
        mentions = [
            m
            for m in mentions
            if not any(f.entity_type != "PERSON" and overlaps(f, m.start, m.end) for f in findings)
        ]
        result.append(add_new(findings, mentions) if mentions else findings)
    return result
