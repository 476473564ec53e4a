"""End to end with the real engine: every fixture redacted, no name, email, phone or id of it left."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_formats_support import FIXTURES, remaining

from classifier.formats import read_path, redact_file

FIXTURE_NAMES = sorted(path.name for path in FIXTURES.iterdir())


def _text(path: Path) -> str:
    if path.is_dir():
        return "\n".join(p.read_text("utf-8") for p in sorted(path.rglob("*")) if p.is_file())
    return path.read_text("utf-8")


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_real_engine_leaves_no_identifier(classifier_engine, tmp_path: Path, name: str) -> None:
    source = FIXTURES / name
    output = tmp_path / name

    report = redact_file(classifier_engine, source, output, mode="pseudonym")

    assert report.findings > 0
    assert remaining(_text(output)) == []
    before = [len(r.segments) for r in read_path(source) if not r.errors]
    assert [len(r.segments) for r in read_path(output, fmt=report.format)] == before
