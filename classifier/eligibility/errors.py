"""Errors for bad eligibility inputs (purposes, consent files, manifests, policies).

They are separate from engine errors because they stop a run before any record
is decided: a consent file or policy that cannot be read must never fall back
to a looser default. Every message names the file and, where there is one, the
line; none of them repeats a value from the input.
"""

from __future__ import annotations


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
