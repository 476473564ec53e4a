"""STUDENT_ID: a student, pupil or learner number named as such ("student ID S01938477")."""

from __future__ import annotations

from classifier.findings import Category
from recognizers.keyword_ids import KeywordIdRecognizer


class StudentIdRecognizer(KeywordIdRecognizer):
    entity = "STUDENT_ID"
    category = Category.EDU
    keywords = (
        r"student|pupil|learner|sid|student\s+identification|school\s+id|campus\s+id"
        r"|lunch\s+(?:number|pin|id)|enrollment\s+(?:number|id)|matriculation"
    )
