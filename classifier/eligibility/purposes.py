"""Training purposes, AI-feature origins, and the patterns rules use to select purposes.

A purpose is one of `first_party_training`, `third_party_training` or
`feature_improvement:<feature>`. Origins name the AI feature that produced a
record (`feature:<feature>`); the two share one feature-name grammar so that
`feature:meeting_summary` data can be matched to
`feature_improvement:meeting_summary`.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from classifier.eligibility.errors import PurposeError, name_or

FIRST_PARTY_TRAINING = "first_party_training"
THIRD_PARTY_TRAINING = "third_party_training"
FEATURE_IMPROVEMENT = "feature_improvement"
FEATURE_ORIGIN_PREFIX = "feature:"

#: Purposes decided when the caller names none.
DEFAULT_PURPOSES: tuple[str, ...] = (FIRST_PARTY_TRAINING, THIRD_PARTY_TRAINING)

#: What `applies_to` in a policy rule may say besides a purpose: every purpose,
#: or every feature_improvement purpose whatever the feature.
ALL_PURPOSES = "all"

_FEATURE_NAME = re.compile(r"[a-z0-9][a-z0-9_\-]*\Z")
#: A feature origin as written or mistyped (`feature :x`, full-width letters), after NFKC and casefold.
_FEATURE_PREFIX = re.compile(r"\s*feature\s*:")
#: A label that stands for a value nobody may see (`<PERSON>`, `<WITHHELD>` in documents.jsonl).
_LABEL = re.compile(r"<[A-Z][A-Z0-9_]*>")

PURPOSE_HELP = (
    "expected first_party_training, third_party_training or feature_improvement:<feature> "
    "(feature names use lower-case letters, digits, '_' and '-')"
)

NOT_A_STRING = f"a purpose must be a string; {PURPOSE_HELP}"


def parse_purpose(text: str) -> str:
    """Validate a purpose string; raise PurposeError saying what is accepted."""
    if not isinstance(text, str):
        raise PurposeError(NOT_A_STRING)
    purpose = text.strip()
    if purpose in (FIRST_PARTY_TRAINING, THIRD_PARTY_TRAINING):
        return purpose
    feature = purpose.removeprefix(FEATURE_IMPROVEMENT + ":")
    if feature != purpose and _FEATURE_NAME.match(feature):
        return purpose
    raise PurposeError(f"unknown purpose {purpose!r}: {PURPOSE_HELP}")


def parse_purposes(texts: list[str] | tuple[str, ...]) -> list[str]:
    """Validate several purposes, dropping repeats but keeping the caller's order."""
    if not all(isinstance(text, str) for text in texts):
        raise PurposeError(NOT_A_STRING)
    return list(_parse_purposes(tuple(texts)))


@functools.lru_cache(maxsize=64)  # a scan decides the same purposes for every record
def _parse_purposes(texts: tuple[str, ...]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for text in texts:
        seen.setdefault(parse_purpose(text), None)
    return tuple(seen)


def purpose_feature(purpose: str) -> str | None:
    """The feature a feature_improvement purpose improves; None for other purposes."""
    prefix = FEATURE_IMPROVEMENT + ":"
    return purpose[len(prefix) :] if purpose.startswith(prefix) else None


def is_feature_origin(origin: str | None) -> bool:
    """True when the origin says, or may say, that an AI feature produced the data: the prefix is
    compared without case, width or spaces, and an origin shown in label form (`<PERSON>`) may hide
    a feature origin. Either way `origin_feature` then names a feature only for a well-formed one."""
    if origin is None:
        return False
    folded = unicodedata.normalize("NFKC", origin).casefold()
    return _FEATURE_PREFIX.match(folded) is not None or _LABEL.search(origin) is not None


def origin_feature(origin: str | None) -> str | None:
    """The feature named by a `feature:<name>` origin, or None.

    A malformed feature origin (`feature:` with an empty or invalid name) also
    gives None; callers treat it as data of a feature that matches no purpose,
    which fails closed.
    """
    if not is_feature_origin(origin):
        return None
    text = origin.strip()
    if text[: len(FEATURE_ORIGIN_PREFIX)].lower() != FEATURE_ORIGIN_PREFIX:
        return None
    name = text[len(FEATURE_ORIGIN_PREFIX) :]
    return name if _FEATURE_NAME.match(name) else None


def validate_purpose_pattern(text: object) -> str:
    """Check one `applies_to` entry of a policy rule; raise ValueError saying what is accepted."""
    if text in (ALL_PURPOSES, FEATURE_IMPROVEMENT):
        return text
    if isinstance(text, str):
        try:
            return parse_purpose(text)
        except PurposeError:
            pass
    shown = name_or(text, "(not shown)") if isinstance(text, str) else type(text).__name__
    raise ValueError(
        f"unknown applies_to entry {shown}: use 'all', 'feature_improvement' or a purpose; {PURPOSE_HELP}"
    )


def purpose_matches(pattern: str, purpose: str) -> bool:
    """Whether a rule's `applies_to` pattern selects the purpose being decided."""
    if pattern == ALL_PURPOSES:
        return True
    if pattern == FEATURE_IMPROVEMENT:
        return purpose_feature(purpose) is not None
    return pattern == purpose
