"""Slack values that reached outputs through names rather than texts, and day files past JSON's limits.

Keys of the data (`Maria_Lopez`) in error messages, conversation names made of
users' handles (`mpdm-mlopez--kmensah-1`) in record ids, errors and redacted
copies, and one day file that Python's JSON parser refuses (an integer of
thousands of digits, nesting thousands deep) failing the whole export.
Synthetic data only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from classifier.cli.main import main
from classifier.findings import Category, Finding
from classifier.formats import jsondata, read_path, redact_file
from classifier.formats.decrypt import decrypt_file

DAY = "2024-05-01.json"
ENCRYPTION_KEY = "synthetic-slack-key"  # for `--mode encrypt`
KEY = "Maria_Lopez"
EMAIL_KEY = "jane.doe@example.com"
GROUP = "maria-lopez-iep"
MPIM = "mpdm-mlopez--kmensah-1"
HANDLES = ("mlopez", "kmensah")
USERS = [
    {"id": "U01", "name": "mlopez", "real_name": "Maria Lopez", "profile": {"real_name": "Maria Lopez"}},
    {"id": "U02", "name": "kmensah", "real_name": "Kofi Mensah", "profile": {"real_name": "Kofi Mensah"}},
]
#: Everything an output must not show unless asked (`--include-values`).
PRIVATE = (KEY, EMAIL_KEY, GROUP, MPIM, *HANDLES)


class NoFindings:
    """An engine that finds nothing: what is redacted then is what the reader itself knows."""

    def analyze_record(self, record: Any) -> list[list[Any]]:
        return [[] for _ in record.segments]


def _message(text: str = "see you at noon", **fields: Any) -> dict[str, Any]:
    return {"type": "message", "user": "U01", "text": text, "ts": "1714550400.000100", **fields}


def _export(tmp_path: Path, days: dict[str, Any] | None = None) -> Path:
    """`general` (a channel), `maria-lopez-iep` (a private channel) and a group DM, one day each;
    `days` replaces or adds day files by `folder/file` (raw text when a string)."""
    root = tmp_path / "export"
    root.mkdir()
    (root / "users.json").write_text(json.dumps(USERS), encoding="utf-8")
    listings = {
        "channels.json": [{"id": "C01", "name": "general"}],
        "groups.json": [{"id": "G01", "name": GROUP, "members": ["U01"]}],
        "mpims.json": [{"id": "G02", "name": MPIM, "members": ["U01", "U02"]}],
    }
    for listing, entries in listings.items():
        (root / listing).write_text(json.dumps(entries), encoding="utf-8")
    files: dict[str, Any] = {f"{folder}/{DAY}": [_message()] for folder in ("general", GROUP, MPIM)}
    for name, content in {**files, **(days or {})}.items():
        (root / name).parent.mkdir(exist_ok=True)
        text = content if isinstance(content, str) else json.dumps(content)
        (root / name).write_text(text, encoding="utf-8")
    return root


def _by_folder(root: Path) -> dict[str, Any]:
    return {record.metadata["channel"]: record for record in read_path(root)}


def _leaked(text: str) -> list[str]:
    return [value for value in PRIVATE if value.lower() in text.lower()]


# --- 1. keys of the data in error messages ---


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        pytest.param(
            {"metadata": {"event_type": "x", "event_payload": {KEY: {EMAIL_KEY: True}}}},
            "'metadata.event_payload.(key 1)' has a key that is not a name",
            id="event-payload",
        ),
        pytest.param(
            {"bot_payload": {"ok": 1, KEY: [{EMAIL_KEY: 1}]}},
            "'(key 5).(key 2)[0]' has a key that is not a name",
            id="unknown-message-key",
        ),
        pytest.param(
            {"pinned_info": {"MLOPEZ1": {EMAIL_KEY: 1}}},
            "'pinned_info.(key 1)' has a key that is not a name",
            id="pinned-info-id",
        ),
        pytest.param(
            {"attachments": [{KEY: {"text": ["not", "text"], EMAIL_KEY: 1}}]},
            "'attachments[0].(key 1)' has a key that is not a name",
            id="attachment-key",
        ),
    ],
)
def test_an_error_names_keys_of_the_data_by_place(tmp_path: Path, fields: dict[str, Any], shown: str) -> None:
    root = _export(tmp_path, {f"general/{DAY}": [_message(**fields)]})
    general = _by_folder(root)["general"]

    assert not general.complete
    assert any(f"message 0: field {shown}" in error for error in general.errors), general.errors
    assert _leaked("\n".join(general.errors)) == [] and "MLOPEZ1" not in "\n".join(general.errors)


def test_a_conversation_entry_key_is_named_by_place(tmp_path: Path) -> None:
    root = _export(tmp_path)
    (root / "channels.json").write_text(
        json.dumps([{"id": "C01", "name": "general", "prefs": {KEY: {EMAIL_KEY: 1}}}]), encoding="utf-8"
    )
    general = _by_folder(root)["general"]

    assert general.errors == [
        f"{root}/channels.json: conversation 0: field '(key 3).(key 1)' has a key that is not a name"
    ]


def test_redact_prints_no_key_of_the_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload = {"event_type": "x", "event_payload": {KEY: {EMAIL_KEY: True}}}
    root = _export(tmp_path, {f"general/{DAY}": [_message(metadata=payload)]})

    code = main(["redact", str(root), "-o", str(tmp_path / "out"), "--no-ner"])

    err = capsys.readouterr().err
    assert code != 0 and "metadata.event_payload.(key 1)" in err
    assert KEY not in err and EMAIL_KEY not in err


# --- 2. conversation names in record ids, errors and redacted copies ---


def test_a_name_made_of_handles_or_users_names_is_not_the_record_id(tmp_path: Path) -> None:
    records = _by_folder(_export(tmp_path))

    assert records[MPIM].record_id.endswith("#G02") and records[GROUP].record_id.endswith("#G01")
    assert records["general"].record_id.endswith("#general")
    name = records[MPIM].segments[-1]
    assert name.text == MPIM and [name.text[s:e] for s, e, _ in name.location.known_spans] == list(HANDLES)
    assert {t for _, _, t in name.location.known_spans} == {"USERNAME"}
    assert all(not _leaked(record.record_id) for record in records.values())


def test_an_mpdm_name_of_unknown_handles_is_still_not_shown(tmp_path: Path) -> None:
    root = _export(tmp_path)
    (root / "users.json").write_text("[]", encoding="utf-8")  # the members left the workspace

    record = _by_folder(root)[MPIM]

    assert record.record_id.endswith("#G02")
    assert [record.segments[-1].text[s:e] for s, e, _ in record.segments[-1].location.known_spans] == list(
        HANDLES
    )


def _finding(text: str, entity_type: str) -> Finding:
    return Finding(0, len(text), entity_type, Category.PII, 0.9, "test", value=text)


def test_a_name_detection_finds_something_in_gives_way_to_the_conversation_id(tmp_path: Path) -> None:
    root = _export(tmp_path)
    (root / "channels.json").write_text(json.dumps([{"id": "C01", "name": "jdoe"}]), encoding="utf-8")
    (root / "general").rename(root / "jdoe")
    record = _by_folder(root)["jdoe"]
    assert record.record_id.endswith("#jdoe")  # nothing known in it yet

    name_findings = [[] for _ in record.segments[:-1]] + [[_finding("jdoe", "USERNAME")]]
    jsondata.value_free_ids(record, name_findings)

    assert record.record_id == f"{root}#C01"


def test_an_incomplete_record_shows_the_conversation_id(tmp_path: Path) -> None:
    record = _by_folder(_export(tmp_path, {f"general/{DAY}": "[{"}))["general"]
    assert not record.complete

    jsondata.value_free_ids(record, [[] for _ in record.segments])

    assert record.record_id == f"{tmp_path / 'export'}#C01"


def test_a_folder_without_an_entry_is_shown_by_its_place(tmp_path: Path) -> None:
    root = _export(tmp_path, {f"kofi-mensah-notes/{DAY}": [_message()], f"D0123ABC/{DAY}": [_message()]})

    ids = sorted(record.record_id.rsplit("#", 1)[1] for record in read_path(root))

    assert ids == ["D0123ABC", "G01", "G02", "conversation-3", "general"]  # the third folder


def test_errors_name_the_folder_by_the_conversation_id(tmp_path: Path) -> None:
    root = _export(
        tmp_path, {f"{MPIM}/{DAY}": [_message(text=["not text"])], f"{MPIM}/2024-05-02.json": "[{"}
    )
    record = _by_folder(root)[MPIM]

    assert len(record.errors) == 2 and all(f"{root}/G02/" in error for error in record.errors)
    assert _leaked("\n".join(record.errors)) == []


def test_the_redacted_copy_redacts_conversation_names(tmp_path: Path) -> None:
    root = _export(tmp_path)
    output = tmp_path / "out"

    redact_file(NoFindings(), root, output, mode="label")

    listings = {name: (output / name).read_text("utf-8") for name in ("groups.json", "mpims.json")}
    assert json.loads(listings["mpims.json"])[0]["name"] == "mpdm-<USERNAME>--<USERNAME>-1"
    assert json.loads(listings["groups.json"])[0]["name"] == "<PERSON>-iep"
    assert json.loads((output / "channels.json").read_text("utf-8"))[0]["name"] == "general"
    assert _leaked("\n".join(listings.values())) == []
    folders = sorted(path.parent.name for path in output.rglob(DAY))
    assert folders == ["G01", "G02", "general"]  # a folder named like a redacted name is its id now
    again = {record.record_id.rsplit("#", 1)[1]: record for record in read_path(output)}
    assert again["G02"].segments[-1].text == "mpdm-<USERNAME>--<USERNAME>-1"  # still finds its entry


def test_decrypt_restores_a_redacted_conversation_name(tmp_path: Path) -> None:
    root = _export(tmp_path)
    (root / "mpims.json").write_text(
        json.dumps([{"id": "G02", "name": MPIM, "purpose": {"value": "planning"}}]), encoding="utf-8"
    )
    encrypted, restored = tmp_path / "enc", tmp_path / "dec"

    redact_file(NoFindings(), root, encrypted, mode="encrypt", key=ENCRYPTION_KEY)
    assert MPIM not in (encrypted / "mpims.json").read_text("utf-8") and not (encrypted / MPIM).exists()
    decrypt_file(encrypted, restored, ENCRYPTION_KEY)

    entry = json.loads((restored / "mpims.json").read_text("utf-8"))[0]
    assert entry == {"id": "G02", "name": MPIM, "purpose": {"value": "planning"}}
    assert (restored / "G02" / DAY).is_file()  # the folder keeps the id it was given


def test_scan_outputs_show_no_key_or_conversation_name(tmp_path: Path) -> None:
    payload = {"event_type": "x", "event_payload": {KEY: {EMAIL_KEY: True}}}
    root = _export(
        tmp_path,
        {
            f"general/{DAY}": [_message(metadata=payload)],
            f"{MPIM}/{DAY}": [_message(text="my username is mlopez, ping me")],
        },
    )
    out = tmp_path / "scan"

    assert main(["scan", str(root), "--out", str(out), "--workers", "1", "--quiet", "--no-ner"]) == 3

    outputs = {name: (out / name).read_text("utf-8") for name in ("documents.jsonl", "findings.jsonl")}
    outputs |= {name: (out / name).read_text("utf-8") for name in ("summary.json", "report.html")}
    assert {name: _leaked(text) for name, text in outputs.items()} == dict.fromkeys(outputs, [])
    ids = {
        json.loads(line)["record_id"].rsplit("#", 1)[1] for line in outputs["documents.jsonl"].splitlines()
    }
    assert ids == {"C01", "G01", "G02"}  # general: incomplete, so its id too
    found = {json.loads(line)["record_id"] for line in outputs["findings.jsonl"].splitlines()}
    assert any(record_id.endswith("#G02") for record_id in found)
    assert "metadata.event_payload.(key 1)" in outputs["summary.json"]


# --- 3. a day file past JSON's limits fails only its conversation ---


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param(
            '[{"type": "message", "text": "hi", "n": ' + "7" * 4400 + "}]", "too long", id="long-int"
        ),
        pytest.param("[" * 5000 + "]" * 5000, "nested too deeply", id="deep"),
    ],
)
def test_a_day_file_past_the_parsers_limits_fails_only_itself(
    tmp_path: Path, content: str, reason: str
) -> None:
    root = _export(tmp_path, {"general/2024-05-02.json": content})

    records = _by_folder(root)

    general = records["general"]
    assert len(general.errors) == 1 and "2024-05-02.json" in general.errors[0] and reason in general.errors[0]
    assert [s.text for s in general.segments] == ["see you at noon", "general"]  # the other day is read
    assert records[GROUP].complete and records[MPIM].complete
    output = tmp_path / "out"
    report = redact_file(NoFindings(), root, output)
    assert not report.complete and (output / "G01" / DAY).is_file()
    assert (
        output / "C01" / DAY
    ).is_file()  # the day read, under the id: an incomplete record's name is not shown
    assert not (output / "general" / "2024-05-02.json").exists()
