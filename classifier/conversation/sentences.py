"""The sentence around a span, found by scanning for sentence punctuation (no parser needed)."""

from __future__ import annotations

import re

#: Sentence punctuation, except the period of a title or abbreviation ("Dr. House has...", "St. Mary's").
_BOUNDARY = re.compile(
    r"(?<!\b[DdMmSsJj]r)(?<!\b[Mm]rs)(?<!\b[MmSs][st])(?<!\b[Pp]rof)(?<!\bvs)(?<!\betc)[.!?;]+(?:\s|$)|\n"
)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end offsets of the sentence that contains `text[start:end]`."""
    left = 0
    for match in _BOUNDARY.finditer(text, 0, start):
        left = match.end()
    right_match = _BOUNDARY.search(text, end)
    return left, right_match.start() if right_match else len(text)
