"""Slack workspace exports, read and written over an abstract file tree.

An export is `users.json`, `channels.json` (and `groups.json`, `mpims.json`,
`dms.json`), and one folder per conversation with `YYYY-MM-DD.json` arrays of
messages. The tree is a mapping of member name to a callable returning bytes,
so an export inside an archive is read without extracting it; `tree_from_path`
builds one from a folder or a .zip. Each conversation is one record; its
segments are the channel topic and purpose (a string or `{"value": ...}`) and,
per message in this order: the text, file titles/names/previews, attachment
texts, then file previews (`preview_highlight`) and initial comments (a string
or `{"comment": ...}`), attachment `fields[].title`/`.value`, and last every
other string of attachments and messages. Writing returns every member of the
tree, with messages, user profiles, `users.json` names, emails and phones
redacted.

Nothing of a message passes unread. Keys holding ids, times, flags, counts
and reactions (`_MESSAGE_STRUCTURE`, `_ATTACHMENT_STRUCTURE`) are structure and
left as they are. A string under any other key, at any depth (`root` of a
thread broadcast, `topic` of a channel_topic message, attachment `actions` or
`message_blocks`), is analysed as a segment and written back in place, not
Slack-unescaped, so the record stays usable and recall is kept; numbers, booleans
and nulls there are left as they are. A value of a shape the reader does not
read (a `text` that is not a string, `attachments` or `fields` that are not a
list, an entry that is not an object, a structural key holding a list or
object, a topic that is neither text nor an object) adds an error to its record,
naming the file, the message and the field, never the value: the record is
incomplete, hence ineligible and redacted fail-closed, and the writer leaves
such a message out (and drops such a topic or purpose) rather than copying it.
Files are read by their documented text fields only: their other strings are
links, rewritten with the file name.
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
#: File fields read after the ones above (a later addition; earlier segments keep their order).
_FILE_MORE_TEXT = ("preview_highlight", "initial_comment")
#: Message keys holding ids, times, flags and counts: structure, never analysed.
_MESSAGE_SCALARS = frozenset(
    {
        "type", "subtype", "ts", "thread_ts", "event_ts", "latest_reply", "last_read", "user", "bot_id",
        "app_id", "team", "user_team", "source_team", "client_msg_id", "parent_user_id", "inviter",
        "channel", "channel_type", "item_type", "reply_count", "reply_users_count", "subscribed",
        "is_locked", "hidden", "is_starred", "display_as_bot", "upload", "unfurl_links", "unfurl_media",
        "no_notifications", "is_thread_broadcast", "is_intro",
    }
)  # fmt: skip
#: Message keys holding lists or objects of ids, times and emoji names: structure, never analysed.
_MESSAGE_CONTAINERS = frozenset(
    {"reactions", "edited", "replies", "reply_users", "pinned_to", "pinned_info", "x_files", "icons"}
)
#: Message keys the reader analyses or the writer rewrites itself.
_MESSAGE_READ = frozenset({"text", "files", "attachments", "blocks", "user_profile", "username", "user_name"})
_MESSAGE_STRUCTURE = _MESSAGE_SCALARS | _MESSAGE_CONTAINERS
#: Attachment keys holding ids, times, flags and sizes: structure, never analysed.
_ATTACHMENT_STRUCTURE = frozenset(
    {
        "id", "ts", "color", "mrkdwn_in", "callback_id", "attachment_type", "channel_id", "channel_team",
        "author_id", "bot_id", "app_id", "is_msg_unfurl", "is_share", "is_reply_unfurl", "is_app_unfurl",
        "image_width", "image_height", "image_bytes", "thumb_width", "thumb_height",
    }
)  # fmt: skip
_SCALAR = (str, int, float, bool, type(None))
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
        profile = _object(user.get("profile"))
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

    def user_name(self, user_id: Any) -> str | None:
        user = self.users.get(user_id) if isinstance(user_id, str) else None
        if not user:
            return None
        profile = _object(user.get("profile"))
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
        name = found[2].get("name") if found else None
        return name if isinstance(name, str) else None


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _speaker(message: dict[str, Any], directory: _Directory) -> str | None:
    name = directory.user_name(message.get("user"))
    profile = _object(message.get("user_profile"))
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


_JsonPath = tuple[str | int, ...]
#: A string to analyse: its path inside the message (or conversation entry), its value, whether Slack-escaped.
_Text = tuple[_JsonPath, str, bool]


def _text_at(
    item: dict[str, Any], key: str, path: _JsonPath, escaped: bool, texts: list[_Text], problems: list[str]
) -> None:
    """A field that must hold text (or be absent): a non-empty string is read, anything else is a problem."""
    value = item.get(key)
    if isinstance(value, str):
        if value:
            texts.append(((*path, key), value, escaped))
    elif value is not None:
        problems.append(f"field {_field(path, key)} is not text")


def _field(path: _JsonPath, key: str | int | None = None) -> str:
    """`attachments[0].fields[1].value`: keys and indexes of the reader's own structure, never a value."""
    name = ""
    for part in (*path, key) if key is not None else path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else part)
    return f"'{name}'"


