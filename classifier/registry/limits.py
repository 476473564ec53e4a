"""Time limits for plain Presidio `PatternRecognizer`s that come from outside the engine.

A folder or plugin may ship a recognizer written against Presidio's own
`PatternRecognizer`. Presidio runs its patterns with a 60 s limit and, on
timeout, logs and skips the pattern — the text then passes as if clean. Such
recognizers get the engine's behaviour instead: each pattern limited to
`Config.regex_timeout` per text, and `RecognizerTimeoutError` past it, so the
record fails closed. Presidio's hooks (`validate_result`, `invalidate_result`)
keep their meaning.

A subclass that overrides `analyze` keeps its own `analyze`; its `patterns` are
replaced by copies whose `compiled_regex` is a `LimitedRegex`: every search,
match or iteration through it runs under the limit and raises
`RecognizerTimeoutError` instead of `TimeoutError`. Presidio's matching
(`super().analyze(...)`) uses `pattern.compiled_regex`, so it is limited, and
the error passes Presidio's `except TimeoutError` (which would log and skip)
untouched. A regex the subclass compiles on its own, outside `patterns`, is not
under this limit, only under the per-record limit (`Config.record_timeout`).
"""

from __future__ import annotations

import copy
import functools
import types
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import regex
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult

from classifier.registry.errors import RecognizerTimeoutError
from classifier.registry.pattern import CategorizedPatternRecognizer, search_spans

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts


def overrides_analyze(recognizer: EntityRecognizer) -> bool:
    """True for a Presidio PatternRecognizer subclass (not ours) with an `analyze` of its own."""
    return (
        isinstance(recognizer, PatternRecognizer)
        and not isinstance(recognizer, CategorizedPatternRecognizer)
        and type(recognizer).analyze is not PatternRecognizer.analyze
    )


def limit_pattern_recognizer(recognizer: EntityRecognizer, timeout: float) -> bool:
    """Put a Presidio PatternRecognizer (not ours) under `timeout`; True if it was changed.

    Without an `analyze` of its own it gets the engine's analysis; with one, its
    patterns get a limited `compiled_regex` (see the module docstring).
    """
    if not isinstance(recognizer, PatternRecognizer) or isinstance(recognizer, CategorizedPatternRecognizer):
        return False
    recognizer.regex_timeout = timeout
    if overrides_analyze(recognizer):
        flags = recognizer.global_regex_flags
        # new list of copies: `patterns` is often a class-level list shared by every instance
        recognizer.patterns = [
            limited_pattern(pattern, recognizer.name, timeout, flags) for pattern in recognizer.patterns
        ]
        return True
    recognizer.analyze = types.MethodType(_limited_analyze, recognizer)
    return True


