"""BANK_ACCOUNT: a nine-digit ABA routing number right after "routing"/"ABA"/"RTN", checksum verified.

The ABA checksum passes for one nine-digit number in ten, so the keyword is required.
"""

from __future__ import annotations

from classifier.findings import Category
from classifier.registry.validators import aba_routing
from recognizers.keyword_ids import KeywordIdRecognizer


class AbaRoutingNumberRecognizer(KeywordIdRecognizer):
    entity = "BANK_ACCOUNT"
    category = Category.PII
    keywords = r"routing|aba|rtn|routing\s+transit|transit"
    value = r"\d{9}"

    def accept(self, value: str) -> bool:
        return aba_routing(value)
