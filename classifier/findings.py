"""Findings: what a recognizer found, where, and how sure it is.

A finding never carries the matched text unless the caller asks for it, so that
findings can be logged, written to reports and shipped around without leaking
the very data they point at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Category(str, Enum):
    """The three kinds of sensitive information the engine separates."""

    PII = "PII"
    PHI = "PHI"
    EDU = "EDU"


@dataclass(frozen=True)
class Finding:
    """One span of sensitive text.

    `start` and `end` are character offsets into the text that was analysed
    (end exclusive). `value` is filled by the engine but is only serialised when
    `to_dict(include_value=True)` is called explicitly.
    """

    start: int
    end: int
    entity_type: str
    category: Category
    score: float
    recognizer: str
    value: str | None = field(default=None, compare=False, repr=False)
    explanation: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def to_dict(self, include_value: bool = False) -> dict[str, Any]:
        """JSON-ready form; the matched value only on explicit request."""
        data: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "entity_type": self.entity_type,
            "category": self.category.value,
            "score": round(self.score, 4),
            "recognizer": self.recognizer,
        }
        if include_value and self.value is not None:
            data["value"] = self.value
        return data

    def shifted(self, offset: int) -> Finding:
        """The same finding moved by `offset` characters (used when chunking)."""
        return Finding(
            self.start + offset,
            self.end + offset,
            self.entity_type,
            self.category,
            self.score,
            self.recognizer,
            self.value,
            self.explanation,
        )
