"""Locations for line-based formats and the writer they share.

A line-based segment (VTT/SRT cue, chat message, text line) knows the exact
span of its text in the file, the line ending and indent used between its
lines, and the spans of the names around it (speaker, recipient). Writing is a
set of span replacements, so timings, ids, blank lines and line endings stay as
they were.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from classifier.formats.base import RedactedRecord
from classifier.formats.textio import apply_edits

#: Stand-in for a structural name (a chat sender, a voice tag) when the redaction mode removes values.
REMOVED_NAME = "[REDACTED]"


@dataclass(frozen=True)
class NameSpan:
    """A person's name in the file, the value to redact (cleaned) and, optionally, what to drop with it."""

    start: int
    end: int
    value: str
    entity_type: str = "PERSON"
    drop_end: int | None = None  # when the replacement is empty, remove up to here (e.g. "Name: ")


@dataclass(frozen=True)
class TextLocation:
    """Where a segment's text sits in a line-based file and how to write new text there."""

    start: int
    end: int
    eol: str = "\n"
    indent: str = ""
    names: tuple[NameSpan, ...] = ()
    keep_blank_lines: bool = True  # False where a blank line ends the block (VTT, SRT)


def _identity(text: str) -> str:
    return text


def segment_edits(
    redacted: RedactedRecord, escape: Callable[[str], str] = _identity
) -> list[tuple[int, int, str]]:
    """The span replacements that put a record's redacted texts and names back."""
    edits: list[tuple[int, int, str]] = []
    for segment, new_text in zip(redacted.record.segments, redacted.texts, strict=True):
        location: TextLocation = segment.location
        text_lines = new_text.split("\n")
        if not location.keep_blank_lines:
            text_lines = [line for line in text_lines if line.strip()]
        body = (location.eol + location.indent).join(escape(line) for line in text_lines)
        edits.append((location.start, location.end, body))
        for name in location.names:
            replacement = redacted.redactor.redact_value(name.value, name.entity_type)
            if replacement:
                edits.append((name.start, name.end, escape(replacement)))
            elif name.drop_end is not None:
                edits.append((name.start, name.drop_end, ""))
            else:
                edits.append((name.start, name.end, escape(REMOVED_NAME)))
    return edits


def write_segments(
    source: str, records: Sequence[RedactedRecord], escape: Callable[[str], str] = _identity
) -> str:
    """The file with every segment of every record replaced by its redacted text."""
    edits: list[tuple[int, int, str]] = []
    for redacted in records:
        edits.extend(segment_edits(redacted, escape))
    return apply_edits(source, edits)
