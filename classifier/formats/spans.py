"""Locations for line-based formats and the writer they share.

A line-based segment (VTT/SRT cue, chat message, text line) knows the exact
span of its text in the file, the line ending and indent used between its
lines, and the spans of the names around it (speaker, recipient). Writing is a
set of span replacements, so timings, ids, blank lines and line endings stay as
they were.

Everything else a writer copies is either structure (timestamps, a numeric cue
id, valid WebVTT cue settings) or free text that is analysed like the turns:
readers append a *side segment* for each such piece, after all the record's turn
segments (so the turns keep their indices and their neighbours), with no speaker,
no times, `segment_id` naming what it is (see `SIDE_TEXT`) and a location flagged
`side=True`. A side segment is written back only where its redacted text differs
from what was read, so a file in which nothing is found stays byte for byte; one
that lies inside a speaker prefix dropped with its name (`NameSpan.drop_end`)
goes with it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from classifier.formats.base import RedactedRecord
from classifier.formats.textio import apply_edits, normalise_breaks
from classifier.records import Segment

#: Stand-in for a structural name (a chat sender, a voice tag) when the redaction mode removes values.
REMOVED_NAME = "[REDACTED]"

#: The `segment_id` of side segments: free text around the turns that is analysed and redacted too.
SIDE_TEXT: dict[str, str] = {
    "header": "text after WEBVTT on the first line and the other lines of the header block",
    "note": "the text of a WebVTT NOTE block",
    "style": "the text of a WebVTT STYLE block",
    "region": "the text of a WebVTT REGION block",
    "cue-id": "a WebVTT cue id other than a number of up to 6 digits or a Teams GUID id",
    "cue-settings": "WebVTT text after the end time that is not only valid cue settings",
    "timing": "SubRip text after the end time on the timing line",
    "voice-class": "the classes of a WebVTT voice tag other than plain CSS class names ('<v.x@y.org Bob>')",
    "speaker-suffix": "what follows a speaker's or sender's name: '(she/her)', '| Sales', '(555-0199-7731)'",
    "recipient-suffix": "what follows the recipient's name in a Zoom chat header ('(Direct Message)')",
}


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
    side: bool = False  # a side segment: text around the turns (see SIDE_TEXT), written only if changed


def side_segment(
    source: str, start: int, end: int, kind: str, eol: str = "\n", text: Callable[[str], str] | None = None
) -> Segment | None:
    """A side segment over `source[start:end]` without surrounding blanks; None when nothing is left.

    `text` turns the raw span into the text to analyse (default: line breaks as `\\n`).
    """
    raw = source[start:end]
    stripped = raw.strip()
    if not stripped:
        return None
    start += len(raw) - len(raw.lstrip())
    end = start + len(stripped)
    return Segment(
        text=(text or normalise_breaks)(stripped),
        segment_id=kind,
        location=TextLocation(start, end, eol=eol, keep_blank_lines=False, side=True),
    )


def is_side(segment: Segment) -> bool:
    """Whether a segment is side text (a header, a note, a name suffix...) rather than a turn."""
    return bool(getattr(segment.location, "side", False))


def turns(segments: Sequence[Segment]) -> list[Segment]:
    """The turn segments (cues, messages, lines), without the side segments that follow them."""
    return [segment for segment in segments if not is_side(segment)]


def _identity(text: str) -> str:
    return text


def _body(location: TextLocation, new_text: str, escape: Callable[[str], str]) -> str:
    text_lines = new_text.split("\n")
    if not location.keep_blank_lines:
        text_lines = [line for line in text_lines if line.strip()]
    return (location.eol + location.indent).join(escape(line) for line in text_lines)


def _inside(edit: tuple[int, int, Any], drops: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether an edit lies within one of the (sorted, disjoint) dropped spans."""
    index = bisect_right(starts, edit[0]) - 1
    return index >= 0 and edit[1] <= drops[index][1]


def segment_edits(
    redacted: RedactedRecord, escape: Callable[[str], str] = _identity
) -> list[tuple[int, int, str]]:
    """The span replacements that put a record's redacted texts and names back.

    Side segments are written only where their text changed, and not at all where a dropped
    speaker prefix removes them with the name.
    """
    edits: list[tuple[int, int, str]] = []
    side: list[tuple[int, int, str]] = []
    drops: list[tuple[int, int]] = []
    for segment, new_text in zip(redacted.record.segments, redacted.texts, strict=True):
        location: TextLocation = segment.location
        if location.side:
            if new_text != segment.text:
                side.append((location.start, location.end, _body(location, new_text, escape)))
            continue
        edits.append((location.start, location.end, _body(location, new_text, escape)))
        for name in location.names:
            replacement = redacted.redactor.redact_value(name.value, name.entity_type)
            if replacement:
                edits.append((name.start, name.end, escape(replacement)))
            elif name.drop_end is not None:
                edits.append((name.start, name.drop_end, ""))
                drops.append((name.start, name.drop_end))
            else:
                edits.append((name.start, name.end, escape(REMOVED_NAME)))
    drops.sort()
    starts = [start for start, _end in drops]
    edits.extend(edit for edit in side if not _inside(edit, drops, starts))
    return edits


def write_segments(
    source: str, records: Sequence[RedactedRecord], escape: Callable[[str], str] = _identity
) -> str:
    """The file with every segment of every record replaced by its redacted text."""
    edits: list[tuple[int, int, str]] = []
    for redacted in records:
        edits.extend(segment_edits(redacted, escape))
    return apply_edits(source, edits)
