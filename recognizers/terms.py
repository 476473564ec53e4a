"""Fast phrase-list recognizer: token n-gram lookup in a set (no giant alternation regex).

Word lists are curated data files, one phrase per line:

    # comment
    attention deficit hyperactivity disorder
    =MS            <- a leading "=" means: match this exact case only

Matching is case-insensitive, phrases are compared token by token (runs of
letters and digits, so "Crohn's disease" == "crohn s disease" and "covid-19" ==
"covid 19"), a trailing plural "s" on the last token is tolerated, and the
longest phrase wins. Tokens of one phrase must be separated by spaces, hyphens,
apostrophes or slashes only (or the dot of a short abbreviation: "Mt. Sinai"),
never by other punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import ClassVar, NamedTuple

from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers.base import LETTER, Hit, PackRecognizer

_TOKEN = re.compile(r"[^\W_]+")
_JOINER = re.compile(r"[\s\-'’/]{0,3}")
#: "St. Jude", "Mt. Sinai": a short token may end in a dot inside a phrase
_ABBREVIATION_DOT = re.compile(r"\.\s?")


class Token(NamedTuple):
    start: int
    end: int
    text: str
    lower: str


@lru_cache(maxsize=8)
def tokenize(text: str) -> tuple[Token, ...]:
    """Tokens of `text`; cached because every term recognizer scans the same text in turn."""
    return tuple(Token(m.start(), m.end(), m.group(), m.group().lower()) for m in _TOKEN.finditer(text))


@lru_cache(maxsize=8)
def token_positions(text: str) -> dict[str, list[int]]:
    """Token indices of `text` by every key they can be looked up by (lowercased, and without
    a plural "s").

    `PhraseSet.find` intersects these keys with its first tokens (one set operation) and
    visits only the tokens that can start a phrase, instead of looping over every token of
    every text once per phrase list.
    """
    positions: dict[str, list[int]] = {}
    for index, token in enumerate(tokenize(text)):
        positions.setdefault(token.lower, []).append(index)
        if token.lower.endswith("s"):
            positions.setdefault(token.lower[:-1], []).append(index)
    return positions


def _phrase_tokens(phrase: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(phrase))


@dataclass(frozen=True)
class PhraseSet:
    """A set of phrases indexed by first token, for longest-match lookup."""

    folded: frozenset[tuple[str, ...]]
    exact: frozenset[tuple[str, ...]]
    #: first token (lowercased) -> longest phrase length starting with it
    starts: dict[str, int]

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> PhraseSet:
        folded: set[tuple[str, ...]] = set()
        exact: set[tuple[str, ...]] = set()
        for raw in lines:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("="):
                tokens = _phrase_tokens(line[1:])
                target = exact
            else:
                tokens = tuple(t.lower() for t in _phrase_tokens(line))
                target = folded
            if tokens:
                target.add(tokens)
        starts: dict[str, int] = {}
        for tokens in folded | exact:
            key = tokens[0].lower()
            starts[key] = max(starts.get(key, 0), len(tokens))
        return cls(frozenset(folded), frozenset(exact), starts)

    @classmethod
    def from_files(cls, *paths: Path) -> PhraseSet:
        lines: list[str] = []
        for path in paths:
            lines.extend(path.read_text(encoding="utf-8").splitlines())
        return cls.from_lines(lines)

    def all_have_letters(self) -> bool:
        """Whether every phrase holds a letter (a text without one then holds none of them)."""
        return all(any(LETTER.search(token) for token in phrase) for phrase in self.folded | self.exact)

    def __contains__(self, phrase: str) -> bool:
        tokens = _phrase_tokens(phrase)
        return self._known(tuple(t.lower() for t in tokens), tokens)

    def _known(self, lowered: tuple[str, ...], original: tuple[str, ...]) -> bool:
        if lowered in self.folded or original in self.exact:
            return True
        last = lowered[-1]
        if len(last) > 3 and last.endswith("s"):
            return lowered[:-1] + (last[:-1],) in self.folded
        return False

    def _longest_from(self, first: str) -> int:
        """Length of the longest phrase that may start with `first` (a plural single word included)."""
        longest = self.starts.get(first, 0)
        if not longest and first.endswith("s"):
            longest = self.starts.get(first[:-1], 0)
        return longest

    def find(self, text: str) -> Iterator[tuple[int, int]]:
        """Non-overlapping (start, end) of the longest known phrases in `text`."""
        positions = token_positions(text)
        keys = self.starts.keys() & positions.keys()
        if not keys:
            return
        tokens = tokenize(text)
        count = len(tokens)
        free = 0  # first token not inside a phrase found already
        for i in sorted({i for key in keys for i in positions[key]}):
            if i < free:
                continue
            longest = self._longest_from(tokens[i].lower)
            matched = 0
            for size in range(min(longest, count - i), 0, -1):
                window = tokens[i : i + size]
                lowered = tuple(t.lower for t in window)
                if self._known(lowered, tuple(t.text for t in window)) and _joined(text, window):
                    matched = size
                    break
            if matched:
                yield tokens[i].start, tokens[i + matched - 1].end
                free = i + matched


def _joined(text: str, window: tuple[Token, ...]) -> bool:
    """True when the tokens are separated only by in-phrase characters."""
    return all(
        _JOINER.fullmatch(text, window[k - 1].end, window[k].start) is not None
        or (
            len(window[k - 1].text) <= 3
            and _ABBREVIATION_DOT.fullmatch(text, window[k - 1].end, window[k].start)
        )
        for k in range(1, len(window))
    )


class TermListRecognizer(PackRecognizer):
    """Finds the phrases of curated word lists; subclasses name the entity, files and score.

    `expand` lets a subclass grow a match (a medication's dose, for instance).
    """

    term_files: ClassVar[tuple[Path, ...]]
    score: ClassVar[float] = 0.6

    def __init__(self) -> None:
        self.phrases = PhraseSet.from_files(*self.term_files)
        if type(self).find is TermListRecognizer.find and self.phrases.all_have_letters():
            self.prefilter = LETTER  # every match is a phrase, and every phrase holds a letter
        super().__init__()

    def expand(self, text: str, start: int, end: int) -> tuple[int, int]:
        return start, end

    def find(self, text: str, nlp_artifacts: NlpArtifacts | None) -> Iterator[Hit]:
        for start, end in self.phrases.find(text):
            start, end = self.expand(text, start, end)
            yield Hit(start, end, self.score, f"term list {self.entity}")
