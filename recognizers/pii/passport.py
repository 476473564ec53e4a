"""US_PASSPORT: a passport number named as such ("passport no. 912803456")."""

from __future__ import annotations

from classifier.findings import Category
from recognizers.keyword_ids import KeywordIdRecognizer


class PassportRecognizer(KeywordIdRecognizer):
    entity = "US_PASSPORT"
    category = Category.PII
    keywords = r"passports?|passport\s+book|passport\s+card"
    value = r"[A-Z]?\d{6,9}"
    min_digits = 6
