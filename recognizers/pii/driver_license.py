"""US_DRIVER_LICENSE: only a value right after "driver's license", "DL#", "license number".

Presidio flags capitalised words as licence numbers because its context word
"lic" matches as a substring; here the keyword is required and the value must
carry digits.
"""

from __future__ import annotations

from classifier.findings import Category
from recognizers.keyword_ids import KeywordIdRecognizer


class DriverLicenseRecognizer(KeywordIdRecognizer):
    entity = "US_DRIVER_LICENSE"
    category = Category.PII
    keywords = (
        r"driver'?s?\s+licen[cs]es?|drivers\s+licen[cs]e|driving\s+licen[cs]e|licen[cs]e"
        r"|dl|d\.l\.|cdl|lic"
    )
    min_digits = 4
