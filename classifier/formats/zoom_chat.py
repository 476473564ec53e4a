"""Zoom meeting chat (.txt), all three generations of the export.

    00:05:12 From Jane Doe to Everyone : hello
    10:03:00 From  John Doe to Open Mike(Direct Message):
        Please mute
    00:58:04	Alex:	Depends on your teaching style, I guess.

A message runs from its header to the next header: tab-indented body lines,
continuation lines of multi-line messages, and the `Replying to "..."` quotes
and `Reacted to "..." with` lines of newer exports (the quoted text is someone's
message too, so it is analysed). Sender and direct-message recipient are
people and are redacted; audiences are not. An audience is one of Zoom's own
phrases, matched as whole words without regard to case ("Everyone", "Everyone
in Waiting Room", "Waiting Room", "All Panelists", "All Panelists and
Attendees", "All Attendees", "Host(s) and Panelists"); a sender or recipient
that only starts with one is a person, unless the phrase is followed by a
non-word character, in which case what follows it ("Everyone 415-555-0132",
"All Panelists; x@example.org") is a suffix. What follows a sender's,
recipient's or audience's name ("(she/her)", "(Direct Message)",
"(555-0199-7731)") is analysed as a "speaker-suffix" or "recipient-suffix" side
segment, one per header, after all the messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from classifier.formats.base import FormatSpec, RedactedRecord, register, resolve_data_class
from classifier.formats.errors import FormatError
from classifier.formats.spans import NameSpan, TextLocation, side_segment, write_segments
from classifier.formats.speakers import split_suffix, suffix_span
from classifier.formats.textio import Line, dominant_eol, lines
from classifier.records import DataClass, Record, Segment

#: The colon that ends a `From` header: followed by a blank or the end of the line.
_HEADER_COLON = r":(?:[ \t]|$)"
#: A sender or recipient, shortest first: from a character other than a space or tab to one before the
#: header colon (or one blank when the name is blank), the names the former `.+?` gave. With `.+?` the
#: blanks around a name could be split between it and `[ \t]+`/`[ \t]*` in every way, so a long line
#: that only looks like a header (`HH:MM:SS From`, then blanks or many ` to `, and no such colon) took
#: cubic time and stopped the run.
_PARTY = rf"(?:[^ \t](?:(?:(?!{_HEADER_COLON}).)*?(?!{_HEADER_COLON})[^ \t])??|[ \t](?=[ \t]*:))"
_FROM = re.compile(
    rf"^(?=.*?{_HEADER_COLON})(?P<time>\d{{1,2}}:\d{{2}}:\d{{2}})[ \t]+From[ \t]+(?P<sender>{_PARTY})"
    rf"(?:[ \t]+to[ \t]+(?P<recipient>{_PARTY}))?[ \t]*:(?:[ \t](?P<text>.*))?$"
)
_TABBED = re.compile(r"^(?P<time>\d{1,2}:\d{2}:\d{2})\t(?P<sender>[^\t]+?):\t(?P<text>.*)$")
#: Zoom's audiences, longest first, ending at the end of the name or before a non-word character.
_AUDIENCES = re.compile(
    r"^(?:everyone[ \t]+in[ \t]+waiting[ \t]+room|everyone|waiting[ \t]+room"
    r"|all[ \t]+panelists[ \t]+and[ \t]+attendees|all[ \t]+panelists|all[ \t]+attendees"
    r"|hosts?[ \t]+and[ \t]+panelists)(?![\w'’])",
    re.IGNORECASE,
)
_SUFFIX_KINDS = {"sender": "speaker-suffix", "recipient": "recipient-suffix"}
DATA_CLASS = DataClass.CUSTOMER_CONTENT


def header(text: str) -> re.Match[str] | None:
    """The header match of a chat line (used by format detection as well)."""
    return _FROM.match(text) or _TABBED.match(text)


def _parts(display: str) -> tuple[str, str, bool]:
    """(name, what follows it, whether the name is an audience) of a stripped sender or recipient."""
    name, suffix = split_suffix(display)
    audience = _AUDIENCES.match(name)
    if audience:
        return name[: audience.end()], name[audience.end() :] + suffix, True
    return name, suffix, False


def _name(match: re.Match[str], group: str) -> NameSpan | None:
    """A sender or recipient who is a person (not "Everyone"), without suffixes, offsets in the line."""
    display = match.groupdict().get(group)
    if display is None:
        return None
    name, _suffix, audience = _parts(display.strip())
    if not name or audience:
        return None
    start = match.start(group) + (len(display) - len(display.lstrip()))
    return NameSpan(start, start + len(name), name)


def _suffixes(source: str, head: Line, match: re.Match[str], eol: str) -> list[Segment]:
    """Side segments for what follows the sender's and the recipient's names (audiences too)."""
    out: list[Segment] = []
    for group, kind in _SUFFIX_KINDS.items():
        display = match.groupdict().get(group)
        if display is None:
            continue
        name, suffix, _audience = _parts(display.strip())
        name_end = head.start + match.start(group) + (len(display) - len(display.lstrip())) + len(name)
        start, end = suffix_span(name_end, suffix)
        segment = side_segment(source, start, end, kind, head.eol or eol)
        if segment:
            out.append(segment)
    return out


def _message(
    source: str, head: Line | None, match: re.Match[str] | None, body: list[Line], eol: str
) -> Segment:
    """One message: inline text after the header (if any) and every body line up to the next header."""
    inline = match.group("text") if match else None
    while body and not body[-1].text(source).strip():
        body = body[:-1]
    if not inline:
        while body and not body[0].text(source).strip():
            body = body[1:]
    indent = "\t" if body and body[0].text(source).startswith("\t") else ""
    pieces: list[str] = []
    start = end = head.end if head else (body[0].start if body else 0)
    if head and match and inline:
        start, end = head.start + match.start("text"), head.end
        pieces.append(inline)
    elif body:
        start = body[0].start + len(indent)
    for line in body:
        text = line.text(source)
        pieces.append(text[1:] if text.startswith("\t") else text)
        end = line.end
    names: list[NameSpan] = []
    if match and head:
        for group in ("sender", "recipient"):
            span = _name(match, group)
            if span:
                names.append(NameSpan(head.start + span.start, head.start + span.end, span.value))
    sender = _name(match, "sender") if match else None
    return Segment(
        text="\n".join(pieces),
        speaker=sender.value if sender else None,
        start_time=match.group("time") if match else None,
        segment_id=str(head.number if head else 1),
        location=TextLocation(start, end, head.eol if head and head.eol else eol, indent, tuple(names)),
    )


def read(source: str, path: str, **options: Any) -> Iterator[Record]:
    """One record per chat file, one segment per message."""
    eol = dominant_eol(source, double_cr=True)
    segments: list[Segment] = []
    side: list[Segment] = []
    head: Line | None = None
    match: re.Match[str] | None = None
    body: list[Line] = []
    for line in lines(source, double_cr=True):
        found = header(line.text(source))
        if found:
            if head or any(item.text(source).strip() for item in body):
                segments.append(_message(source, head, match, body, eol))
            head, match, body = line, found, []
            side.extend(_suffixes(source, line, found, eol))
        else:
            body.append(line)
    if head or any(item.text(source).strip() for item in body):
        segments.append(_message(source, head, match, body, eol))
    if not any(segment.speaker for segment in segments):
        raise FormatError(
            path, 1, "no Zoom chat message header (HH:MM:SS From ... or HH:MM:SS<tab>Name:<tab>)"
        )
    participants: dict[str, None] = {}
    for segment in segments:
        for name in segment.location.names:
            participants.setdefault(name.value, None)
    yield Record(
        record_id=path,
        source=path,
        format="zoom_chat",
        segments=segments + side,
        data_class=resolve_data_class(options.get("data_class"), DATA_CLASS),
        metadata={
            "kind": "chat",
            "participants": list(participants),
            "replies": sum(segment.text.startswith('Replying to "') for segment in segments),
            "reactions": sum(segment.text.startswith('Reacted to "') for segment in segments),
        },
    )


def write(source: str, records: Sequence[RedactedRecord]) -> str:
    return write_segments(source, records)


SPEC = register(
    FormatSpec(
        name="zoom_chat",
        description=(
            "Zoom meeting chat (.txt), all three generations of the export"
            " (suffixes after sender and recipient names are analysed too)"
        ),
        data_class=DATA_CLASS,
        read=read,
        write=write,
        extensions=(".txt",),
    )
)
