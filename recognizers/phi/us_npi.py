"""US_NPI: a ten-digit National Provider Identifier right after "NPI"/"provider number", check digit verified.

The NPI check digit passes for one ten-digit number in ten (phone numbers too),
so the keyword is required.
"""

from __future__ import annotations

from classifier.findings import Category
from classifier.registry.validators import npi
from recognizers.keyword_ids import KeywordIdRecognizer


class NpiNumberRecognizer(KeywordIdRecognizer):
    entity = "US_NPI"
    category = Category.PHI
    keywords = r"npi|national\s+provider\s+(?:identifier|id|number)|provider\s+(?:id|number|npi)"
    value = r"\d{10}"

    def accept(self, value: str) -> bool:
        return npi(value)
