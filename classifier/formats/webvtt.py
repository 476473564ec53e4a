"""WebVTT: the container Zoom and Teams transcripts use, read and written cue by cue.

Blocks are separated by blank lines; a cue is an optional id, a timing line
(cue settings may follow the end time) and payload lines. Speakers come from
`<v Name>` voice tags or, in Zoom's flavour, a `Name:` prefix. Cue text is
unescaped for analysis (`&amp;` -> `&`, tags removed) and escaped again on the
way out, so a label like `<PERSON>` is written as `&lt;PERSON&gt;` and the file
stays valid.

Every other piece of free text is analysed as a side segment after all the cues
(see `classifier.formats.spans`), in file order, and redacted in place with the
same escaping (so a note never gets a `-->` or a blank line): text after
`WEBVTT` and the rest of the header block ("header"), NOTE, STYLE and REGION
blocks ("note", "style", "region"), cue ids ("cue-id") except numbers of up to
6 digits and Teams GUID ids, cue settings ("cue-settings") unless they are only
valid settings, and a display-name suffix after the speaker ("speaker-suffix",
one per cue). Side text is unescaped (`&amp;` -> `&`) for analysis as well.

Tags are structure only where they cannot hold a value. The classes of the
leading voice tag (`<v.loud Jane Doe>`) are structure when each is a plain CSS
class name (ASCII letters, digits, `-`, `_`); otherwise they are analysed as a
"voice-class" side segment. Tags inside cue text are removed before analysis
(ruby text `<rt>`/`</rt>`, timestamp tags and mid-cue `<v>` tags become a space
between two words), and the cue is written back without them, so each must be
one of WebVTT's own (`c i b u v ruby rt lang`, a valid timestamp, an end tag
`</name>`) with plain class names and an annotation that is empty, a short
language tag for `<lang>` (`en`, `en-US`, `zh-Hans-CN`, `es-419`) or a speaker
name (letters, spaces and `.,'-`) for `<v>`. Any other tag is never analysed, so
it makes the record incomplete (`Record.errors` names the cue, not the tag) and
the record is redacted fail-closed. Cue hours have at most 4 digits and a
region id in the cue settings at most 4 digits; a longer one is not structure
(a bad timestamp, analysed cue settings).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from classifier.formats.base import FormatSpec, RedactedRecord, register, resolve_data_class
from classifier.formats.errors import FormatError
from classifier.formats.spans import NameSpan, TextLocation, side_segment, write_segments
from classifier.formats.speakers import last_first, speaker_prefix, split_suffix, suffix_span
from classifier.formats.textio import Line, blocks, dominant_eol, normalise_breaks
from classifier.records import DataClass, Record, Segment

_HEADER = re.compile(r"^WEBVTT(?:[ \t].*)?$")
_TIMING = re.compile(r"^\s*(?P<start>\S+)[ \t]+-->[ \t]+(?P<end>\S+)(?P<settings>.*)$")
_TIMESTAMP = re.compile(r"^(?:\d{1,4}:)?\d{1,2}:\d{1,2}[.,]\d{1,3}$")
_SIDE_BLOCK = re.compile(r"^(?P<kind>NOTE|STYLE|REGION)(?:[ \t]|$)")
#: Cue ids that cannot hold a value: a number of up to 6 digits, a Teams GUID with an optional `/18-0`.
_STRUCTURAL_ID = re.compile(
    r"^(?:\d{1,6}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:/\d{1,6}-\d{1,3})?)$",
    re.IGNORECASE,
)
_PERCENT = r"\d{1,3}(?:\.\d{1,4})?%"
#: One valid cue setting; a region id is a short identifier that starts with a letter.
_SETTING = re.compile(
    r"^(?:vertical:(?:rl|lr)"
    rf"|line:(?:-?\d{{1,4}}|{_PERCENT})(?:,(?:start|center|end))?"
    rf"|position:{_PERCENT}(?:,(?:line-left|center|line-right|start|middle|end))?"
    rf"|size:{_PERCENT}"
    r"|align:(?:start|center|end|left|right|middle)"
    r"|region:(?=[A-Za-z][\w-]{0,31}$)[A-Za-z](?:[^\W\d]|-)*(?:\d(?:[^\W\d]|-)*){0,4})$"
)
_VOICE = re.compile(r"^<v(?P<classes>\.[^\s>]*)?(?:[ \t]+(?P<name>[^>]*))?>")
_VOICE_END = re.compile(r"</v>\s*$")
_TAG = re.compile(r"</?[A-Za-z][^>]*>|<\d[^>]*>")
#: Classes that are structure: plain CSS class names.
_PLAIN_CLASSES = re.compile(r"^(?:\.[A-Za-z0-9_-]+)+$")
#: A tag in cue text: name, classes and annotation (`<c.yellow>`, `<v.loud Bob>`, `<lang en-US>`, `</i>`).
_TAG_PARTS = re.compile(r"^<(?P<end>/)?(?P<name>[^\s.>]*)(?P<classes>[^\s>]*)(?P<annotation>[^>]*)>$")
_CUE_TAGS = frozenset(("c", "i", "b", "u", "v", "ruby", "rt", "lang"))
#: Start tags that separate words (besides `</rt>` and timestamps): ruby text and a change of voice.
_SEPARATING_TAGS = frozenset(("rt", "v"))
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?$")
_SPEAKER_NAME = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ .,'’-]){0,79}$")
#: Old Teams exports: `<v 1f0e...@72f9...>` (Azure AD objectId@tenantId) instead of a name.
_OBJECT_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f\-]{27}@[0-9a-f\-]{36}$", re.IGNORECASE)
_LINE_BREAK = re.compile(r"\r\r\n|\r\n|\r|\n")

DATA_CLASS = DataClass.CUSTOMER_CONTENT


def escape(text: str) -> str:
    """Cue text safe to put back: `&`, `<` and `>` as entities (so `-->` cannot appear either), and a
    carriage return read from `&#13;` as well (written raw, two would end the cue or the note)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _separates(tag: str) -> bool:
    """Whether a tag stands between two words: a timestamp, `<rt>`, `</rt>` or a mid-cue `<v>`."""
    if tag[1].isdigit():
        return True
    parts = _TAG_PARTS.match(tag)
    if not parts:
        return False
    name = parts.group("name").casefold()
    return name == "rt" or (name in _SEPARATING_TAGS and not parts.group("end"))


