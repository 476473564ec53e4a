"""Shared precision guards for the name and place recognizers.

spaCy's small model tags medical eponyms ("Chaddock reflex", "Graves' disease",
"Framingham risk score") and drug names ("Lisinopril") as people or places;
these checks let PERSON and LOCATION skip them, and let PERSON leave a word
after "flew to" or "originally from" to LOCATION.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from recognizers.terms import PhraseSet

_PHI_DATA = Path(__file__).parent / "phi" / "data"

#: a name directly followed by one of these words is an eponym, not a person or a place
_EPONYM_HEAD = re.compile(
    r"(?:['’]s?)?[\s-]+(?:syndrome|disease|disorder|reflex|sign|score|scale|criteria|classification|test|rule"
    r"|index|maneuver|manoeuvre|procedure|operation|esophagus|lymphoma|sarcoma|tumou?r|palsy|phenomenon|triad"
    r"|ulcer|equation|formula|method|risk|study|trial|cohort|protocol|staging|grade|grading|fracture|cyst"
    r"|contracture|anomaly|disease's|deformity|effect|law|curve|position|incision|node|nodes|agent)\b",
    re.IGNORECASE,
)


#: words right before a span that make it a place, not a person ("originally from Mavčiče", "flew to Coles")
_PLACE_CUE_BEFORE = re.compile(
    r"\b(?i:(?:flew|moved|relocated|travell?ed|drove)\s+to|originally\s+from|based\s+in|grew\s+up\s+in"
    r"|born\s+in|lives?\s+in|living\s+in|located\s+in|resident\s+of)\s+$"
)


def follows_place_cue(text: str, start: int) -> bool:
    """True when the span starting at `start` comes right after a travel or residence phrase."""
    return _PLACE_CUE_BEFORE.search(text, max(0, start - 30), start) is not None


def is_eponym(text: str, end: int) -> bool:
    """True when the span ending at `end` is followed by an eponym head word ("Marfan syndrome")."""
    return _EPONYM_HEAD.match(text, end, min(len(text), end + 24)) is not None


@lru_cache(maxsize=1)
def _medical_terms() -> PhraseSet:
    return PhraseSet.from_files(_PHI_DATA / "medications.txt", _PHI_DATA / "conditions.txt")


def is_medical_term(value: str) -> bool:
    """True when `value` is a listed medication or condition ("Empagliflozin", "Crohn's")."""
    return value in _medical_terms()
