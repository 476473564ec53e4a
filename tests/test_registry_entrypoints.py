"""Recognizers published by an installed package through the `classifier.recognizers` entry points.

The fixture package is built offline (no build isolation, no dependencies) and
installed into a temporary folder put on sys.path, where importlib.metadata
finds its dist-info; everything is removed afterwards, the virtualenv untouched.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from classifier.config import Config
from classifier.findings import Category
from classifier.registry import build_recognizers, discover_recognizers

PACKAGE = Path(__file__).parent / "fixtures" / "entrypoint_pkg"
MODULE = "classifier_ep_fixture"


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture package installed by pip into a private folder (once per module)."""
    work = tmp_path_factory.mktemp("entrypoint")
    source = work / "src"
    shutil.copytree(PACKAGE, source)  # build in a copy: the fixture folder stays clean
    target = work / "site"
    command = [sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index"]
    subprocess.run([*command, "--quiet", "--target", str(target), str(source)], check=True, timeout=240)
    assert (target / "classifier_ep_fixture-0.0.1.dist-info" / "entry_points.txt").is_file()
    return target


@pytest.fixture
def installed(site_dir: Path) -> Iterator[Path]:
    """The installed package visible to importlib.metadata for one test, then gone again."""
    sys.path.insert(0, str(site_dir))
    try:
        yield site_dir
    finally:
        sys.path.remove(str(site_dir))
        sys.modules.pop(MODULE, None)


def test_all_three_entry_point_forms_are_loaded(installed: Path) -> None:
    found = {r.name: r for r in build_recognizers(Config()) if str(r.source).startswith("entry-point:")}
    assert set(found) == {
        "EntryPointBadgeRecognizer",
        "EntryPointLockerRecognizer",
        "EntryPointPlanRecognizer",
    }
    assert found["EntryPointBadgeRecognizer"].source == "entry-point:ep_class (classifier-ep-fixture)"
    assert found["EntryPointLockerRecognizer"].source == "entry-point:ep_instance (classifier-ep-fixture)"
    assert found["EntryPointPlanRecognizer"].category is Category.PHI
    assert [(r.start, r.end) for r in found["EntryPointBadgeRecognizer"].analyze("badge PB-12345", None)] == [
        (6, 14)
    ]


def test_entry_point_recognizers_obey_enable_and_timeout(installed: Path) -> None:
    config = Config(disabled=["EntryPointLockerRecognizer"], regex_timeout=0.5)
    names = {r.name for r in build_recognizers(config)}
    assert "EntryPointLockerRecognizer" not in names
    assert "EntryPointPlanRecognizer" in names
    everything = {r.name: r for r in discover_recognizers(config)}
    assert everything["EntryPointLockerRecognizer"].regex_timeout == 0.5


def test_entry_points_are_gone_after_the_test(site_dir: Path) -> None:
    # installed on disk but off sys.path again: nothing from the test package may linger
    assert not [r for r in build_recognizers(Config()) if r.name.startswith("EntryPoint")]