def cue_text(raw: str) -> str:
    """What a person reads: tags removed, entities decoded, line breaks as `\\n`.

    A tag that separates words (`_separates`) becomes a space where it stands between two
    non-blank characters, so `hi<rt>219-09-9999</rt>` reads as `hi 219-09-9999`.
    """
    text = normalise_breaks(raw)
    pieces: list[str] = []
    position = 0
    separated = False
    for tag in _TAG.finditer(text):
        piece = text[position : tag.start()]
        if piece:
            if separated and pieces and not pieces[-1][-1].isspace() and not piece[0].isspace():
                pieces.append(" ")
            pieces.append(piece)
            separated = False
        separated = separated or _separates(tag.group())
        position = tag.end()
    piece = text[position:]
    if piece:
        if separated and pieces and not pieces[-1][-1].isspace() and not piece[0].isspace():
            pieces.append(" ")
        pieces.append(piece)
    return html.unescape("".join(pieces))


def _structural_tag(tag: str) -> bool:
    """Whether a tag in cue text holds nothing to analyse (see the module docstring)."""
    if tag[1].isdigit():
        return bool(_TIMESTAMP.match(tag[1:-1]))
    parts = _TAG_PARTS.match(tag)
    if not parts or parts.group("name").casefold() not in _CUE_TAGS:
        return False
    classes, annotation = parts.group("classes"), parts.group("annotation")
    if parts.group("end"):
        return not classes and not annotation.strip()
    if classes and not _PLAIN_CLASSES.match(classes):
        return False
    if annotation and not annotation[0].isspace():
        return False
    annotation = html.unescape(annotation).strip()
    if not annotation:
        return True
    name = parts.group("name").casefold()
    if name == "lang":
        return bool(_LANGUAGE.match(annotation))
    return name == "v" and bool(_SPEAKER_NAME.match(annotation))


def _unanalysed_tags(raw: str) -> bool:
    """Whether cue text has a tag that `cue_text` removes although it may hold a value."""
    return not all(_structural_tag(tag.group()) for tag in _TAG.finditer(normalise_breaks(raw)))


def _check_timestamp(value: str, path: str, line: Line) -> None:
    if not _TIMESTAMP.match(value):
        raise FormatError(path, line.number, "bad cue timestamp (truncated or damaged file?)")


