"""`classifier recognizers test`: run each recognizer's `examples` through the engine.

An example passes when the recognizer produces a finding (after context words,
thresholds and overlap resolution) in a `match` text, and none in a `no_match`
text. By default each recognizer runs alone in the engine chain, so a failure
points at that recognizer; `full_engine=True` runs all recognizers together, so
an example also fails when another recognizer wins the overlap.

Examples are texts the recognizer's author wrote (synthetic by rule), so a
failure report shows them; the values found are shown the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from presidio_analyzer import EntityRecognizer

from classifier.config import Config
from classifier.detection import DetectionError
from classifier.findings import Finding
from classifier.registry.pattern import Examples

if TYPE_CHECKING:
    from classifier.engine import Classifier


@dataclass(frozen=True)
class ExampleResult:
    """One example of one recognizer, and whether it behaved as declared."""

    recognizer: str
    source: str
    kind: str  # "match" or "no_match"
    text: str
    line: int
    passed: bool
    found: tuple[str, ...] = ()
    error: str | None = None

    def describe(self) -> str:
        """A one-line failure report: where, which recognizer, what was expected and found."""
        where = f"{self.source}:{self.line}" if self.line else self.source
        if self.error:
            outcome = f"error: {self.error}"
        elif self.kind == "match":
            outcome = "expected a finding, found none"
        else:
            outcome = "expected no finding, found " + "; ".join(self.found)
        return f"{where}: {self.recognizer}: {self.kind} example {self.text!r}: {outcome}"


def examples_of(recognizer: EntityRecognizer) -> Examples | None:
    examples = getattr(recognizer, "examples", None)
    return examples if isinstance(examples, Examples) and (examples.match or examples.no_match) else None


def run_examples(
    recognizers: Sequence[EntityRecognizer],
    config: Config,
    full_engine: bool = False,
    others: Sequence[EntityRecognizer] = (),
) -> list[ExampleResult]:
    """Results for every example of `recognizers` (with `others` too when `full_engine`)."""
    from classifier.engine import Classifier

    tested = [r for r in recognizers if examples_of(r) is not None]
    if not full_engine:
        alone = replace(config, enabled=[], disabled=[])  # the recognizer under test always runs
        return [result for r in tested for result in _run_one(Classifier(alone, recognizers=[r]), r)]
    names = {r.name for r in tested}
    engine = Classifier(config, recognizers=[*tested, *(o for o in others if o.name not in names)])
    return [result for r in tested for result in _run_one(engine, r)]


def _run_one(engine: Classifier, recognizer: EntityRecognizer) -> list[ExampleResult]:
    examples = examples_of(recognizer)
    assert examples is not None
    cases = [("match", t, line) for t, line in _with_lines(examples.match, examples.match_lines)]
    cases += [("no_match", t, line) for t, line in _with_lines(examples.no_match, examples.no_match_lines)]
    source = str(
        getattr(recognizer, "path", None) or getattr(recognizer, "source", type(recognizer).__module__)
    )
    results = []
    for kind, text, line in cases:
        try:
            findings = [f for f in engine.analyze(text) if f.recognizer == recognizer.name]
        except DetectionError as exc:
            results.append(ExampleResult(recognizer.name, source, kind, text, line, False, error=str(exc)))
            continue
        passed = bool(findings) if kind == "match" else not findings
        found = tuple(_describe(f, text) for f in findings)
        results.append(ExampleResult(recognizer.name, source, kind, text, line, passed, found))
    return results


def _with_lines(texts: tuple[str, ...], lines: tuple[int, ...]) -> list[tuple[str, int]]:
    return [(text, lines[i] if i < len(lines) else 0) for i, text in enumerate(texts)]


def _describe(finding: Finding, text: str) -> str:
    return f"{finding.entity_type} {text[finding.start : finding.end]!r} (score {finding.score:.2f})"
