"""Packing many short texts into one detection pass, and mapping hits back to each text.

Every recognizer has a fixed cost per call (a Python call, a gate, a few regex
searches) of roughly 0.1 ms: on chat lines and telemetry strings of 50 to 100
characters that fixed cost is most of the detection time. Joining consecutive
short texts into one *pack* pays it once per pack instead of once per text.

A pack must not let one text change what is found in another:

* the separator (`SEPARATOR`) is a run of line breaks around a NUL character.
  A NUL is neither a word character nor whitespace, so the gaps patterns allow
  between a keyword and a value (``\\s+``, ``[\\s:#-]*``) cannot cross it; and the
  line breaks on each side are longer than any look-back or look-ahead window
  of the built-in recognizers (40 characters), so a window at the edge of a
  text sees line breaks only, as it would see the start or end of the text.
  ``^`` and ``$`` (MULTILINE) and ``\\b`` behave at a line break as at the ends
  of a text;
* a hit that touches the separator or spans two texts is the sign that a
  pattern crossed anyway (``.`` with DOTALL, ``\\W``): `Pack.locate` returns
  None for it and the caller detects the texts involved again, alone;
* context words must come from the hit's own text: the engine maps the hits
  back to their member (`Pack.locate`, `Pack.bounds`) and runs the context step
  on the member's own text and tokens;
* a recognizer that looks at its text as a whole (a count, a set of labels: two
  distinct "Name:" turns make a dialogue) must look at each member on its own:
  `regions` gives their bounds (the whole text when it is not a pack).

spaCy's NER still runs on each text alone, and the engine copies its entities
onto the tokenized pack. Run on packs instead (1,409 distinct corpus lines, 27
Nov 2026), NER was no faster and its entities differed: 116 of 1,573 entities
found per text were missing and 58 others appeared, because its predictions
look at the neighbouring tokens.

Texts are packed only with texts for which the pre-filter (`onepass`) lets the
same recognizers through (`group`'s `kind`): a pack of mixed texts runs nearly
every recognizer on every character, which was slower than running the few
needed recognizers on each text.
"""

from __future__ import annotations

import bisect
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from presidio_analyzer import EntityRecognizer

#: What goes between two texts of a pack (see the module docstring for why this shape).
SEPARATOR = "\n" * 20 + "\x00" + "\n" * 20
#: Largest pack, in characters of text (separators not counted).
DEFAULT_PACK_CHARS = 4_000
#: Texts longer than this are detected alone: packing them saves little.
DEFAULT_ALONE_OVER = 1_000


@dataclass(frozen=True)
class Pack:
    """Several texts joined by `SEPARATOR`: `text`, and where each member starts in it.

    `members` are the caller's keys for the texts (e.g. their index in a batch),
    in the order they were joined.
    """

    text: str
    members: tuple[int, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def bounds(self, position: int) -> tuple[int, int]:
        """(start, end) in the pack of the member at `position`."""
        return self.starts[position], self.ends[position]

    def locate(self, start: int, end: int) -> int | None:
        """Position of the member that holds [start, end), or None if the span touches a separator
        or more than one member (a pattern that crossed a boundary)."""
        position = bisect.bisect_right(self.starts, start) - 1
        if position < 0 or end > self.ends[position] or start >= self.ends[position]:
            return None
        return position

    def touched(self, start: int, end: int) -> list[int]:
        """Positions of the members that share at least one character with [start, end)."""
        first = max(bisect.bisect_right(self.starts, start) - 1, 0)
        last = bisect.bisect_left(self.starts, end)  # members from here on start at or after `end`
        return [p for p in range(first, last) if start < self.ends[p]]


def regions(text: str) -> list[tuple[int, int]]:
    """(start, end) of each text joined in `text` by `SEPARATOR`; [(0, len(text))] for a text
    that is not a pack."""
    bounds: list[tuple[int, int]] = []
    start = 0
    while (end := text.find(SEPARATOR, start)) != -1:
        bounds.append((start, end))
        start = end + len(SEPARATOR)
    bounds.append((start, len(text)))
    return bounds


def packable(recognizers: Iterable[EntityRecognizer]) -> bool:
    """Whether these recognizers may run on packs: not if one implements Presidio's context hook
    (`enhance_using_context`), which sees every other result of the text it is given, so a
    neighbouring text could change its scores."""
    return all(type(r).enhance_using_context is EntityRecognizer.enhance_using_context for r in recognizers)


def join(members: Sequence[int], texts: Sequence[str], separator: str = SEPARATOR) -> Pack:
    """One pack of `texts` (in order), with `members` as their keys."""
    if len(members) != len(texts) or not texts:
        raise ValueError("a pack needs one key per text and at least one text")
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for text in texts:
        starts.append(position)
        position += len(text)
        ends.append(position)
        position += len(separator)
    return Pack(separator.join(texts), tuple(members), tuple(starts), tuple(ends))


def group(
    items: Iterable[tuple[int, int, Hashable]],
    max_chars: int = DEFAULT_PACK_CHARS,
    alone_over: int = DEFAULT_ALONE_OVER,
) -> Iterator[list[int]]:
    """Keys of texts to pack together, from (key, length, kind) triples; lazily, in key order
    within a group.

    Only texts of the same `kind` share a pack: the engine passes the set of
    recognizers the pre-filter lets through, so that a pack runs what its members
    need and nothing more (a pack of mixed texts would run nearly every
    recognizer on every text). A group holds at most `max_chars` characters of
    text (one text over it makes a group of its own); a text longer than
    `alone_over` is always alone. Groups are yielded as soon as they are full, the
    rest at the end.
    """
    open_groups: dict[Hashable, tuple[list[int], int]] = {}
    for key, length, kind in items:
        if length > alone_over:
            yield [key]
            continue
        keys, size = open_groups.get(kind, ([], 0))
        if keys and size + length > max_chars:
            yield keys
            keys, size = [], 0
        keys.append(key)
        open_groups[kind] = (keys, size + length)
    for keys, _ in open_groups.values():
        yield keys
