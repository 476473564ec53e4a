"""US_SSN: a nine-digit number right after "SSN", "social security number" or "SS#".

The YAML UsSsnRecognizer drops numbers the SSA never issues (area 000, 666,
9xx); when the text says the number is an SSN it is treated as one anyway, since
placeholders and typos still identify someone in the eyes of a reader.
"""

from __future__ import annotations

from classifier.findings import Category
from recognizers.keyword_ids import KeywordIdRecognizer


class SsnKeywordRecognizer(KeywordIdRecognizer):
    entity = "US_SSN"
    category = Category.PII
    keywords = r"ssn|ss\#|ss\s+number|soc\s+sec|social\s+security(?:\s+(?:number|no|\#))?|social"
    value = r"\d{3}[- ]?\d{2}[- ]?\d{4}"
    min_digits = 9
