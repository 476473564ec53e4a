"""Find PII, PHI and education records in conversation text; redact them; decide training eligibility."""

from typing import Any

from classifier.classification import Classification, classify
from classifier.config import Config
from classifier.findings import Category, Finding
from classifier.records import DataClass, Record, Segment

__all__ = [
    "Category",
    "Classification",
    "Classifier",
    "Config",
    "DataClass",
    "Finding",
    "Record",
    "Redactor",
    "Segment",
    "classify",
    "decrypt",
]

#: Imported on first use: they pull in spaCy and Presidio, which `import classifier` should not.
_LAZY = {
    "Classifier": "classifier.engine",
    "Redactor": "classifier.redaction",
    "decrypt": "classifier.redaction",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'classifier' has no attribute {name!r}")
