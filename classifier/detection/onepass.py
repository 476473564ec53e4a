"""A cheap look at each text first, to skip the recognizers that cannot match it.

Most chat lines and telemetry strings hold no identifier, and three in four chat
lines hold no digit at all, yet every recognizer used to run on every text
(about 70 regex searches per line, each wrapped in Python bookkeeping). Here each
recognizer gets a *gate*: a necessary condition for it to find anything, checked
once per text in C (a character test or one regex search). A recognizer whose
gate fails is not called; the others run unchanged, so the findings are
identical to running every recognizer (tests/test_onepass.py checks this).

Gates come from two places:

* the patterns of a `CategorizedPatternRecognizer` (deny list included) whose
  `analyze` is not overridden: each pattern is parsed, and the characters every
  match must contain are collected ("a digit", "a letter", "@", ":"). The recognizer runs
  when, for one of its patterns, the text holds all of them;
* a `prefilter` attribute of any recognizer (a regex, source or compiled, or
  several) one of which must match somewhere in a text for the recognizer to
  find anything, e.g. the pattern of an ID with its keyword. Its required
  characters and words are collected the same way, so that most texts never
  reach the regex search.

Required words: literal strings one of which every match contains (the
keywords of "\\b(?:mrn|medical record)\\s*..."), compared case-folded.

The pattern analysis uses the standard library's regex parser. Syntax that only
the `regex` module has, or that it reads differently (POSIX classes, fuzzy
counts), makes the analysis give up, which leaves the recognizer ungated. A
prefilter search that times out lets its recognizer run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import regex
from presidio_analyzer import EntityRecognizer

from classifier.registry.pattern import CategorizedPatternRecognizer

#: Feature name for "the text contains a decimal digit" (`\d`, Unicode like the patterns).
DIGIT = "digit"
#: Feature name for "the text contains a letter" (`[^\W\d_]`, Unicode): what names, places and
#: word lists need, and what timestamps, versions and numbers lack.
LETTER = "letter"
#: Time limit of a prefilter search; past it the recognizer simply runs.
PREFILTER_TIMEOUT = 0.5

_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
#: the class `[^\W\d_]` as the standard parser reads it (in any order)
_LETTER_CLASS = frozenset(
    {
        (sre.NEGATE, None),
        (sre.CATEGORY, sre.CATEGORY_NOT_WORD),
        (sre.CATEGORY, sre.CATEGORY_DIGIT),
        (sre.LITERAL, ord("_")),
    }
)
_DIGITS = frozenset("0123456789")
#: syntax that `regex` reads differently from the standard parser: POSIX classes, fuzzy counts
_REGEX_ONLY = re.compile(r"\[\[:|\[:\^?[a-z]+:\]|\{[^}]*[a-zA-Z<=>+~][^}]*\}")
_Requirement = frozenset[str]


@dataclass(frozen=True)
class Condition:
    """What a text needs for one pattern to match: all `features`, and one of `words` if given."""

    features: _Requirement
    #: case-folded literal strings, one of which the case-folded text must contain
    words: frozenset[str] | None = None

    @property
    def trivial(self) -> bool:
        return not self.features and self.words is None


@dataclass(frozen=True)
class Gate:
    """When recognizer `index` may find something: one of `conditions` holds (one per pattern)
    and, if there is a `prefilter`, one of its patterns matches the text."""

    index: int
    conditions: tuple[Condition, ...]
    prefilter: tuple[Any, ...] = ()


@dataclass(frozen=True)
class _Plan:
    """For texts with the same features: who is skipped outright, and what is left to search."""

    failed: frozenset[int]
    #: (index, words of its feasible conditions (empty: no word needed), prefilter)
    to_check: tuple[tuple[int, frozenset[str], tuple[Any, ...]], ...]
    #: every word of `to_check`, by its first two characters (one-character words under their own)
    words: dict[str, tuple[str, ...]]


class OnePass:
    """Decides, per text, which recognizers certainly find nothing; built once per engine."""

    def __init__(self, recognizers: Sequence[EntityRecognizer]):
        self.gates: list[Gate] = [g for i, r in enumerate(recognizers) if (g := _gate(i, r)) is not None]
        features = _features_of(self.gates)
        self._digit = DIGIT in features
        self._letter = LETTER in features
        self._chars = frozenset(c for f in features if f not in (DIGIT, LETTER) for c in f)
        self._plans: dict[tuple[frozenset[str], bool, bool], _Plan] = {}

    @property
    def gated(self) -> frozenset[int]:
        """Indices of the recognizers that may be skipped."""
        return frozenset(g.index for g in self.gates)

    def skipped(self, text: str) -> frozenset[int]:
        """Indices of the recognizers that would return nothing on `text`."""
        if not self.gates:
            return frozenset()
        key = (
            self._chars.intersection(text),
            self._digit and _DIGIT.search(text) is not None,
            self._letter and _LETTER.search(text) is not None,
        )
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = self._plan(*key)
        if not plan.to_check:
            return plan.failed
        folded = text.casefold()
        found = _found_words(folded, plan.words) if plan.words else set()
        searched = [
            index
            for index, words, prefilter in plan.to_check
            if (words and found.isdisjoint(words))
            or (prefilter and all(_search(p, text) is False for p in prefilter))
        ]
        return plan.failed.union(searched) if searched else plan.failed

    def _plan(self, chars: frozenset[str], digit: bool, letter: bool) -> _Plan:
        present = {f for f in _features_of(self.gates) if _feature_present(f, chars, digit, letter)}
        failed: set[int] = set()
        to_check = []
        for gate in self.gates:
            feasible = [c for c in gate.conditions if c.features <= present]
            if gate.conditions and not feasible:
                failed.add(gate.index)
                continue
            words = _union(c.words for c in feasible) if all(c.words for c in feasible) else frozenset()
            if words or gate.prefilter:
                to_check.append((gate.index, words, gate.prefilter))
        buckets: dict[str, list[str]] = {}
        for word in sorted({w for _, words, _ in to_check for w in words}):
            buckets.setdefault(word[:2], []).append(word)
        return _Plan(frozenset(failed), tuple(to_check), {k: tuple(v) for k, v in buckets.items()})


def _features_of(gates: list[Gate]) -> set[str]:
    return {f for g in gates for c in g.conditions for f in c.features}


def _feature_present(feature: str, chars: frozenset[str], digit: bool, letter: bool) -> bool:
    """DIGIT, LETTER, or a string of punctuation characters one of which is in the text."""
    if feature == DIGIT:
        return digit
    if feature == LETTER:
        return letter
    return not chars.isdisjoint(feature)


def _search(compiled: Any, text: str) -> bool | None:
    """Whether `compiled` matches somewhere in `text`; None when a `regex` search timed out."""
    try:
        if isinstance(compiled, regex.Pattern):
            return compiled.search(text, timeout=PREFILTER_TIMEOUT) is not None
        return compiled.search(text) is not None
    except TimeoutError:
        return None


def _gate(index: int, recognizer: EntityRecognizer) -> Gate | None:
    prefilter = _prefilter_patterns(getattr(recognizer, "prefilter", None))
    if prefilter:
        sources = [(p.pattern, _parser_flags(p)) for p in prefilter]
    elif plain_pattern_recognizer(recognizer) and recognizer.compiled_patterns:
        flags = recognizer.global_regex_flags
        parser_flags = None if flags & regex.V1 else flags
        sources = [(c.pattern.regex, parser_flags) for c in recognizer.compiled_patterns]
    else:
        return None
    conditions = tuple(
        dict.fromkeys(
            Condition(required_features(source, flags), _usable(required_words(source, flags)))
            if flags is not None
            else Condition(frozenset())
            for source, flags in sources
        )
    )
    if any(c.trivial for c in conditions):
        if not prefilter:
            return None  # some pattern needs no particular character or word: no cheap test
        conditions = ()
    if prefilter and all(_feature_class(source, flags) for source, flags in sources):
        prefilter = []  # the features answer what searching the prefilter would (`LETTER`, `\d`)
    return Gate(index, conditions, tuple(prefilter))


def _feature_class(source: str, flags: int | None) -> bool:
    """Whether `source` is nothing but `\\d` or `[^\\W\\d_]`, so that its feature test is its search."""
    parsed = _parse(source, flags) if flags is not None else None
    if parsed is None or len(parsed) != 1 or parsed[0][0] is not sre.IN:
        return False
    items = parsed[0][1]
    return set(items) == _LETTER_CLASS or list(items) == [(sre.CATEGORY, sre.CATEGORY_DIGIT)]


def _prefilter_patterns(prefilter: Any) -> list[Any]:
    """A recognizer's `prefilter` as compiled patterns (one string or pattern, or several).

    Anything else (or a source that does not compile) is no usable prefilter: the recognizer
    is then gated by nothing and always runs.
    """
    if prefilter is None:
        return []
    single = isinstance(prefilter, (str, re.Pattern, regex.Pattern))
    items = [prefilter] if single else list(prefilter) if isinstance(prefilter, (tuple, list)) else []
    try:
        patterns = [regex.compile(item) if isinstance(item, str) else item for item in items]
    except regex.error:
        return []
    return patterns if all(isinstance(p, (re.Pattern, regex.Pattern)) for p in patterns) else []


def _parser_flags(pattern: Any) -> int | None:
    """Flags for the standard parser; None for `regex`'s version 1 syntax, which it cannot read."""
    if isinstance(pattern, regex.Pattern):
        return None if pattern.flags & regex.V1 else pattern.flags
    return pattern.flags


