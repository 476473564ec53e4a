"""Values the Slack export itself says are personal, left in the redacted copy without NER.

A user's handle (`users.json` `name`) in free text, a user's name written with
`-`, `.` or `_` between its words outside the conversation name (a channel
link `<#C77|zorbina-quillfeather-iep>`, a rename's `old_name`), and a file's
name as Slack writes it into the file's links (lower case, `_` for spaces).
Synthetic data only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from classifier.config import Config
from classifier.engine import Classifier
from classifier.formats import redact_file

DAY = "2024-05-01.json"
USERS = [
    {
        "id": "U01",
        "name": "zquill",
        "real_name": "Zorbina Quillfeather",
        "profile": {
            "real_name": "Zorbina Quillfeather",
            "email": "zq.test@example.org",
            "phone": "415-555-0123",
        },
    },
    {
        "id": "U02",
        "name": "bytter",
        "real_name": "Brannoc Ytterdahl",
        "profile": {"real_name": "Brannoc Ytterdahl"},
    },
]


@pytest.fixture(scope="module")
def engine() -> Classifier:
    return Classifier(Config(use_ner=False))


def _message(text: str, ts: str = "1714550400.000100", **fields: Any) -> dict[str, Any]:
    return {"type": "message", "user": "U01", "text": text, "ts": ts, **fields}


def _redacted(
    engine: Classifier, tmp_path: Path, messages: list[Any], channel: dict[str, Any]
) -> dict[str, Any]:
    """The redacted copy (label mode) of an export with one channel `general`, each member parsed."""
    root = tmp_path / "export"
    (root / "general").mkdir(parents=True)
    (root / "users.json").write_text(json.dumps(USERS), encoding="utf-8")
    entry = {"id": "C01", "name": "general", **channel}
    (root / "channels.json").write_text(json.dumps([entry]), encoding="utf-8")
    (root / "general" / DAY).write_text(json.dumps(messages), encoding="utf-8")
    output = tmp_path / "out"
    redact_file(engine, root, output, mode="label")
    return {
        path.relative_to(output).as_posix(): json.loads(path.read_text("utf-8"))
        for path in output.rglob("*")
        if path.is_file()
    }


def _leaks(written: dict[str, Any], values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [
        (member, value)
        for member, data in written.items()
        for value in values
        if value.lower() in json.dumps(data, ensure_ascii=False).lower()
    ]


def test_a_users_handle_in_free_text_is_redacted(engine: Classifier, tmp_path: Path) -> None:
    messages = [
        _message("ask zquill or bytter about it"),
        _message(
            "pinned",
            "1714550401.000100",
            attachments=[{"text": "pinned stuff", "author_subname": "bytter"}],
        ),
    ]
    written = _redacted(engine, tmp_path, messages, {"purpose": {"value": "for zquill", "creator": "U01"}})

    assert _leaks(written, ("zquill", "bytter")) == []
    assert len(written[f"general/{DAY}"]) == 2  # nothing left out
    assert written["channels.json"][0]["purpose"]["creator"] == "U01"


def test_a_users_name_joined_by_dashes_in_free_text_is_redacted(engine: Classifier, tmp_path: Path) -> None:
    messages = [
        _message("see <#C77|zorbina-quillfeather-iep> and brannoc.ytterdahl"),
        _message("renamed", "1714550401.000100", subtype="channel_name", old_name="zorbina_quillfeather"),
    ]
    written = _redacted(engine, tmp_path, messages, {"topic": {"value": "notes for brannoc-ytterdahl"}})

    assert _leaks(written, ("quillfeather", "ytterdahl")) == []
    assert len(written[f"general/{DAY}"]) == 2


def test_a_file_link_holding_the_slugged_file_name_is_renamed(engine: Classifier, tmp_path: Path) -> None:
    file = {
        "id": "F01",
        "name": "Zorbina Quillfeather IEP.pdf",
        "title": "IEP",
        "url_private": "https://files.slack.com/files-pri/T0-F01/zorbina_quillfeather_iep.pdf",
        "permalink": "https://example.slack.com/files/U01/F01/zorbina_quillfeather_iep.pdf",
        "url_private_download": "https://files.slack.com/files-pri/T0-F01/download/Zorbina%20Quillfeather%20IEP.pdf",
    }
    written = _redacted(engine, tmp_path, [_message("the form", files=[file])], {})

    assert _leaks(written, ("quillfeather", "zorbina")) == []
    copied = written[f"general/{DAY}"][0]["files"][0]
    assert copied["id"] == "F01"
    assert copied["url_private"].startswith("https://files.slack.com/files-pri/T0-F01/")
    assert copied["permalink"].startswith("https://example.slack.com/files/U01/F01/")


@pytest.mark.parametrize(
    ("listing", "expected"),
    [
        (None, "conversation-2"),  # no entry: never analysed, shown (and now written) by its place
        ([{"name": "zorbina-quillfeather-iep"}], "conversation-2"),  # a name redaction changed, no id
    ],
)
def test_a_folder_named_after_a_person_is_not_the_copys_folder(
    engine: Classifier, tmp_path: Path, listing: list[Any] | None, expected: str
) -> None:
    root = tmp_path / "export"
    for folder in ("D0123ABC", "zorbina-quillfeather-iep"):
        (root / folder).mkdir(parents=True)
        (root / folder / DAY).write_text(json.dumps([_message("see you at noon")]), encoding="utf-8")
    (root / "users.json").write_text(json.dumps(USERS), encoding="utf-8")
    if listing is not None:
        (root / "groups.json").write_text(json.dumps(listing), encoding="utf-8")
    output = tmp_path / "out"
    redact_file(engine, root, output, mode="label")

    written = sorted(path.relative_to(output).as_posix() for path in output.rglob("*.json"))
    assert not [name for name in written if "quillfeather" in name.lower()]
    assert f"{expected}/{DAY}" in written and f"D0123ABC/{DAY}" in written  # an id stays, no day is lost
    assert json.loads((output / expected / DAY).read_text("utf-8"))[0]["text"] == "see you at noon"


def test_a_handle_that_is_a_common_word_is_not_redacted_everywhere() -> None:
    from classifier.formats.slack import _handles_pattern

    pattern = _handles_pattern([{"name": "will"}, {"name": "zquill"}])
    assert pattern is not None
    assert [m.group() for m in pattern.finditer("I will ask zquill")] == ["zquill"]
