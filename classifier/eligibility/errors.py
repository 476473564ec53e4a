"""Errors for bad eligibility inputs (purposes, consent files, manifests, policies).

They are separate from engine errors because they stop a run before any record
is decided: a consent file or policy that cannot be read must never fall back
to a looser default. Every message names the file and, where there is one, the
line; none of them repeats a value from the input.
"""

from __future__ import annotations

import re

#: A name an error message may repeat: lower-case identifier shape, like every field and key the
#: inputs define. Unknown keys, columns and globs come from user files and may be personal data
#: ("Maria Lopez", an email address), so anything else is described by its line or position.
_SHOWABLE_NAME = re.compile(r"[a-z][a-z0-9_]{0,40}\Z")


def showable(name: object) -> bool:
    """Whether `name` has the strict identifier shape that may appear in an error message."""
    return isinstance(name, str) and _SHOWABLE_NAME.match(name) is not None


def name_or(name: object, otherwise: str) -> str:
    """`name` quoted when it may be shown, else `otherwise` (which must not contain it)."""
    return repr(name) if showable(name) else otherwise


class EligibilityInputError(ValueError):
    """Input to the eligibility step that cannot be used; the message says where and why."""


class PurposeError(EligibilityInputError):
    """A purpose string that is not one of the known purposes."""


class ConsentError(EligibilityInputError):
    """A consent file, or a line in it, that cannot be parsed strictly."""


class ManifestError(EligibilityInputError):
    """A manifest that does not map path globs to account, data class and origin."""


class PolicyError(EligibilityInputError):
    """A policy file that does not follow the policy schema."""
