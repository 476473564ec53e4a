"""Eligibility policies: ordered rules with sentences, loaded from YAML and validated on load.

Schema (see `default_policy.yaml` for a commented example):

    name: <string>
    version: <string>
    description: <string, optional>
    rules:
      - id: <letters, digits, '-' and '_'>
        description: <the sentence a compliance officer reads in each decision>
        applies_to: [all | first_party_training | third_party_training
                     | feature_improvement | feature_improvement:<feature>, ...]
        when: {<condition kind>: <value>, ...}   # all must hold; omitted: always
        outcome: eligible | eligible_after_redaction | ineligible

Validation composes the YAML node tree so every error names the file and line.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from classifier.eligibility.conditions import BUILT_IN_KINDS, CONDITION_KINDS, Facts
from classifier.eligibility.decision import Outcome, RuleHit
from classifier.eligibility.errors import PolicyError, name_or
from classifier.eligibility.purposes import purpose_matches, validate_purpose_pattern
from classifier.eligibility.yamlnodes import compose_file, line_of, mapping_items, to_python

DEFAULT_POLICY_NAME = "default_policy.yaml"
_RULE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]*\Z")
_TOP_KEYS = ("name", "version", "description", "rules")
_RULE_KEYS = ("id", "description", "applies_to", "when", "outcome")


@dataclass(frozen=True)
class Condition:
    """One `kind: value` entry of a rule's `when`, already validated."""

    kind: str
    value: Any
    line: int

    def holds(self, facts: Facts) -> bool:
        return CONDITION_KINDS[self.kind].holds(facts, self.value)


@dataclass(frozen=True)
class Rule:
    """A rule: for the purposes it applies to, when all conditions hold, it asks for `outcome`."""

    rule_id: str
    description: str
    applies_to: tuple[str, ...]
    conditions: tuple[Condition, ...]
    outcome: Outcome
    line: int

    def applies(self, purpose: str) -> bool:
        return any(purpose_matches(pattern, purpose) for pattern in self.applies_to)

    def fires(self, facts: Facts) -> bool:
        return all(condition.holds(facts) for condition in self.conditions)


