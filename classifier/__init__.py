"""Find PII, PHI and education records in conversation text; redact them; decide training eligibility."""

from classifier.classification import Classification, classify
from classifier.config import Config
from classifier.findings import Category, Finding
from classifier.records import DataClass, Record, Segment

__all__ = [
    "Category",
    "Classification",
    "Config",
    "DataClass",
    "Finding",
    "Record",
    "Segment",
    "classify",
]