@dataclass(frozen=True)
class _Payload:
    """Who speaks in a cue and where its text sits (between the voice tag or prefix and `</v>`)."""

    text_start: int
    text_end: int
    speaker: str | None = None
    names: tuple[NameSpan, ...] = ()
    suffix: str = ""
    suffix_start: int = 0  # where the suffix sits in the file (an empty span when it is part of the name)
    suffix_end: int = 0
    classes_start: int = 0  # voice-tag classes that are not plain CSS class names (an empty span if none)
    classes_end: int = 0


def _voice(source: str, start: int, end: int, voice: re.Match[str]) -> _Payload:
    payload = _voice_name(source, start, end, voice)
    classes = voice.group("classes")
    if classes and not _PLAIN_CLASSES.match(classes):
        # without the leading dot: `<v.x@example.org>` is analysed as `x@example.org`
        return replace(
            payload,
            classes_start=start + voice.start("classes") + 1,
            classes_end=start + voice.end("classes"),
        )
    return payload


def _voice_name(source: str, start: int, end: int, voice: re.Match[str]) -> _Payload:
    raw = source[start:end]
    closing = _VOICE_END.search(raw)
    text_start, text_end = start + voice.end(), start + closing.start() if closing else end
    annotation = voice.group("name") or ""
    display = html.unescape(annotation).strip()
    if not display:
        return _Payload(text_start, text_end)
    name_start = start + voice.start("name") + (len(annotation) - len(annotation.lstrip()))
    name_end = start + voice.end("name") - (len(annotation) - len(annotation.rstrip()))
    if _OBJECT_ID.match(display):
        return _Payload(text_start, text_end, display, (NameSpan(name_start, name_end, display, "USERNAME"),))
    name, suffix = split_suffix(display)
    suffix_start = suffix_end = 0
    raw_name, raw_suffix = split_suffix(annotation.strip())
    if html.unescape(raw_name) == name and html.unescape(raw_suffix) == suffix:
        # the suffix stays in the tag as a side segment (also in a redacted `<v &lt;PERSON&gt; (Guest)>`)
        name_end = name_start + len(raw_name)
        suffix_start, suffix_end = suffix_span(name_end, raw_suffix)
    # else (an entity-encoded bracket) the name span covers the whole annotation, suffix included
    speaker = last_first(name)
    names = (NameSpan(name_start, name_end, speaker),)
    return _Payload(text_start, text_end, speaker, names, suffix, suffix_start, suffix_end)


def _payload(source: str, start: int, end: int, prefixed: bool) -> _Payload:
    """Speaker from a `<v Name>` tag or, for Zoom, a `Name:` prefix on the first line."""
    raw = source[start:end]
    voice = _VOICE.match(raw)
    if voice:
        return _voice(source, start, end, voice)
    if prefixed:
        first_line_end = _LINE_BREAK.search(raw)
        prefix = speaker_prefix(raw[: first_line_end.start()] if first_line_end else raw)
        if prefix:
            name = html.unescape(prefix.name)
            text_start = start + prefix.text_start
            if first_line_end and prefix.text_start == first_line_end.start():
                # `Name:` alone on its line: the text starts on the next one, so the line break stays
                # (the writer drops blank lines: a span from the colon would be written `Name:text`)
                text_start = start + first_line_end.end()
            span = NameSpan(start + prefix.name_start, start + prefix.name_end, name, drop_end=text_start)
            suffix_start, suffix_end = prefix.suffix_span
            return _Payload(
                text_start, end, name, (span,), prefix.suffix, start + suffix_start, start + suffix_end
            )
    return _Payload(start, end)


def _side(source: str, start: int, end: int, kind: str, eol: str) -> Segment | None:
    return side_segment(source, start, end, kind, eol, text=lambda raw: html.unescape(normalise_breaks(raw)))


def _block_text(source: str, block: Sequence[Line], skip: int, kind: str, eol: str) -> Segment | None:
    """A side segment from `skip` characters into a block's first line to the end of the block."""
    line_eol = block[0].eol if len(block) > 1 else eol
    return _side(source, block[0].start + skip, block[-1].end, kind, line_eol)


