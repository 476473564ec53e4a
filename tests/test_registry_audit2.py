"""Audit of recognizer discovery, YAML loading and `classifier recognizers` (synthetic data only).

Each test pins one defect: a traceback instead of a problem naming the file, a broken recognizer
that loaded (or validated) silently, a file from outside the given folder that ran.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from classifier.cli.main import main
from classifier.config import Config
from classifier.registry import RecognizerLoadError, load_folder, parse_yaml_file
from classifier.registry.validate import validate_paths

GOOD_ENTRY = """\
  - name: {name}
    supported_entity: DEVICE_ID
    category: PII
    patterns: [{{name: p, regex: '\\bQZ-\\d{{4}}\\b', score: 0.6}}]
"""


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _yaml(path: Path, *names: str) -> Path:
    return _write(path, "recognizers:\n" + "".join(GOOD_ENTRY.format(name=n) for n in names))


PY_RECOGNIZER = """\
from presidio_analyzer import Pattern
from classifier.registry import CategorizedPatternRecognizer

class {cls}(CategorizedPatternRecognizer):
    def __init__(self) -> None:
        super().__init__(
            supported_entity="DEVICE_ID", category="PII", name="{cls}",
            patterns=[Pattern("p", r"\\bQZ-\\d{{4}}\\b", 0.6)], {extra}
        )
