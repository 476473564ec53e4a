"""ATTENDANCE: absences, tardies and truancy, from the curated list `data/attendance.txt`."""

from __future__ import annotations

from pathlib import Path

from classifier.findings import Category
from recognizers.terms import TermListRecognizer


class AttendanceRecognizer(TermListRecognizer):
    entity = "ATTENDANCE"
    category = Category.EDU
    term_files = (Path(__file__).parent / "data" / "attendance.txt",)
    score = 0.65
