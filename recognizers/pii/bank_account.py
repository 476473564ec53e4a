"""BANK_ACCOUNT: an account number named as such ("account #4410 2231 99", "acct 0012345678")."""

from __future__ import annotations

from classifier.findings import Category
from recognizers.keyword_ids import KeywordIdRecognizer


class BankAccountRecognizer(KeywordIdRecognizer):
    entity = "BANK_ACCOUNT"
    category = Category.PII
    keywords = r"(?:bank|checking|savings|billing|deposit)?\s*(?:account|acct|a/c)(?:\s+(?:number|no))?"
    min_digits = 5
