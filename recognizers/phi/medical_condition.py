"""MEDICAL_CONDITION: diagnoses, conditions and symptoms from the curated list `data/conditions.txt`."""

from __future__ import annotations

from pathlib import Path

from classifier.findings import Category
from recognizers.terms import TermListRecognizer


class MedicalConditionRecognizer(TermListRecognizer):
    entity = "MEDICAL_CONDITION"
    category = Category.PHI
    term_files = (Path(__file__).parent / "data" / "conditions.txt",)
    score = 0.7
