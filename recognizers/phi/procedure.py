"""PROCEDURE: surgeries, therapies, scans and tests from the curated list `data/procedures.txt`."""

from __future__ import annotations

from pathlib import Path

from classifier.findings import Category
from recognizers.terms import TermListRecognizer


class ProcedureRecognizer(TermListRecognizer):
    entity = "PROCEDURE"
    category = Category.PHI
    term_files = (Path(__file__).parent / "data" / "procedures.txt",)
    score = 0.65
