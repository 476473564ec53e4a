"""Policy files: the default loads, edited copies change order and sentences, bad files name the line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from classifier.classification import Classification
from classifier.eligibility import PolicyError, decide, default_policy_path, load_policy
from classifier.findings import Category

VALID = """\
name: strict-test
version: "2"
description: A test policy.
rules:
  - id: no-phi
    description: Health information is never used here.
    applies_to: [all]
    when:
      category: PHI
    outcome: ineligible
  - id: no-third-party
    description: Nothing goes to third parties.
    applies_to: [third_party_training, feature_improvement]
    outcome: ineligible
  - id: redact
    description: Use the redacted form.
    applies_to: [all]
    when: {has_findings: true}
    outcome: eligible_after_redaction
  - id: clean
    description: Clean records may be used.
    applies_to: [all]
    when: {has_findings: false}
    outcome: eligible
"""

PHI = Classification([Category.PII, Category.PHI], {}, {"MEDICATION": 1, "PERSON": 1})


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_policy_is_shipped_and_covers_the_seven_rules():
    policy = load_policy()
    assert Path(policy.source) == default_policy_path()
    assert (policy.name, policy.version) == ("default", "1.0")
    assert [r.rule_id for r in policy.rules] == [
        "record-incomplete",
        "customer-content-without-opt-in",
        "phi-without-explicit-consent",
        "edu-without-explicit-consent",
        "feature-data-outside-its-feature",
        "third-party-without-consent",
        "reversible-redaction",
        "nothing-found",
        "redacted-form-only",
    ]
    assert len(policy.sha256) == 64


def test_a_copied_and_edited_policy_changes_sentences_and_deciding_rule(tmp_path):
    copy = tmp_path / "mine.yaml"
    shutil.copy(default_policy_path(), copy)
    text = copy.read_text(encoding="utf-8")
    # move the PHI rule in front of the opt-in rule and reword it
    start = text.index("  - id: phi-without-explicit-consent")
    end = text.index("  - id: edu-without-explicit-consent")
    phi_rule = text[start:end].replace("The record contains protected health", "Our reworded PHI sentence:")
    text = text[:start] + text[end:]
    anchor = text.index("  - id: customer-content-without-opt-in")
    copy.write_text(text[:anchor] + phi_rule + text[anchor:], encoding="utf-8")
    [default] = decide(PHI, None, load_policy(), ["first_party_training"])
    [mine] = decide(PHI, None, load_policy(copy), ["first_party_training"])
    assert default.decided_by == "customer-content-without-opt-in"
    assert mine.decided_by == "phi-without-explicit-consent"
    assert mine.rules[0].description.startswith("Our reworded PHI sentence:")
    assert default.outcome == mine.outcome


def test_custom_rules_apply_to_the_purposes_they_name(tmp_path):
    policy = load_policy(write(tmp_path, VALID))
    clean = Classification([], {}, {})
    decisions = decide(
        clean, None, policy, ["first_party_training", "third_party_training", "feature_improvement:x"]
    )
    assert [(d.outcome.value, d.decided_by) for d in decisions] == [
        ("eligible", "clean"),
        ("ineligible", "no-third-party"),
        ("ineligible", "no-third-party"),
    ]
    assert decisions[0].policy == {"name": "strict-test", "version": "2"}


def test_rules_for_a_purpose_keep_policy_order_and_survive_pickling(tmp_path):
    import pickle

    policy = load_policy(write(tmp_path, VALID))
    ids = [r.rule_id for r in policy.rules_for("feature_improvement:x")]
    assert ids == ["no-phi", "no-third-party", "redact", "clean"]
    assert [r.rule_id for r in policy.rules_for("first_party_training")] == ["no-phi", "redact", "clean"]
    copy = pickle.loads(pickle.dumps(policy))  # as scan workers receive it
    assert copy == policy and [r.rule_id for r in copy.rules_for("third_party_training")] == ids


@pytest.mark.parametrize(
    "old,new,line,message",
    [
        ("      category: PHI\n", "      categroy: PHI\n", 9, "unknown condition kind 'categroy'"),
        (
            "      category: PHI\n",
            "      category: PHX\n",
            9,
            "category expects one or a list of PII, PHI, EDU",
        ),
        (
            "    when: {has_findings: true}",
            "    when: {has_findings: yes please}",
            18,
            "has_findings expects true",
        ),
        ("    outcome: eligible\n", "    outcome: allowed\n", 24, "outcome must be one of"),
        ("  - id: clean\n", "  - id: redact\n", 20, "rule id 'redact' is used twice"),
        (
            "[third_party_training, feature_improvement]",
            "[third_party]",
            13,
            "unknown applies_to entry 'third_party'",
        ),
        (
            "    applies_to: [all]\n    when:\n",
            "    applies: [all]\n    when:\n",
            7,
            "unknown rule key 'applies'",
        ),
        (
            "description: A test policy.\n",
            "description: A test policy.\nowner: me\n",
            4,
            "unknown key 'owner'",
        ),
        ('version: "2"\n', "", 1, "the policy has no 'version'"),
        ("    outcome: ineligible\n  - id: no-third", "  - id: no-third", 5, "the rule has no 'outcome'"),
        (
            "      category: PHI\n",
            "      category: PHI\n      category: EDU\n",
            10,
            "'category' appears twice",
        ),
        ("    when:\n      category: PHI\n", "    when: [category, PHI]\n", 8, "when must be a mapping"),
        ("  - id: clean\n", "  - id: 'bad id!'\n", 20, "rule ids use letters"),
        ("    when: {has_findings: true}", "    when: {has_findings: [true}", 18, "not valid YAML"),
    ],
)
def test_policy_errors_name_the_line(tmp_path, old, new, line, message):
    assert old in VALID
    path = write(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert f"{path}:{line}:" in str(info.value)
    assert message in str(info.value)


@pytest.mark.parametrize(
    "text,message",
    [
        ("", "empty policy file"),
        ("- just\n- a list\n", "a policy must be a mapping"),
        ('name: x\nversion: "1"\nrules: []\n', "rules must be a non-empty list"),
    ],
)
def test_policy_shape_errors(tmp_path, text, message):
    with pytest.raises(PolicyError, match=message):
        load_policy(write(tmp_path, text))


def test_missing_policy_file_is_an_error_naming_it(tmp_path):
    with pytest.raises(PolicyError, match="nope.yaml: cannot read file"):
        load_policy(tmp_path / "nope.yaml")
