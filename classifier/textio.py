"""Decoding input files safely.

Transcripts and chats arrive as UTF-8 (often with a BOM, sometimes UTF-16 from
Windows tools), occasionally with broken bytes, and now and then someone points
the tool at a binary file. Broken bytes are replaced (U+FFFD) and reported with
the file name only; binary files are refused with a clear error instead of being
"analysed" as noise; an empty file is simply a text with nothing in it.
"""

from __future__ import annotations

import codecs
import logging
import re
from pathlib import Path

from classifier.failures import os_reason

logger = logging.getLogger(__name__)

#: C0 and C1 control characters: raw in a message or a page, they can rewrite a terminal (ESC) or hide
#: part of a name.
CONTROL_CHARS = re.compile("[\x00-\x1f\x7f-\x9f]")


def visible(text: str, hidden: re.Pattern[str] = CONTROL_CHARS) -> str:
    """`text` with each character `hidden` matches shown as an escape (`\\x1b`, `\\u202e`)."""
    return hidden.sub(_escaped, text)


def _escaped(char: re.Match[str]) -> str:
    code = ord(char.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


#: How much of the input is inspected to tell text from binary.
SNIFF_BYTES = 8192
#: Share of control characters (other than tab, newlines, form feed) above which input is binary.
MAX_CONTROL_SHARE = 0.10

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\x1b")


class InputError(ValueError):
    """Input that cannot be used; the message names the source, never its content."""


class BinaryInputError(InputError):
    """The input looks like a binary file, not text."""


def encoding_from_bom(data: bytes) -> tuple[str | None, bytes]:
    """The encoding a byte order mark announces and the mark, or (None, b"") without one.

    A UTF-16/32 mark in front of UTF-8 text, ASCII or not (an editor's leftover, or a file made to
    hide what it holds) is not trusted: read as UTF-16, `my ssn is ...` becomes CJK-looking
    characters that no recognizer reads, a complete record with no finding whose redacted copy is
    the raw input. Such text is read as UTF-8 after the mark (`bom_holds`).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if not bom_holds(data[len(bom) :], encoding):
                return "utf-8", bom
            return encoding, bom
    return None, b""


def warn_stray_bom(encoding: str | None, bom: bytes, source: str) -> None:
    """Say (by file name only) that a UTF-16/32 mark was found before UTF-8 text and not trusted."""
    if encoding == "utf-8" and bom and bom != codecs.BOM_UTF8:
        logger.warning("%s: a UTF-16/32 byte order mark stands before UTF-8 text; read as UTF-8", source)


def bom_holds(body: bytes, encoding: str) -> bool:
    """Whether text after a byte order mark may be in the encoding it announces. Text in UTF-16 or
    UTF-32 with a space or a line break holds NUL bytes (`20 00`); valid UTF-8 (ASCII or with
    accents: `café`), with spaces or line breaks and without any NUL, is text behind a stray mark."""
    if encoding == "utf-8":
        return True
    sample = body[:SNIFF_BYTES]
    if b"\x00" in sample or not (b" " in sample or b"\n" in sample):
        return True
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)  # a cut character is fine
    except UnicodeDecodeError:
        return True
    return False


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first bytes mean binary (BOM-less input only)."""
    sample = data[:SNIFF_BYTES]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in _TEXT_CONTROLS)
    return controls / len(sample) > MAX_CONTROL_SHARE


def decode(data: bytes, source: str) -> str:
    """Text of `data`; `source` (a file name, "<stdin>", "file.jsonl line 4") is used in messages."""
    encoding, bom = encoding_from_bom(data)
    warn_stray_bom(encoding, bom, source)
    if encoding is None:
        if looks_binary(data):
            raise BinaryInputError(f"{source}: looks like a binary file, not text; refusing to analyse it")
        encoding = "utf-8"
    body = data[len(bom) :]
    try:
        return body.decode(encoding)
    except UnicodeDecodeError:
        logger.warning("%s: invalid %s bytes were replaced with U+FFFD", source, encoding.upper())
        return body.decode(encoding, errors="replace")


def read_text(path: str | Path) -> str:
    """Decoded content of a file; errors name the file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({os_reason(exc)})") from None
    return decode(data, str(path))
