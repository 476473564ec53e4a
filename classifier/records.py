"""Records and segments: the common shape every reader produces.

A record is one unit of decision (a transcript, a chat log, one JSONL line, one
telemetry event). Its segments are the pieces of text that get analysed, each
with the speaker and times where the format has them and the exact place of the
text in the source file, so that writers can put redacted text back in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class DataClass(str, Enum):
    """Where the data came from, which decides the consent it needs."""

    CUSTOMER_CONTENT = "customer_content"
    SERVICE_GENERATED = "service_generated"


@dataclass
class Segment:
    """A piece of text with who said it and when.

    `location` is reader-specific (a character span in the file, a JSON path, a
    Slack file and message index) and is only interpreted by the matching writer.
    """

    text: str
    speaker: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    segment_id: str | None = None
    location: Any = None


@dataclass
class Record:
    """One unit that gets classified, redacted and decided on."""

    record_id: str
    source: str
    format: str
    segments: list[Segment]
    data_class: DataClass = DataClass.CUSTOMER_CONTENT
    metadata: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """False when anything went wrong while reading or scanning the record."""
        return not self.errors

    @property
    def speakers(self) -> list[str]:
        """Distinct speaker names in order of first appearance."""
        seen: dict[str, None] = {}
        for segment in self.segments:
            if segment.speaker:
                seen.setdefault(segment.speaker, None)
        return list(seen)
