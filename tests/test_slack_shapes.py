"""Slack values of an unexpected shape or in fields beyond the first ones read: analysed, or the record fails.

Every value either becomes a segment (and the redacted export no longer holds
it) or adds an error to its conversation, which is then incomplete; errors
name the file, message and field, never the value. Synthetic data only.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from test_formats_support import FIXTURES

from classifier.config import Config
from classifier.engine import Classifier
from classifier.formats import read_path, redact_file

EMAIL = "zq.leak.test@example.org"
SSN = "219-09-9999"
PHONE = "555-0199-7731"
DAY = "2024-05-01.json"
USERS = [{"id": "U01", "name": "qavery", "real_name": "Quill Avery", "profile": {"real_name": "Quill Avery"}}]


@pytest.fixture(scope="module")
def engine() -> Classifier:
    return Classifier(Config(use_ner=False))


def _message(**fields: Any) -> dict[str, Any]:
    return {"type": "message", "user": "U01", "text": "see below", "ts": "1714550400.000100", **fields}


def _export(tmp_path: Path, messages: list[Any], channel: dict[str, Any] | None = None) -> Path:
    """`general` holds the messages under test; `random` one clean message (the batch goes on with it)."""
    root = tmp_path / "export"
    for folder in ("general", "random"):
        (root / folder).mkdir(parents=True)
    (root / "users.json").write_text(json.dumps(USERS), encoding="utf-8")
    general = {
        "id": "C01",
        "name": "general",
        "topic": {"value": ""},
        "purpose": {"value": ""},
        **(channel or {}),
    }
    random = {"id": "C02", "name": "random"}
    (root / "channels.json").write_text(json.dumps([general, random]), encoding="utf-8")
    (root / "general" / DAY).write_text(json.dumps(messages), encoding="utf-8")
    (root / "random" / DAY).write_text(json.dumps([_message(text="lunch at noon")]), encoding="utf-8")
    return root


def _records(root: Path) -> dict[str, Any]:
    return {record.metadata["channel"]: record for record in read_path(root)}


def _redacted(engine: Classifier, root: Path, tmp_path: Path) -> str:
    output = tmp_path / "out"
    redact_file(engine, root, output, mode="label")
    return "\n".join(path.read_text("utf-8") for path in sorted(output.rglob("*.json")))


ANALYSED = [
    pytest.param(
        [
            _message(
                attachments=[
                    {"fallback": "Report", "fields": [{"title": "Contact", "value": f"Mail {EMAIL}"}]}
                ]
            )
        ],
        None,
        ("attachments", 0, "fields", 0, "value"),
        f"Mail {EMAIL}",
        EMAIL,
        id="attachment-field-value",
    ),
    pytest.param(
        [_message(attachments=[{"fields": [{"title": f"SSN {SSN}", "value": "on file", "short": True}]}])],
        None,
        ("attachments", 0, "fields", 0, "title"),
        f"SSN {SSN}",
        SSN,
        id="attachment-field-title",
    ),
    pytest.param(
        [_message(files=[{"id": "F1", "initial_comment": f"call {PHONE}"}])],
        None,
        ("files", 0, "initial_comment"),
        f"call {PHONE}",
        PHONE,
        id="file-initial-comment-string",
    ),
    pytest.param(
        [
            _message(
                files=[
                    {"id": "F1", "initial_comment": {"id": "Fc1", "user": "U01", "comment": f"call {PHONE}"}}
                ]
            )
        ],
        None,
        ("files", 0, "initial_comment", "comment"),
        f"call {PHONE}",
        PHONE,
        id="file-initial-comment-object",
    ),
    pytest.param(
        [_message(files=[{"id": "F1", "preview_highlight": f"<div>SSN {SSN}</div>"}])],
        None,
        ("files", 0, "preview_highlight"),
        f"<div>SSN {SSN}</div>",
        SSN,
        id="file-preview-highlight",
    ),
    pytest.param(
        [
            _message(
                files=[{"id": "F1", "title": f"Notes for {EMAIL}", "url_private": "https://f.example.com/F1"}]
            )
        ],
        None,
        ("files", 0, "title"),
        f"Notes for {EMAIL}",
        EMAIL,
        id="file-title",
    ),
    pytest.param([_message(note=f"SSN {SSN}")], None, ("note",), f"SSN {SSN}", SSN, id="unknown-message-key"),
    pytest.param(
        [
            _message(
                subtype="thread_broadcast", root={"user": "U01", "text": f"call {PHONE}", "reply_count": 2}
            )
        ],
        None,
        ("root", "text"),
        f"call {PHONE}",
        PHONE,
        id="unknown-message-object",
    ),
    pytest.param(
        [_message(subtype="channel_topic", topic=f"call {PHONE}")],
        None,
        ("topic",),
        f"call {PHONE}",
        PHONE,
        id="channel-topic-message",
    ),
    pytest.param(
        [_message(attachments=[{"id": 1, "author_subname": f"by {EMAIL}"}])],
        None,
        ("attachments", 0, "author_subname"),
        f"by {EMAIL}",
        EMAIL,
        id="unknown-attachment-key",
    ),
    pytest.param(
        [_message()], {"topic": f"Ask {EMAIL}"}, ("topic",), f"Ask {EMAIL}", EMAIL, id="topic-string"
    ),
    pytest.param(
        [_message()], {"purpose": f"SSN {SSN}"}, ("purpose",), f"SSN {SSN}", SSN, id="purpose-string"
    ),
    pytest.param(
        [_message()],
        {"purpose": {"value": f"SSN {SSN}", "creator": "U01", "last_set": 0}},
        ("purpose", "value"),
        f"SSN {SSN}",
        SSN,
        id="purpose-object",
    ),
]


@pytest.mark.parametrize(("messages", "channel", "path", "text", "planted"), ANALYSED)
def test_free_text_is_a_segment_and_is_redacted(
    engine: Classifier, tmp_path: Path, messages, channel, path, text, planted
) -> None:
    root = _export(tmp_path, messages, channel)
    general = _records(root)["general"]

    assert general.complete, general.errors
    found = {segment.location.path[1:]: segment.text for segment in general.segments}
    assert found.get(path) == text, found
    assert (
        planted
        in json.dumps(json.loads((root / "channels.json").read_text())) + (root / "general" / DAY).read_text()
    )
    written = _redacted(engine, root, tmp_path)
    assert planted not in written
    assert "see below" in written and "lunch at noon" in written


BROKEN = [
    pytest.param([_message(text={"ssn": SSN})], None, "'text'", SSN, id="text-object"),
    pytest.param(
        [_message(attachments={"0": {"text": f"SSN {SSN}"}})],
        None,
        "'attachments'",
        SSN,
        id="attachments-object",
    ),
    pytest.param(
        [_message(attachments=[f"SSN {SSN}"])], None, "'attachments[0]'", SSN, id="attachment-not-object"
    ),
    pytest.param(
        [_message(attachments=[{"fields": f"SSN {SSN}"}])],
        None,
        "'attachments[0].fields'",
        SSN,
        id="fields-not-list",
    ),
    pytest.param(
        [_message(attachments=[{"fields": [f"SSN {SSN}"]}])],
        None,
        "'attachments[0].fields[0]'",
        SSN,
        id="field-not-object",
    ),
    pytest.param(
        [_message(attachments=[{"fields": [{"title": "t", "value": {"v": EMAIL}}]}])],
        None,
        "'attachments[0].fields[0].value'",
        EMAIL,
        id="field-value-object",
    ),
    pytest.param([_message(files={"F1": {"title": EMAIL}})], None, "'files'", EMAIL, id="files-object"),
    pytest.param(
        [_message(files=[{"title": [f"SSN {SSN}"]}])], None, "'files[0].title'", SSN, id="file-title-list"
    ),
    pytest.param(
        [_message(files=[{"initial_comment": [f"call {PHONE}"]}])],
        None,
        "'files[0].initial_comment'",
        PHONE,
        id="initial-comment-list",
    ),
    pytest.param(
        [_message(files=[{"initial_comment": {"comment": {"c": f"call {PHONE}"}}}])],
        None,
        "'files[0].initial_comment.comment'",
        PHONE,
        id="initial-comment-comment-object",
    ),
    pytest.param([_message(user={"email": EMAIL})], None, "'user'", EMAIL, id="structural-key-object"),
    pytest.param([_message(reactions=f"call {PHONE}")], None, "'reactions'", PHONE, id="reactions-string"),
    pytest.param([_message(blocks={"text": f"SSN {SSN}"})], None, "'blocks'", SSN, id="blocks-object"),
    pytest.param([_message(user_profile=EMAIL)], None, "'user_profile'", EMAIL, id="user-profile-string"),
    pytest.param([_message()], {"topic": [f"SSN {SSN}"]}, "'topic'", SSN, id="topic-list"),
    pytest.param(
        [_message()],
        {"purpose": {"value": {"v": EMAIL}}},
        "'purpose.value'",
        EMAIL,
        id="purpose-value-object",
    ),
]


@pytest.mark.parametrize(("messages", "channel", "field", "planted"), BROKEN)
def test_unexpected_shape_fails_the_record_and_is_not_written(
    engine: Classifier, tmp_path: Path, messages, channel, field, planted
) -> None:
    root = _export(tmp_path, [_message(text="first one is fine"), *messages], channel)
    records = _records(root)
    general = records["general"]

    assert not general.complete
    assert records["random"].complete
    assert all(planted not in error for error in general.errors)
    if channel:
        assert any("channels.json" in e and "conversation 0" in e and field in e for e in general.errors)
    else:
        assert any(DAY in e and "message 1:" in e and field in e for e in general.errors), general.errors
    written = _redacted(engine, root, tmp_path)
    assert planted not in written
    assert "lunch at noon" in written  # the other conversation goes on


def test_new_segments_come_after_the_ones_read_before() -> None:
    message = _message(
        note="extra",
        files=[{"id": "F1", "title": "t", "initial_comment": "c", "preview_highlight": "h"}],
        attachments=[{"text": "a", "fields": [{"title": "ft", "value": "fv"}], "service_name": "s"}],
    )
    with_message = _export_in_memory([message])
    paths = [segment.location.path[1:] for segment in with_message.segments]
    assert paths == [
        ("text",),
        ("files", 0, "title"),
        ("attachments", 0, "text"),
        ("files", 0, "preview_highlight"),
        ("files", 0, "initial_comment"),
        ("attachments", 0, "fields", 0, "title"),
        ("attachments", 0, "fields", 0, "value"),
        ("attachments", 0, "service_name"),
        ("note",),
        ("name",),  # the conversation's name, last of all
    ]


def _export_in_memory(messages: list[Any]):
    from classifier.formats import read_tree

    tree = {
        "users.json": lambda: json.dumps(USERS).encode(),
        "channels.json": lambda: json.dumps([{"id": "C01", "name": "general"}]).encode(),
        f"general/{DAY}": lambda: json.dumps(messages).encode(),
    }
    return next(read_tree(tree, "memory"))


#: What the reader read from the fixture export before these shapes were read: (member, path, text).
FIXTURE_SEGMENTS = {
    "general": [
        ("channels.json", (0, "topic", "value"), "Ask Maria Gonzalez about enrollment"),
        ("channels.json", (0, "purpose", "value"), "Company-wide announcements"),
        ("general/2024-03-04.json", (0, "text"), "Welcome @Kwame Mensah! Ping @张伟 too & read the handbook"),
        (
            "general/2024-03-04.json",
            (1, "text"),
            "Thanks Maria! Mail me at kwame.mensah@example.com or call 415-555-0177 :tada: 🎉",
        ),
        ("general/2024-03-05.json", (0, "text"), "Here is the form for 张伟 <zhang.wei@example.net>"),
        ("general/2024-03-05.json", (0, "files", 0, "title"), "Zhang Wei enrollment form"),
        ("general/2024-03-05.json", (0, "files", 0, "name"), "Zhang Wei form.pdf"),
        ("channels.json", (0, "name"), "general"),  # read since: last, the others keep their place
    ],
    "random": [
        ("random/2024-03-04.json", (0, "text"), "Lunch? <3 @here"),
        ("random/2024-03-04.json", (1, "text"), "Maria Gonzalez, your meeting starts soon"),
        ("random/2024-03-04.json", (1, "attachments", 0, "fallback"), "Meeting with Kwame Mensah"),
        ("random/2024-03-04.json", (1, "attachments", 0, "text"), "Meeting with Kwame Mensah at 3pm"),
        ("channels.json", (1, "name"), "random"),
    ],
}

#: Structural keys of a well-formed export: they add no segment and no error.
STRUCTURAL_DAY = [
    {
        "type": "message",
        "user": "U01MARIA",
        "text": "Thread for Kwame Mensah",
        "ts": "1.1",
        "client_msg_id": "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b",  # a UUID: any other string is analysed
        "team": "T0",
        "user_team": "T0",
        "source_team": "T0",
        "thread_ts": "1.1",
        "reply_count": 1,
        "reply_users_count": 1,
        "latest_reply": "1.2",
        "reply_users": ["U02KWAME"],
        "replies": [{"user": "U02KWAME", "ts": "1.2"}],
        "is_locked": False,
        "subscribed": True,
        "edited": {"user": "U01MARIA", "ts": "1.3"},
        "reactions": [{"name": "tada", "users": ["U02KWAME"], "count": 1}],
        "blocks": [{"type": "rich_text", "block_id": "x", "elements": []}],
    },
    {
        "type": "message",
        "subtype": "bot_message",
        "bot_id": "B1",
        "username": "Reminder Bot",
        "text": "",
        "ts": "1.4",
        "icons": {"emoji": ":x:"},
        "attachments": [
            {"id": 1, "color": "ff0000", "title": "For Kwame Mensah", "ts": 123, "mrkdwn_in": ["text"]}
        ],
    },
    {
        "type": "message",
        "subtype": "file_share",
        "user": "U03ZHANG",
        "text": "file",
        "ts": "1.5",
        "upload": True,
        "display_as_bot": False,
        "files": [
            {
                "id": "F2",
                "name": "Maria_Gonzalez_notes.txt",
                "preview": "Maria Gonzalez 415-555-0132",
                "url_private": "https://f.example.com/F2/Maria_Gonzalez_notes.txt",
                "mimetype": "text/plain",
                "size": 12,
            }
        ],
    },
]
STRUCTURAL_SEGMENTS = [
    ((0, "text"), "Thread for Kwame Mensah"),
    ((1, "text"), ""),
    ((1, "attachments", 0, "title"), "For Kwame Mensah"),
    ((2, "text"), "file"),
    ((2, "files", 0, "name"), "Maria Gonzalez notes.txt"),
    ((2, "files", 0, "preview"), "Maria Gonzalez 415-555-0132"),
]


def test_a_well_formed_export_gives_the_segments_it_gave_before(tmp_path: Path) -> None:
    source = tmp_path / "export"
    shutil.copytree(FIXTURES / "slack_export", source)
    (source / "general" / "2024-03-06.json").write_text(json.dumps(STRUCTURAL_DAY), encoding="utf-8")

    records = _records(source)

    assert all(record.complete for record in records.values())
    for channel, expected in FIXTURE_SEGMENTS.items():
        got = [
            (s.location.member, s.location.path, s.text)
            for s in records[channel].segments
            if not s.location.member.endswith("2024-03-06.json")
        ]
        assert got == expected
    added = [
        (s.location.path, s.text)
        for s in records["general"].segments
        if s.location.member.endswith("03-06.json")
    ]
    assert added == STRUCTURAL_SEGMENTS


# --- Values once copied unread: every string is now analysed, redacted, known structure or left out ---

LEAK_PHONE = "415-555-0132"
PLANTED = (EMAIL, LEAK_PHONE, SSN)


def _written(engine: Classifier, root: Path, tmp_path: Path) -> dict[str, str]:
    """Every member of the redacted export (label mode), by name."""
    output = tmp_path / "out"
    redact_file(engine, root, output, mode="label")
    return {p.relative_to(output).as_posix(): p.read_text("utf-8") for p in output.rglob("*") if p.is_file()}


def _assert_absent(written: dict[str, str], planted: tuple[str, ...] = PLANTED) -> None:
    for member, text in written.items():
        for value in planted:
            assert value not in text and value.replace("-", "") not in text, (member, value)


@pytest.mark.parametrize("where", ["users", "user_profile"])
def test_every_profile_string_is_redacted(engine: Classifier, tmp_path: Path, where: str) -> None:
    profile = {
        "real_name": "Quill Avery",
        "title": f"SSN {SSN}",
        "status_text": f"call {LEAK_PHONE}",
        "pronouns": EMAIL,
        "fields": {"Xf01AB": {"value": LEAK_PHONE, "alt": EMAIL}},
        "status_emoji": ":palm_tree:",
        "image_72": "https://avatars.example.com/a1.png",
        "avatar_hash": "ge3b51ca72de",
        EMAIL: "a key that is not a name",
    }
    root = _export(tmp_path, [_message(user_profile=profile) if where == "user_profile" else _message()])
    if where == "users":
        (root / "users.json").write_text(json.dumps([{**USERS[0], "profile": profile}]), encoding="utf-8")

    assert _records(root)["general"].complete
    written = _written(engine, root, tmp_path)
    _assert_absent(written)
    kept = json.loads(written["users.json" if where == "users" else f"general/{DAY}"])
    written_profile = kept[0]["profile"] if where == "users" else kept[0]["user_profile"]
    assert written_profile["title"] == "<TEXT>" and written_profile["fields"]["Xf01AB"]["alt"] == "<TEXT>"
    # ids, emoji, links and hashes are structure of their shape: kept
    assert (
        written_profile["status_emoji"] == ":palm_tree:" and written_profile["avatar_hash"] == "ge3b51ca72de"
    )
    assert written_profile["image_72"] == "https://avatars.example.com/a1.png"


@pytest.mark.parametrize("listing", ["channels.json", "groups.json", "mpims.json", "dms.json"])
def test_a_conversation_without_messages_keeps_no_topic_or_purpose(
    engine: Classifier, tmp_path: Path, listing: str
) -> None:
    root = _export(tmp_path, [_message()])
    entry = {
        "id": "G09QUIET",
        "name": "quiet",
        "created": 1700000000,
        "members": ["U01"],
        "topic": {"value": f"SSN {SSN}", "creator": "U01", "last_set": 0},
        "purpose": f"mail {EMAIL}",
        "description": f"call {LEAK_PHONE}",
    }
    path = root / listing
    entries = json.loads(path.read_text()) if path.exists() else []
    path.write_text(json.dumps([*entries, entry]), encoding="utf-8")

    records = _records(root)
    assert set(records) == {"general", "random"}  # no record claims the folderless conversation
    written = _written(engine, root, tmp_path)
    _assert_absent(written)
    kept = json.loads(written[listing])[-1]
    assert kept == {"id": "G09QUIET", "created": 1700000000, "members": ["U01"]}  # its name was not analysed


def test_other_strings_of_a_conversation_entry_are_segments(engine: Classifier, tmp_path: Path) -> None:
    root = _export(tmp_path, [_message()], {"description": f"call {LEAK_PHONE}", "creator": EMAIL})
    general = _records(root)["general"]

    assert general.complete
    found = {s.location.path[1:]: s.text for s in general.segments if s.location.member == "channels.json"}
    assert found == {("description",): f"call {LEAK_PHONE}", ("creator",): EMAIL, ("name",): "general"}
    _assert_absent(_written(engine, root, tmp_path))


def test_integration_logs_are_redacted_and_unread_members_left_out(
    engine: Classifier, tmp_path: Path
) -> None:
    root = _export(tmp_path, [_message()])
    logs = {
        "ok": True,
        "logs": [
            {
                "user_id": "U01",
                "user_name": "qavery",
                "date": "1709546000",
                "change_type": "added",
                "service_type": "Google Drive",
                "service_name": EMAIL,
                "reason": f"SSN {SSN}",
                "channel": "general",
            }
        ],
    }
    (root / "integration_logs.json").write_text(json.dumps(logs), encoding="utf-8")
    (root / "canvases").mkdir()
    (root / "canvases" / "F0CANVAS.json").write_text(json.dumps({"text": f"call {LEAK_PHONE}"}), "utf-8")

    written = _written(engine, root, tmp_path)
    _assert_absent(written)
    assert not any(member.startswith("canvases/") for member in written)
    entry = json.loads(written["integration_logs.json"])["logs"][0]
    assert entry["service_name"] == "<TEXT>" and entry["user_name"] == "<PERSON>"
    assert entry["service_type"] == "Google Drive" and entry["date"] == "1709546000"


def test_integration_logs_of_another_shape_are_left_out(engine: Classifier, tmp_path: Path) -> None:
    root = _export(tmp_path, [_message()])
    (root / "integration_logs.json").write_text(json.dumps([{"reason": f"SSN {SSN}"}]), encoding="utf-8")

    written = _written(engine, root, tmp_path)
    assert "integration_logs.json" not in written
    _assert_absent(written)


FILE_STRINGS = [
    pytest.param({"alt_txt": f"SSN {SSN}"}, ("alt_txt",), f"SSN {SSN}", id="alt-txt"),
    pytest.param({"subject": EMAIL}, ("subject",), EMAIL, id="email-subject"),
    pytest.param(
        {"from": [{"address": EMAIL, "name": "Q"}]}, ("from", 0, "address"), EMAIL, id="email-from-address"
    ),
    pytest.param({"to": [{"address": EMAIL}]}, ("to", 0, "address"), EMAIL, id="email-to"),
    pytest.param({"cc": [{"original": EMAIL}]}, ("cc", 0, "original"), EMAIL, id="email-cc"),
    pytest.param(
        {"transcription": {"status": "complete", "preview": {"content": f"call {LEAK_PHONE}"}}},
        ("transcription", "preview", "content"),
        f"call {LEAK_PHONE}",
        id="transcription-preview",
    ),
    pytest.param({"user": EMAIL}, ("user",), EMAIL, id="file-id-not-an-id"),
    pytest.param(
        {"permalink": f"https://x.example.com/files/{EMAIL}"},
        ("permalink",),
        f"https://x.example.com/files/{EMAIL}",
        id="link-with-an-address",
    ),
]


@pytest.mark.parametrize(("fields", "path", "text"), FILE_STRINGS)
def test_file_strings_beyond_text_fields_are_segments(
    engine: Classifier, tmp_path: Path, fields: dict[str, Any], path: tuple[Any, ...], text: str
) -> None:
    file = {
        "id": "F1",
        "name": "a.txt",
        "title": "a",
        "url_private": "https://f.example.com/F1/a.txt",
        **fields,
    }
    root = _export(tmp_path, [_message(files=[file])])
    general = _records(root)["general"]

    assert general.complete, general.errors
    found = {s.location.path[1:]: s.text for s in general.segments if s.location.member.endswith(DAY)}
    assert found.get(("files", 0, *path)) == text, found
    assert ("files", 0, "url_private") not in found and ("files", 0, "id") not in found
    written = _written(engine, root, tmp_path)
    _assert_absent(written)
    assert "see below" in written[f"general/{DAY}"]


STRUCTURAL_STRINGS = [
    pytest.param(
        {"reactions": [{"name": LEAK_PHONE, "users": ["U01"], "count": 1}]},
        ("reactions", 0, "name"),
        LEAK_PHONE,
        id="reaction-name",
    ),
    pytest.param(
        {"edited": {"user": "U01", "ts": "1.2", "note": EMAIL}}, ("edited", "note"), EMAIL, id="edited-note"
    ),
    pytest.param({"user": EMAIL}, ("user",), EMAIL, id="user-not-an-id"),
    pytest.param({"client_msg_id": SSN}, ("client_msg_id",), SSN, id="client-msg-id-not-a-uuid"),
    pytest.param({"thread_ts": SSN}, ("thread_ts",), SSN, id="ts-not-digits-dot-digits"),
    pytest.param({"reply_users": ["U01", EMAIL]}, ("reply_users", 1), EMAIL, id="reply-user-not-an-id"),
    pytest.param({"reply_count": LEAK_PHONE}, ("reply_count",), LEAK_PHONE, id="count-as-text"),
    pytest.param(
        {"attachments": [{"color": LEAK_PHONE, "text": "x"}]},
        ("attachments", 0, "color"),
        LEAK_PHONE,
        id="attachment-colour",
    ),
    pytest.param(
        {"attachments": [{"fields": [{"title": "t", "value": "v", "note": EMAIL}]}]},
        ("attachments", 0, "fields", 0, "note"),
        EMAIL,
        id="attachment-field-extra-key",
    ),
    pytest.param(
        {"files": [{"id": "F1", "initial_comment": {"comment": "c", "user": "U01", "channel": EMAIL}}]},
        ("files", 0, "initial_comment", "channel"),
        EMAIL,
        id="initial-comment-channel",
    ),
]


@pytest.mark.parametrize(("fields", "path", "text"), STRUCTURAL_STRINGS)
def test_a_structural_string_without_its_shape_is_a_segment(
    engine: Classifier, tmp_path: Path, fields: dict[str, Any], path: tuple[Any, ...], text: str
) -> None:
    root = _export(tmp_path, [_message(**fields)])
    general = _records(root)["general"]

    assert general.complete, general.errors
    found = {s.location.path[1:]: s.text for s in general.segments if s.location.member.endswith(DAY)}
    assert found.get(path) == text, found
    written = _written(engine, root, tmp_path)
    _assert_absent(written)
    assert "see below" in written[f"general/{DAY}"]


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({EMAIL: "x"}, id="message-key"),
        pytest.param({"metadata": {"event_payload": {LEAK_PHONE: True}}}, id="nested-key"),
        pytest.param({"pinned_info": {SSN: {"pinned_by": "U01"}}}, id="pinned-info-key"),
    ],
)
def test_a_key_that_is_not_a_name_fails_the_message(engine: Classifier, tmp_path: Path, fields) -> None:
    root = _export(tmp_path, [_message(text="first one is fine"), _message(**fields)])
    general = _records(root)["general"]

    assert not general.complete
    assert any("message 1:" in error and "not a name" in error for error in general.errors), general.errors
    assert all(value not in error for error in general.errors for value in PLANTED)
    written = _written(engine, root, tmp_path)
    _assert_absent(written)


def test_a_block_id_of_another_shape_is_left_out(engine: Classifier, tmp_path: Path) -> None:
    blocks = [{"type": "rich_text", "block_id": SSN, "elements": []}]
    root = _export(tmp_path, [_message(blocks=blocks)])

    written = _written(engine, root, tmp_path)
    _assert_absent(written)
    assert json.loads(written[f"general/{DAY}"])[0]["blocks"][0].get("block_id") is None


def test_well_formed_structure_is_not_analysed() -> None:
    """Emoji names, ids, UUIDs and ts of their shape add no segment."""
    message = _message(
        client_msg_id="3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b",
        reactions=[
            {"name": name, "users": ["U01ABC2DEF"], "count": 1}
            for name in (
                "+1",
                "-1",
                "100",
                "thumbsup::skin-tone-2",
                "flag-us",
                "man-woman-girl-boy",
                "e-mail",
            )
        ],
        edited={"user": "U01", "ts": "1714550400.000200"},
        pinned_info={"C01": {"pinned_by": "U01", "pinned_ts": 1714550400}},
        icons={"emoji": ":robot_face:", "image_48": "https://a.example.com/i.png"},
        files=[
            {
                "id": "F1",
                "mimetype": "application/pdf",
                "filetype": "pdf",
                "permalink": "https://x.example.com/F1",
            }
        ],
    )
    record = _export_in_memory([message])
    assert record.complete, record.errors
    assert [s.location.path[1:] for s in record.segments] == [("text",), ("name",)]  # a name is analysed


def test_the_fixture_export_keeps_every_string_but_redacted_ones(engine: Classifier, tmp_path: Path) -> None:
    """The well-formed fixture: same members and structure; only segments, names, links and `title` change."""
    from test_formats_support import FakeAnalyzer

    source = FIXTURES / "slack_export"
    output = tmp_path / "out"
    redact_file(FakeAnalyzer(), source, output, mode="label")
    segments = {(s.location.member, s.location.path) for r in read_path(source) for s in r.segments}

    def leaves(value: Any, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], Any]:
        if isinstance(value, dict):
            return {k: v for key, item in value.items() for k, v in leaves(item, (*path, key)).items()}
        if isinstance(value, list):
            return {k: v for index, item in enumerate(value) for k, v in leaves(item, (*path, index)).items()}
        return {path: value}

    written = sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file())
    assert written == sorted(p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file())
    changed = set()
    for member in written:
        before = leaves(json.loads((source / member).read_text("utf-8")))
        after = leaves(json.loads((output / member).read_text("utf-8")))
        for path, value in before.items():
            if (member, path) in segments or "blocks" in path:
                continue
            if after.get(path) != value:
                changed.add((member, path[-1] if isinstance(path[-1], str) else path))
    named = {"real_name", "real_name_normalized", "display_name", "display_name_normalized", "first_name"}
    named |= {"last_name", "email", "phone", "name", "user_name", "username", "url_private", "permalink"}
    assert {key for _member, key in changed} - named == {"title"}
    assert json.loads((output / "users.json").read_text("utf-8"))[0]["profile"]["title"] == "<TEXT>"


def test_a_long_number_in_free_structure_is_analysed_and_kept_when_clean(
    engine: Classifier, tmp_path: Path
) -> None:
    """A phone number given as a JSON number in a bot's payload is read and redacted; a size stays."""
    message = _message(bot_payload={"callback": 4155550132, "size": 123456, "count": 12})
    root = _export(tmp_path, [message])
    general = _records(root)["general"]
    assert general.complete, general.errors
    found = {segment.location.path[1:]: segment.text for segment in general.segments}
    assert found[("bot_payload", "callback")] == "4155550132"
    assert found[("bot_payload", "size")] == "123456"
    assert ("bot_payload", "count") not in found  # fewer than 5 digits: no identifier
    _redacted(engine, root, tmp_path)
    [written] = json.loads((tmp_path / "out" / "general" / DAY).read_text("utf-8"))
    assert written["bot_payload"] == {"callback": "<PHONE_NUMBER>", "size": 123456, "count": 12}


