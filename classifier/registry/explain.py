"""Why a span was found: recognizer, pattern, validator, context words, scores.

The engine keeps a short trail per finding (`Finding.explanation`: pattern,
context words that raised the score). Pattern recognizers are re-run here on
the same text to recover the rest of their own trail (Presidio's
`analysis_explanation`: the regex, the validator's verdict, score changes), so
that `classifier explain` can show every step that produced or changed a score.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, PatternRecognizer

from classifier.detection import DetectionError
from classifier.failures import FAILURES
from classifier.findings import Finding

if TYPE_CHECKING:
    from classifier.engine import Classifier


@dataclass(frozen=True)
class FindingExplanation:
    """One finding with the steps that produced its score, as readable lines."""

    finding: Finding
    source: str
    threshold: float
    steps: tuple[str, ...]

    def to_dict(self, include_value: bool = False) -> dict[str, Any]:
        data = self.finding.to_dict(include_value=include_value)
        data.update(source=self.source, threshold=self.threshold, steps=list(self.steps))
        return data


@dataclass(frozen=True)
class TextExplanation:
    findings: tuple[FindingExplanation, ...]
    error: str | None = None


def explain(classifier: Classifier, text: str) -> TextExplanation:
    """Explanations of every finding the engine reports for `text`."""
    error = None
    try:
        findings = classifier.analyze(text)
    except DetectionError as exc:
        findings, error = list(exc.partial or []), str(exc)
    by_name = {r.name: r for r in classifier.recognizers}
    own_results: dict[str, list] = {}
    explained = []
    for finding in findings:
        recognizer = by_name.get(finding.recognizer)
        steps = [
            f"recognizer {finding.recognizer} ({_source(recognizer)}), category {finding.category.value}"
        ]
        if isinstance(recognizer, PatternRecognizer):
            if recognizer.name not in own_results:
                own_results[recognizer.name] = _rerun(recognizer, text)
            steps.extend(_pattern_steps(finding, own_results[recognizer.name], recognizer))
        steps.extend(line for line in finding.explanation if not line.startswith("pattern "))
        if recognizer is not None and recognizer.context:
            steps.append("context words of this recognizer: " + ", ".join(recognizer.context))
        threshold = classifier.config.threshold_for(finding.entity_type)
        steps.append(f"final score {finding.score:.2f} (threshold {threshold:.2f})")
        explained.append(FindingExplanation(finding, _source(recognizer), threshold, tuple(steps)))
    return TextExplanation(tuple(explained), error)


def _source(recognizer: EntityRecognizer | None) -> str:
    if recognizer is None:
        return "post-processing"
    return str(getattr(recognizer, "source", type(recognizer).__module__))


def _rerun(recognizer: PatternRecognizer, text: str) -> list:
    try:
        return list(recognizer.analyze(text, recognizer.supported_entities, None) or [])
    except FAILURES:  # the engine already reported the failure; explain what we can
        return []


def _pattern_steps(finding: Finding, results: list, recognizer: PatternRecognizer) -> list[str]:
    span = (finding.start, finding.end, finding.entity_type)
    for result in results:
        if (result.start, result.end, result.entity_type) == span:
            return _explanation_lines(
                result.analysis_explanation, getattr(recognizer, "validator_name", None)
            )
    return []


def _explanation_lines(explanation: AnalysisExplanation | None, validator: str | None) -> list[str]:
    if explanation is None:
        return []
    lines = []
    before = explanation.original_score
    if explanation.pattern_name:
        lines.append(f"pattern {explanation.pattern_name!r} `{explanation.pattern}`: score {before:.2f}")
    if explanation.validation_result is not None:
        verdict = "valid" if explanation.validation_result else "invalid"
        after = explanation.score
        lines.append(
            f"validator {validator or 'validate_result'}: {verdict}, score {before:.2f} -> {after:.2f}"
        )
    return lines
