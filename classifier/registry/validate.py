"""`classifier recognizers validate`: check recognizer files without running the engine.

Reports schema problems (file and line), regexes that do not compile, and
patterns that backtrack catastrophically (static and dynamic checks from
`safety.py`). Python files are imported and their pattern recognizers checked
the same way (without line numbers: Python keeps none for pattern strings).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import regex
from presidio_analyzer import PatternRecognizer

from classifier.registry.discovery import folder_files, import_file, module_recognizers, tag_recognizers
from classifier.registry.errors import RecognizerLoadError
from classifier.registry.limits import overrides_analyze
from classifier.registry.pattern import CategorizedPatternRecognizer
from classifier.registry.safety import PROBE_TIMEOUT, probe, static_problems
from classifier.registry.yaml_loader import parse_yaml_file


@dataclass
class ValidationReport:
    """What `validate` found; `problems` are value-free lines ready to print."""

    files: int = 0
    recognizers: int = 0
    patterns: int = 0
    problems: list[str] = field(default_factory=list)
    #: value-free remarks that do not fail the check
    notes: list[str] = field(default_factory=list)


def validate_paths(paths: Iterable[Path], probe_timeout: float = PROBE_TIMEOUT) -> ValidationReport:
    """Check every recognizer file given, or that the engine would load from a given folder.

    A folder is read as the engine reads it (`folder_files`: Python first, so YAML may name the
    validators it registers; no `_*.py`; `_*.yaml` included), and a name defined twice across
    the files checked is a problem, as it is when loading: "ok" means the files load.
    """
    report = ValidationReport()
    first_file: dict[str, Path] = {}
    for path in paths:
        if path.is_dir():
            files, problems = folder_files(path)
            report.problems.extend(problems)
            if not files and not problems:
                report.problems.append(f"{path}: no recognizer files (*.py, *.yaml, *.yml) in this folder")
        elif path.is_file():
            files = [path]
        else:
            report.problems.append(f"{path}: no such file or folder")
            continue
        for file in files:
            report.files += 1
            if file.suffix == ".py":
                names = _validate_python(file, report, probe_timeout)
            else:
                names = _validate_yaml(file, report, probe_timeout)
            for name in names:
                first = first_file.setdefault(name, file)
                if first != file:
                    report.problems.append(
                        f"{file}: duplicate recognizer name {name!r}: also defined in {first}"
                    )
    return report


def pattern_problems(source: str, flags: int, probe_timeout: float = PROBE_TIMEOUT) -> list[str]:
    """Backtracking problems of one pattern: static findings, then the dynamic probe."""
    problems = static_problems(source)
    try:
        compiled = regex.compile(source, flags)
    except regex.error as exc:
        return [*problems, f"does not compile: {exc}"]
    slow = probe(compiled, source, probe_timeout)
    if slow:
        problems.append(f"catastrophic backtracking: {slow}")
    return problems


def _validate_yaml(path: Path, report: ValidationReport, probe_timeout: float) -> list[str]:
    """Check one YAML file; the names of the recognizers it defines."""
    parsed = parse_yaml_file(path)
    report.problems.extend(parsed.problems)
    for spec in parsed.specs:
        report.recognizers += 1
        for kind, items in (("pattern", spec.patterns), ("exclusion", spec.exclusions)):
            for item in items:
                report.patterns += 1
                for problem in pattern_problems(item.regex, spec.flags, probe_timeout):
                    report.problems.append(
                        f"{path}:{item.line}: recognizer {spec.name!r}: {kind} {item.name!r} "
                        f"`{item.regex}`: {problem}"
                    )
    return [spec.name for spec in parsed.specs]


def _validate_python(path: Path, report: ValidationReport, probe_timeout: float) -> list[str]:
    """Check one Python file; the names of the recognizers it defines."""
    try:
        recognizers = module_recognizers(import_file(path))
    except RecognizerLoadError as exc:
        report.problems.extend(exc.problems)
        return []
    try:  # the checks loading makes: category PII/PHI/EDU, entities and context words as lists
        tag_recognizers(recognizers, str(path))
    except RecognizerLoadError as exc:
        report.problems.extend(exc.problems)
    for recognizer in recognizers:
        report.recognizers += 1
        if not isinstance(recognizer, PatternRecognizer):
            continue
        if overrides_analyze(recognizer):
            report.notes.append(
                f"{path}: recognizer {recognizer.name!r} overrides PatternRecognizer.analyze: "
                "its `patterns` run under the engine's time limit (regex_timeout), but a regex its "
                "analyze compiles itself is bounded only by record_timeout"
            )
        # exclusions run on every text a pattern matches in, so they can backtrack as badly
        exclusions = recognizer.exclusions if isinstance(recognizer, CategorizedPatternRecognizer) else ()
        checked = [("pattern", p.name, p.regex) for p in recognizer.patterns]
        checked += [("exclusion", f"exclusion {i}", x) for i, x in enumerate(exclusions, start=1)]
        for kind, name, source in checked:
            report.patterns += 1
            for problem in pattern_problems(source, recognizer.global_regex_flags or 0, probe_timeout):
                report.problems.append(
                    f"{path}: recognizer {recognizer.name!r}: {kind} {name!r} `{source}`: {problem}"
                )
    return [recognizer.name for recognizer in recognizers]
