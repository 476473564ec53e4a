"""CREDIT_CARD: a Luhn-valid 12-19 digit number right after "card", "credit card", "cc".

The YAML CreditCardRecognizer needs an issuer prefix; short Maestro numbers and
unusual prefixes only count when the text says it is a card.
"""

from __future__ import annotations

from classifier.findings import Category
from classifier.registry.validators import luhn
from recognizers.keyword_ids import KeywordIdRecognizer


class CreditCardKeywordRecognizer(KeywordIdRecognizer):
    entity = "CREDIT_CARD"
    category = Category.PII
    keywords = r"(?:credit|debit|bank|visa|mastercard|amex|maestro)?\s*cards?|cc|card\s+no"
    value = r"\d(?:[ -]?\d){11,18}"

    def accept(self, value: str) -> bool:
        return luhn(value)
