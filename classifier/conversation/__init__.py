"""Conversation-aware post-processing of a record's findings.

`Classifier.analyze_record` runs the recognizers over every segment and then
calls `process_record`, which passes the per-segment findings through a chain
of small registered steps (see `base.register`): each step may add findings
that need the neighbouring segments or the speakers, or drop findings that the
conversation shows to be harmless.  A step named in the config's `disabled`
list is skipped (`disabled: [conversation.fact_subjects]`).

The built-in steps, in order (one file each):

- adding: known_speakers (participants' names at every mention), spoken_numbers
  (phone/SSN/IDs said in words), spelled_addresses (emails/URLs said in words),
  spoken_dates, spoken_streets (house numbers, ZIP codes), spoken_scores (GPA,
  test scores), split_digits (numbers split over two cues), cross_context
  (keyword at the end of the previous cue), field_values (user names in fields named
  so), health_statements (lab values,
  medications, discipline in statements), fact_subjects (the person a fact is
  about), vocatives (people addressed by name), name_propagation (a name found
  once is found everywhere), value_propagation (an identifier found once is found at
  every repeat), quoted_messages (a shortened quote of a message carries its findings),
  spoken_ages;
- guarding: negation (lowers negated facts), fiction, generic_health (lowers
  health and education talk about nobody, read from sentence structure by
  framing.py: who the fact is about, generic subjects, topics, public roles),
  precision (timestamps, meeting IDs, versions, tickets, rooms, course codes,
  hashes), public_figures; threshold (drops what the guards
  lowered below the configured threshold).
"""

from __future__ import annotations

from typing import Any

# Importing a step registers it; `base.ORDER` says in which order they run.
from classifier.conversation import (  # noqa: F401
    cross_context,
    fact_subjects,
    fiction,
    field_values,
    generic_health,
    health_statements,
    known_speakers,
    name_propagation,
    negation,
    precision,
    public_figures,
    quoted_messages,
    spelled_addresses,
    split_digits,
    spoken_ages,
    spoken_dates,
    spoken_numbers,
    spoken_scores,
    spoken_streets,
    threshold,
    value_propagation,
    vocatives,
)
from classifier.conversation.base import (
    GUARDS,
    ConversationContext,
    PerSegment,
    chain,
    register,
    registered,
)
from classifier.records import Record

__all__ = ["ConversationContext", "process_record", "register", "registered"]


def process_record(classifier: Any, record: Record, per_segment: PerSegment) -> PerSegment:
    """Run the enabled conversation post-processors over one record's per-segment findings.

    `per_segment[i]` holds the findings of `record.segments[i].text`; the result
    has the same shape, with offsets into the same texts.
    """
    if len(per_segment) != len(record.segments):
        raise ValueError(
            f"record {record.record_id}: {len(per_segment)} finding lists for {len(record.segments)} segments"
        )
    context = ConversationContext(record, classifier.config, classifier)
    result = [list(findings) for findings in per_segment]
    for name, step in chain(classifier.config):
        if name in GUARDS and not any(result):
            continue
        result = step(context, result)
    return result
