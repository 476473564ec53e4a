"""Time limits for plain Presidio `PatternRecognizer`s that come from outside the engine.

A folder or plugin may ship a recognizer written against Presidio's own
`PatternRecognizer`. Presidio runs its patterns with a 60 s limit and, on
timeout, logs and skips the pattern — the text then passes as if clean. Such
recognizers get the engine's behaviour instead: each pattern limited to
`Config.regex_timeout` per text, and `RecognizerTimeoutError` past it, so the
record fails closed. Presidio's hooks (`validate_result`, `invalidate_result`)
keep their meaning.
"""

from __future__ import annotations

import types
from typing import TYPE_CHECKING

import regex
from presidio_analyzer import EntityRecognizer, PatternRecognizer, RecognizerResult

from classifier.registry.pattern import CategorizedPatternRecognizer, search_spans

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts


def limit_pattern_recognizer(recognizer: EntityRecognizer, timeout: float) -> bool:
    """Put a plain PatternRecognizer (not overriding `analyze`) under `timeout`; True if it was changed."""
    if (
        not isinstance(recognizer, PatternRecognizer)
        or isinstance(recognizer, CategorizedPatternRecognizer)
        or type(recognizer).analyze is not PatternRecognizer.analyze
    ):
        return False
    recognizer.regex_timeout = timeout
    recognizer.analyze = types.MethodType(_limited_analyze, recognizer)
    return True


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
