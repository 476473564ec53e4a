"""Training eligibility: one decision per record and purpose, from consent, content and a policy file.

Pipelines that scan themselves call `decide` (or `decide_record` for a reader's
`Record`) and write `document_entry` lines; `classifier decide` decides again
from those lines. See docs/eligibility.md and default_policy.yaml.
"""

from classifier.eligibility.conditions import CONDITION_KINDS, Facts, condition
from classifier.eligibility.consent import ConsentRecord, ConsentStore, load_consent
from classifier.eligibility.decision import Decision, Outcome, Redaction, RuleHit
from classifier.eligibility.documents import (
    RecordContext,
    decide_record,
    document_entry,
    dumps_entry,
    record_context,
    redecide_entry,
)
from classifier.eligibility.engine import decide, effective_data_class
from classifier.eligibility.errors import (
    ConsentError,
    EligibilityInputError,
    ManifestError,
    PolicyError,
    PurposeError,
)
from classifier.eligibility.manifest import Manifest, ManifestEntry, load_manifest
from classifier.eligibility.policy import Policy, Rule, default_policy_path, load_policy
from classifier.eligibility.purposes import DEFAULT_PURPOSES, parse_purpose, parse_purposes
from classifier.eligibility.summary import DecisionCounts, decision_counts

__all__ = [
    "CONDITION_KINDS",
    "DEFAULT_PURPOSES",
    "ConsentError",
    "ConsentRecord",
    "ConsentStore",
    "Decision",
    "EligibilityInputError",
    "Facts",
    "Manifest",
    "ManifestEntry",
    "ManifestError",
    "Outcome",
    "Policy",
    "PolicyError",
    "PurposeError",
    "RecordContext",
    "Redaction",
    "Rule",
    "RuleHit",
    "condition",
    "decide",
    "decide_record",
    "DecisionCounts",
    "decision_counts",
    "default_policy_path",
    "document_entry",
    "dumps_entry",
    "effective_data_class",
    "load_consent",
    "load_manifest",
    "load_policy",
    "parse_purpose",
    "parse_purposes",
    "record_context",
    "redecide_entry",
]
