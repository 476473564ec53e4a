"""Splitting long texts into pieces spaCy accepts, keeping their offsets.

spaCy refuses texts over `nlp.max_length` (1,000,000 characters, error E088) and
its memory grows with text length, so anything longer than `max_chars` is cut
into pieces. Cuts go at a line break if there is one near the limit, else at a
space, so that a name or a number is rarely split in two; only a text with no
whitespace at all is cut hard.
"""

from __future__ import annotations

#: Default piece size: far below spaCy's limit, and small enough that a spaCy batch (batch_size
#: pieces) stays around a million characters of memory however long the texts are.
DEFAULT_CHUNK_CHARS = 20_000

#: How far back from the limit to look for a line break (a space anywhere will do otherwise).
_LOOKBACK = 0.1


def split_text(text: str, max_chars: int = DEFAULT_CHUNK_CHARS) -> list[tuple[int, str]]:
    """Pieces of `text` as (offset, piece) pairs; ``text[offset:offset+len(piece)] == piece``."""
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    if len(text) <= max_chars:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > max_chars:
        limit = start + max_chars
        cut = _cut_point(text, start, start + int(max_chars * (1 - _LOOKBACK)), limit)
        pieces.append((start, text[start:cut]))
        start = cut
    pieces.append((start, text[start:]))
    return pieces


def _cut_point(text: str, start: int, low: int, limit: int) -> int:
    """Just after the last line break in [low, limit), else after the last space or tab in
    (start, limit), else `limit` (a text without whitespace)."""
    index = text.rfind("\n", low, limit)
    if index < 0:
        index = max(text.rfind(" ", start + 1, limit), text.rfind("\t", start + 1, limit))
    return index + 1 if index >= 0 else limit
