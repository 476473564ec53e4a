"""Manifests map path globs to account, data class and origin; the first match wins; errors name the line."""

from __future__ import annotations

import json

import pytest

from classifier.eligibility import ManifestError, load_manifest, record_context
from classifier.records import DataClass, Record, Segment

MANIFEST = """\
# specific globs first
"acme/summaries/**": {account_id: acme, data_class: customer_content, origin: "feature:meeting_summary"}
"acme/**":
  account_id: acme
  data_class: customer_content
"/srv/telemetry/*.jsonl": {data_class: service_generated}
"**/crash-?.log": {account_id: globex, data_class: service_generated}
"reports/[ab]*.txt": {account_id: "1234"}
"""


def record(source: str, kind: DataClass = DataClass.CUSTOMER_CONTENT, **metadata) -> Record:
    """A record whose reader set `Record.data_class` to `kind` and put `metadata` (JSONL fields) beside it."""
    return Record("r", source, "plain", [Segment("x")], data_class=kind, metadata=metadata)


@pytest.fixture
def manifest(tmp_path):
    path = tmp_path / "manifest.yaml"
    path.write_text(MANIFEST, encoding="utf-8")
    return load_manifest(path)


@pytest.mark.parametrize(
    "source,glob",
    [
        ("acme/summaries/2024/m1.vtt", "acme/summaries/**"),
        ("/data/in/acme/summaries/m1.vtt", "acme/summaries/**"),
        ("acme/calls/m1.vtt", "acme/**"),
        ("C:\\exports\\acme\\chat.txt", "acme/**"),
        ("/srv/telemetry/events.jsonl", "/srv/telemetry/*.jsonl"),
        ("crash-1.log", "**/crash-?.log"),
        ("x/y/crash-2.log", "**/crash-?.log"),
        ("reports/b-2024.txt", "reports/[ab]*.txt"),
        ("notacme/calls/m1.vtt", None),
        ("/other/srv/telemetry/events.jsonl", None),
        ("/srv/telemetry/sub/events.jsonl", None),
        ("x/crash-10.log", None),
        ("reports/c-2024.txt", None),
    ],
)
def test_first_matching_glob_wins(manifest, source, glob):
    entry = manifest.lookup(source)
    assert (entry.glob if entry else None) == glob


def test_entries_keep_their_line(manifest):
    assert [e.line for e in manifest.entries] == [2, 3, 6, 7, 8]
    assert manifest.entries[4].account_id == "1234"


def test_json_manifests_work_too(tmp_path):
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"b/*": {"account_id": "b"}, "*": {"account_id": "any"}}), encoding="utf-8")
    manifest = load_manifest(path)
    assert manifest.lookup("b/x.vtt").account_id == "b"
    assert manifest.lookup("c.vtt").account_id == "any"


def test_record_fields_win_and_the_manifest_fills_the_gaps(manifest):
    from_manifest = record_context(record("acme/summaries/m.vtt"), manifest)
    assert (from_manifest.account_id, from_manifest.data_class, from_manifest.origin) == (
        "acme",
        "customer_content",
        "feature:meeting_summary",
    )
    own = record_context(
        record("acme/summaries/m.vtt", account_id="initech", origin="feature:chat_compose"), manifest
    )
    assert (own.account_id, own.origin) == ("initech", "feature:chat_compose")
    telemetry = record_context(record("/srv/telemetry/e.jsonl"), manifest)
    assert telemetry.data_class == "service_generated" and telemetry.account_id is None
    explicit = record_context(record("/srv/telemetry/e.jsonl", data_class="customer_content"), manifest)
    assert explicit.data_class == "customer_content"
    as_enum = record_context(record("acme/a.vtt", data_class=DataClass.SERVICE_GENERATED), manifest)
    assert as_enum.data_class == "service_generated"
    unknown = record_context(record("elsewhere/e.jsonl", data_class="partner_data"), manifest)
    assert unknown.data_class == "customer_content"  # fail closed
    unmatched = record_context(record("elsewhere/e.jsonl", DataClass.SERVICE_GENERATED), manifest)
    assert unmatched.data_class == "service_generated" and unmatched.account_id is None
    assert record_context(record("acme/a.vtt", account_id=77)).account_id == "77"


@pytest.mark.parametrize(
    "text,line,message",
    [
        ('"a/*": {account_id: a}\n"b/*": {acount_id: b}\n', 2, "unknown field 'acount_id'"),
        ('"a/*": {account_id: a}\n"b/*": {data_class: customer}\n', 2, "data_class must be one of"),
        ('"a/*": {account_id: a}\n"b/*": {origin: ""}\n', 2, "origin must be a non-empty string"),
        ('"a/*": {account_id: a}\n"b/*": [a, b]\n', 2, "must be a mapping"),
        ('"a/*": {account_id: a}\n"a/*": {account_id: b}\n', 2, "the key of line 1 appears twice"),
        ("- a\n- b\n", 1, "the manifest must be a mapping"),
        ('"a/*": {account_id: a\n', 2, "not valid YAML/JSON"),
    ],
)
def test_manifest_errors_name_the_line(tmp_path, text, line, message):
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ManifestError) as info:
        load_manifest(path)
    assert str(info.value).startswith(f"{path}:{line}: ")
    assert message in str(info.value)


def test_empty_manifest_is_an_error(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="empty manifest"):
        load_manifest(path)
