"""Our packs must not shadow Presidio's own recognizers.

Presidio resolves its predefined recognizers by class name among every loaded
`EntityRecognizer` subclass, so a pack class named like one of Presidio's (e.g.
`PhoneRecognizer`) breaks any vanilla `AnalyzerEngine` built in the same process.
"""

from __future__ import annotations

import presidio_analyzer.predefined_recognizers as presidio_predefined
from presidio_analyzer import EntityRecognizer, RecognizerRegistry

from classifier.config import Config
from classifier.registry import build_recognizers


def _all_subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _all_subclasses(sub)
    return found


def test_no_pack_class_reuses_a_presidio_class_name() -> None:
    build_recognizers(Config())  # imports every pack module
    presidio_names = {n for n in dir(presidio_predefined) if n.endswith("Recognizer")}
    ours = {
        c.__name__
        for c in _all_subclasses(EntityRecognizer)
        if not c.__module__.startswith("presidio_analyzer")
    }
    assert not ours & presidio_names, sorted(ours & presidio_names)


def test_vanilla_presidio_registry_loads_after_our_packs() -> None:
    build_recognizers(Config())
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers()
    modules = {type(r).__module__.split(".")[0] for r in registry.recognizers}
    assert modules == {"presidio_analyzer"}
    assert any(type(r).__name__ == "PhoneRecognizer" for r in registry.recognizers)