def _found_words(folded: str, buckets: dict[str, tuple[str, ...]]) -> set[str]:
    """The words of `buckets` that occur in `folded`; only buckets whose first two characters
    occur next to each other in the text are searched."""
    pairs = {folded[i : i + 2] for i in range(len(folded))}  # the last one is a single character
    found = set()
    for key in buckets.keys() & pairs:
        found.update(w for w in buckets[key] if len(w) <= 2 or w in folded)
    for char in buckets.keys() & set(folded):
        found.update(buckets[char])
    return found


def _usable(words: frozenset[str] | None) -> frozenset[str] | None:
    """Words worth looking for: none when one of them is empty (every text contains it)."""
    return None if not words or "" in words else words


def _union(sets: Iterable[frozenset[str] | None]) -> frozenset[str]:
    return frozenset().union(*(s for s in sets if s))


def plain_pattern_recognizer(recognizer: EntityRecognizer) -> bool:
    """A CategorizedPatternRecognizer whose results come from its compiled patterns only."""
    kind = type(recognizer)
    return (
        isinstance(recognizer, CategorizedPatternRecognizer)
        and kind.analyze is CategorizedPatternRecognizer.analyze
        and kind._spans is CategorizedPatternRecognizer._spans
        and kind.compiled_patterns is CategorizedPatternRecognizer.compiled_patterns
    )


