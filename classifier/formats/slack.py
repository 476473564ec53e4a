"""Slack workspace exports, read and written over an abstract file tree.

An export is `users.json`, `channels.json` (and `groups.json`, `mpims.json`,
`dms.json`), and one folder per conversation with `YYYY-MM-DD.json` arrays of
messages. The tree is a mapping of member name to a callable returning bytes,
so an export inside an archive is read without extracting it; `tree_from_path`
builds one from a folder or a .zip. Each conversation is one record; its
segments are message texts, file titles/previews, attachment texts and the
channel topic and purpose. Writing returns every member of the tree, with
messages, user profiles, `users.json` names, emails and phones redacted.
"""

from __future__ import annotations

import functools
import json
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from classifier.formats import slack_text
from classifier.formats.base import FormatSpec, RedactedRecord, ValueRedactor, register, resolve_data_class
from classifier.formats.errors import FormatError
from classifier.records import DataClass, Record, Segment

SlackTree = Mapping[str, Callable[[], bytes]]
DATA_CLASS = DataClass.CUSTOMER_CONTENT
_DAY_FILE = re.compile(r"^\d{4}-\d{2}-\d{2}\.json$")
_CONVERSATION_LISTS = ("channels.json", "groups.json", "mpims.json", "dms.json")
_FILE_TEXT = ("title", "name", "preview", "plain_text")
_ATTACHMENT_TEXT = ("fallback", "pretext", "title", "text", "footer", "author_name")
#: users.json and user_profile fields and the entity type each is redacted as.
_PROFILE_FIELDS = {
    "real_name": "PERSON",
    "real_name_normalized": "PERSON",
    "display_name": "PERSON",
    "display_name_normalized": "PERSON",
    "first_name": "PERSON",
    "last_name": "PERSON",
    "email": "EMAIL_ADDRESS",
    "phone": "PHONE_NUMBER",
    "skype": "USERNAME",
    "name": "USERNAME",
}


@dataclass(frozen=True)
class SlackLocation:
    """A string in a member of the export: member name, JSON path, whether it is Slack-escaped."""

    member: str
    path: tuple[str | int, ...]
    escaped: bool
    known_spans: tuple[tuple[int, int, str], ...] = ()  # mentions and users' names: (start, end, "PERSON")
    underscored: bool = False  # a file name read with "_" as spaces; written back with "_"


class ZipTree(Mapping[str, Callable[[], bytes]]):
    """The members of a zipped export, read on demand from one open archive."""

    def __init__(self, path: Path):
        try:
            self._archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise FormatError(str(path), None, "not a zip archive") from None
        self._names = [info.filename for info in self._archive.infolist() if not info.is_dir()]
        self._known = set(self._names)

    def __getitem__(self, name: str) -> Callable[[], bytes]:
        if name not in self._known:
            raise KeyError(name)
        return functools.partial(self._archive.read, name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def tree_from_path(path: str | Path) -> SlackTree:
    """The member mapping of an export folder or .zip file (members read lazily)."""
    root = Path(path)
    if root.is_dir():
        return {
            file.relative_to(root).as_posix(): file.read_bytes
            for file in sorted(root.rglob("*"))
            if file.is_file()
        }
    return ZipTree(root)


def export_root(tree: SlackTree, source: str) -> str:
    """The folder prefix holding users.json ("" at the top, "export/" inside one wrapping folder)."""
    candidates = [name for name in tree if PurePosixPath(name).name == "users.json" and name.count("/") <= 1]
    if not candidates:
        raise FormatError(source, None, "Slack export without users.json")
    best = min(candidates, key=lambda name: name.count("/"))
    return best[: -len("users.json")]


def _load(tree: SlackTree, member: str, source: str) -> Any:
    try:
        return json.loads(tree[member]().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", None)
        raise FormatError(f"{source}/{member}", line, "not valid JSON") from None


def _conversations(tree: SlackTree, root: str) -> dict[str, list[str]]:
    """Conversation folder -> its day files, in date order."""
    folders: dict[str, list[str]] = defaultdict(list)
    for name in tree:
        if not name.startswith(root):
            continue
        parts = name[len(root) :].split("/")
        if len(parts) == 2 and _DAY_FILE.match(parts[1]):
            folders[parts[0]].append(name)
    return {folder: sorted(files) for folder, files in sorted(folders.items())}


def _names_pattern(users: Iterable[dict[str, Any]]) -> re.Pattern[str] | None:
    """Users' names as the export lists them: in any text they are a person even when NER misses them."""
    names: set[str] = set()
    for user in users:
        profile = user.get("profile") or {}
        for value in (user.get("real_name"), profile.get("real_name"), profile.get("display_name")):
            if isinstance(value, str) and len(value.strip()) >= 2:
                names.add(value.strip())
    if not names:
        return None
    alternation = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternation})(?![^\W_])", re.IGNORECASE)


