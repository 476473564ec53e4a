"""Decoding text files and putting edited pieces back without disturbing the rest.

Exports come with a BOM, CRLF, bare CR, the `\\r\\r\\n` of a file converted twice,
or a mix of all of them, and often without a final newline. Readers work on the
decoded text with character offsets; writers replace exact spans, so everything
that is not redacted (line endings, timings, ids, blank lines) stays byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from classifier.formats.errors import FormatError

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


def decode(data: bytes, path: str) -> tuple[str, bool]:
    """UTF-8 text without its BOM, and whether there was one (the writer puts it back)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FormatError(path, line, "not valid UTF-8 text") from None
    if text.startswith(BOM):
        return text[1:], True
    return text, False


def encode(text: str, bom: bool) -> bytes:
    return ((BOM if bom else "") + text).encode("utf-8")


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
