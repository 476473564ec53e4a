"""Decoding text files and putting edited pieces back without disturbing the rest.

Exports come with a BOM, CRLF, bare CR, the `\\r\\r\\n` of a file converted twice,
or a mix of all of them, and often without a final newline. Readers work on the
decoded text with character offsets; writers replace exact spans, so everything
that is not redacted (line endings, timings, ids, blank lines) stays byte for byte.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

from classifier.formats.errors import FormatError
from classifier.textio import encoding_from_bom, warn_stray_bom

logger = logging.getLogger(__name__)

BOM = "\ufeff"
#: `\r\r\n` first: a CRLF file whose line endings were converted once more is still one break per line.
_LINE_BREAK = re.compile(r"\r\r\n|\r\n|\n|\r")
#: Zoom chat exports also end lines with a bare `\r\r`; blank lines do not structure a chat: one break.
_CHAT_LINE_BREAK = re.compile(r"\r\r\n|\r\n|\r\r|\n|\r")


@dataclass(frozen=True)
class Line:
    """One line of a decoded file: its text span (without the ending) and its ending."""

    number: int  # 1-based
    start: int
    end: int
    eol: str

    def text(self, source: str) -> str:
        return source[self.start : self.end]


@dataclass(frozen=True)
class Encoding:
    """How a file was encoded, so the writer gives back the same bytes for what it did not change."""

    name: str = "utf-8"
    bom: bytes = b""


def encoding_of(data: bytes) -> Encoding:
    """The encoding a BOM announces, else UTF-8 (also for UTF-8 text behind a stray UTF-16/32 mark,
    `classifier.textio.encoding_from_bom`; the mark is kept, so a redacted copy starts like the input)."""
    name, bom = encoding_from_bom(data)
    return Encoding(name, bom) if name else Encoding()


def decode(data: bytes, path: str) -> tuple[str, Encoding]:
    """Text without its BOM (UTF-8, or UTF-16/32 from Windows tools when a BOM says so).

    Invalid bytes are replaced with U+FFFD and reported by file and line, as the
    rest of the engine does; the content itself is never logged. Text with NUL
    characters is not text (UTF-16 without its BOM): a FormatError, not a copy.
    """
    encoding = encoding_of(data)
    warn_stray_bom(encoding.name, encoding.bom, path)
    body = data[len(encoding.bom) :]
    try:
        text = body.decode(encoding.name)
    except UnicodeDecodeError as error:
        line = body[: error.start].count(b"\n") + 1
        logger.warning("%s:%d: invalid %s bytes were replaced with U+FFFD", path, line, encoding.name.upper())
        text = body.decode(encoding.name, errors="replace")
    if "\x00" in text:  # UTF-16 read as UTF-8 (no BOM, or a UTF-8 BOM): no recognizer reads `5\x005\x00`
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise FormatError(path, line, "binary content: NUL characters in the text (UTF-16 without its BOM?)")
    return text, encoding


def encode(text: str, encoding: Encoding) -> bytes:
    return encoding.bom + text.encode(encoding.name)


def lines(text: str, double_cr: bool = False) -> Iterator[Line]:
    """Every line with its offsets; a missing final newline gives a last line with an empty ending.

    `double_cr` reads `\r\r` as one line break (Zoom chat) instead of a line and a blank line.
    """
    position = 0
    number = 1
    for match in (_CHAT_LINE_BREAK if double_cr else _LINE_BREAK).finditer(text):
        yield Line(number, position, match.start(), match.group())
        position = match.end()
        number += 1
    if position < len(text):
        yield Line(number, position, len(text), "")


def numbered_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line text) of decoded text, numbered like `lines`."""
    for line in lines(text):
        yield line.number, text[line.start : line.end]


def stream_lines(handle: TextIO, chunk_size: int = 1 << 20) -> Iterator[tuple[int, str]]:
    """(line number, line text) of an open text file, read in chunks, numbered exactly like `lines`.

    Large JSON Lines files are read this way so that memory does not grow with the file.
    """
    buffer = ""
    number = 1
    while True:
        chunk = handle.read(chunk_size)
        buffer += chunk
        # a trailing "\r" may be the start of "\r\n" or "\r\r\n" in the next chunk
        usable = len(buffer) if not chunk else len(buffer.rstrip("\r"))
        position = 0
        for match in _LINE_BREAK.finditer(buffer, 0, usable):
            yield number, buffer[position : match.start()]
            position = match.end()
            number += 1
        buffer = buffer[position:]
        if not chunk:
            break
    if buffer:
        yield number, buffer


def dominant_eol(text: str, double_cr: bool = False) -> str:
    """The line ending a writer uses for lines it adds (the first one in the file, else LF)."""
    match = (_CHAT_LINE_BREAK if double_cr else _LINE_BREAK).search(text)
    return match.group() if match else "\n"


def apply_edits(text: str, edits: Iterable[tuple[int, int, str]]) -> str:
    """`text` with each (start, end) span replaced; spans must not overlap."""
    pieces: list[str] = []
    position = len(text)
    for start, end, replacement in sorted(edits, key=lambda edit: edit[0], reverse=True):
        if end > position:
            raise ValueError("overlapping edits")
        pieces.append(text[end:position])
        pieces.append(replacement)
        position = start
    pieces.append(text[:position])
    return "".join(reversed(pieces))


def blocks(text: str) -> list[list[Line]]:
    """Runs of non-blank lines (VTT and SRT separate cues with blank lines)."""
    groups: list[list[Line]] = [[]]
    for line in lines(text):
        if line.text(text).strip():
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    return [group for group in groups if group]


def normalise_breaks(text: str) -> str:
    """Every line break as `\\n` (segment texts use one kind of break whatever the file used)."""
    return _LINE_BREAK.sub("\n", text)
