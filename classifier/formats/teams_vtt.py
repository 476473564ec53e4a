"""Microsoft Teams transcripts (.vtt): `<v Name>text</v>` voice tags.

Cue ids are GUIDs (`guid/12-0`) that may come out of order and are kept as they
are; timestamps may be unpadded (`0:0:0.0`); old exports put
`objectId@tenantId` in the tag (redacted as a USERNAME), new ones `Last, First`
(the speaker becomes "First Last" so it matches mentions in the text). A
suffix such as "(Guest)" after the name, NOTE blocks and any other cue id are
analysed as side segments (see `webvtt`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from classifier.formats import webvtt
from classifier.formats.base import FormatSpec, register
from classifier.records import Record


def read(source: str, path: str, **options: Any) -> Iterator[Record]:
    return webvtt.read(source, path, prefixed_speakers=False, fmt="teams_vtt", **options)


SPEC = register(
    FormatSpec(
        name="teams_vtt",
        description="Microsoft Teams transcript (.vtt): <v Name> voice tags, GUID cue ids, unpadded times",
        data_class=webvtt.DATA_CLASS,
        read=read,
        write=webvtt.write,
        extensions=(".vtt",),
    )
)