class LimitedRegex:
    """A compiled `regex` pattern whose matching calls all run under a time limit.

    `search`, `match`, `fullmatch`, `findall`, `sub`, `subn`, `split` get
    `timeout=` (the smaller of the caller's and the limit); `finditer` and
    `splititer` are limited as a whole (the `regex` module times the iteration
    from its start). `TimeoutError` becomes `RecognizerTimeoutError`, naming the
    recognizer and pattern, never the text. Other attributes (`pattern`,
    `flags`, `groups`, ...) are the compiled pattern's own.
    """

    _CALLS = ("search", "match", "fullmatch", "findall", "sub", "subf", "subn", "subfn", "split")
    _ITERATORS = ("finditer", "splititer")

    def __init__(self, compiled: regex.Pattern, recognizer: str, label: str, timeout: float) -> None:
        self.compiled = compiled
        self.recognizer = recognizer
        self.label = label
        self.timeout = timeout

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name == "compiled":  # not set yet (copy, pickle)
            raise AttributeError(name)
        target = getattr(self.compiled, name)
        if name in self._CALLS:
            return functools.partial(self._call, target)
        if name in self._ITERATORS:
            return functools.partial(self._iterate, target)
        if name == "scanner":
            raise AttributeError(f"{name} is not available on a time-limited pattern")
        return target

    def _error(self) -> RecognizerTimeoutError:
        return RecognizerTimeoutError(self.recognizer, self.label, self.timeout)

    def _limit(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        asked = kwargs.get("timeout")
        kwargs["timeout"] = self.timeout if asked is None else min(float(asked), self.timeout)
        return kwargs

    def _call(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **self._limit(kwargs))
        except TimeoutError:
            raise self._error() from None

    def _iterate(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Iterator[Any]:
        try:
            iterator = method(*args, **self._limit(kwargs))
        except TimeoutError:
            raise self._error() from None
        return self._converted(iterator)

    def _converted(self, iterator: Iterator[Any]) -> Iterator[Any]:
        try:
            yield from iterator
        except TimeoutError:
            raise self._error() from None

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"LimitedRegex({self.label!r}, timeout={self.timeout:g})"


def _limited_regex_property() -> property:
    def get(pattern: Pattern) -> LimitedRegex | None:
        return pattern.__dict__.get("_limited_regex")

    def set_(pattern: Pattern, compiled: Any) -> None:
        # Presidio compiles again when asked for other flags; the new regex is limited too
        if compiled is not None and not isinstance(compiled, LimitedRegex):
            recognizer, timeout = pattern.__dict__["_limit"]
            compiled = LimitedRegex(compiled, recognizer, pattern.name, timeout)
        pattern.__dict__["_limited_regex"] = compiled

    return property(get, set_)


class LimitedPattern(Pattern):
    """A Presidio `Pattern` whose `compiled_regex` is always a `LimitedRegex` (whoever assigns it)."""

    compiled_regex = _limited_regex_property()
    _unlimited = Pattern


@functools.cache
def _limited_class(cls: type[Pattern]) -> type[Pattern]:
    """`LimitedPattern`, or for a user's own `Pattern` subclass the same made from it."""
    if cls is Pattern:
        return LimitedPattern
    return type(
        f"Limited{cls.__name__}", (cls,), {"compiled_regex": _limited_regex_property(), "_unlimited": cls}
    )


def limited_pattern(pattern: Pattern, recognizer: str, timeout: float, flags: int | None) -> Pattern:
    """A copy of `pattern` compiled with `flags`, whose `compiled_regex` runs under `timeout`."""
    limited = copy.copy(pattern)
    limited.__dict__.pop("compiled_regex", None)
    limited.__dict__.pop("_limited_regex", None)
    limited.__dict__["_limit"] = (recognizer, timeout)
    limited.__class__ = _limited_class(getattr(type(pattern), "_unlimited", type(pattern)))
    limited.compiled_regex = regex.compile(pattern.regex, flags or 0)
    limited.compiled_with_flags = flags
    return limited


def _limited_analyze(
    self: PatternRecognizer,
    text: str,
    entities: list[str] | None = None,
    nlp_artifacts: NlpArtifacts | None = None,
    regex_flags: int | None = None,
) -> list[RecognizerResult]:
    """Presidio's pattern analysis with the engine's time limit and fail-closed timeouts."""
    flags = regex_flags or self.global_regex_flags or 0
    results = []
    for pattern in self.patterns:
        compiled = regex.compile(pattern.regex, flags)
        for start, end in search_spans(compiled, text, self.regex_timeout, self.name, pattern.name):
            matched = text[start:end]
            validation = self.validate_result(matched)
            if validation is False or self.invalidate_result(matched):
                continue
            score = EntityRecognizer.MAX_SCORE if validation else pattern.score
            explanation = self.build_regex_explanation(
                self.name, pattern.name, pattern.regex, pattern.score, validation, flags
            )
            explanation.score = score
            results.append(
                RecognizerResult(
                    entity_type=self.supported_entities[0],
                    start=start,
                    end=end,
                    score=score,
                    analysis_explanation=explanation,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    },
                )
            )
    return EntityRecognizer.remove_duplicates(results)
