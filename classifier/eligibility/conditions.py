"""The condition kinds a policy rule can use in `when`, registered by name.

A policy is data: each rule lists conditions by kind name (`category: PHI`)
and the engine looks the kind up here. Adding a kind means adding one function
with `@condition(...)`; a policy naming a kind that is not registered is
refused when it is loaded.

Every kind answers for missing information in the way that restricts: no
consent record lacks every flag, an unknown classification may contain every
category and has findings. A rule can therefore never grant more because
something was unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from classifier.eligibility.consent import EXPLICIT_CATEGORIES, ConsentRecord
from classifier.eligibility.decision import Redaction
from classifier.eligibility.purposes import is_feature_origin, origin_feature, purpose_feature
from classifier.findings import Category
from classifier.records import DataClass
from classifier.redaction import MODES


@dataclass(frozen=True)
class Facts:
    """Everything a condition may look at for one record and one purpose.

    `categories` and `has_findings` are None when the record has no
    classification.
    """

    purpose: str
    complete: bool
    data_class: str
    origin: str | None
    categories: frozenset[Category] | None
    has_findings: bool | None
    consent: ConsentRecord | None
    redaction: Redaction | None


@dataclass(frozen=True)
class ConditionKind:
    """A registered condition: how to validate its value and when it holds."""

    name: str
    expects: str
    parse: Callable[[Any], Any]
    holds: Callable[[Facts, Any], bool]


CONDITION_KINDS: dict[str, ConditionKind] = {}


def condition(name: str, expects: str, parse: Callable[[Any], Any]) -> Callable[..., Any]:
    """Register a condition kind under `name`; `expects` describes valid values for error messages."""

    def register(holds: Callable[[Facts, Any], bool]) -> Callable[[Facts, Any], bool]:
        CONDITION_KINDS[name] = ConditionKind(name, expects, parse, holds)
        return holds

    return register


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError
    return value


def _choices(allowed: tuple[str, ...], many: bool) -> Callable[[Any], Any]:
    """Parser for one of `allowed` (or, with `many`, one or a list of them)."""

    def parse(value: Any) -> Any:
        values = value if many and isinstance(value, list) else [value]
        if not values or any(not isinstance(v, str) or v not in allowed for v in values):
            raise ValueError
        return frozenset(values) if many else values[0]

    return parse


_DATA_CLASSES = tuple(d.value for d in DataClass)
_CATEGORIES = tuple(c.value for c in Category)
_FLAGS = ("ai_training_opt_in", "third_party_training")
_EXPLICIT = tuple(c.value for c in EXPLICIT_CATEGORIES)


@condition("complete", "true or false", _boolean)
def _complete(facts: Facts, value: bool) -> bool:
    """The record was read and scanned without error (false: something failed)."""
    return facts.complete is value


@condition("data_class", f"one or a list of {', '.join(_DATA_CLASSES)}", _choices(_DATA_CLASSES, True))
def _data_class(facts: Facts, value: frozenset[str]) -> bool:
    """The record's data class is one of these (unknown data classes arrive as customer_content)."""
    return facts.data_class in value


@condition("category", f"one or a list of {', '.join(_CATEGORIES)}", _choices(_CATEGORIES, True))
def _category(facts: Facts, value: frozenset[str]) -> bool:
    """The record was classified with any of these categories (unknown classification: yes)."""
    if facts.categories is None:
        return True
    return any(c.value in value for c in facts.categories)


@condition("has_findings", "true or false", _boolean)
def _has_findings(facts: Facts, value: bool) -> bool:
    """Anything sensitive was found (any finding or category; unknown classification: yes)."""
    found = True if facts.has_findings is None else facts.has_findings
    return found is value


@condition("consent_lacks", f"one of {', '.join(_FLAGS)}", _choices(_FLAGS, False))
def _consent_lacks(facts: Facts, value: str) -> bool:
    """The account has no consent record, or its record does not set this flag to true."""
    return facts.consent is None or getattr(facts.consent, value) is not True


@condition("explicit_consent_lacks", f"one of {', '.join(_EXPLICIT)}", _choices(_EXPLICIT, False))
def _explicit_consent_lacks(facts: Facts, value: str) -> bool:
    """The account has no consent record, or its explicit consent does not include this category."""
    return facts.consent is None or Category(value) not in facts.consent.explicit_consent


@condition("outside_origin_feature", "true or false", _boolean)
def _outside_origin_feature(facts: Facts, value: bool) -> bool:
    """An AI feature produced the record and the purpose is not improving that same feature.

    A malformed feature origin matches no purpose, so it is outside for all.
    """
    if not is_feature_origin(facts.origin):
        outside = False
    else:
        feature = origin_feature(facts.origin)
        outside = feature is None or purpose_feature(facts.purpose) != feature
    return outside is value


@condition("redaction_mode", f"one or a list of {', '.join(MODES)}", _choices(MODES, True))
def _redaction_mode(facts: Facts, value: frozenset[str]) -> bool:
    """A redacted form was supplied and it was made with one of these modes (only the modes
    `classifier.redaction` writes: a misspelt mode would match nothing and quietly drop a rule)."""
    return facts.redaction is not None and facts.redaction.mode in value


#: The kinds registered above. Each reads only the facts and, of a redaction, only its mode
#: (never its hash, which differs per record): `eligibility.engine` remembers their verdicts.
BUILT_IN_KINDS = frozenset(CONDITION_KINDS.values())
