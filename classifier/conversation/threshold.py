"""The last step: drop findings whose score the guards lowered below the configured threshold.

The engine filters recognizer results by threshold before the conversation
steps run; guards such as negation and generic health talk lower scores rather
than delete, so that the threshold stays the one place where "how sure is
enough" is decided.
"""

from __future__ import annotations

from classifier.conversation.base import ConversationContext, PerSegment, register

NAME = "conversation.threshold"


@register(NAME)
def process(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    return [
        [f for f in findings if f.score >= context.threshold_for(f.entity_type)] for findings in per_segment
    ]
