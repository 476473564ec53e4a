"""DISCIPLINE: suspensions, detentions, expulsions and referrals (list `data/discipline.txt`)."""

from __future__ import annotations

from pathlib import Path

from classifier.findings import Category
from recognizers.terms import TermListRecognizer


class DisciplineRecognizer(TermListRecognizer):
    entity = "DISCIPLINE"
    category = Category.EDU
    term_files = (Path(__file__).parent / "data" / "discipline.txt",)
    score = 0.7
