"""MEDICAL_RECORD_NUMBER: a record or chart number named as such ("MRN: SJH-987654")."""

from __future__ import annotations

from classifier.findings import Category
from recognizers.keyword_ids import KeywordIdRecognizer


class MedicalRecordNumberRecognizer(KeywordIdRecognizer):
    entity = "MEDICAL_RECORD_NUMBER"
    category = Category.PHI
    keywords = (
        r"mrn|medrec|emr|ehr|medical\s+records?|med\s+rec(?:ord)?s?|chart\s*(?:number|no|\#|id)|patient\s+(?:id|identifier|number|no)"
        r"|hospital\s+(?:number|no)|record\s*(?:number|no|\#)|case\s+file|unit\s+number|encounter\s+(?:id|number)"
    )