class _Directory:
    """Users and channels of one export, for resolving ids to names."""

    def __init__(self, tree: SlackTree, root: str, source: str):
        users = _load(tree, root + "users.json", source)
        if not isinstance(users, list):
            raise FormatError(f"{source}/{root}users.json", None, "users.json is not a list of users")
        self.users = {user.get("id"): user for user in users if isinstance(user, dict)}
        self.conversations: dict[str, tuple[str, int, dict[str, Any]]] = {}
        for listing in _CONVERSATION_LISTS:
            member = root + listing
            if member not in tree:
                continue
            items = _load(tree, member, source)
            for index, item in enumerate(items if isinstance(items, list) else []):
                if isinstance(item, dict):
                    for key in (item.get("name"), item.get("id")):
                        if key:
                            self.conversations[str(key)] = (member, index, item)
        self.name_pattern = _names_pattern(self.users.values())

    def user_name(self, user_id: str | None) -> str | None:
        user = self.users.get(user_id)
        if not user:
            return None
        profile = user.get("profile") or {}
        for value in (
            profile.get("real_name"),
            user.get("real_name"),
            profile.get("display_name"),
            user.get("name"),
        ):
            if isinstance(value, str) and value.strip():
                return value.strip()
        return None

    def channel_name(self, channel_id: str) -> str | None:
        found = self.conversations.get(channel_id)
        return found[2].get("name") if found else None


def _speaker(message: dict[str, Any], directory: _Directory) -> str | None:
    name = directory.user_name(message.get("user"))
    profile = message.get("user_profile") or {}
    for value in (name, profile.get("real_name"), profile.get("display_name"), message.get("username")):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _segment(
    raw: str,
    location: tuple[str, tuple[str | int, ...]],
    speaker: str | None,
    ts: Any,
    directory: _Directory,
    escaped: bool = True,
) -> Segment:
    """A readable segment; mentions and users' names in it are known PERSON spans."""
    # labels written by a redaction ("<PERSON_1>_form.pdf", "<ENC:...>") keep their underscores
    underscored = (
        not escaped and location[1][-1] == "name" and "_" in raw and " " not in raw and "<" not in raw
    )
    if escaped:
        text, mentions = slack_text.unescape(raw, directory.user_name, directory.channel_name)
    else:
        # "Jane_Doe_form.pdf" is analysed as "Jane Doe form.pdf" and written back with underscores
        text, mentions = (raw.replace("_", " ") if underscored else raw), []
    spans = [(mention.start, mention.end, "PERSON") for mention in mentions]
    for match in directory.name_pattern.finditer(text) if directory.name_pattern else ():
        if not any(start < match.end() and match.start() < end for start, end, _ in spans):
            spans.append((match.start(), match.end(), "PERSON"))
    return Segment(
        text=text,
        speaker=speaker,
        start_time=str(ts) if ts is not None else None,
        segment_id=str(ts) if ts is not None else None,
        location=SlackLocation(location[0], location[1], escaped, tuple(sorted(spans)), underscored),
    )


def _message_segments(
    member: str, index: int, message: dict[str, Any], directory: _Directory
) -> list[Segment]:
    speaker = _speaker(message, directory)
    ts = message.get("ts")
    segments = []
    if isinstance(message.get("text"), str):
        segments.append(_segment(message["text"], (member, (index, "text")), speaker, ts, directory))
    for key, fields, escaped in (("files", _FILE_TEXT, False), ("attachments", _ATTACHMENT_TEXT, True)):
        for item_index, item in enumerate(message.get(key) or []):
            if not isinstance(item, dict):
                continue
            for field in fields:
                if isinstance(item.get(field), str) and item[field]:
                    path = (member, (index, key, item_index, field))
                    segments.append(_segment(item[field], path, speaker, ts, directory, escaped))
    return segments


def read_tree(tree: SlackTree, source: str, **options: Any) -> Iterator[Record]:
    """One record per conversation folder, messages in date and file order."""
    root = export_root(tree, source)
    directory = _Directory(tree, root, source)
    data_class = resolve_data_class(options.get("data_class"), DATA_CLASS)
    for folder, members in _conversations(tree, root).items():
        segments: list[Segment] = []
        conversation = directory.conversations.get(folder)
        if conversation:
            listing, listing_index, info = conversation
            for field in ("topic", "purpose"):
                value = (info.get(field) or {}).get("value") if isinstance(info.get(field), dict) else None
                if isinstance(value, str) and value:
                    segments.append(
                        _segment(value, (listing, (listing_index, field, "value")), None, None, directory)
                    )
        people: dict[str, None] = {}
        errors: list[str] = []
        readable: list[str] = []
        for member in members:
            try:
                messages = _load(tree, member, source)
                if not isinstance(messages, list):
                    raise FormatError(f"{source}/{member}", None, "a day file must be a list of messages")
            except FormatError as error:
                errors.append(str(error))  # this conversation is incomplete; the others go on
                continue
            readable.append(member)
            for index, message in enumerate(messages):
                if not isinstance(message, dict):  # unread text: the conversation is incomplete
                    where = f"{source}/{member}"
                    errors.append(str(FormatError(where, None, f"message {index} is not a JSON object")))
                else:
                    found = _message_segments(member, index, message, directory)
                    segments.extend(found)
                    for segment in found:
                        if segment.speaker:
                            people.setdefault(segment.speaker, None)
                        for start, end, _type in segment.location.known_spans:
                            people.setdefault(segment.text[start:end], None)
        yield Record(
            record_id=f"{source}#{folder}",
            source=source,
            format="slack",
            segments=segments,
            data_class=data_class,
            metadata={"kind": "chat", "channel": folder, "participants": list(people), "members": readable},
            errors=errors,
        )


