"""MEDICATION: drug names from `data/medications.txt`, with the dose as part of the span when present:
"20 mg of Adderall", "Adderall XR 20mg", "metformin 500 mg".
"""

from __future__ import annotations

import re
from pathlib import Path

from classifier.findings import Category
from recognizers.terms import TermListRecognizer

_UNIT = r"(?:mg|mcg|µg|g|ml|cc|units?|iu|meq|mg/ml|mg/kg|puffs?|tabs?|tablets?|capsules?|pills?)"
_AMOUNT = rf"\d+(?:[.,]\d+)?\s*{_UNIT}"
_DOSE_AFTER = re.compile(rf"(?:\s+(?:xr|er|sr|xl|cr|la|odt|ir|hcl))?\s*(?:,\s*)?{_AMOUNT}\b", re.IGNORECASE)
_DOSE_BEFORE = re.compile(rf"\b{_AMOUNT}\s+(?:of\s+)?$", re.IGNORECASE)
_LOOKBACK = 24


class MedicationRecognizer(TermListRecognizer):
    entity = "MEDICATION"
    category = Category.PHI
    term_files = (Path(__file__).parent / "data" / "medications.txt",)
    score = 0.75

    def expand(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Grow the drug name over a dose written right before or right after it."""
        before = _DOSE_BEFORE.search(text, max(0, start - _LOOKBACK), start)
        if before:
            start = before.start()
        after = _DOSE_AFTER.match(text, end)
        if after:
            end = after.end()
        return start, end
