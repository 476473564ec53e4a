"""SubRip subtitles (.srt): numbered cues, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, optional `Name:` prefixes.

SRT has no escaping: cue text is analysed and written as it is. Blank lines
end a cue, so a redaction never writes one inside a cue. The other free text a
cue carries is analysed as side segments after all the cues: text after the end
time on the timing line ("timing") and a suffix after a speaker's name
("speaker-suffix", e.g. "Bob (555-0199-7731): ...").

A cue number is structure only up to 6 digits (a million cues); a longer one
could be a phone or account number and is a format error (the file is not
read, so nothing of it is copied unread), as is a damaged timing line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from classifier.formats.base import FormatSpec, RedactedRecord, register, resolve_data_class
from classifier.formats.errors import FormatError
from classifier.formats.spans import NameSpan, TextLocation, side_segment, write_segments
from classifier.formats.speakers import speaker_prefix
from classifier.formats.textio import blocks, dominant_eol, normalise_breaks
from classifier.records import DataClass, Record, Segment

_INDEX = re.compile(r"^\s*\d+\s*$")
_MAX_INDEX_DIGITS = 6
_TIME = r"\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}"
_TIMING = re.compile(rf"^\s*(?P<start>{_TIME})[ \t]+-->[ \t]+(?P<end>{_TIME})\b(?P<rest>.*)$")
DATA_CLASS = DataClass.CUSTOMER_CONTENT


def read(source: str, path: str, **options: Any) -> Iterator[Record]:
    """One record per file, one segment per cue."""
    eol = dominant_eol(source)
    segments: list[Segment] = []
    side: list[Segment] = []
    for block in blocks(source):
        if len(block) < 2 or not _INDEX.match(block[0].text(source)):
            raise FormatError(
                path, block[0].number, "SubRip cue must start with its number and a timing line"
            )
        if len(block[0].text(source).strip()) > _MAX_INDEX_DIGITS:
            raise FormatError(path, block[0].number, "SubRip cue number longer than 6 digits")
        timing = _TIMING.match(block[1].text(source))
        if not timing:
            raise FormatError(path, block[1].number, "bad SubRip timing line (truncated or damaged file?)")
        rest = side_segment(
            source, block[1].start + timing.start("rest"), block[1].start + timing.end("rest"), "timing", eol
        )
        if rest:
            side.append(rest)
        payload = block[2:]
        if payload:
            start, end = payload[0].start, payload[-1].end
            line_eol = payload[0].eol if len(payload) > 1 else eol
        else:
            start = end = block[1].end
            line_eol = eol
        speaker = None
        names: tuple[NameSpan, ...] = ()
        text_start = start
        prefix = speaker_prefix(payload[0].text(source)) if payload else None
        if prefix:
            speaker, text_start = prefix.name, start + prefix.text_start
            if len(payload) > 1 and text_start == payload[0].end:
                # `Name:` alone on its line: the text starts on the next one, so the line break stays
                # (the writer drops blank lines: a span from the colon would be written `Name:text`)
                text_start = payload[1].start
            names = (
                NameSpan(
                    start + prefix.name_start, start + prefix.name_end, prefix.name, drop_end=text_start
                ),
            )
            suffix_start, suffix_end = prefix.suffix_span
            suffix = side_segment(source, start + suffix_start, start + suffix_end, "speaker-suffix", eol)
            if suffix:
                side.append(suffix)
        segments.append(
            Segment(
                text=normalise_breaks(source[text_start:end]),
                speaker=speaker,
                start_time=timing.group("start"),
                end_time=timing.group("end"),
                segment_id=block[0].text(source).strip(),
                location=TextLocation(text_start, end, line_eol, "", names, keep_blank_lines=False),
            )
        )
    if not segments:
        raise FormatError(path, None, "no SubRip cues found")
    yield Record(
        record_id=path,
        source=path,
        format="srt",
        segments=segments + side,
        data_class=resolve_data_class(options.get("data_class"), DATA_CLASS),
        metadata={"kind": "transcript"},
    )


def write(source: str, records: Sequence[RedactedRecord]) -> str:
    return write_segments(source, records)


SPEC = register(
    FormatSpec(
        name="srt",
        description=(
            "SubRip subtitles (.srt): numbered cues, HH:MM:SS,mmm timings, optional 'Name:' prefixes"
            " (name suffixes and text after the timings are analysed too)"
        ),
        data_class=DATA_CLASS,
        read=read,
        write=write,
        extensions=(".srt",),
    )
)
