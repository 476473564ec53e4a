"""Plain text: one segment per non-blank line; a `Name:` prefix at line start is the speaker.

The fallback for pasted chats, notes and transcripts without timings. A
display-name suffix after the speaker ("Bob Smith (555-0199-7731): ...") is
analysed too, as a "speaker-suffix" side segment after all the lines.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from classifier.formats.base import FormatSpec, RedactedRecord, register, resolve_data_class
from classifier.formats.spans import NameSpan, TextLocation, side_segment, write_segments
from classifier.formats.speakers import speaker_prefix
from classifier.formats.textio import dominant_eol, lines
from classifier.records import DataClass, Record, Segment

DATA_CLASS = DataClass.CUSTOMER_CONTENT


def read(source: str, path: str, **options: Any) -> Iterator[Record]:
    """One record per file."""
    eol = dominant_eol(source)
    segments: list[Segment] = []
    side: list[Segment] = []
    for line in lines(source):
        text = line.text(source)
        if not text.strip():
            continue
        prefix = speaker_prefix(text)
        names: tuple[NameSpan, ...] = ()
        start = line.start
        speaker = None
        if prefix:
            start = line.start + prefix.text_start
            speaker = prefix.name
            names = (
                NameSpan(
                    line.start + prefix.name_start, line.start + prefix.name_end, prefix.name, drop_end=start
                ),
            )
            suffix_start, suffix_end = prefix.suffix_span
            suffix = side_segment(
                source, line.start + suffix_start, line.start + suffix_end, "speaker-suffix", eol
            )
            if suffix:
                side.append(suffix)
        segments.append(
            Segment(
                text=source[start : line.end],
                speaker=speaker,
                segment_id=str(line.number),
                location=TextLocation(start, line.end, eol, "", names),
            )
        )
    yield Record(
        record_id=path,
        source=path,
        format="text",
        segments=segments + side,
        data_class=resolve_data_class(options.get("data_class"), DATA_CLASS),
        metadata={"kind": "text"},
    )


def write(source: str, records: Sequence[RedactedRecord]) -> str:
    return write_segments(source, records)


SPEC = register(
    FormatSpec(
        name="text",
        description=(
            "Plain text: one segment per line, a 'Name:' prefix at line start is the speaker"
            " (a suffix after the name is analysed too)"
        ),
        data_class=DATA_CLASS,
        read=read,
        write=write,
        extensions=(".txt", ".text", ".log", ".md"),
    )
)