def required_features(source: str, flags: int = 0) -> _Requirement:
    """Features every match of `source` needs: DIGIT, LETTER, and strings of ASCII punctuation
    characters (one character of each string must be in the text).

    Empty when nothing is certain, including syntax the standard parser does not
    read like `regex` does.
    """
    parsed = _parse(source, flags)
    return frozenset() if parsed is None else _sequence(parsed)


def required_words(source: str, flags: int = 0) -> frozenset[str] | None:
    """Case-folded strings one of which every match of `source` contains; None when unknown.

    Matches are compared case-insensitively (`str.casefold` on both sides), which
    keeps the condition necessary with or without IGNORECASE.
    """
    parsed = _parse(source, flags)
    return None if parsed is None else _words(parsed)


def _parse(source: str, flags: int) -> Any:
    """The standard parser's tree, or None for syntax it does not read like `regex` does."""
    if _REGEX_ONLY.search(source):
        return None
    try:
        return sre_parse.parse(source, flags & (re.VERBOSE | re.IGNORECASE | re.MULTILINE | re.DOTALL))
    except (re.error, OverflowError, RecursionError, ValueError, TypeError):
        return None


def _sequence(items: Any) -> _Requirement:
    required: set[str] = set()
    for op, av in items:
        required |= _item(op, av)
    return frozenset(required)


def _item(op: Any, av: Any) -> _Requirement:
    if op is sre.LITERAL:
        return _literal(chr(av))
    if op is sre.IN:
        return _char_class(av)
    if op is sre.BRANCH:
        return _branch(frozenset(_sequence(branch)) for branch in av[1])
    if op is sre.SUBPATTERN:
        return _sequence(av[3])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        return _sequence(av[2]) if av[0] >= 1 else frozenset()
    if op is sre.ATOMIC_GROUP:
        return _sequence(av)
    if op is sre.ASSERT:  # a positive lookaround's characters are in the text too
        return _sequence(av[1])
    return frozenset()