@dataclass(frozen=True)
class Policy:
    """A named, versioned list of rules; `sha256` identifies the exact file for audit trails."""

    name: str
    version: str
    rules: tuple[Rule, ...]
    description: str = ""
    source: str = ""
    sha256: str = ""
    #: rules by purpose, filled by `rules_for` (a scan asks the same few purposes for every record)
    _applicable: dict[str, tuple[Rule, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    #: the winning rule hits by facts, filled by `eligibility.engine` (records repeat a few fact sets)
    hits_memo: dict[tuple[tuple[object, ...], str | None], tuple[RuleHit, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    @functools.cached_property
    def built_in_conditions_only(self) -> bool:
        """Whether every condition is of a built-in kind (`conditions.BUILT_IN_KINDS`, not one a user
        registered, or registered again, under its name): their verdicts depend on the facts alone,
        and on a redaction's mode, not on its hash. Read once per policy."""
        return all(
            CONDITION_KINDS.get(c.kind) in BUILT_IN_KINDS for rule in self.rules for c in rule.conditions
        )

    def reference(self) -> dict[str, str]:
        """What each decision cites."""
        return {"name": self.name, "version": self.version}

    def rules_for(self, purpose: str) -> tuple[Rule, ...]:
        """The rules that apply to `purpose`, in policy order."""
        rules = self._applicable.get(purpose)
        if rules is None:
            rules = self._applicable[purpose] = tuple(r for r in self.rules if r.applies(purpose))
        return rules


def default_policy_path() -> Path:
    """The shipped policy file; copy it to start your own."""
    return Path(str(resources.files("classifier.eligibility").joinpath(DEFAULT_POLICY_NAME)))


def load_policy(path: str | Path | None = None) -> Policy:
    """Load and validate a policy file (the shipped default when `path` is None)."""
    path = Path(path) if path is not None else default_policy_path()
    where = str(path)
    root = compose_file(path, PolicyError)
    if root is None:
        raise PolicyError(f"{where}: empty policy file")
    top = {
        key: (k_node, v_node) for key, k_node, v_node in mapping_items(root, where, PolicyError, "a policy")
    }
    for key, (k_node, _) in top.items():
        if key not in _TOP_KEYS:
            shown = name_or(key, "(its name is not shown)")
            raise PolicyError(
                f"{where}:{line_of(k_node)}: unknown key {shown}; a policy has {', '.join(_TOP_KEYS)}"
            )
    for key in ("name", "version", "rules"):
        if key not in top:
            raise PolicyError(f"{where}:{line_of(root)}: the policy has no {key!r}")
    name = _text(top["name"][1], where, "name")
    version = _text(top["version"][1], where, 'version (quote it, e.g. "1.0")')
    description = _text(top["description"][1], where, "description") if "description" in top else ""
    rules_node = top["rules"][1]
    if not isinstance(rules_node, yaml.SequenceNode) or not rules_node.value:
        raise PolicyError(f"{where}:{line_of(rules_node)}: rules must be a non-empty list")
    rules: list[Rule] = []
    for rule_node in rules_node.value:
        rule = _rule(rule_node, where)
        first = next((r for r in rules if r.rule_id == rule.rule_id), None)
        if first is not None:
            shown = name_or(rule.rule_id, "(not shown)")
            raise PolicyError(
                f"{where}:{rule.line}: rule id {shown} is used twice (first by the rule on line {first.line})"
            )
        rules.append(rule)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return Policy(name, version, tuple(rules), description, where, digest)


def _text(node: yaml.Node, where: str, what: str) -> str:
    value = to_python(node)
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
        raise PolicyError(f"{where}:{line_of(node)}: {what} must be a non-empty string")
    return " ".join(str(value).split())


def _rule(node: yaml.Node, where: str) -> Rule:
    line = line_of(node)
    fields = {
        key: (k_node, v_node) for key, k_node, v_node in mapping_items(node, where, PolicyError, "a rule")
    }
    for key, (k_node, _) in fields.items():
        if key not in _RULE_KEYS:
            shown = name_or(key, "(its name is not shown)")
            raise PolicyError(
                f"{where}:{line_of(k_node)}: unknown rule key {shown}; rules have {', '.join(_RULE_KEYS)}"
            )
    for key in ("id", "description", "applies_to", "outcome"):
        if key not in fields:
            raise PolicyError(f"{where}:{line}: the rule has no {key!r}")
    rule_id = _text(fields["id"][1], where, "id")
    if not _RULE_ID.match(rule_id):
        raise PolicyError(f"{where}:{line_of(fields['id'][1])}: rule ids use letters, digits, '-' and '_'")
    description = _text(fields["description"][1], where, "description")
    outcome_node = fields["outcome"][1]
    try:
        outcome = Outcome(to_python(outcome_node))
    except ValueError:
        choices = ", ".join(o.value for o in Outcome)
        raise PolicyError(f"{where}:{line_of(outcome_node)}: outcome must be one of {choices}") from None
    applies_to = _applies_to(fields["applies_to"][1], where)
    conditions = _conditions(fields["when"][1], where) if "when" in fields else ()
    return Rule(rule_id, description, applies_to, conditions, outcome, line)


def _applies_to(node: yaml.Node, where: str) -> tuple[str, ...]:
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    if not items:
        raise PolicyError(f"{where}:{line_of(node)}: applies_to must name at least one purpose")
    patterns: list[str] = []
    for item in items:
        try:
            patterns.append(validate_purpose_pattern(to_python(item)))
        except ValueError as exc:
            raise PolicyError(f"{where}:{line_of(item)}: {exc}") from None
    return tuple(patterns)


def _conditions(node: yaml.Node, where: str) -> tuple[Condition, ...]:
    conditions: list[Condition] = []
    for kind, k_node, v_node in mapping_items(node, where, PolicyError, "when"):
        registered = CONDITION_KINDS.get(kind)
        if registered is None:
            known = ", ".join(sorted(CONDITION_KINDS))
            shown = name_or(kind, "(its name is not shown)")
            raise PolicyError(
                f"{where}:{line_of(k_node)}: unknown condition kind {shown}; known kinds: {known}"
            )
        try:
            value = registered.parse(to_python(v_node))
        except ValueError:
            raise PolicyError(f"{where}:{line_of(v_node)}: {kind} expects {registered.expects}") from None
        conditions.append(Condition(kind, value, line_of(k_node)))
    return tuple(conditions)
