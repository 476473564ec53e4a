"""Hostile eligibility inputs: consent, policy and manifest files that must be refused up front (exit 2),
with a message naming file and line that never repeats user data and never a traceback."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from classifier.classification import Classification
from classifier.cli.main import main
from classifier.eligibility import (
    ConsentError,
    ConsentStore,
    ManifestError,
    PolicyError,
    decide_record,
    default_policy_path,
    document_entry,
    dumps_entry,
    load_consent,
    load_manifest,
    load_policy,
)
from classifier.records import Record, Segment

HEADER = "account_id,ai_training_opt_in,recorded_at\n"
NAME = "Maria Lopez"
EMAIL = "jane.doe@example.com"
DEFAULT_POLICY = default_policy_path().read_text(encoding="utf-8")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def make_scan(tmp_path: Path) -> Path:
    """A one-record scan folder, so `decide` has documents to re-decide."""
    scan = tmp_path / "scan"
    scan.mkdir()
    record = Record("1", "acme/a.vtt", "zoom_vtt", [Segment("x")], metadata={"account_id": "acme"})
    classification = Classification([], {}, {})
    context, decisions = decide_record(
        record, classification, ConsentStore({}), load_policy(), ["first_party_training"]
    )
    entry = dumps_entry(document_entry(record, classification, decisions, context=context))
    (scan / "documents.jsonl").write_text(entry + "\n", encoding="utf-8")
    return scan


def decide_exit(tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    """Run `classifier decide` with `extra` arguments; the exit code and stderr."""
    scan = make_scan(tmp_path)
    out = tmp_path / "out"
    code = main(["decide", "--scan", str(scan), *extra, "--out", str(out)])
    assert not (out / "documents.jsonl").exists()
    return code, capsys.readouterr().err


def scan_exit(tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    """Run `classifier scan` on one small file with `extra` arguments; the exit code and stderr."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.txt").write_text("hello", encoding="utf-8")
    args = ["scan", str(data), "--out", str(tmp_path / "scanned"), "--workers", "1", "--quiet", "--no-ner"]
    code = main([*args, *extra])
    return code, capsys.readouterr().err


OPTED_OUT_THEN_IN = '"account_id": "acme", "ai_training_opt_in": false, "ai_training_opt_in": true'
REST = '"ai_training_opt_in": true, "recorded_at": "2024-01-01"}\n'
REPEATED_KEYS = [
    ("{" + OPTED_OUT_THEN_IN + ', "recorded_at": "2024-01-01"}\n', "'ai_training_opt_in' appears twice"),
    (
        '{"account_id": "other", "account_id": "acme", ' + REST,
        "'account_id' appears twice",
    ),
    (
        f'{{"account_id": "a", "{NAME}": 1, "{NAME}": 2, ' + REST,
        "appears twice",
    ),
]


@pytest.mark.parametrize("line,message", REPEATED_KEYS)
def test_a_repeated_json_key_is_refused_not_last_one_wins(tmp_path, line, message):
    path = write(tmp_path, "consent.jsonl", line)
    with pytest.raises(ConsentError) as info:
        load_consent(path)
    assert str(info.value).startswith(f"{path}:1: ") and message in str(info.value)
    assert NAME not in str(info.value)


def test_a_repeated_csv_column_is_refused(tmp_path):
    path = write(tmp_path, "consent.csv", "account_id,ai_training_opt_in,recorded_at, ai_training_opt_in\n")
    with pytest.raises(ConsentError, match=r":1: a column name appears twice"):
        load_consent(path)


def test_decide_exits_2_on_a_repeated_consent_key(tmp_path, capsys):
    consent = write(tmp_path, "consent.jsonl", REPEATED_KEYS[0][0])
    code, err = decide_exit(tmp_path, capsys, "--consent", str(consent))
    assert code == 2 and "consent.jsonl:1:" in err and "appears twice" in err and "Traceback" not in err


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_a_recorded_at_outside_utc_range_is_refused_at_load(tmp_path, capsys, moment):
    consent = write(tmp_path, "consent.csv", f"{HEADER}acme,true,{moment}\n")
    with pytest.raises(ConsentError) as info:
        load_consent(consent)
    assert str(info.value).startswith(f"{consent}:2: recorded_at is out of range")
    assert moment not in str(info.value)
    for run in (decide_exit, scan_exit):
        (tmp_path / run.__name__).mkdir()
        code, err = run(tmp_path / run.__name__, capsys, "--consent", str(consent))
        assert code == 2 and "consent.csv:2: recorded_at is out of range" in err, err
        assert moment not in err and "Traceback" not in err