def _objects(item: dict[str, Any], key: str, path: _JsonPath, problems: list[str]) -> list[tuple[int, Any]]:
    """The entries of a field that must be a list of objects; any other shape is a problem."""
    value = item.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(f"field {_field(path, key)} is not a list")
        return []
    found = []
    for index, entry in enumerate(value):
        if isinstance(entry, dict):
            found.append((index, entry))
        else:
            problems.append(f"field {_field((*path, key, index))} is not an object")
    return found


def _free_strings(value: Any, path: _JsonPath, texts: list[_Text]) -> None:
    """Every non-empty string at any depth of a value the reader has no fields for, in document order."""
    stack: list[tuple[_JsonPath, Any]] = [(path, value)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            if value:
                texts.append((where, value, False))
        elif isinstance(value, dict):
            stack.extend(reversed([((*where, key), item) for key, item in value.items()]))
        elif isinstance(value, list):
            stack.extend(reversed([((*where, index), item) for index, item in enumerate(value)]))


def _structure_problems(
    item: dict[str, Any], path: _JsonPath, keys: frozenset[str], containers: frozenset[str]
) -> list[str]:
    """Structural keys of a shape that could hide text: a list or object where an id goes, or the reverse."""
    problems = []
    for key, value in item.items():
        if key not in keys:
            continue
        if key in containers:
            if not isinstance(value, (list, dict, type(None))):
                problems.append(f"field {_field(path, key)} is not a list or object")
        elif not isinstance(value, _SCALAR):
            problems.append(f"field {_field(path, key)} is not a single value")
    return problems


def _message_texts(message: dict[str, Any]) -> tuple[list[_Text], list[str]]:
    """The strings of a message to analyse, in segment order, and its fields of a shape not read.

    The order is the text, file and attachment text fields, then the fields read
    since (file previews and comments, attachment fields), then other strings:
    a message without the later ones gives the segments it always gave.
    """
    texts: list[_Text] = []
    problems: list[str] = []
    value = message.get("text")
    if isinstance(value, str):
        texts.append((("text",), value, True))
    elif value is not None:
        problems.append("field 'text' is not text")
    files = _objects(message, "files", (), problems)
    attachments = _objects(message, "attachments", (), problems)
    for key, items, fields, escaped in (
        ("files", files, _FILE_TEXT, False),
        ("attachments", attachments, _ATTACHMENT_TEXT, True),
    ):
        for item_index, item in items:
            for field in fields:
                _text_at(item, field, (key, item_index), escaped, texts, problems)
    for item_index, item in files:
        path = ("files", item_index)
        _text_at(item, "preview_highlight", path, False, texts, problems)
        if isinstance(item.get("initial_comment"), dict):
            _text_at(item["initial_comment"], "comment", (*path, "initial_comment"), True, texts, problems)
        else:
            _text_at(item, "initial_comment", path, True, texts, problems)
    for item_index, item in attachments:
        path = ("attachments", item_index)
        for field_index, field in _objects(item, "fields", path, problems):
            for key in ("title", "value"):
                _text_at(field, key, (*path, "fields", field_index), True, texts, problems)
        problems.extend(_structure_problems(item, path, _ATTACHMENT_STRUCTURE, frozenset({"mrkdwn_in"})))
        for key, value in item.items():
            if key not in _ATTACHMENT_STRUCTURE and key not in _ATTACHMENT_TEXT and key != "fields":
                _free_strings(value, (*path, key), texts)
    problems.extend(_structure_problems(message, (), _MESSAGE_STRUCTURE, _MESSAGE_CONTAINERS))
    if not isinstance(message.get("blocks"), (list, type(None))):
        problems.append("field 'blocks' is not a list")
    if not isinstance(message.get("user_profile"), (dict, type(None))):
        problems.append("field 'user_profile' is not an object")
    for key in ("username", "user_name"):
        if not isinstance(message.get(key), (str, type(None))):
            problems.append(f"field '{key}' is not text")
    for key, value in message.items():
        if key not in _MESSAGE_STRUCTURE and key not in _MESSAGE_READ:
            _free_strings(value, (key,), texts)
    return texts, problems


def _message_segments(
    member: str, index: int, message: dict[str, Any], directory: _Directory
) -> tuple[list[Segment], list[str]]:
    """The message's segments and its problems (field names only)."""
    speaker = _speaker(message, directory)
    ts = message.get("ts")
    if not isinstance(ts, (str, int, float)) or isinstance(ts, bool):
        ts = None  # never a list or object turned into a segment id
    texts, problems = _message_texts(message)
    segments = [
        _segment(value, (member, (index, *path)), speaker, ts, directory, escaped)
        for path, value, escaped in texts
    ]
    return segments, problems


def _conversation_texts(info: dict[str, Any]) -> tuple[list[_Text], list[tuple[str, str]]]:
    """Topic and purpose, each a string or `{"value": ...}`; problems as (field, description)."""
    texts: list[_Text] = []
    problems: list[tuple[str, str]] = []
    for field in ("topic", "purpose"):
        value = info.get(field)
        found: list[str] = []
        if isinstance(value, dict):
            _text_at(value, "value", (field,), True, texts, found)
        elif isinstance(value, str):
            if value:
                texts.append(((field,), value, True))
        elif value is not None:
            found.append(f"field '{field}' is neither text nor an object")
        problems.extend((field, problem) for problem in found)
    return texts, problems


def read_tree(tree: SlackTree, source: str, **options: Any) -> Iterator[Record]:
    """One record per conversation folder, messages in date and file order."""
    root = export_root(tree, source)
    directory = _Directory(tree, root, source)
    data_class = resolve_data_class(options.get("data_class"), DATA_CLASS)
    for folder, members in _conversations(tree, root).items():
        segments: list[Segment] = []
        people: dict[str, None] = {}
        errors: list[str] = []
        conversation = directory.conversations.get(folder)
        if conversation:
            listing, listing_index, info = conversation
            texts, conversation_problems = _conversation_texts(info)
            for path, value, _escaped in texts:
                segments.append(_segment(value, (listing, (listing_index, *path)), None, None, directory))
            for _field_name, problem in conversation_problems:
                errors.append(
                    str(FormatError(f"{source}/{listing}", None, f"conversation {listing_index}: {problem}"))
                )
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
                    found, problems = _message_segments(member, index, message, directory)
                    # a shape not read: the conversation is incomplete, and the writer leaves the message out
                    errors.extend(
                        str(FormatError(f"{source}/{member}", None, f"message {index}: {problem}"))
                        for problem in problems
                    )
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
        if isinstance(value, str) and key not in _FILE_TEXT and key not in _FILE_MORE_TEXT:
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
            items = document(root + listing)
            for item in items if isinstance(items, list) else []:
                # a topic or purpose of a shape the reader does not read is dropped, not copied
                for field, _problem in _conversation_texts(item)[1] if isinstance(item, dict) else ():
                    item.pop(field, None)
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
            # messages the reader could not read (in full) were never redacted: left out, not copied
            document(member)[:] = [
                m for m in document(member) if isinstance(m, dict) and not _message_texts(m)[1]
            ]
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