def _branch(branches: Iterable[_Requirement]) -> _Requirement:
    """What every branch needs; failing that, one punctuation character out of each branch's."""
    branches = list(branches)
    if not branches:
        return frozenset()
    common = frozenset.intersection(*branches)
    if common:
        return common
    chosen = [
        min((f for f in branch if f not in (DIGIT, LETTER)), key=len, default=None) for branch in branches
    ]
    if any(f is None for f in chosen):
        return frozenset()
    return frozenset({"".join(sorted(set("".join(chosen))))})


def _literal(char: str) -> _Requirement:
    if char in _DIGITS:
        return frozenset({DIGIT})
    if char.isascii() and char.isprintable() and not char.isalnum() and not char.isspace():
        return frozenset({char})
    return frozenset()


def _char_class(items: Any) -> _Requirement:
    r"""A class of digits only needs a digit, `[^\W\d_]` a letter; a class of punctuation
    characters needs one of them."""
    if all(_digit_item(op, av) for op, av in items):
        return frozenset({DIGIT})
    if len(items) == len(_LETTER_CLASS) and set(items) == _LETTER_CLASS:
        return frozenset({LETTER})
    chars = {chr(av) for op, av in items if op is sre.LITERAL}
    if len(chars) == len(items) and all(_literal(c) == {c} for c in chars):
        return frozenset({"".join(sorted(chars))})
    return frozenset()


def _digit_item(op: Any, av: Any) -> bool:
    if op is sre.LITERAL:
        return chr(av) in _DIGITS
    if op is sre.RANGE:
        return ord("0") <= av[0] <= av[1] <= ord("9")
    return op is sre.CATEGORY and av is sre.CATEGORY_DIGIT


#: Cap on the strings a literal run expands to ("(?:a|b)(?:c|d)" is 4).
_MAX_EXPANSION = 256


def _words(items: Any) -> frozenset[str] | None:
    """The most selective required-string set of a sequence: runs of literal items, or a sub-item's."""
    candidates: list[frozenset[str]] = []
    run: frozenset[str] | None = frozenset({""})
    for op, av in items:
        if op is sre.AT:
            continue  # zero-width anchors keep the run contiguous
        expansion = _expand(op, av)
        if expansion is not None and run is not None and len(run) * len(expansion) <= _MAX_EXPANSION:
            run = frozenset(a + b for a in run for b in expansion)
            continue
        if run and run != frozenset({""}):
            candidates.append(run)
        run = expansion if expansion is not None else frozenset({""})
        if expansion is None and (inner := _item_words(op, av)):
            candidates.append(inner)
    if run and run != frozenset({""}):
        candidates.append(run)
    if not candidates:
        return None
    return max(candidates, key=lambda words: (min(len(w) for w in words), -len(words)))


def _item_words(op: Any, av: Any) -> frozenset[str] | None:
    if op is sre.BRANCH:
        branches = [_words(branch) for branch in av[1]]
        if not branches or any(b is None for b in branches):
            return None
        return frozenset().union(*branches)
    if op is sre.SUBPATTERN:
        return _words(av[3])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        return _words(av[2]) if av[0] >= 1 else None
    if op is sre.ATOMIC_GROUP:
        return _words(av)
    if op is sre.ASSERT:
        return _words(av[1])
    return None


def _expand(op: Any, av: Any) -> frozenset[str] | None:
    """Every string a purely literal item matches (case-folded), or None."""
    if op is sre.LITERAL:
        char = chr(av)
        return frozenset({char.casefold()}) if char.isascii() else None
    if op is sre.IN and len(av) == 1 and av[0][0] is sre.LITERAL:
        return _expand(sre.LITERAL, av[0][1])
    if op is sre.SUBPATTERN:
        return _expand_sequence(av[3])
    if op is sre.BRANCH:
        branches = [_expand_sequence(branch) for branch in av[1]]
        if any(b is None for b in branches):
            return None
        union = frozenset().union(*branches)
        return union if len(union) <= _MAX_EXPANSION else None
    return None


def _expand_sequence(items: Any) -> frozenset[str] | None:
    strings = frozenset({""})
    for op, av in items:
        if op is sre.AT:
            continue
        expansion = _expand(op, av)
        if expansion is None or len(strings) * len(expansion) > _MAX_EXPANSION:
            return None
        strings = frozenset(a + b for a in strings for b in expansion)
    return strings
