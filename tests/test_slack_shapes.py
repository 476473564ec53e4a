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
    ],
    "random": [
        ("random/2024-03-04.json", (0, "text"), "Lunch? <3 @here"),
        ("random/2024-03-04.json", (1, "text"), "Maria Gonzalez, your meeting starts soon"),
        ("random/2024-03-04.json", (1, "attachments", 0, "fallback"), "Meeting with Kwame Mensah"),
        ("random/2024-03-04.json", (1, "attachments", 0, "text"), "Meeting with Kwame Mensah at 3pm"),
    ],
}

#: Structural keys of a well-formed export: they add no segment and no error.
STRUCTURAL_DAY = [
    {
        "type": "message",
        "user": "U01MARIA",
        "text": "Thread for Kwame Mensah",
        "ts": "1.1",
        "client_msg_id": "abc",
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
