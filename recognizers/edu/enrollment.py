"""ENROLLMENT: enrolment, withdrawal, transfer and graduation (list `data/enrollment.txt`)."""

from __future__ import annotations

from pathlib import Path

from classifier.findings import Category
from recognizers.terms import TermListRecognizer


class EnrollmentRecognizer(TermListRecognizer):
    entity = "ENROLLMENT"
    category = Category.EDU
    term_files = (Path(__file__).parent / "data" / "enrollment.txt",)
    score = 0.6
