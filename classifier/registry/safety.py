"""Find patterns that backtrack catastrophically, before they meet real data.

Two checks, because neither is enough alone:

* static: a repeated group whose body is itself only repetition (`(a+)+`,
  `(a*)*`, `(\\w+\\s?)*`) or whose alternatives overlap (`(a|a)*`, `(a|aa)+`) can
  match one string in exponentially many ways. The check reads the pattern text
  with a small tokenizer, so `regex`-module syntax such as `\\p{L}` is fine.
* dynamic: the compiled pattern is run, under a short time limit, against long
  runs of each character the pattern mentions followed by a character that
  breaks the match — the input that makes backtracking explode.

At run time every pattern also has a hard limit (see `pattern.py`); this module
is what `classifier recognizers validate` uses to report such patterns early.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import regex

from classifier.config import PROBE_TIMEOUT

#: Length of each adversarial run (the time one probe may take: `config.PROBE_TIMEOUT`).
PROBE_LENGTH = 3000
#: At most this many distinct characters are tried (runs x leads grows quadratically).
MAX_PROBE_CHARS = 16

_UNBOUNDED = -1
_CLASS_SAMPLES = {"d": "1", "D": "a", "w": "a", "W": " ", "s": " ", "S": "a", "p": "a", "P": "1", "X": "a"}


@dataclass
class _Item:
    """One atom of a pattern with its quantifier; `body` holds a group's alternatives."""

    text: str
    low: int = 1
    high: int = 1
    possessive: bool = False
    body: list[list[_Item]] | None = None
    atomic: bool = False
    samples: set[str] = field(default_factory=set)


def static_problems(pattern: str) -> list[str]:
    """Value-free descriptions of nested or overlapping repetition in `pattern`."""
    try:
        items = _Tokenizer(pattern).alternatives()
    except _ParseError:
        return []
    return list(dict.fromkeys(_walk(items)))


def probe(compiled: regex.Pattern, pattern: str, timeout: float = PROBE_TIMEOUT) -> str | None:
    """Run `compiled` on adversarial inputs; a description of the first one that hits the time limit.

    Each input is an optional lead character (so that a literal prefix such as
    the `D` of `D(\\d+)+` is met), a long run of one character, and a character
    that breaks the match.
    """
    chars = sorted(adversarial_chars(pattern))[:MAX_PROBE_CHARS]
    for run in chars:
        for lead in ["", *chars]:
            for tail in ("!", "_", "\x00"):
                if _too_slow(compiled, lead + run * PROBE_LENGTH + tail, timeout):
                    return f"exceeds {timeout:g} s on {lead!r} + {PROBE_LENGTH} x {run!r} + {tail!r}"
    return None


def adversarial_chars(pattern: str) -> set[str]:
    """Characters the pattern mentions (literals, class representatives), for the probe."""
    try:
        items = _Tokenizer(pattern).alternatives()
    except _ParseError:
        return {c for c in pattern if c.isalnum()} | {"a", "1", " "}
    chars: set[str] = set()
    for item in _all_items(items):
        chars |= item.samples
    return chars or {"a"}