@pytest.mark.parametrize(
    "name,text,message",
    [
        ("consent.csv", HEADER + "a" * 140_000 + ",true,2024-01-01\n", ":2: a cell is longer than"),
        ("consent.jsonl", '{"account_id": ' + "7" * 5000 + "}\n", ":1: a JSON number has too many digits"),
        ("consent.jsonl", '{"account_id": ' + "[" * 50_000 + "}\n", ":1: the JSON is nested too deeply"),
        (
            "consent.csv",
            "account_id,ai_training_opt_in,explicit_consent,recorded_at\na,true,"
            + "[" * 50_000
            + ",2024-01-01\n",
            ":2: the JSON is nested too deeply",
        ),
    ],
)
def test_oversized_or_deep_consent_values_are_clear_errors(tmp_path, capsys, name, text, message):
    consent = write(tmp_path, name, text)
    with pytest.raises(ConsentError) as info:
        load_consent(consent)
    assert str(info.value).startswith(str(consent)) and message in str(info.value)
    code, err = decide_exit(tmp_path, capsys, "--consent", str(consent))
    assert code == 2 and message in err and "Traceback" not in err and "aaaa" not in err


@pytest.mark.parametrize(
    "text,line,message",
    [
        ("name: !!python/object:os.system x\n", ":1:", "could not determine a constructor"),
        ("name: " + "[" * 20_000 + "\n", ":", "nested too deeply"),
        ("name: 2024-13-45\n", ":", "out of range"),
        ("name: *Maria_Lopez_123-45-6789\n", ":1:", "found undefined alias (not shown)"),
        ("name: a\n" + f'"{NAME}": 1\n"{NAME}": 2\n', ":3:", "the key of line 2 appears twice"),
        ("name: a\x07\n", ":", "control character"),
    ],
)
def test_policy_yaml_that_cannot_be_constructed_is_a_clear_error(tmp_path, capsys, text, line, message):
    policy = write(tmp_path, "policy.yaml", text)
    with pytest.raises(PolicyError) as info:
        load_policy(policy)
    assert str(info.value).startswith(f"{policy}{line}") and message in str(info.value)
    for secret in ("os.system", "Maria", "123-45-6789"):
        assert secret not in str(info.value)
    consent = write(tmp_path, "consent.csv", HEADER)
    code, err = decide_exit(tmp_path, capsys, "--consent", str(consent), "--policy", str(policy))
    assert code == 2 and message in err and "Traceback" not in err


@pytest.mark.parametrize("mode", ["encrypted", "", ["encrypt", "hashed"], []])
def test_a_misspelt_redaction_mode_is_refused(tmp_path, capsys, mode):
    shown = (mode or '""') if isinstance(mode, str) else "[" + ", ".join(mode) + "]"
    text = DEFAULT_POLICY.replace("redaction_mode: encrypt\n", f"redaction_mode: {shown}\n")
    assert text != DEFAULT_POLICY
    policy = write(tmp_path, "policy.yaml", text)
    with pytest.raises(PolicyError, match="redaction_mode expects one or a list of label, mask"):
        load_policy(policy)
    consent = write(tmp_path, "consent.csv", HEADER)
    code, err = decide_exit(tmp_path, capsys, "--consent", str(consent), "--policy", str(policy))
    assert code == 2 and "redaction_mode expects" in err


def test_known_redaction_modes_still_load(tmp_path):
    text = DEFAULT_POLICY.replace("redaction_mode: encrypt\n", "redaction_mode: [encrypt, hash]\n")
    rule = next(
        r for r in load_policy(write(tmp_path, "p.yaml", text)).rules if r.rule_id == "reversible-redaction"
    )
    assert any(c.kind == "redaction_mode" and c.value == {"encrypt", "hash"} for c in rule.conditions)


@pytest.mark.parametrize("glob", ["[z-a]*", "acme/[!]"])
def test_a_manifest_glob_that_is_no_pattern_is_a_clear_error(tmp_path, capsys, glob):
    manifest = write(tmp_path, "m.yaml", f'"ok/**": {{account_id: a}}\n"{glob}": {{account_id: acme}}\n')
    with pytest.raises(ManifestError) as info:
        load_manifest(manifest)
    assert str(info.value).startswith(f"{manifest}:2: the glob is not a valid pattern")
    code, err = scan_exit(tmp_path, capsys, "--manifest", str(manifest))
    assert code == 2 and "m.yaml:2: the glob is not a valid pattern" in err and "Traceback" not in err


