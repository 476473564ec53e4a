"""Identifiers that only count right after their keyword: "MRN: AF-12345", "student ID S01938477".

Anchoring the pattern on a literal keyword keeps these recognizers both precise
(a bare "AF-12345" is not flagged) and cheap (the regex engine skips ahead to
the keyword). Only the identifier itself becomes the finding's span.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers.base import Hit, PackRecognizer

#: values that are years or dates, not identifiers ("record 2019")
_DATE_LIKE = re.compile(r"(?:19|20)\d\d|\d{4}-\d\d-\d\d|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")
#: words that may sit between a keyword and its value: "MRN no. is: 123", "ID (#12345)", '"mrn": "123"'
_CONNECTORS = (
    r"(?:\s*(?:number|numbers|num|nbr|no\.?|\#|is|was|of|on\s+file|:|=|-|\(|\bid\b|[\"']|_id\b)){0,4}"
)


class KeywordIdRecognizer(PackRecognizer):
    """Subclasses set `keywords` (regex alternation, case-insensitive) and optionally `value`."""

    keywords: ClassVar[str]
    #: the identifier: letters, digits and inner dashes/dots; matched case-insensitively
    value: ClassVar[str] = r"[A-Z0-9](?:[A-Z0-9]|[-./](?=[A-Z0-9])){3,24}"
    min_digits: ClassVar[int] = 3
    score: ClassVar[float] = 0.85

    def __init__(self) -> None:
        # "device serial", "device_serial", "device-serial" and "deviceSerial" are the same keyword
        keywords = self.keywords.replace(r"\s+", r"[\s_-]*").replace(r"\s*", r"[\s_-]*")
        self._pattern = re.compile(
            rf"(?<![^\W_])(?:{keywords})(?![^\W_]){_CONNECTORS}\s*(?P<value>{self.value})(?![\w-])",
            re.IGNORECASE,
        )
        #: results only come from matches of this pattern: the engine skips texts without one
        self.prefilter = self._pattern
        super().__init__()

    def accept(self, value: str) -> bool:
        """Cheap plausibility check: enough digits, and not a year or a date ("record 2019")."""
        return sum(c.isdigit() for c in value) >= self.min_digits and not _DATE_LIKE.fullmatch(value)

    def find(self, text: str, nlp_artifacts: NlpArtifacts | None) -> Iterator[Hit]:
        for match in self._pattern.finditer(text):
            value = match.group("value")
            if self.accept(value):
                yield Hit(
                    match.start("value"), match.end("value"), self.score, f"{self.entity} after keyword"
                )
