"""Static and dynamic checks for catastrophic backtracking."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from classifier.registry.safety import probe, static_problems
from classifier.registry.validate import validate_paths

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("pattern", "kind"),
    [
        ("(a+)+$", "nested quantifier"),
        ("(a*)*", "nested quantifier"),
        (r"(\w+\s?)*$", "nested quantifier"),
        ("(x+x+)+y", "nested quantifier"),
        (r"\bD(\d+)+[\dX]\b", "nested quantifier"),
        ("(a|a)*", "overlapping alternatives"),
        ("(a|aa)+$", "overlapping alternatives"),
        (r"(?:\d{3}|\d{3})+", "overlapping alternatives"),
    ],
)
def test_static_check_flags_dangerous_shapes(pattern: str, kind: str) -> None:
    problems = static_problems(pattern)
    assert any(p.startswith(kind) for p in problems), problems


@pytest.mark.parametrize(
    "pattern",
    [
        r"\bS\d{8}\b",
        r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b",  # a separator between repetitions: not ambiguous
        r"(cat|car)+",
        r"(?>a+)+",  # atomic group
        r"(a++)+",  # possessive
        r"\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+)*",
        r"\b(?:\+?1[-. ]?)?\(?\d{3}\)?[-. ]?\d{3}[-. ]?\d{4}\b",
    ],
)
def test_static_check_leaves_safe_patterns_alone(pattern: str) -> None:
    assert static_problems(pattern) == []
    assert probe(regex.compile(pattern), pattern) is None


@pytest.mark.parametrize(
    ("pattern", "fragment"),
    [
        ("(a+)+$", "3000 x 'a'"),
        (r"\bD(\d+)+[\dX]\b", "'D' + 3000 x '1'"),  # needs the literal lead D to explode
    ],
)
def test_probe_finds_the_input_that_explodes(pattern: str, fragment: str) -> None:
    result = probe(regex.compile(pattern), pattern, timeout=0.1)
    assert result is not None and fragment in result


def test_builtin_packs_and_example_validate_cleanly() -> None:
    folders = [ROOT / "recognizers" / pack for pack in ("pii", "phi", "edu")] + [
        ROOT / "examples" / "recognizers"
    ]
    report = validate_paths([f for f in folders if f.is_dir()])
    assert report.problems == []
    assert report.recognizers >= 1