"""


# --- YAML values PyYAML cannot build: a problem with file and line, not a traceback -------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("    version: 2024-13-45", ":5: recognizer 'Bad': version cannot be read"),
        ("    description: !secret text", ":5: recognizer 'Bad': description cannot be read"),
        ("    ? [a, b]\n    : 1", ":5: recognizer 'Bad': keys of a recognizer must be plain words"),
    ],
)
def test_unbuildable_yaml_value_is_a_problem_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, expected: str
) -> None:
    path = _write(
        tmp_path / "bad.yaml",
        "recognizers:\n  - name: Bad\n    supported_entity: DEVICE_ID\n    category: PII\n"
        f"{line}\n    patterns: [{{name: p, regex: 'x', score: 0.5}}]\n",
    )
    assert any(p.startswith(f"{path}{expected}") for p in parse_yaml_file(path).problems)
    assert main(["recognizers", "validate", str(path)]) == 1
    assert f"{path}{expected}" in capsys.readouterr().out


def test_version_alias_is_not_expanded(tmp_path: Path) -> None:
    # `version` used to be built whatever its shape: an alias tree grows exponentially
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 6)]
    path = _write(
        tmp_path / "bomb.yaml",
        "anchors:\n" + "".join(f"  {line}\n" for line in levels) + "recognizers:\n"
        "  - name: Bomb\n    supported_entity: DEVICE_ID\n    category: PII\n    version: *a5\n"
        "    patterns: [{name: p, regex: 'x', score: 0.5}]\n",
    )
    problems = parse_yaml_file(path).problems
    assert any("recognizer 'Bomb': version must be a string" in p for p in problems)


# --- files outside the folder ---------------------------------------------------------------------


def test_symlink_to_a_file_outside_the_folder_is_refused_and_never_imported(tmp_path: Path) -> None:
    marker = tmp_path / "imported.txt"
    outside = _write(
        tmp_path / "elsewhere" / "plugin.py",
        f"from pathlib import Path\nPath({str(marker)!r}).write_text('ran')\n"
        + PY_RECOGNIZER.format(cls="OutsideRecognizer", extra=""),
    )
    outside_yaml = _yaml(tmp_path / "elsewhere" / "other.yaml", "OutsideYaml")
    folder = tmp_path / "mine"
    _yaml(folder / "own.yaml", "OwnYaml")
    (folder / "plugin.py").symlink_to(outside)
    (folder / "other.yaml").symlink_to(Path("..") / "elsewhere" / outside_yaml.name)
    with pytest.raises(RecognizerLoadError) as caught:
        load_folder(folder, Config())
    assert len(caught.value.problems) == 2
    assert all("outside" in p for p in caught.value.problems)
    assert not marker.exists()
    report = validate_paths([folder])
    assert sum("outside" in p for p in report.problems) == 2
    assert not marker.exists()


# --- Python recognizers: wrong shapes, errors that name the file, sys.exit -------------------------


def test_context_given_as_one_string_is_a_load_error(tmp_path: Path) -> None:
    folder = tmp_path / "ctx"
    path = _write(folder / "ctx.py", PY_RECOGNIZER.format(cls="CtxRecognizer", extra='context="student",'))
    with pytest.raises(RecognizerLoadError) as caught:
        load_folder(folder, Config())
    assert str(path) in str(caught.value) and "context" in str(caught.value)


def test_plain_presidio_context_string_is_a_load_error_and_validate_reports_it(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    path = _write(
        folder / "plain.py",
        """\
        from presidio_analyzer import Pattern, PatternRecognizer

        class PlainCtxRecognizer(PatternRecognizer):
            category = "PII"

            def __init__(self) -> None:
                super().__init__(
                    supported_entity="DEVICE_ID", name="PlainCtxRecognizer", context="badge",
                    patterns=[Pattern("p", r"\\bQZ-\\d{4}\\b", 0.6)],
                )
        """,
    )
    with pytest.raises(RecognizerLoadError, match="context"):
        load_folder(folder, Config())
    assert any(str(path) in p and "context" in p for p in validate_paths([folder]).problems)


def test_error_creating_a_recognizer_names_its_file(tmp_path: Path) -> None:
    folder = tmp_path / "broken_init"
    path = _write(folder / "broken.py", PY_RECOGNIZER.format(cls="BrokenRecognizer", extra="flags=None + 1,"))
    with pytest.raises(RecognizerLoadError) as caught:
        load_folder(folder, Config())
    assert str(caught.value).startswith(f"{path}: class BrokenRecognizer: cannot create")


def test_sys_exit_in_a_recognizer_constructor_is_a_load_error(tmp_path: Path) -> None:
    folder = tmp_path / "exits"
    _write(
        folder / "exits.py",
        """\
        import sys
        from presidio_analyzer import EntityRecognizer

        class ExitingRecognizer(EntityRecognizer):
            category = "PII"

            def __init__(self) -> None:
                sys.exit("synthetic reason")
        """,
    )
    with pytest.raises(RecognizerLoadError, match="SystemExit"):
        load_folder(folder, Config())


# --- `classifier recognizers validate` says "ok" only when the files load ------------------------


def test_validate_reads_python_first_so_yaml_can_use_its_validator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "district"
    _write(
        folder / "validators.py",
        """\
        from classifier.registry import register_validator

        @register_validator("audit2_sum7")
        def audit2_sum7(text: str) -> bool:
            return sum(int(c) for c in text if c.isdigit()) % 7 == 0
        """,
    )
    _write(
        folder / "district.yaml",
        GOOD_ENTRY.format(name="Audit2District").join(["recognizers:\n", "    validator: audit2_sum7\n"]),
    )
    # validate first: once loaded, the validator stays registered and would hide the order
    assert main(["recognizers", "validate", str(folder)]) == 0
    assert capsys.readouterr().out.startswith("ok: 2 file(s), 1 recognizer(s)")
    assert len(load_folder(folder, Config())) == 1


def test_validate_checks_underscore_yaml_files_the_engine_loads(tmp_path: Path) -> None:
    folder = tmp_path / "draft"
    _write(
        folder / "_draft.yaml",
        "recognizers:\n  - name: Draft\n    supported_entity: DEVICE_ID\n    category: PII\n"
        "    patterns: [{name: p, regex: '(a', score: 0.5}]\n",
    )
    with pytest.raises(RecognizerLoadError):
        load_folder(folder, Config())
    assert any("does not compile" in p for p in validate_paths([folder]).problems)


def test_validate_reports_a_category_loading_rejects(tmp_path: Path) -> None:
    folder = tmp_path / "category"
    _write(
        folder / "cat.py",
        """\
        from presidio_analyzer import Pattern, PatternRecognizer

        class CatRecognizer(PatternRecognizer):
            category = "PI"

            def __init__(self) -> None:
                super().__init__(
                    supported_entity="DEVICE_ID", name="CatRecognizer",
                    patterns=[Pattern("p", r"\\bQZ-\\d{4}\\b", 0.6)],
                )
        """,
    )
    with pytest.raises(RecognizerLoadError):
        load_folder(folder, Config())
    assert any("PII, PHI or EDU" in p for p in validate_paths([folder]).problems)


def test_validate_reports_duplicate_names_across_files(tmp_path: Path) -> None:
    folder = tmp_path / "dup"
    first, second = _yaml(folder / "a.yaml", "Twice"), _yaml(folder / "b.yaml", "Twice")
    problems = validate_paths([folder]).problems
    assert problems == [f"{second}: duplicate recognizer name 'Twice': also defined in {first}"]


def test_validate_of_a_folder_without_recognizer_files_is_not_ok(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "typo"
    _write(folder / "district.YAML.txt", "recognizers: []\n")
    assert main(["recognizers", "validate", str(folder)]) == 1
    assert "no recognizer files" in capsys.readouterr().out


def test_validate_probes_exclusions_of_python_recognizers(tmp_path: Path) -> None:
    folder = tmp_path / "excl"
    _write(folder / "excl.py", PY_RECOGNIZER.format(cls="ExclRecognizer", extra='exclusions=[r"(q+)+$"],'))
    problems = validate_paths([folder], probe_timeout=0.2).problems
    assert any("exclusion 'exclusion 1'" in p and "nested quantifier" in p for p in problems)


# --- `classifier recognizers test PATH` runs examples under the engine's time limit --------------


def test_examples_of_a_folder_run_under_the_engine_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import presidio_analyzer.pattern_recognizer as presidio_patterns

    # Presidio's own limit logs and skips the pattern: the slow `no_match` example would pass
    monkeypatch.setattr(presidio_patterns, "REGEX_TIMEOUT_SECONDS", 0.3)
    folder = tmp_path / "slow"
    _write(
        folder / "slow.py",
        """\
        from presidio_analyzer import Pattern, PatternRecognizer
        from classifier.registry import Examples

        class SlowPlainRecognizer(PatternRecognizer):
            category = "PII"
            examples = Examples(no_match=("b" * 3000 + "!",))

            def __init__(self) -> None:
                super().__init__(
                    supported_entity="DEVICE_ID", name="SlowPlainRecognizer",
                    patterns=[Pattern("nested", r"(b+)+$", 0.5)], global_regex_flags=0,
                )
        """,
    )
    config = _write(tmp_path / "classifier.yaml", "regex_timeout: 0.2\n")
    assert main(["recognizers", "test", "--config", str(config), "--no-ner", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "SlowPlainRecognizer" in out


def test_yaml_files_with_upper_case_suffixes_are_loaded_and_validated(tmp_path: Path) -> None:
    """`District.YAML` (as Windows tools save it) was skipped by loading and by `validate`, silently."""
    folder = tmp_path / "recognizers"
    _yaml(folder / "District.YAML", "UpperYaml")
    _yaml(folder / "Other.Yml", "UpperYml")
    assert sorted(r.name for r in load_folder(folder, Config())) == ["UpperYaml", "UpperYml"]
    report = validate_paths([folder])
    assert report.files == 2 and report.recognizers == 2 and not report.problems