def _too_slow(compiled: regex.Pattern, text: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    pos = 0
    try:
        while pos <= len(text):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return True
            match = compiled.search(text, pos, timeout=remaining)
            if match is None:
                return False
            pos = match.end() if match.end() > match.start() else match.end() + 1
    except TimeoutError:
        return True
    return False


def _all_items(alternatives: list[list[_Item]]) -> Iterator[_Item]:
    for sequence in alternatives:
        for item in sequence:
            yield item
            if item.body is not None:
                yield from _all_items(item.body)


def _walk(alternatives: list[list[_Item]]) -> Iterator[str]:
    for item in _all_items(alternatives):
        if item.body is None or item.high != _UNBOUNDED or item.possessive or item.atomic:
            continue
        if any(_only_repetition(sequence) for sequence in item.body):
            yield f"nested quantifier: {item.text} repeats a group that is itself only repetition"
        if _overlapping(item.body):
            yield f"overlapping alternatives: {item.text} repeats alternatives that can match the same text"


def _unbounded_inside(item: _Item) -> bool:
    if item.high == _UNBOUNDED and not item.possessive:
        return True
    return (
        item.body is not None and not item.atomic and any(_unbounded_inside(i) for s in item.body for i in s)
    )


def _only_repetition(sequence: list[_Item]) -> bool:
    """The group body can be matched by repetitions alone: no mandatory separator between them."""
    if not any(_unbounded_inside(item) for item in sequence):
        return False
    return all(
        item.low == 0 or _unbounded_inside(item) or item.text.startswith(("\\b", "^", "$"))
        for item in sequence
    )


def _overlapping(alternatives: list[list[_Item]]) -> bool:
    if len(alternatives) < 2:
        return False
    texts = ["".join(i.text + _quantifier_text(i) for i in seq) for seq in alternatives]
    for i, first in enumerate(texts):
        for second in texts[i + 1 :]:
            if (
                first == second
                or not first
                or not second
                or first.startswith(second)
                or second.startswith(first)
            ):
                return True
    return False


def _quantifier_text(item: _Item) -> str:
    if (item.low, item.high) == (1, 1):
        return ""
    return f"{{{item.low},{'' if item.high == _UNBOUNDED else item.high}}}"


class _ParseError(ValueError):
    pass


class _Tokenizer:
    """Just enough of a regex reader to see groups, alternatives, quantifiers and characters."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.pos = 0

    def alternatives(self, closing: str | None = None) -> list[list[_Item]]:
        result: list[list[_Item]] = [[]]
        while self.pos < len(self.pattern):
            char = self.pattern[self.pos]
            if char == ")":
                if closing is None:
                    raise _ParseError("unbalanced )")
                return result
            if char == "|":
                self.pos += 1
                result.append([])
                continue
            start = self.pos
            item = self._atom()
            self._quantifier(item)
            item.text = self.pattern[start : self.pos]
            result[-1].append(item)
        if closing is not None:
            raise _ParseError("missing )")
        return result

    def _atom(self) -> _Item:
        char = self.pattern[self.pos]
        if char == "(":
            return self._group()
        if char == "[":
            return self._class()
        if char == "\\":
            return self._escape()
        self.pos += 1
        if char in "^$":
            return _Item(char, low=0)
        return _Item(char, samples={"a" if char == "." else char})

    def _group(self) -> _Item:
        self.pos += 1
        atomic = False
        lookaround = False
        if self.pattern.startswith("?", self.pos):
            head = self.pattern[self.pos : self.pos + 4]
            atomic = head.startswith("?>")
            lookaround = head.startswith(("?=", "?!", "?<=", "?<!"))
            if head.startswith(("?P<", "?<")) and not lookaround:
                self.pos = self.pattern.index(">", self.pos) + 1
            elif head.startswith("?#"):
                self.pos = self.pattern.index(")", self.pos)
            else:
                self.pos += 1
                while self.pos < len(self.pattern) and self.pattern[self.pos] not in ":)=!>":
                    self.pos += 1
                if self.pattern[self.pos : self.pos + 1] in (":", ">", "=", "!"):
                    self.pos += 1
        body = self.alternatives(closing=")")
        self.pos += 1
        low = 0 if lookaround else 1
        return _Item("", low=low, body=body, atomic=atomic or lookaround)

    def _class(self) -> _Item:
        end = self.pos + 1
        negated = self.pattern.startswith("^", end)
        if negated:
            end += 1
        if self.pattern.startswith("]", end):
            end += 1
        samples: set[str] = set()
        while end < len(self.pattern) and self.pattern[end] != "]":
            if self.pattern[end] == "\\" and end + 1 < len(self.pattern):
                samples.add(_CLASS_SAMPLES.get(self.pattern[end + 1], self.pattern[end + 1]))
                end += 2
                continue
            if self.pattern[end] == "[":  # regex-module nested set, e.g. [[:alpha:]]
                close = self.pattern.find("]", end)
                end = close + 1 if close > 0 else end + 1
                samples.add("a")
                continue
            samples.add(self.pattern[end])
            end += 1
        if end >= len(self.pattern):
            raise _ParseError("missing ]")
        self.pos = end + 1
        if negated:
            samples = {c for c in ("a", "1", " ") if c not in samples}
        return _Item("", samples={s for s in samples if s not in "-^"} or {"a"})

    def _escape(self) -> _Item:
        letter = self.pattern[self.pos + 1 : self.pos + 2]
        self.pos += 2
        if letter in ("p", "P", "N") and self.pattern.startswith("{", self.pos):
            self.pos = self.pattern.index("}", self.pos) + 1
        if letter in ("b", "B", "A", "Z", "z", "G"):
            return _Item("\\" + letter, low=0)
        return _Item("", samples={_CLASS_SAMPLES.get(letter, letter) if letter else "\\"})

    def _quantifier(self, item: _Item) -> None:
        rest = self.pattern[self.pos :]
        bounds = regex.match(r"\{(\d*)(,?)(\d*)\}", rest)
        if rest[:1] in ("*", "+", "?"):
            item.low, item.high = {"*": (0, _UNBOUNDED), "+": (1, _UNBOUNDED), "?": (0, 1)}[rest[0]]
            self.pos += 1
        elif bounds and (bounds.group(1) or bounds.group(3)):
            item.low = int(bounds.group(1) or 0)
            item.high = (
                _UNBOUNDED if bounds.group(2) and not bounds.group(3) else int(bounds.group(3) or item.low)
            )
            self.pos += bounds.end()
        else:
            return
        if self.pattern[self.pos : self.pos + 1] == "+":
            item.possessive = True
            self.pos += 1
        elif self.pattern[self.pos : self.pos + 1] == "?":
            self.pos += 1
