"""`CategorizedPatternRecognizer`: Presidio's PatternRecognizer with a category, a
validator, exclusions and a hard time limit on every pattern.

Patterns written outside the engine (YAML packs, a compliance team's folder, a
plugin) may backtrack catastrophically on some input. Presidio logs and skips a
timed-out pattern, which would silently miss data; here a timeout raises
`RecognizerTimeoutError`, so the engine marks the record incomplete (fail closed)
instead of hanging or passing it as clean.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import regex
from presidio_analyzer import (
    AnalysisExplanation,
    EntityRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerResult,
)

from classifier.findings import Category
from classifier.registry.errors import RecognizerTimeoutError
from classifier.registry.validators import Validator, get_validator, raises_score

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

#: Presidio's default flags, kept so that a plain Presidio YAML file behaves the same here.
DEFAULT_FLAGS = regex.DOTALL | regex.MULTILINE | regex.IGNORECASE

#: Flag names accepted by `flags:` in YAML.
FLAG_NAMES: dict[str, int] = {
    "IGNORECASE": regex.IGNORECASE,
    "MULTILINE": regex.MULTILINE,
    "DOTALL": regex.DOTALL,
    "VERBOSE": regex.VERBOSE,
    "ASCII": regex.ASCII,
    "UNICODE": regex.UNICODE,
}


@dataclass(frozen=True)
class Examples:
    """Texts a recognizer must find its entity in (`match`) and must not (`no_match`)."""

    match: tuple[str, ...] = ()
    no_match: tuple[str, ...] = ()
    #: line of each example in its YAML file (0 when not from a file), same order as the texts
    match_lines: tuple[int, ...] = field(default=(), compare=False)
    no_match_lines: tuple[int, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class CompiledPattern:
    """One pattern with its compiled regex; exposed for a combined one-pass matcher."""

    pattern: Pattern
    compiled: regex.Pattern


class CategorizedPatternRecognizer(PatternRecognizer):
    """Pattern and deny-list recognizer that knows its category and limits its own run time.

    Score rules: each match starts at its pattern's score; a validator that says
    True raises it to 1.0, False drops the match; a match lying inside an
    exclusion match is dropped. Context words are applied afterwards by the
    engine's context step, using `self.context`.
    """

    def __init__(
        self,
        supported_entity: str,
        category: Category,
        name: str | None = None,
        patterns: Sequence[Pattern] | None = None,
        deny_list: Sequence[str] | None = None,
        context: Sequence[str] | None = None,
        supported_language: str = "en",
        deny_list_score: float = 1.0,
        validator: str | Validator | None = None,
        exclusions: Sequence[str] = (),
        flags: int = DEFAULT_FLAGS,
        regex_timeout: float = 1.0,
        examples: Examples | None = None,
        source: str = "python",
        version: str = "0.0.1",
        path: Path | None = None,
    ) -> None:
        for what, given in (("context", context), ("deny_list", deny_list), ("exclusions", exclusions)):
            if isinstance(given, str):  # iterated by character, it would silently become one-letter items
                raise TypeError(f"`{what}` must be a list of strings, not a single string")
        self.category = Category(category)
        self.path = path  # the YAML file it was defined in, for messages with file:line
        self.regex_timeout = float(regex_timeout)
        self.examples = examples or Examples()
        self.source = source
        if isinstance(validator, str):
            self.validator_name: str | None = validator
            self._validator: Validator | None = get_validator(validator)
            self.validator_raises_score = raises_score(validator)
        else:
            self.validator_name = getattr(validator, "__name__", None) if validator else None
            self._validator = validator
            self.validator_raises_score = True
        self.exclusions = tuple(exclusions)
        super().__init__(
            supported_entity=supported_entity,
            name=name,
            supported_language=supported_language,
            patterns=list(patterns or []),
            deny_list=list(deny_list) if deny_list else None,
            context=list(context) if context else None,
            deny_list_score=deny_list_score,
            global_regex_flags=flags,
            version=version,
        )
        self._compiled = tuple(CompiledPattern(p, regex.compile(p.regex, flags)) for p in self.patterns)
        self._compiled_exclusions = tuple(regex.compile(x, flags) for x in self.exclusions)

    @property
    def compiled_patterns(self) -> tuple[CompiledPattern, ...]:
        """Patterns compiled with this recognizer's flags (deny list included, as Presidio does)."""
        return self._compiled

    def validate_result(self, pattern_text: str) -> bool | None:
        """Presidio hook: the configured validator's verdict, or None when there is none."""
        return None if self._validator is None else bool(self._validator(pattern_text))

    def analyze(
        self,
        text: str,
        entities: list[str] | None = None,
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Run every pattern under one time limit each; raise `RecognizerTimeoutError` past it."""
        return self.analyze_patterns(text, self._compiled)

    def analyze_patterns(self, text: str, patterns: Sequence[CompiledPattern]) -> list[RecognizerResult]:
        """`analyze` with only `patterns`, some of `compiled_patterns` (see `patterns_reaching`)."""
        results: list[RecognizerResult] = []
        excluded: list[tuple[int, int]] | None = None
        for item in patterns:
            for start, end in self._spans(item.compiled, item.pattern.name, text):
                if excluded is None:
                    excluded = self._exclusion_spans(text)
                if any(x_start <= start and end <= x_end for x_start, x_end in excluded):
                    continue
                result = self._result(item.pattern, start, end, text[start:end])
                if result is not None:
                    results.append(result)
        return EntityRecognizer.remove_duplicates(results)

    def patterns_reaching(self, threshold: float) -> tuple[CompiledPattern, ...]:
        """The patterns whose results can score `threshold` or more without help from context words.

        The others ("zip in context", score 0.2) only make a finding when the engine's context step
        raises them; on a text without any of the recognizer's context words they can be left out.
        A validator that raises scores (the configured one, or an overridden `validate_result`) can
        lift any pattern, and a subclass's own `_result` may score otherwise: then all of them count.
        """
        kind = type(self)
        own_validation = kind.validate_result is not CategorizedPatternRecognizer.validate_result
        if kind._result is not CategorizedPatternRecognizer._result or (
            self.validator_raises_score and (self._validator is not None or own_validation)
        ):
            return self._compiled
        return tuple(item for item in self._compiled if item.pattern.score >= threshold)

    def _result(self, pattern: Pattern, start: int, end: int, matched: str) -> RecognizerResult | None:
        validation = self.validate_result(matched)
        if validation is False or self.invalidate_result(matched):
            return None
        explanation = AnalysisExplanation(
            recognizer=self.name,
            original_score=pattern.score,
            pattern_name=pattern.name,
            pattern=pattern.regex,
            validation_result=validation,
            regex_flags=self.global_regex_flags,
            textual_explanation=(
                f"Detected by `{self.name}` using pattern `{pattern.name}` (score {pattern.score:g})"
            ),
        )
        score = pattern.score
        if validation and self.validator_raises_score:
            score = EntityRecognizer.MAX_SCORE
            explanation.append_textual_explanation_line(
                f"validator `{self.validator_name}`: valid, score {pattern.score:g} -> {score:g}"
            )
        elif validation:
            explanation.append_textual_explanation_line(
                f"validator `{self.validator_name}`: plausible, score stays {score:g}"
            )
        explanation.score = score
        return RecognizerResult(
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

    def _exclusion_spans(self, text: str) -> list[tuple[int, int]]:
        return [
            span
            for number, compiled in enumerate(self._compiled_exclusions, start=1)
            for span in self._spans(compiled, f"exclusion {number}", text)
        ]

    def _spans(self, compiled: regex.Pattern, label: str, text: str) -> list[tuple[int, int]]:
        return search_spans(compiled, text, self.regex_timeout, self.name, label)


def search_spans(
    compiled: regex.Pattern, text: str, timeout: float, recognizer: str, label: str
) -> list[tuple[int, int]]:
    """Non-empty match spans of `compiled` in `text`, all searches together within `timeout` seconds.

    Raises `RecognizerTimeoutError` (naming `recognizer` and `label`, never the text) past the limit.
    """
    deadline = time.monotonic() + timeout
    spans: list[tuple[int, int]] = []
    pos = 0
    while pos <= len(text):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise RecognizerTimeoutError(recognizer, label, timeout)
        try:
            match = compiled.search(text, pos, timeout=remaining)
        except TimeoutError:
            raise RecognizerTimeoutError(recognizer, label, timeout) from None
        if match is None:
            break
        start, end = match.span()
        if end > start:
            spans.append((start, end))
        pos = end if end > start else end + 1
    return spans
