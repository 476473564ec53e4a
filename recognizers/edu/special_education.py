"""SPECIAL_EDUCATION: IEPs, 504 plans, evaluations, accommodations (list `data/special_education.txt`)."""

from __future__ import annotations

from pathlib import Path

from classifier.findings import Category
from recognizers.terms import TermListRecognizer


class SpecialEducationRecognizer(TermListRecognizer):
    entity = "SPECIAL_EDUCATION"
    category = Category.EDU
    term_files = (Path(__file__).parent / "data" / "special_education.txt",)
    score = 0.75
