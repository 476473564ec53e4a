"""FINANCIAL_AID: FAFSA, grants, loans, scholarships, tuition (list `data/financial_aid.txt`)."""

from __future__ import annotations

from pathlib import Path

from classifier.findings import Category
from recognizers.terms import TermListRecognizer


class FinancialAidRecognizer(TermListRecognizer):
    entity = "FINANCIAL_AID"
    category = Category.EDU
    term_files = (Path(__file__).parent / "data" / "financial_aid.txt",)
    score = 0.7