def test_consent_columns_that_are_not_identifiers_are_counted_by_position(tmp_path):
    path = write(
        tmp_path, "consent.csv", f"account_id,ai_training_opt_in,recorded_at,{NAME},Region,extra_note\n"
    )
    with pytest.raises(ConsentError) as info:
        load_consent(path)
    message = str(info.value)
    assert "unknown field(s) extra_note, 2 not shown (column 4, 5" in message
    assert "Maria" not in message and "Region" not in message


def test_consent_jsonl_keys_that_are_not_identifiers_are_counted_by_position(tmp_path):
    line = f'{{"account_id": "a", "ai_training_opt_in": true, "recorded_at": "2024-01-01", "{EMAIL}": 1}}\n'
    path = write(tmp_path, "consent.jsonl", line)
    with pytest.raises(ConsentError) as info:
        load_consent(path)
    assert "1 not shown (key 4" in str(info.value) and EMAIL not in str(info.value)


@pytest.mark.parametrize(
    "text,message",
    [
        (f'"acme/**": {{account_id: acme, "{EMAIL}": x}}\n', ":1: unknown field (its name is not shown)"),
        (
            f'"{EMAIL}/**": {{account_id: a}}\n"{EMAIL}/**": {{account_id: b}}\n',
            ":2: the key of line 1 appears",
        ),
        (
            f'"{EMAIL}/**": {{account_id: a, account_id: b}}\n',
            ":1: 'account_id' appears twice in a manifest entry",
        ),
        (f'"{EMAIL}/**": {{5: a}}\n', ":1: keys of a manifest entry must be strings"),
    ],
)
def test_manifest_messages_never_repeat_unknown_keys_or_globs(tmp_path, text, message):
    manifest = write(tmp_path, "m.yaml", text)
    with pytest.raises(ManifestError) as info:
        load_manifest(manifest)
    assert message in str(info.value) and "jane" not in str(info.value)


@pytest.mark.parametrize(
    "old,new,message",
    [
        ('version: "1.0"\n', f'version: "1.0"\n"{NAME}": x\n', "unknown key (its name is not shown)"),
        ("    applies_to: [third_party_training]\n", f'    applies_to: ["{EMAIL}"]\n', "entry (not shown)"),
        (
            "      complete: false\n",
            f'      "{NAME}": false\n',
            "unknown condition kind (its name is not shown)",
        ),
        (
            "    outcome: eligible\n",
            f'    outcome: eligible\n    "{NAME}": x\n',
            "unknown rule key (its name",
        ),
    ],
)
def test_policy_messages_never_repeat_unknown_names(tmp_path, old, new, message):
    assert old in DEFAULT_POLICY
    policy = write(tmp_path, "policy.yaml", DEFAULT_POLICY.replace(old, new, 1))
    with pytest.raises(PolicyError) as info:
        load_policy(policy)
    assert message in str(info.value) and "Maria" not in str(info.value) and "jane" not in str(info.value)


def test_policy_messages_still_name_identifier_shaped_keys(tmp_path):
    policy = write(
        tmp_path, "policy.yaml", DEFAULT_POLICY.replace("      complete: false\n", "      complet: false\n")
    )
    with pytest.raises(PolicyError, match=r"unknown condition kind 'complet'"):
        load_policy(policy)


def test_a_recorded_at_in_the_future_is_refused_at_load(tmp_path, capsys):
    """An opt-in dated 2099 (a mistyped 2024) would win over a real opt-out recorded later."""
    consent = write(
        tmp_path, "consent.csv", f"{HEADER}acme,false,2025-06-01T00:00:00Z\nacme,true,2099-01-15\n"
    )
    with pytest.raises(ConsentError) as info:
        load_consent(consent)
    assert str(info.value).startswith(f"{consent}:3: recorded_at lies in the future")
    assert "2099" not in str(info.value)
    for run in (decide_exit, scan_exit):
        (tmp_path / run.__name__).mkdir()
        code, err = run(tmp_path / run.__name__, capsys, "--consent", str(consent))
        assert code == 2 and "consent.csv:3: recorded_at lies in the future" in err, err
    today = datetime.now(timezone.utc).date().isoformat()
    fresh = write(tmp_path, "fresh.csv", f"{HEADER}acme,true,{today}\n")
    assert load_consent(fresh).get("acme").ai_training_opt_in is True
