"""Conversation kinds: who talks, in which format and style, from which templates."""

from __future__ import annotations

import random
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from corpora.generator import style as styles
from corpora.generator.model import Conversation, Segment, render
from corpora.generator.people import Person, make_people
from corpora.generator.slots import Slots, expand
from corpora.generator.templates import class_chat, meeting, school_meeting, support, telehealth


@dataclass(frozen=True)
class KindSpec:
    name: str
    formats: tuple[tuple[str, str], ...]  # (format, style) choices
    templates: ModuleType
    participants: tuple[int, int]
    subject_is_participant: bool
    sensitive_lines: tuple[int, int]


KINDS: tuple[KindSpec, ...] = (
    KindSpec(
        "meeting_transcript", (("zoom_vtt", "asr"), ("teams_vtt", "asr")), meeting, (3, 5), False, (2, 5)
    ),
    KindSpec("class_chat", (("zoom_chat", "chat"),), class_chat, (3, 6), False, (2, 5)),
    KindSpec("support_chat", (("slack", "chat"), ("text", "text")), support, (2, 2), True, (3, 6)),
    KindSpec("telehealth_call", (("zoom_vtt", "asr"),), telehealth, (2, 3), True, (4, 8)),
    KindSpec(
        "school_meeting", (("zoom_vtt", "asr"), ("text", "text")), school_meeting, (2, 4), False, (3, 7)
    ),
)


def _speaker_label(person: Person, fmt: str) -> str:
    if fmt == "slack":
        return person.handle()
    if fmt == "teams_vtt":
        return f"{person.last}, {person.first}"
    return person.full


def build(spec: KindSpec, conv_id: str, rng: random.Random) -> dict[str, Any]:
    """One conversation of this kind, rendered with gold spans and decoys."""
    fmt, style = rng.choice(spec.formats)
    people = make_people(rng, rng.randint(*spec.participants) + (0 if spec.subject_is_participant else 1))
    participants = people if spec.subject_is_participant else people[:-1]
    subject = participants[-1] if spec.subject_is_participant else people[-1]
    slots = Slots(rng, style, participants, subject)
    t = spec.templates
    plan: list[str | tuple[str, str]] = [
        *rng.sample(t.SENSITIVE, rng.randint(*spec.sensitive_lines)),
        *rng.sample(t.DECOYS, rng.randint(1, 3)),
        *rng.sample(t.FILLER, rng.randint(2, 5)),
    ]
    if t.PAIRS and rng.random() < 0.35:
        plan.append(rng.choice(t.PAIRS))
    rng.shuffle(plan)
    conv = Conversation(conv_id, spec.name, fmt, "customer_content")
    for template in plan:
        speaker = rng.choice(participants)
        slots.speaker = speaker
        pieces = template if isinstance(template, tuple) else (template,)
        for piece in pieces:
            conv.segments.append(Segment(_speaker_label(speaker, fmt), expand(piece, slots)))
    return render(conv, styles.literal_styler(style, rng), styles.value_styler(style, rng))
