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
from pathlib import Path

from classifier.failures import os_reason

logger = logging.getLogger(__name__)

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


def _encoding_from_bom(data: bytes) -> tuple[str | None, int]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None, 0


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
    encoding, skip = _encoding_from_bom(data)
    if encoding is None:
        if looks_binary(data):
            raise BinaryInputError(f"{source}: looks like a binary file, not text; refusing to analyse it")
        encoding = "utf-8"
    body = data[skip:]
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