def test_numbers_in_profiles_and_structural_fields_are_not_copied(engine: Classifier, tmp_path: Path) -> None:
    """A phone given as a number in a profile is redacted as a phone; one in a field of ids is
    analysed; an epoch and a time zone offset stay numbers."""
    root = _export(tmp_path, [_message(team=2125550136)])
    users = [{**USERS[0], "updated": 1714550400, "tz_offset": -18000, "profile": {"phone": 2125550134}}]
    (root / "users.json").write_text(json.dumps(users), encoding="utf-8")
    general = _records(root)["general"]
    assert general.complete, general.errors
    assert {segment.location.path[1:]: segment.text for segment in general.segments}[
        ("team",)
    ] == "2125550136"
    written = _redacted(engine, root, tmp_path)
    assert "2125550134" not in written and "2125550136" not in written
    [user] = json.loads((tmp_path / "out" / "users.json").read_text("utf-8"))
    assert user["profile"]["phone"] == "<PHONE_NUMBER>"
    assert (user["updated"], user["tz_offset"]) == (1714550400, -18000)


def test_a_changed_value_in_a_field_left_out_is_not_written(engine: Classifier, tmp_path: Path) -> None:
    """A conversation entry field with a key that is not a name is left out; the writer does not
    put its redacted number back (it used to fail on the missing field)."""
    channel = {"extra_info": {"contact": 2125550137, "bad key": 1}}
    root = _export(tmp_path, [_message()], channel)
    written = _redacted(engine, root, tmp_path)
    assert "2125550137" not in written and "extra_info" not in written
