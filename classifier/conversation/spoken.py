"""Spoken forms of numbers and letters: words -> digits, with a map back to the original text.

Transcripts write what people say: "five five five oh one three four four seven
seven", "nineteen eighty four", "s zero one nine".  The steps that look for
identifiers in such text first turn each run of number words into digits,
keeping for every digit the character span of the words it came from, so that a
match on the normalised form maps back to an exact span of the original text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

UNITS = {
    "zero": 0, "oh": 0, "o": 0, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
REPEAT = {"double": 2, "triple": 3}
NUMBER_WORDS = (
    frozenset(UNITS) | frozenset(TEENS) | frozenset(TENS) | {"hundred", "thousand"} | frozenset(REPEAT)
)

_WORDS = (
    "zero oh one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
    " sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred"
    " thousand double triple"
).split()
_NUMBER_WORD = "(?:" + "|".join(_WORDS) + ")"
#: Cheap pre-check on lower-cased text: a number word next to another number word or digits ("five five",
#: "555 four"). A spoken identifier has at least four digits, so a lone "one" ("no one") never qualifies.
#: The lookahead (the words' first letters) lets the regex engine pass over other characters fast.
HAS_NUMBER_WORD = re.compile(
    rf"(?=[{''.join(sorted({word[0] for word in _WORDS}))}])"
    rf"{_NUMBER_WORD}[\s,.\-]+(?:{_NUMBER_WORD}\b|\d)|\d[\s,.\-]+{_NUMBER_WORD}\b"
)
_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|\d+|[^\s\w]")
#: Punctuation that may sit between the groups of one spoken number ("five three six, two two, ..."),
#: and the hesitations speech recognition writes inside one ("five five five uh oh one three").
GROUP_SEPARATORS = frozenset({",", "-", ".", "dash", "hyphen", "uh", "um", "uhm", "er", "erm", "ah", "hmm"})


class Token(NamedTuple):
    """A word, number or punctuation mark (a tuple: tokenising is the hot path)."""

    text: str  # lower case
    start: int
    end: int


@dataclass(frozen=True)
class Chunk:
    """Digits (or one spelled letter) said by consecutive tokens, with their span in the text."""

    chars: str
    start: int
    end: int
    spoken: bool  # True when the chunk came from words, False for literal digits or letters
    gap_before: bool  # a group separator (comma, dash) stands between this chunk and the previous one


@dataclass(frozen=True)
class Run:
    """A maximal sequence of number chunks: one candidate spoken number."""

    chunks: tuple[Chunk, ...]

    @property
    def start(self) -> int:
        return self.chunks[0].start

    @property
    def end(self) -> int:
        return self.chunks[-1].end

    @property
    def chars(self) -> str:
        return "".join(c.chars for c in self.chunks)

    @property
    def digits(self) -> str:
        return "".join(ch for ch in self.chars if ch.isdigit())

    @property
    def spoken(self) -> bool:
        return any(c.spoken for c in self.chunks)

    @property
    def has_letters(self) -> bool:
        return any(ch.isalpha() for ch in self.chars)

    def groups(self) -> list[int]:
        """Digit counts between separators: [3, 2, 4] for "five three six, two two, eight four one two"."""
        sizes: list[int] = []
        for chunk in self.chunks:
            if chunk.gap_before or not sizes:
                sizes.append(0)
            sizes[-1] += sum(ch.isdigit() for ch in chunk.chars)
        return sizes

    def slice(self, first: int, last: int) -> Run:
        return Run(self.chunks[first:last])


@functools.lru_cache(maxsize=1024)
def tokenize(text: str) -> tuple[Token, ...]:
    """Tokens of `text`, cached: several steps read the same segment."""
    return tuple(Token(m.group(0).lower(), m.start(), m.end()) for m in _TOKEN.finditer(text))


def _number_chunk(tokens: Sequence[Token], i: int) -> tuple[str, int] | None:
    """Digits said by the number phrase starting at token i, and the index after it."""
    word = tokens[i].text
    nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
    if word in REPEAT and nxt in UNITS:
        return str(UNITS[nxt]) * REPEAT[word], i + 2
    if word in TEENS:
        return str(TEENS[word]), i + 1
    if word in TENS:
        unit = i + 1
        if nxt == "-" and _hyphenated(tokens, i):
            unit += 1  # "thirty-two" is one number; "thirty - two" (spaced) two groups
            nxt = tokens[unit].text
        if nxt in UNITS and UNITS[nxt] > 0 and nxt not in ("oh", "o"):
            return str(TENS[word] + UNITS[nxt]), unit + 1
        return str(TENS[word]), i + 1
    if word in UNITS:
        if nxt in ("hundred", "thousand") and UNITS[word] > 0:
            return _scaled(tokens, i, UNITS[word], 100 if nxt == "hundred" else 1000)
        return str(UNITS[word]), i + 1
    return None


def _hyphenated(tokens: Sequence[Token], i: int) -> bool:
    """Whether tokens i, i+1 ('-') and i+2 are written together ("thirty-two")."""
    return (
        i + 2 < len(tokens)
        and tokens[i].end == tokens[i + 1].start
        and tokens[i + 1].end == tokens[i + 2].start
    )


def _scaled(tokens: Sequence[Token], i: int, unit: int, scale: int) -> tuple[str, int]:
    """ "five hundred (and) twelve" -> 512, "two thousand (and) five" -> 2005."""
    j = i + 2
    joined = j < len(tokens) and tokens[j].text == "and"
    j += joined
    if j < len(tokens) and tokens[j].text not in ("hundred", "thousand", "oh", "o"):
        sub = _number_chunk(tokens, j)
        # "eight hundred five five five" is a digit sequence; "five hundred twelve" one number
        digit_sequence = (
            sub is not None and len(sub[0]) == 1 and not joined and _is_number_word(tokens, sub[1])
        )
        if sub and int(sub[0]) < scale and not digit_sequence:
            return str(unit * scale + int(sub[0])), sub[1]
    return str(unit * scale), i + 2


def _is_number_word(tokens: Sequence[Token], i: int) -> bool:
    return i < len(tokens) and tokens[i].text in NUMBER_WORDS


def runs(text: str, letters: bool = True) -> list[Run]:
    """Every run of spoken or written digits (and single spelled letters, if `letters`) in `text`."""
    tokens = tokenize(text)
    found: list[Run] = []
    current: list[Chunk] = []
    gap = False
    i = 0
    while i < len(tokens):
        token = tokens[i]
        parsed = _number_chunk(tokens, i) if token.text in NUMBER_WORDS else None
        if parsed:
            chars, j = parsed
            current.append(Chunk(chars, token.start, tokens[j - 1].end, True, gap))
            gap, i = False, j
            continue
        if token.text.isdigit():
            current.append(Chunk(token.text, token.start, token.end, False, gap))
            gap, i = False, i + 1
            continue
        if letters and len(token.text) == 1 and token.text.isalpha() and token.text not in ("a", "i"):
            current.append(Chunk(token.text, token.start, token.end, False, gap))
            gap, i = False, i + 1
            continue
        if current and token.text in GROUP_SEPARATORS:
            gap, i = True, i + 1
            continue
        if current:
            found.append(Run(tuple(current)))
        current, gap, i = [], False, i + 1
    if current:
        found.append(Run(tuple(current)))
    return found