def _redact_fields(item: dict[str, Any], redactor: ValueRedactor) -> None:
    for field, entity_type in _PROFILE_FIELDS.items():
        if isinstance(item.get(field), str) and item[field]:
            item[field] = redactor.redact_value(item[field], entity_type)


def _plain_blocks(blocks: list[Any], text: str) -> list[dict[str, Any]]:
    """Rich-text blocks repeat the message text: replaced by one block holding the redacted text."""
    block_id = blocks[0].get("block_id") if blocks and isinstance(blocks[0], dict) else None
    block: dict[str, Any] = {"type": "rich_text"}
    if block_id:
        block["block_id"] = block_id
    block["elements"] = [{"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}]
    return [block]


def _set(document: Any, path: tuple[str | int, ...], value: Any) -> None:
    target = document
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


def _rename_file_links(item: dict[str, Any], old: str, new: str) -> None:
    """File URLs and permalinks embed the file name; it goes where the name went."""
    for key, value in item.items():
        if isinstance(value, str) and key not in _FILE_TEXT:
            item[key] = value.replace(quote(old), quote(new)).replace(old, new)


def _redact_message_people(message: dict[str, Any], redactor: ValueRedactor) -> None:
    if isinstance(message.get("user_profile"), dict):
        _redact_fields(message["user_profile"], redactor)
    for field in ("username", "user_name"):
        if isinstance(message.get(field), str) and message[field]:
            message[field] = redactor.redact_value(message[field], "PERSON")


def write_tree(
    tree: SlackTree, records: Sequence[RedactedRecord], redactor: ValueRedactor, source: str
) -> dict[str, bytes]:
    """The redacted export: users, conversation lists, integration logs and every readable day file.

    Members the reader does not understand (uploaded files, other JSON) and day
    files that did not parse are left out rather than copied unredacted.
    """
    root = export_root(tree, source)
    documents: dict[str, Any] = {}

    def document(member: str) -> Any:
        if member not in documents:
            documents[member] = _load(tree, member, source)
        return documents[member]

    for listing in _CONVERSATION_LISTS:
        if root + listing in tree:
            document(root + listing)
    users = document(root + "users.json")
    for user in users if isinstance(users, list) else []:
        if isinstance(user, dict):
            _redact_fields(user, redactor)
            if isinstance(user.get("profile"), dict):
                _redact_fields(user["profile"], redactor)
    if root + "integration_logs.json" in tree:
        logs = document(root + "integration_logs.json")
        for entry in logs.get("logs", []) if isinstance(logs, dict) else []:
            if isinstance(entry, dict):
                _redact_message_people(entry, redactor)
    message_texts: dict[tuple[str, int], str] = {}
    for redacted in records:
        for segment, new_text in zip(redacted.record.segments, redacted.texts, strict=True):
            location: SlackLocation = segment.location
            data = document(location.member)
            if location.underscored:
                new_text = new_text.replace(" ", "_")
            if location.path[1:2] == ("files",) and location.path[-1] == "name":
                item = data[location.path[0]]["files"][location.path[2]]
                _rename_file_links(item, item["name"], new_text)
            _set(data, location.path, slack_text.escape(new_text) if location.escaped else new_text)
            if location.path[1:] == ("text",):
                message_texts[(location.member, location.path[0])] = new_text
        for member in redacted.record.metadata.get("members", ()):
            for index, message in enumerate(document(member)):
                if isinstance(message, dict):
                    _redact_message_people(message, redactor)
                    if isinstance(message.get("blocks"), list):
                        message["blocks"] = _plain_blocks(
                            message["blocks"], message_texts.get((member, index), "")
                        )
            # messages the reader could not read were never redacted: left out, not copied
            document(member)[:] = [m for m in document(member) if isinstance(m, dict)]
    return {
        member: (json.dumps(data, ensure_ascii=False, indent=4) + "\n").encode("utf-8")
        for member, data in documents.items()
    }


def read(source: str, path: str, **options: Any) -> Iterator[Record]:
    """Slack is a tree, not one text: use `read_tree` (or `read_path` on the folder or .zip)."""
    raise FormatError(path, None, "a Slack export is a folder or .zip; read it with read_path or read_tree")


SPEC = register(
    FormatSpec(
        name="slack",
        description="Slack export (folder or .zip): users.json, channels.json, day files per channel",
        data_class=DATA_CLASS,
        read=read,
        write=None,
        extensions=(".zip",),
    )
)