def _settings(source: str, line: Line, timing: re.Match[str], eol: str) -> Segment | None:
    """Cue settings after the end time, unless they are only valid `name:value` settings."""
    settings = timing.group("settings")
    if all(_SETTING.match(item) for item in settings.split()):
        return None
    return _side(
        source,
        line.start + timing.start("settings"),
        line.start + timing.end("settings"),
        "cue-settings",
        eol,
    )


def read(source: str, path: str, *, prefixed_speakers: bool, fmt: str, **options: Any) -> Iterator[Record]:
    """One record per file: one segment per cue, in file order, then the side segments."""
    cue_blocks = blocks(source)
    if not cue_blocks or not _HEADER.match(cue_blocks[0][0].text(source)):
        raise FormatError(path, 1, "not a WebVTT file: the first line must be WEBVTT")
    eol = dominant_eol(source)
    segments: list[Segment] = []
    side: list[Segment | None] = []
    suffixes: dict[str, str] = {}
    errors: list[str] = []
    header = cue_blocks[0]
    side.append(_side(source, header[0].start + len("WEBVTT"), header[0].end, "header", eol))
    if len(header) > 1:
        side.append(_block_text(source, header[1:], 0, "header", eol))
    for block in cue_blocks[1:]:
        first = block[0].text(source)
        skipped = _SIDE_BLOCK.match(first)
        if skipped:
            side.append(_block_text(source, block, skipped.end(), skipped.group("kind").lower(), eol))
            continue
        timing_index = 0 if "-->" in first else 1
        if timing_index >= len(block) or "-->" not in block[timing_index].text(source):
            raise FormatError(path, block[0].number, "cue without a timing line (truncated or damaged file?)")
        timing_line = block[timing_index]
        timing = _TIMING.match(timing_line.text(source))
        if not timing:
            raise FormatError(path, timing_line.number, "bad cue timing line")
        _check_timestamp(timing.group("start"), path, timing_line)
        _check_timestamp(timing.group("end"), path, timing_line)
        if timing_index == 1 and not _STRUCTURAL_ID.match(first.strip()):
            side.append(_side(source, block[0].start, block[0].end, "cue-id", eol))
        side.append(_settings(source, timing_line, timing, eol))
        payload = block[timing_index + 1 :]
        if payload:
            start, end = payload[0].start, payload[-1].end
            line_eol = payload[0].eol if len(payload) > 1 else eol
        else:
            start = end = timing_line.end
            line_eol = eol
        cue = _payload(source, start, end, prefixed_speakers)
        if cue.speaker and cue.suffix:
            suffixes[cue.speaker] = cue.suffix.strip()
        side.append(_side(source, cue.classes_start, cue.classes_end, "voice-class", eol))
        side.append(_side(source, cue.suffix_start, cue.suffix_end, "speaker-suffix", eol))
        if _unanalysed_tags(source[cue.text_start : cue.text_end]):
            number = len(segments) + 1
            errors.append(
                str(
                    FormatError(
                        path,
                        block[0].number,
                        f"cue {number}: a tag name, class or annotation that is not analysed",
                    )
                )
            )
        segments.append(
            Segment(
                text=cue_text(source[cue.text_start : cue.text_end]),
                speaker=cue.speaker,
                start_time=timing.group("start"),
                end_time=timing.group("end"),
                segment_id=first.strip() if timing_index == 1 else str(len(segments) + 1),
                location=TextLocation(
                    cue.text_start, cue.text_end, eol=line_eol, names=cue.names, keep_blank_lines=False
                ),
            )
        )
    yield Record(
        record_id=path,
        source=path,
        format=fmt,
        segments=segments + [segment for segment in side if segment],
        data_class=resolve_data_class(options.get("data_class"), DATA_CLASS),
        metadata={"kind": "transcript", "speaker_suffixes": suffixes},
        errors=errors,
    )


def write(source: str, records: Sequence[RedactedRecord]) -> str:
    return write_segments(source, records, escape)


def read_webvtt(source: str, path: str, **options: Any) -> Iterator[Record]:
    return read(source, path, prefixed_speakers=False, fmt="webvtt", **options)


SPEC = register(
    FormatSpec(
        name="webvtt",
        description=(
            "WebVTT captions (.vtt): cues with optional <v Name> voice tags;"
            " NOTE/STYLE/REGION, header text, cue ids and settings are analysed too"
        ),
        data_class=DATA_CLASS,
        read=read_webvtt,
        write=write,
        extensions=(".vtt",),
    )
)
