"""Running every recognizer on one text, with failures reported by recognizer name.

Recognizers follow Presidio's `EntityRecognizer` contract. A recognizer that
raises must not take the whole batch down, nor leak the text into a log: the
runner finishes the other recognizers, then raises `DetectionError` naming the
failed recognizers and carrying what the others found (`partial`), so that the
caller can mark the record incomplete and keep going.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from classifier.detection.onepass import OnePass, plain_pattern_recognizer
from classifier.failures import FAILURES

if TYPE_CHECKING:
    from classifier.detection.context import ContextEnhancer
    from classifier.registry.pattern import CompiledPattern


class DetectionError(RuntimeError):
    """Detection failed for some recognizers; the message names them, never the text.

    `partial` holds what was found anyway: the caller decides whether to use it
    (a record with a DetectionError is incomplete, hence never eligible).
    """

    def __init__(self, message: str, recognizers: tuple[str, ...] = (), partial: Any = None):
        super().__init__(message)
        self.recognizers = recognizers
        self.partial = partial


@dataclass
class Hit:
    """A recognizer result tied to the recognizer that produced it (scores change in place)."""

    recognizer: EntityRecognizer
    entity_type: str
    start: int
    end: int
    score: float
    context_enhanced: bool = False
    explanation: list[str] = field(default_factory=list)


def _overrides_context_hook(recognizer: EntityRecognizer) -> bool:
    """Whether the recognizer implements its own `enhance_using_context` (the base one is a no-op)."""
    return type(recognizer).enhance_using_context is not EntityRecognizer.enhance_using_context


class RecognizerRunner:
    """Runs a fixed list of recognizers; built once per engine, reused for every text.

    Given the engine's thresholds and context step, a pattern recognizer's patterns that cannot
    reach the threshold without a context word ("zip in context", score 0.2) are left out on
    texts without any of its context words: their results would be dropped anyway, and leaving
    them out changes no other result (`CategorizedPatternRecognizer.patterns_reaching`).
    """

    def __init__(
        self,
        recognizers: list[EntityRecognizer],
        threshold_for: Callable[[str], float] | None = None,
        context: ContextEnhancer | None = None,
    ):
        self.recognizers = list(recognizers)
        for recognizer in self.recognizers:
            if not recognizer.is_loaded:
                recognizer.load()
                recognizer.is_loaded = True
        self._entities = [list(r.supported_entities) for r in self.recognizers]
        self._hooked = [_overrides_context_hook(r) for r in self.recognizers]
        self._onepass = OnePass(self.recognizers)
        #: recognizer index -> (the patterns that count on a text without its context words,
        #: whether a text may hold one of them)
        self._reaching: dict[int, tuple[tuple[CompiledPattern, ...], Callable[[str], bool]]] = {}
        if threshold_for is not None and context is not None:
            for index, recognizer in enumerate(self.recognizers):
                if self._hooked[index] or not plain_pattern_recognizer(recognizer):
                    continue
                reaching = recognizer.patterns_reaching(threshold_for(recognizer.supported_entities[0]))
                if len(reaching) < len(recognizer.compiled_patterns):
                    self._reaching[index] = (reaching, functools.partial(context.may_raise, recognizer))

    def skipped(self, text: str) -> frozenset[int]:
        """Indices of the recognizers that certainly find nothing on `text` (`OnePass`)."""
        return self._onepass.skipped(text)

    def run(self, text: str, artifacts: NlpArtifacts, skipped: frozenset[int] | None = None) -> list[Hit]:
        """All hits on `text`; raises DetectionError (with `partial` hits) if a recognizer fails.

        `skipped` (from `skipped()`) saves the pre-filter when the caller knows it already:
        the engine passes the set shared by every text of a pack.
        """
        raw: list[list[RecognizerResult]] = []
        failed: list[tuple[str, str]] = []
        if skipped is None:
            skipped = self._onepass.skipped(text)
        for index, (recognizer, entities) in enumerate(zip(self.recognizers, self._entities, strict=True)):
            if index in skipped:
                raw.append([])
                continue
            try:
                reaching = self._reaching.get(index)
                if reaching is not None and not reaching[1](text):
                    raw.append(recognizer.analyze_patterns(text, reaching[0]))
                    continue
                raw.append(
                    list(recognizer.analyze(text=text, entities=entities, nlp_artifacts=artifacts) or [])
                )
            except FAILURES as exc:  # any recognizer bug must fail the record, not the run
                raw.append([])
                failed.append((recognizer.name, type(exc).__name__))
        if any(self._hooked):
            raw = self._recognizer_context(text, artifacts, raw, failed)
        if any(raw):
            raw = [
                self._checked(recognizer, results, len(text), failed) if results else results
                for recognizer, results in zip(self.recognizers, raw, strict=True)
            ]
        hits = [
            _to_hit(recognizer, result)
            for recognizer, results in zip(self.recognizers, raw, strict=True)
            for result in results
        ]
        if failed:
            raise DetectionError(
                "recognizer(s) failed: " + ", ".join(f"{name} ({what})" for name, what in failed),
                recognizers=tuple(name for name, _ in failed),
                partial=hits,
            )
        return hits

    @staticmethod
    def _checked(
        recognizer: EntityRecognizer,
        results: list[RecognizerResult],
        length: int,
        failed: list[tuple[str, str]],
    ) -> list[RecognizerResult]:
        """The results that name a span of the text; any other fails the recognizer, as an exception
        would. A span outside the text ("-5 to 3") would win overlaps against real findings and
        leave their values in a redacted copy, so it is never trusted, nor cut to fit."""
        valid = [result for result in results if _is_valid(result, length)]
        if len(valid) < len(results):
            failed.append((recognizer.name, "result outside the text or with a bad score"))
        return valid

    def _recognizer_context(
        self,
        text: str,
        artifacts: NlpArtifacts,
        raw: list[list[RecognizerResult]],
        failed: list[tuple[str, str]],
    ) -> list[list[RecognizerResult]]:
        """Let recognizers that implement Presidio's context hook rescore their own results."""
        enhanced = []
        for index, (recognizer, own) in enumerate(zip(self.recognizers, raw, strict=True)):
            if not self._hooked[index] or not own:
                enhanced.append(own)
                continue
            others = [r for j, results in enumerate(raw) if j != index for r in results]
            try:
                enhanced.append(
                    list(
                        recognizer.enhance_using_context(
                            text=text,
                            raw_recognizer_results=own,
                            other_raw_recognizer_results=others,
                            nlp_artifacts=artifacts,
                        )
                    )
                )
            except FAILURES as exc:  # same contract as analyze()
                enhanced.append(own)
                failed.append((recognizer.name, f"{type(exc).__name__} in enhance_using_context"))
        return enhanced


def _is_valid(result: object, length: int) -> bool:
    """Whether `result` is a RecognizerResult for a non-empty span of a text of `length` characters,
    with an entity type and a score from 0 to 1."""
    if not isinstance(result, RecognizerResult):
        return False
    start, end, score = result.start, result.end, result.score
    return (
        isinstance(start, int)
        and isinstance(end, int)
        and 0 <= start < end <= length
        and isinstance(result.entity_type, str)
        and bool(result.entity_type)
        and isinstance(score, (int, float))
        and 0.0 <= score <= 1.0
    )


def _to_hit(recognizer: EntityRecognizer, result: RecognizerResult) -> Hit:
    metadata = result.recognition_metadata or {}
    hit = Hit(
        recognizer=recognizer,
        entity_type=result.entity_type,
        start=result.start,
        end=result.end,
        score=float(result.score),
        context_enhanced=bool(metadata.get(RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY)),
    )
    explanation = result.analysis_explanation
    if explanation is not None and explanation.pattern_name:
        hit.explanation.append(f"pattern {explanation.pattern_name} (score {explanation.original_score:g})")
    if hit.context_enhanced:
        hit.explanation.append("score raised by the recognizer's own context rule")
    return hit
