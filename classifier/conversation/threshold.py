"""The last step: drop what the guards lowered below the threshold, then settle overlaps.

The engine filters recognizer results by threshold and gives every text position
one label before the conversation steps run; guards such as negation and generic
health talk lower scores rather than delete (so the threshold stays the one place
where "how sure is enough" is decided), and adding steps may lay a new finding
over an old one of another type.  This step applies the engine's own rule
(`classifier.detection.resolve`) again, so the record leaves with the same
guarantees as a single text.
"""

from __future__ import annotations

from classifier.conversation.base import ConversationContext, PerSegment, register
from classifier.detection.resolve import resolve

NAME = "conversation.threshold"


@register(NAME)
def process(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    return [resolve(findings, context.threshold_for) for findings in per_segment]
