"""Zoom cloud-recording transcripts (.vtt): numbered cues, speakers as `Name: text` prefixes.

Some cues have no speaker; display names carry suffixes ("(she/her)", "| team")
that are not part of the name (each is analysed as a "speaker-suffix" side
segment, see `webvtt`); files are often CRLF.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from classifier.formats import webvtt
from classifier.formats.base import FormatSpec, register
from classifier.records import Record


def read(source: str, path: str, **options: Any) -> Iterator[Record]:
    return webvtt.read(source, path, prefixed_speakers=True, fmt="zoom_vtt", **options)


SPEC = register(
    FormatSpec(
        name="zoom_vtt",
        description=(
            "Zoom recording transcript (.vtt): numbered cues, 'Name: text',"
            " suffixes like (she/her) analysed apart from the name"
        ),
        data_class=webvtt.DATA_CLASS,
        read=read,
        write=webvtt.write,
        extensions=(".vtt",),
    )
)
