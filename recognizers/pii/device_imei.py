"""DEVICE_ID: a 15-digit IMEI right after "IMEI"/"MEID", with its Luhn check digit verified."""

from __future__ import annotations

from classifier.findings import Category
from classifier.registry.validators import luhn
from recognizers.keyword_ids import KeywordIdRecognizer


class DeviceImeiRecognizer(KeywordIdRecognizer):
    entity = "DEVICE_ID"
    category = Category.PII
    keywords = r"imei|meid|imei\s*/\s*meid"
    value = r"\d{2}[- ]?\d{6}[- ]?\d{6}[- ]?\d"

    def accept(self, value: str) -> bool:
        return luhn(value)
