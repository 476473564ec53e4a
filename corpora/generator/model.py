"""The corpus record shape and the one place where gold offsets are computed.

A segment is assembled from parts: literal text and `Fill`s (a value that is
either gold, a decoy, or neither). Offsets are computed after the style has been
applied, and every span is checked against the text before it is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: Entity type -> category, for every type the corpus labels (names from ARCHITECTURE.md).
CATEGORY_OF: dict[str, str] = {
    **{
        t: "PII"
        for t in (
            "PERSON",
            "EMAIL_ADDRESS",
            "PHONE_NUMBER",
            "US_SSN",
            "CREDIT_CARD",
            "BANK_ACCOUNT",
            "IP_ADDRESS",
            "MAC_ADDRESS",
            "URL",
            "STREET_ADDRESS",
            "LOCATION",
            "ZIP_CODE",
            "DATE_OF_BIRTH",
            "DATE",
            "AGE",
            "US_DRIVER_LICENSE",
            "USERNAME",
            "DEVICE_ID",
        )
    },
    **{
        t: "PHI"
        for t in (
            "MEDICAL_RECORD_NUMBER",
            "HEALTH_PLAN_ID",
            "MEDICAL_CONDITION",
            "MEDICATION",
            "PROCEDURE",
            "LAB_RESULT",
            "HEALTHCARE_FACILITY",
        )
    },
    **{
        t: "EDU"
        for t in (
            "STUDENT_ID",
            "GRADE",
            "TEST_SCORE",
            "GPA",
            "SPECIAL_EDUCATION",
            "DISCIPLINE",
            "ATTENDANCE",
            "ENROLLMENT",
            "FINANCIAL_AID",
            "SCHOOL",
        )
    },
}


@dataclass(frozen=True)
class Fill:
    """A value put into a template: gold when `entity_type` is set, a decoy when `decoy` is."""

    value: str
    entity_type: str | None = None
    decoy: str | None = None
    negated: bool = False


Part = str | Fill


@dataclass
class Segment:
    speaker: str | None
    parts: list[Part]


@dataclass
class Conversation:
    id: str
    kind: str
    format: str
    data_class: str
    segments: list[Segment] = field(default_factory=list)


def render(
    conv: Conversation, style_literal: Callable[[str], str], style_value: Callable[[Fill], str]
) -> dict[str, Any]:
    """Turn a conversation into its JSON form, computing and checking every offset."""
    segments: list[dict[str, Any]] = []
    spans: list[dict[str, Any]] = []
    decoys: list[dict[str, Any]] = []
    for index, segment in enumerate(conv.segments):
        text = ""
        placed: list[tuple[int, int, str]] = []
        for part in segment.parts:
            if isinstance(part, str):
                text += style_literal(part)
                continue
            value = style_value(part)
            start, end = len(text), len(text) + len(value)
            text += value
            placed.append((start, end, value))
            if part.entity_type:
                span: dict[str, Any] = {
                    "segment": index,
                    "start": start,
                    "end": end,
                    "entity_type": part.entity_type,
                    "category": CATEGORY_OF[part.entity_type],
                }
                if part.negated:
                    span["negated"] = True
                spans.append(span)
            elif part.decoy:
                decoys.append({"segment": index, "start": start, "end": end, "kind": part.decoy})
        for start, end, value in placed:
            assert value and text[start:end] == value, (conv.id, index, start, end)
        segments.append({"speaker": segment.speaker, "text": text})
    return {
        "id": conv.id,
        "kind": conv.kind,
        "format": conv.format,
        "data_class": conv.data_class,
        "segments": segments,
        "spans": spans,
        "decoys": decoys,
    }
