"""Slack workspace exports, read and written over an abstract file tree.

An export is `users.json`, `channels.json` (and `groups.json`, `mpims.json`,
`dms.json`), and one folder per conversation with `YYYY-MM-DD.json` arrays of
messages. The tree is a mapping of member name to a callable returning bytes,
so an export inside an archive is read without extracting it; `tree_from_path`
builds one from a folder or a .zip. Each conversation is one record; its
segments are the channel topic and purpose (a string or `{"value": ...}`), the
other strings of its conversation entry that are not structure (below) and,
per message in this order: the text, file titles/names/previews, attachment
texts, then file previews (`preview_highlight`) and initial comments (a string
or `{"comment": ...}`), attachment `fields[].title`/`.value`, every other string
of attachments and messages, and last the strings of files beyond their text
and link fields and structural strings not of their shape; the conversation's
name comes last of all.

The rule: the writer copies only what the reader analysed or what is known
structure of a known shape; every other string is redacted, analysed or left
out. Structure is a list of keys per known object (`_MESSAGE_SHAPES`,
`_ATTACHMENT_SHAPES`, `_FILE_SHAPES`, `_CONVERSATION_SHAPES`, ...), each with
the shape its strings must have: ids (`U012AB3CD`, `C...`, `Fc...`), `ts` as
digits.digits, `client_msg_id` a UUID, emoji names (`[a-z0-9_+'-]`, at most 5
digits, `::skin-tone-N`), words (`type`, `subtype`), colours, MIME types, links
(`http(s)://` without `@` or `%40`), time zones. A structural string without
its shape, and any string under a key that is not structure (`root` of a thread
broadcast, `edited.note`, attachment `actions`, a file's `alt_txt`, `subject`,
`from`/`to`/`cc`, `transcription`), at any depth, is analysed as a segment and
written back in place, not Slack-unescaped, so the record stays usable and
recall is kept; so is a number of 5 or more digits under such a key (a phone
number in a bot's payload), written back as text only if redaction changed it;
other numbers, booleans and nulls are left as they are. Object keys
must be names (`[A-Za-z_][A-Za-z0-9_-]*`). A value of a shape the reader does
not read (a `text` that is not a string, `attachments` or `fields` that are not
a list, an entry that is not an object, a structural key holding a list or
object, a key that is not a name, a topic that is neither text nor an object)
adds an error to its record, naming the file, the message and the field (a key
of the data only by its place, `metadata.event_payload.(key 1)`), never the
value: the record is incomplete, hence ineligible and redacted fail-closed,
and the writer leaves such a message out (and drops such a field of a
conversation entry) rather than copying it.

Outside conversations nothing is analysed, so the writer redacts by the same
structure: in `users.json` users and profiles (and messages' `user_profile`)
names, emails, phones, skype and usernames are redacted as their type, strings
of known shape (ids, colours, time zones, `image_*` links, `avatar_hash`,
`status_emoji`) kept, and every other string (`title`, `status_text`,
`pronouns`, `fields.*.value`/`.alt`, ...) replaced with the redactor's value
for `TEXT`; numbers of 5 or more digits the same (a phone given as a number is
redacted as a phone), except epoch times and time zone offsets (`updated`,
`tz_offset`); `integration_logs.json` the same (`user_name` a person, `reason`,
`service_name` ... `TEXT`). An entry of a conversation list with no message
folder belongs to no record: its strings that are not structure (topic,
purpose, ...) are dropped from the copy. A conversation list that is not a
list, or integration logs that are not an object, are left out. Members the
reader does not read (uploaded files, canvases, other JSON) are left out of the
redacted export, never copied.

Users' names (also written with `-`, `.`, `_` between words) and handles are
known spans in every segment. A conversation's name is analysed like any value,
those (and the handles of an `mpdm-` name) known spans, so the redacted copy
redacts it, and a conversation whose name redaction changed gets its id as its
folder there (`_moved_days`); a folder with no entry, or a changed name without
an id, gets the stand-in the record id shows (`conversation-3`). File links get
the redacted file name in each form Slack writes it. The record id and errors show the folder only
while nothing in the name is known to be a value, else the conversation's id
(`_shown_folder`); `jsondata.value_free_ids` puts the id in its place later if
detection finds something in the name or the record is incomplete.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from classifier.formats import jsondata, slack_text
from classifier.formats.base import FormatSpec, RedactedRecord, ValueRedactor, register, resolve_data_class
from classifier.formats.errors import FormatError
from classifier.records import DataClass, Record, Segment

SlackTree = Mapping[str, Callable[[], bytes]]
DATA_CLASS = DataClass.CUSTOMER_CONTENT
_DAY_FILE = re.compile(r"^\d{4}-\d{2}-\d{2}\.json$")
_CONVERSATION_LISTS = ("channels.json", "groups.json", "mpims.json", "dms.json")
_INTEGRATION_LOGS = "integration_logs.json"
_FILE_TEXT = ("title", "name", "preview", "plain_text")
_ATTACHMENT_TEXT = ("fallback", "pretext", "title", "text", "footer", "author_name")
#: File fields read after the ones above (a later addition; earlier segments keep their order).
_FILE_MORE_TEXT = ("preview_highlight", "initial_comment")
#: Message keys the reader analyses or the writer rewrites itself.
_MESSAGE_READ = frozenset({"text", "files", "attachments", "blocks", "user_profile", "username", "user_name"})
#: The entity type the writer redacts a profile or log string of no known type as.
_GENERIC_TYPE = "TEXT"
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
#: An object key: a name, never a value (`Xf01AB`, `image_72`, `C01GENERAL` but not an address or a number).
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,63}")
_DIGIT = re.compile(r"[0-9]")
#: A group DM's name as Slack builds it: `mpdm-`, its members' handles joined by `--`, then `-1`.
_MPDM = re.compile(r"mpdm-(.+)-[0-9]+")
#: What stands between the words of a person's name in a conversation name (`maria-lopez-iep`).
_NAME_JOINER = re.compile(r"[-._]")
#: The stand-in a folder is shown (and written) as when its name may not be: `conversation-3`.
_STAND_IN = re.compile(r"conversation-[0-9]+")


@dataclass(frozen=True)
class _Shape:
    """The form a structural string must have; the empty string always has it."""

    pattern: re.Pattern[str]
    max_digits: int = 64

    def fits(self, value: str) -> bool:
        return not value or (
            self.pattern.fullmatch(value) is not None and len(_DIGIT.findall(value)) <= self.max_digits
        )


@dataclass(frozen=True)
class _List:
    """A list whose entries all have one spec."""

    item: Any


@dataclass(frozen=True)
class _Object:
    """An object with known keys (a spec each); any other key is free text, analysed."""

    fields: Mapping[str, Any]
    patterns: tuple[tuple[re.Pattern[str], Any], ...] = ()

    def spec(self, key: str) -> Any:
        if key in self.fields:
            return self.fields[key]
        return next((spec for pattern, spec in self.patterns if pattern.fullmatch(key)), None)


@dataclass(frozen=True)
class _Map:
    """An object keyed by ids (`pinned_info`), each value of one spec."""

    key: _Shape
    value: Any = field(default=None)


#: A field the reader reads itself (text) or the writer rewrites (blocks, profiles).
_READ = object()

_ID = _Shape(re.compile(r"[A-Z][a-z]?[A-Z0-9]{1,31}"))  # U012AB3CD, C01GENERAL, T0, Fc1, Xf01, USLACKBOT
_TS = _Shape(re.compile(r"[0-9]{1,12}\.[0-9]{1,9}"))
_TIME = _Shape(re.compile(r"[0-9]{1,12}(?:\.[0-9]{1,9})?"))  # epoch seconds, with or without a fraction
_ID_OR_TS = _Shape(re.compile(rf"{_ID.pattern.pattern}|{_TS.pattern.pattern}"))
_UUID = _Shape(re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"))
_EMOJI = _Shape(re.compile(r"[a-z0-9_+'-]{1,100}(?:::skin-tone-[2-6])?"), max_digits=5)
_EMOJI_CODE = _Shape(re.compile(r":[a-z0-9_+'-]{1,100}(?:::skin-tone-[2-6])?:"), max_digits=5)
_WORD = _Shape(re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}"), max_digits=4)  # type, subtype, mode
_TOKEN = _Shape(re.compile(r"[A-Za-z0-9+/=._:-]{1,64}"), max_digits=4)  # block_id, callback_id
_COUNT = _Shape(re.compile(r"[0-9]{1,6}"))
_NO_TEXT = _Shape(re.compile(r"(?!)"))  # flags and numbers: any non-empty string is analysed
_COLOR = _Shape(re.compile(r"#?(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})|good|warning|danger"))
_URL = _Shape(re.compile(r"(?i)(?!.*(?:@|%40))https?://[^\s<>\"]{1,2000}"))
_MIME = _Shape(re.compile(r"[a-z]{1,20}/[A-Za-z0-9.+_-]{1,100}"), max_digits=4)
_CHANNEL = _Shape(re.compile(r"[\w-]{1,80}"), max_digits=6)
_TZ = _Shape(re.compile(r"[A-Za-z_]{1,32}(?:/[A-Za-z0-9_+-]{1,32}){0,2}"), max_digits=4)
_TZ_LABEL = _Shape(re.compile(r"[A-Za-z][A-Za-z .'-]{0,60} Time"))
_HASH = _Shape(re.compile(r"g?[0-9a-f]{1,40}"), max_digits=8)
_LOCALE = _Shape(re.compile(r"[a-z]{2,3}(?:-[A-Z]{2})?"))
_LABEL = _Shape(re.compile(r"[A-Za-z][A-Za-z .()-]{0,40}"))  # an integration's service type: "Google Drive"

_FLAGS = (
    "subscribed", "is_locked", "hidden", "is_starred", "display_as_bot", "upload", "unfurl_links",
    "unfurl_media", "no_notifications", "is_thread_broadcast", "is_intro",
)  # fmt: skip
#: Message keys holding ids, times, flags, counts and emoji names: structure, each of its shape.
_MESSAGE_SHAPES: dict[str, Any] = {
    **dict.fromkeys(("type", "subtype", "channel_type", "item_type"), _WORD),
    **dict.fromkeys(("ts", "thread_ts", "event_ts", "latest_reply", "last_read"), _TS),
    **dict.fromkeys(
        (
            "user",
            "bot_id",
            "app_id",
            "team",
            "user_team",
            "source_team",
            "parent_user_id",
            "inviter",
            "channel",
        ),
        _ID,
    ),
    "client_msg_id": _UUID,
    **dict.fromkeys(("reply_count", "reply_users_count"), _COUNT),
    **dict.fromkeys(_FLAGS, _NO_TEXT),
    "reactions": _List(_Object({"name": _EMOJI, "users": _List(_ID), "count": _COUNT})),
    "edited": _Object({"user": _ID, "ts": _TS}),
    "replies": _List(_Object({"user": _ID, "ts": _TS})),
    "reply_users": _List(_ID),
    "pinned_to": _List(_ID),
    "pinned_info": _Map(_ID, _Object({"pinned_by": _ID, "pinned_ts": _TIME})),
    "x_files": _List(_ID),
    "icons": _Object({"emoji": _EMOJI_CODE}, ((re.compile(r"image_\w+"), _URL),)),
}
#: Attachment keys holding ids, times, flags and sizes: structure, each of its shape.
_ATTACHMENT_SHAPES: dict[str, Any] = {
    "id": _COUNT,
    "ts": _TIME,
    "color": _COLOR,
    "mrkdwn_in": _List(_WORD),
    "callback_id": _TOKEN,
    "attachment_type": _WORD,
    **dict.fromkeys(("channel_id", "channel_team", "author_id", "bot_id", "app_id"), _ID),
    **dict.fromkeys(
        (
            "is_msg_unfurl", "is_share", "is_reply_unfurl", "is_app_unfurl", "image_width", "image_height",
            "image_bytes", "thumb_width", "thumb_height",
        ),
        _NO_TEXT,
    ),
}  # fmt: skip
#: `attachments[].fields[]`: title and value are read; `short` is a flag.
_ATTACHMENT_FIELD = _Object({"title": _READ, "value": _READ, "short": _NO_TEXT})
#: File keys holding ids and types (links are `_FILE_LINK`); the text fields are read.
_FILE_SHAPES: dict[str, Any] = {
    **dict.fromkeys((*_FILE_TEXT, *_FILE_MORE_TEXT), _READ),
    **dict.fromkeys(("id", "user", "user_team", "source_team", "editor", "last_editor"), _ID),
    **dict.fromkeys(("channels", "groups", "ims"), _List(_ID)),
    "mimetype": _MIME,
    **dict.fromkeys(("filetype", "mode", "external_type", "file_access", "media_display_type"), _WORD),
}
#: File keys holding links to the file: kept when they have a link's shape, rewritten with the file name.
_FILE_LINK = re.compile(
    r"url_private(?:_download)?|permalink(?:_public)?|edit_link|thumb_(?:\d+|video|pdf)(?:_gif)?"
    r"|deanimate(?:_gif)?|mp4(?:_low)?|hls|converted_pdf|preview_image"
)
#: An initial comment as an object: the comment is read.
_INITIAL_COMMENT = _Object({"comment": _READ, "id": _ID, "user": _ID, "channel": _ID})
#: A channel's topic or purpose as an object: the value is read.
_TOPIC = _Object({"value": _READ, "creator": _ID, "last_set": _NO_TEXT})
#: Keys of a channels.json (groups, mpims, dms) entry holding ids and names.
_CONVERSATION_SHAPES: dict[str, Any] = {
    "id": _ID,
    "creator": _ID,
    "user": _ID,
    "created": _NO_TEXT,
    "members": _List(_ID),
    "pins": _List(_Object({"id": _ID_OR_TS, "type": _WORD, "user": _ID, "owner": _ID, "created": _NO_TEXT})),
}
#: users.json user and profile (and user_profile) strings kept as they are; other strings are redacted.
_PROFILE_SHAPES: dict[str, _Shape] = {
    **dict.fromkeys(("id", "team_id", "team", "bot_id", "api_app_id"), _ID),
    "color": _COLOR,
    "tz": _TZ,
    "tz_label": _TZ_LABEL,
    "avatar_hash": _HASH,
    "status_emoji": _EMOJI_CODE,
    "locale": _LOCALE,
    **dict.fromkeys(("who_can_share_contact_card", "huddle_state", "presence"), _WORD),
    "updated": _TIME,
    "tz_offset": _Shape(re.compile(r"-?[0-9]{1,5}")),  # seconds from UTC
}
_PROFILE_IMAGE = re.compile(r"image_\w+")
#: integration_logs.json entry strings kept as they are; `user_name` is a person, other strings redacted.
_LOG_SHAPES: dict[str, _Shape] = {
    **dict.fromkeys(("user_id", "app_id", "bot_id"), _ID),
    "date": _TIME,
    "service_id": _Shape(re.compile(rf"{_ID.pattern.pattern}|[0-9]{{1,12}}")),
    **dict.fromkeys(("change_type", "app_type"), _WORD),
    "service_type": _LABEL,
    "channel": _CHANNEL,
}
#: Slack's own fields the reader analyses as free text, at any depth: an error may name them.
_FREE_FIELDS = (
    "metadata", "event_type", "event_payload", "root", "note", "actions", "alt_txt", "subject", "from", "to",
    "cc", "transcription", "topic", "purpose", "fields",
)  # fmt: skip


def _spec_names(*specs: Any) -> frozenset[str]:
    """Every key the specs name, at any depth: the fixed field names an error may show."""
    names: set[str] = set()
    stack = list(specs)
    while stack:
        spec = stack.pop()
        if isinstance(spec, Mapping):
            names.update(spec)
            stack.extend(spec.values())
        elif isinstance(spec, _Object):
            stack.append(spec.fields)
        elif isinstance(spec, (_List, _Map)):
            stack.append(spec.item if isinstance(spec, _List) else spec.value)
    return frozenset(names)


#: Field names an error shows as they are; any other key is data (`Maria_Lopez`), shown by its place.
_FIELD_NAMES = (
    _spec_names(
        _MESSAGE_SHAPES, _ATTACHMENT_SHAPES, _ATTACHMENT_FIELD, _FILE_SHAPES, _INITIAL_COMMENT, _TOPIC,
        _CONVERSATION_SHAPES,
    )
    | _MESSAGE_READ
    | frozenset((*_ATTACHMENT_TEXT, *_FREE_FIELDS))
)  # fmt: skip


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


def _load(tree: SlackTree, member: str, source: str, shown: str | None = None) -> Any:
    """A member's JSON; one that does not parse, or only past Python's limits (an integer of thousands
    of digits, nesting thousands deep), is a `FormatError` of that member alone, so the rest goes on.
    The error names `shown` if given (a day file under a stand-in folder), else `source/member`."""
    where = shown or f"{source}/{member}"
    try:
        return jsondata.loads(tree[member]().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FormatError(where, None, "not valid JSON") from None
    except jsondata.JsonParseError as error:
        raise FormatError(where, error.line, str(error)) from None


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
            if isinstance(value, str):
                names.add(value.strip())
    return _words_pattern(names)


def _handles_pattern(users: Iterable[dict[str, Any]]) -> re.Pattern[str] | None:
    """Users' handles (`mlopez`), found in every text as usernames; a handle that is also a common
    English word (`will`, `may`) is left to the other recognizers, or every "I will" would be one."""
    from spacy.lang.en.stop_words import STOP_WORDS

    handles = (user["name"].strip() for user in users if isinstance(user.get("name"), str))
    return _words_pattern(handle for handle in handles if handle.lower() not in STOP_WORDS)


def _words_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """Any of `words` of 2+ characters as a whole word, regardless of case, longest first; None for none."""
    found = sorted({word for word in words if len(word) >= 2}, key=len, reverse=True)
    if not found:
        return None
    alternation = "|".join(re.escape(word) for word in found)
    return re.compile(rf"(?<![^\W_])(?:{alternation})(?![^\W_])", re.IGNORECASE)


def _conversation_entries(listings: Iterable[tuple[str, Any]]) -> dict[str, tuple[str, int, dict[str, Any]]]:
    """Conversation name or id -> (conversation list member, index, entry); a later entry wins."""
    found: dict[str, tuple[str, int, dict[str, Any]]] = {}
    for member, items in listings:
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                for key in (item.get("name"), item.get("id")):
                    if key and isinstance(key, (str, int, float)):
                        found[str(key)] = (member, index, item)
    return found


class _Directory:
    """Users and channels of one export, for resolving ids to names."""

    def __init__(self, tree: SlackTree, root: str, source: str):
        users = _load(tree, root + "users.json", source)
        if not isinstance(users, list):
            raise FormatError(f"{source}/{root}users.json", None, "users.json is not a list of users")
        self.users = {
            user.get("id"): user
            for user in users
            if isinstance(user, dict) and isinstance(user.get("id"), str)
        }
        self.conversations = _conversation_entries(
            (root + listing, _load(tree, root + listing, source))
            for listing in _CONVERSATION_LISTS
            if root + listing in tree
        )
        self.name_pattern = _names_pattern(self.users.values())
        self.handle_pattern = _handles_pattern(self.users.values())

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
    """A readable segment; mentions, users' names and handles in it are known spans (`_name_spans`).

    Names and handles are found in every segment, not only in the conversation's name: the export says
    they are personal, and free text shows them as written there (`ask mlopez`, a channel link
    `<#C77|maria-lopez-iep>`, a rename's `old_name`), where detection without NER finds nothing.
    """
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
    for found_start, found_end, entity_type in _name_spans(text, directory):
        if not any(start < found_end and found_start < end for start, end, _ in spans):
            spans.append((found_start, found_end, entity_type))
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
#: A field of a shape the reader does not read: its path inside the message (or entry) and what is wrong.
_Problem = tuple[_JsonPath, str]
_NOT_A_NAME = "has a key that is not a name"


def _text_at(
    item: dict[str, Any],
    key: str,
    path: _JsonPath,
    escaped: bool,
    texts: list[_Text],
    problems: list[_Problem],
) -> None:
    """A field that must hold text (or be absent): a non-empty string is read, anything else is a problem."""
    value = item.get(key)
    if isinstance(value, str):
        if value:
            texts.append(((*path, key), value, escaped))
    elif value is not None:
        problems.append(((*path, key), "is not text"))


def _described(root: Any, problem: _Problem) -> str:
    """`field 'attachments[0].fields[1].value' is not text`: indexes and Slack's own field names, and any
    other key by its place (`metadata.event_payload.(key 1)`), since a key of the data may be a name or an
    address and an error is never to show one."""
    path, what = problem
    if not path:
        return "a key is not a name"  # only a key of the message or entry itself has no path
    name, container = "", root
    for part in path:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            shown = part if part in _FIELD_NAMES else f"({_place(container, part)})"
            name += f".{shown}" if name else shown
        container = _get(container, (part,))
    return f"field '{name}' {what}"


def _place(container: Any, key: str) -> str:
    """`key 2`: a key by its place among its object's keys, from 1."""
    keys = list(container) if isinstance(container, dict) else []
    return f"key {keys.index(key) + 1}" if key in keys else "key"


def _objects(
    item: dict[str, Any], key: str, path: _JsonPath, problems: list[_Problem]
) -> list[tuple[int, Any]]:
    """The entries of a field that must be a list of objects; any other shape is a problem."""
    value = item.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(((*path, key), "is not a list"))
        return []
    found = []
    for index, entry in enumerate(value):
        if isinstance(entry, dict):
            found.append((index, entry))
        else:
            problems.append(((*path, key, index), "is not an object"))
    return found


def _free_strings(value: Any, path: _JsonPath, texts: list[_Text], problems: list[_Problem]) -> None:
    """Every non-empty string at any depth of a value the reader has no fields for, in document order,
    and every number of 5 or more digits (a phone or account number; written back only if redacted).

    A key that is not a name (an address, a number) is a problem: it would be copied unread.
    """
    stack: list[tuple[_JsonPath, Any]] = [(path, value)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            if value:
                texts.append((where, value, False))
        elif isinstance(value, dict):
            named = []
            for key, item in value.items():
                if _KEY.fullmatch(key):
                    named.append(((*where, key), item))
                else:
                    problems.append((where, _NOT_A_NAME))
            stack.extend(reversed(named))
        elif isinstance(value, list):
            stack.extend(reversed([((*where, index), item) for index, item in enumerate(value)]))
        elif (digits := jsondata.long_number_text(value)) is not None:
            texts.append((where, digits, False))


def _walk(value: Any, spec: Any, path: _JsonPath, texts: list[_Text], problems: list[_Problem]) -> None:
    """A value of known structure: strings not of their shape are analysed, other shapes are problems."""
    if spec is _READ:
        return
    if spec is None:
        _free_strings(value, path, texts, problems)
    elif isinstance(spec, _Shape):
        if isinstance(value, (dict, list)):
            problems.append((path, "is not a single value"))
        elif isinstance(value, str) and not spec.fits(value):
            texts.append((path, value, False))
        elif spec is not _NO_TEXT and (digits := jsondata.long_number_text(value)) is not None:
            if not spec.fits(digits):  # a number in a field of ids or words
                texts.append((path, digits, False))
    elif value is None:
        return
    elif isinstance(spec, _List):
        if not isinstance(value, list):
            problems.append((path, "is not a list"))
            return
        for index, item in enumerate(value):
            _walk(item, spec.item, (*path, index), texts, problems)
    elif not isinstance(value, dict):
        problems.append((path, "is not an object"))
    else:
        for key, item in value.items():
            if not _KEY.fullmatch(key) or (isinstance(spec, _Map) and not spec.key.fits(key)):
                problems.append((path, _NOT_A_NAME))
            else:
                _walk(
                    item,
                    spec.value if isinstance(spec, _Map) else spec.spec(key),
                    (*path, key),
                    texts,
                    problems,
                )


def _keys(
    item: dict[str, Any],
    path: _JsonPath,
    shapes: Mapping[str, Any],
    free: list[_Text],
    structure: list[_Text],
    problems: list[_Problem],
    skip: Iterable[str] = (),
) -> None:
    """The keys of an object other than `skip`: structure walked into `structure`, others into `free`."""
    skipped = frozenset(skip)
    for key, value in item.items():
        if key in skipped:
            continue
        if not _KEY.fullmatch(key):
            problems.append((path, _NOT_A_NAME))
        elif key in shapes:
            _walk(value, shapes[key], (*path, key), structure, problems)
        else:
            _free_strings(value, (*path, key), free, problems)


def _file_keys(item: dict[str, Any], path: _JsonPath, texts: list[_Text], problems: list[_Problem]) -> None:
    """A file's strings beyond its text fields: ids and links of their shape are kept, the rest analysed."""
    for key, value in item.items():
        if not _KEY.fullmatch(key):
            problems.append((path, _NOT_A_NAME))
        elif key == "initial_comment" and isinstance(value, dict):
            _walk(value, _INITIAL_COMMENT, (*path, key), texts, problems)
        else:
            spec = _URL if _FILE_LINK.fullmatch(key) else _FILE_SHAPES.get(key)
            _walk(value, spec, (*path, key), texts, problems)


def _message_texts(message: dict[str, Any]) -> tuple[list[_Text], list[str]]:
    """The strings of a message to analyse, in segment order, and its fields of a shape not read.

    The order is the text, file and attachment text fields, then the fields read
    since (file previews and comments, attachment fields), then other strings,
    then file strings beyond their text fields and structural strings not of
    their shape: a message without the later ones gives the segments it always gave.
    """
    texts: list[_Text] = []
    problems: list[_Problem] = []
    late: list[_Text] = []  # file strings beyond their text fields
    structure: list[_Text] = []  # structural strings not of their shape, unknown keys inside structure
    value = message.get("text")
    if isinstance(value, str):
        texts.append((("text",), value, True))
    elif value is not None:
        problems.append((("text",), "is not text"))
    files = _objects(message, "files", (), problems)
    attachments = _objects(message, "attachments", (), problems)
    for key, items, fields, escaped in (
        ("files", files, _FILE_TEXT, False),
        ("attachments", attachments, _ATTACHMENT_TEXT, True),
    ):
        for item_index, item in items:
            for field_name in fields:
                _text_at(item, field_name, (key, item_index), escaped, texts, problems)
    for item_index, item in files:
        path = ("files", item_index)
        _text_at(item, "preview_highlight", path, False, texts, problems)
        if isinstance(item.get("initial_comment"), dict):
            _text_at(item["initial_comment"], "comment", (*path, "initial_comment"), True, texts, problems)
        else:
            _text_at(item, "initial_comment", path, True, texts, problems)
        _file_keys(item, path, late, problems)
    for item_index, item in attachments:
        path = ("attachments", item_index)
        for field_index, entry in _objects(item, "fields", path, problems):
            for key in ("title", "value"):
                _text_at(entry, key, (*path, "fields", field_index), True, texts, problems)
            _walk(entry, _ATTACHMENT_FIELD, (*path, "fields", field_index), structure, problems)
        _keys(item, path, _ATTACHMENT_SHAPES, texts, structure, problems, (*_ATTACHMENT_TEXT, "fields"))
    if not isinstance(message.get("blocks"), (list, type(None))):
        problems.append((("blocks",), "is not a list"))
    if not isinstance(message.get("user_profile"), (dict, type(None))):
        problems.append((("user_profile",), "is not an object"))
    for key in ("username", "user_name"):
        if not isinstance(message.get(key), (str, type(None))):
            problems.append(((key,), "is not text"))
    _keys(message, (), _MESSAGE_SHAPES, texts, structure, problems, _MESSAGE_READ)
    return texts + late + structure, [_described(message, problem) for problem in problems]


def _message_segments(
    member: str, index: int, message: dict[str, Any], directory: _Directory
) -> tuple[list[Segment], list[str]]:
    """The message's segments and its problems (field names only)."""
    speaker = _speaker(message, directory)
    ts = message.get("ts")
    if (
        isinstance(ts, bool)
        or not isinstance(ts, (str, int, float))
        or (isinstance(ts, str) and not _TS.fits(ts))
    ):
        ts = None  # never a list, an object or a string not of its shape turned into a segment id
    texts, problems = _message_texts(message)
    segments = [
        _segment(value, (member, (index, *path)), speaker, ts, directory, escaped)
        for path, value, escaped in texts
    ]
    return segments, problems


def _conversation_texts(info: dict[str, Any]) -> tuple[list[_Text], list[tuple[str, str]]]:
    """Topic and purpose (a string or `{"value": ...}`), then the entry's other strings not structure,
    then its name: analysed as any value, since a name may be made of handles (`mpdm-mlopez--kmensah-1`).

    Problems are (top-level field, description): the writer drops that field.
    """
    texts: list[_Text] = []
    rest: list[_Text] = []
    names: list[_Text] = []
    problems: list[tuple[str, str]] = []
    for key, value in info.items():
        found: list[_Problem] = []
        if key in ("topic", "purpose"):
            if isinstance(value, dict):
                _text_at(value, "value", (key,), True, texts, found)
                _walk(value, _TOPIC, (key,), rest, found)
            elif isinstance(value, str):
                if value:
                    texts.append(((key,), value, True))
            elif value is not None:
                found.append(((key,), "is neither text nor an object"))
        elif key == "name":
            _text_at(info, key, (), False, names, found)
        elif not _KEY.fullmatch(key):
            found.append(((), _NOT_A_NAME))
        else:
            _walk(value, _CONVERSATION_SHAPES.get(key), (key,), rest, found)
        problems.extend((key, _described(info, problem)) for problem in found)
    order = {"topic": 0, "purpose": 1}
    texts.sort(key=lambda text: order[str(text[0][0])])  # topic before purpose, as always
    return texts + rest + names, problems


def _name_segment(name: str, location: tuple[str, _JsonPath], directory: _Directory) -> Segment:
    """A conversation's name: Slack builds a group DM's from its members' handles and channels are
    named after people, so each handle and user's name in it is a known span (as in every segment),
    found even where detection, seeing a name alone (`mpdm-mlopez--kmensah-1`), finds nothing."""
    return _segment(name, location, None, None, directory, escaped=False)


def _name_spans(text: str, directory: _Directory) -> list[tuple[int, int, str]]:
    """Users' names, also written with `-`, `.` or `_` between their words (`maria-lopez-iep`), then
    the handles of an `mpdm-` name and users' handles anywhere: the caller keeps the first of two
    that overlap, so a name wins over a handle inside it."""
    spans: list[tuple[int, int, str]] = []
    if directory.name_pattern:
        # as written too: a name holding a joiner itself (`Ana Ruiz-Vega`, `J. Doe`) is found only so
        for subject in (text, _NAME_JOINER.sub(" ", text)):
            spans.extend(
                (found.start(), found.end(), "PERSON") for found in directory.name_pattern.finditer(subject)
            )
    if group := _MPDM.fullmatch(text):
        start = group.start(1)
        for handle in group.group(1).split("--"):
            if handle:
                spans.append((start, start + len(handle), "USERNAME"))
            start += len(handle) + 2
    if directory.handle_pattern:
        spans.extend(
            (found.start(), found.end(), "USERNAME") for found in directory.handle_pattern.finditer(text)
        )
    return spans


def _is_slack_id(value: Any) -> bool:
    """`C0123`, `G0123`, `D0123`: a conversation's id is structure, shown where its name may not be."""
    return isinstance(value, str) and bool(value) and _ID.fits(value) and _DIGIT.search(value) is not None


def _shown_folder(
    folder: str, info: dict[str, Any] | None, name: Segment | None, position: int, source: str
) -> tuple[str, dict[str, Any]]:
    """The folder as the record id and errors show it, and the metadata `jsondata.value_free_ids` reads.

    A conversation's id is shown as it is. A name is shown only while nothing in it is known to be a
    value (no handle or user's name, see `_name_segment`), and `value_free_ids` puts the stand-in (the
    conversation's id, else its place `conversation-3`) in its place if detection finds something in
    it or the record is incomplete. A folder with no conversation entry was never analysed: the stand-in.
    """
    conversation_id = (info or {}).get("id")
    if _is_slack_id(folder) and (info is None or folder == conversation_id):
        return folder, {}
    stand_in = conversation_id if _is_slack_id(conversation_id) else f"conversation-{position}"
    if name is None or (info or {}).get("name") != folder or name.location.known_spans:
        return stand_in, {}
    return folder, {"id_path": name.location.path, "place_id": f"{source}#{stand_in}"}


def read_tree(tree: SlackTree, source: str, **options: Any) -> Iterator[Record]:
    """One record per conversation folder, messages in date and file order, its name last (a later
    addition: earlier segments keep their order); id and errors show the folder as `_shown_folder` says."""
    root = export_root(tree, source)
    directory = _Directory(tree, root, source)
    data_class = resolve_data_class(options.get("data_class"), DATA_CLASS)
    for position, (folder, members) in enumerate(_conversations(tree, root).items(), start=1):
        segments: list[Segment] = []
        errors: list[str] = []
        name: Segment | None = None
        conversation = directory.conversations.get(folder)
        if conversation:
            listing, listing_index, info = conversation
            texts, conversation_problems = _conversation_texts(info)
            for path, value, escaped in texts:
                location = (listing, (listing_index, *path))
                if path == ("name",):
                    name = _name_segment(value, location, directory)
                else:
                    segments.append(_segment(value, location, None, None, directory, escaped))
            for _field_name, problem in conversation_problems:
                errors.append(
                    str(FormatError(f"{source}/{listing}", None, f"conversation {listing_index}: {problem}"))
                )
        shown, place = _shown_folder(
            folder, conversation[2] if conversation else None, name, position, source
        )
        readable, people = _read_days(tree, members, f"{source}/{root}{shown}/", directory, segments, errors)
        yield Record(
            record_id=f"{source}#{shown}",
            source=source,
            format="slack",
            segments=[*segments, name] if name else segments,
            data_class=data_class,
            metadata={
                "kind": "chat",
                "channel": folder,
                "participants": list(people),
                "members": readable,
                **place,
            },
            errors=errors,
        )


def _read_days(
    tree: SlackTree,
    members: list[str],
    shown: str,
    directory: _Directory,
    segments: list[Segment],
    errors: list[str],
) -> tuple[list[str], dict[str, None]]:
    """A conversation's day files into `segments` and `errors` (naming a file as `shown` + its name, the
    folder perhaps a stand-in): the members read and the people named, in order."""
    readable: list[str] = []
    people: dict[str, None] = {}
    for member in members:
        where = shown + PurePosixPath(member).name
        try:
            messages = _load(tree, member, "", shown=where)  # the folder may be a stand-in
            if not isinstance(messages, list):
                raise FormatError(where, None, "a day file must be a list of messages")
        except FormatError as error:
            errors.append(str(error))  # the others go on
            continue
        readable.append(member)
        for index, message in enumerate(messages):
            if not isinstance(message, dict):  # unread text: the conversation is incomplete
                errors.append(str(FormatError(where, None, f"message {index} is not a JSON object")))
                continue
            found, problems = _message_segments(member, index, message, directory)
            # a shape not read: the conversation is incomplete, and the writer leaves the message out
            errors.extend(
                str(FormatError(where, None, f"message {index}: {problem}")) for problem in problems
            )
            segments.extend(found)
            for segment in found:
                if segment.speaker:
                    people.setdefault(segment.speaker, None)
                for start, end, _type in segment.location.known_spans:
                    people.setdefault(segment.text[start:end], None)
    return readable, people


def _value_text(value: Any) -> str | None:
    """What the writer redacts of a value it does not analyse: a string, or the digits of a number of
    5 or more digits (`jsondata.long_number_text`); None for anything else."""
    return value if isinstance(value, str) else jsondata.long_number_text(value)


def _redact_generic(value: Any, shape: _Shape | None, redactor: ValueRedactor) -> Any:
    """A string kept only with its shape, else the redactor's value for `TEXT`; inside lists and objects
    every string is redacted and only keys that are names are kept. So is a number of 5 or more
    digits not of its shape (a phone number given as a number); other numbers, booleans and nulls stay."""

    def redacted(item: Any, item_shape: _Shape | None) -> Any:
        text = _value_text(item)
        if text and not (item_shape is not None and item_shape.fits(text)):
            return redactor.redact_value(text, _GENERIC_TYPE)
        return item

    top = redacted(value, shape)
    stack = [top] if isinstance(top, (dict, list)) else []
    while stack:  # in place, without recursion: a deep value cannot exhaust the stack
        container = stack.pop()
        if isinstance(container, dict):
            for key in [key for key in container if not _KEY.fullmatch(key)]:
                del container[key]
            keys: Iterable[Any] = list(container)
        else:
            keys = range(len(container))
        for key in keys:
            container[key] = redacted(container[key], None)
            if isinstance(container[key], (dict, list)):
                stack.append(container[key])
    return top


def _redact_profile(item: dict[str, Any], redactor: ValueRedactor, nested: bool = False) -> None:
    """A user (with `nested`, its `profile`) or a `user_profile`: every string is redacted or known.

    Named fields first, in `_PROFILE_FIELDS` order, then the profile, then the rest: pseudonyms
    are numbered as they always were.
    """
    for key, entity_type in _PROFILE_FIELDS.items():
        text = _value_text(item.get(key))  # a phone may be given as a number
        if text:
            item[key] = redactor.redact_value(text, entity_type)
    if nested and isinstance(item.get("profile"), dict):
        _redact_profile(item["profile"], redactor)
    for key in list(item):
        value = item[key]
        if not _KEY.fullmatch(key):
            del item[key]
        elif not (key in _PROFILE_FIELDS and isinstance(value, (str, int, float))) and not (
            nested and key == "profile" and isinstance(value, dict)
        ):
            shape = _URL if _PROFILE_IMAGE.fullmatch(key) else _PROFILE_SHAPES.get(key)
            item[key] = _redact_generic(value, shape, redactor)


def _redact_logs(logs: dict[str, Any], redactor: ValueRedactor) -> None:
    """integration_logs.json: `user_name` a person, ids, dates and types kept, other strings redacted."""
    for key in list(logs):
        value = logs[key]
        if not _KEY.fullmatch(key):
            del logs[key]
        elif key == "logs" and isinstance(value, list):
            logs[key] = [entry for entry in value if isinstance(entry, dict)]
            for entry in logs[key]:
                for field_name in list(entry):
                    found = entry[field_name]
                    if not _KEY.fullmatch(field_name):
                        del entry[field_name]
                    elif field_name == "user_name" and isinstance(found, str):
                        if found:
                            entry[field_name] = redactor.redact_value(found, "PERSON")
                    else:
                        entry[field_name] = _redact_generic(found, _LOG_SHAPES.get(field_name), redactor)
        else:
            logs[key] = _redact_generic(value, None, redactor)


def _plain_blocks(blocks: list[Any], text: str) -> list[dict[str, Any]]:
    """Rich-text blocks repeat the message text: replaced by one block holding the redacted text."""
    block_id = blocks[0].get("block_id") if blocks and isinstance(blocks[0], dict) else None
    block: dict[str, Any] = {"type": "rich_text"}
    if isinstance(block_id, str) and block_id and _TOKEN.fits(block_id):  # any other block id is left out
        block["block_id"] = block_id
    block["elements"] = [{"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}]
    return [block]


#: What `_get` returns where the writer has left a field out.
_MISSING = object()


def _get(document: Any, path: tuple[str | int, ...]) -> Any:
    """The value at `path`, or `_MISSING` where the writer has left its field out."""
    try:
        for part in path:
            document = document[part]
    except (KeyError, IndexError, TypeError):
        return _MISSING
    return document


def _set(document: Any, path: tuple[str | int, ...], value: Any) -> None:
    target = document
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


def _rename_file_links(item: dict[str, Any], old: str, new: str) -> None:
    """File URLs and permalinks embed the file name; it goes where the name went.

    Slack writes the name at the end of a link as given, percent-encoded, or lower-cased with `_` for
    spaces (`Maria Lopez IEP.pdf` in `.../maria_lopez_iep.pdf`), and a thumbnail's link holds its stem
    (`.../maria_lopez_iep_64.png`): each form of the stem (the name, if the extension changed) is matched
    in the last part of a link regardless of case, since a link is kept as structure, never analysed.
    """
    old_stem, extension = posixpath.splitext(old)
    if old_stem and extension and new.endswith(extension):
        old, new = old_stem, new[: -len(extension)]
    if not old:
        return
    forms: dict[str, str] = {}  # a form, lower-cased -> what replaces it
    for form in (old, old.replace(" ", "_")):
        forms.setdefault(quote(form).lower(), quote(new))
        forms.setdefault(form.lower(), new)
    pattern = re.compile("|".join(map(re.escape, sorted(forms, key=len, reverse=True))), re.IGNORECASE)
    for key, value in item.items():
        if isinstance(value, str) and _FILE_LINK.fullmatch(key) and _URL.fits(value):
            head, slash, last = value.rpartition("/")
            item[key] = (
                head + slash + pattern.sub(lambda found: forms.get(found.group().lower(), quote(new)), last)
            )


def _redact_message_people(message: dict[str, Any], redactor: ValueRedactor) -> None:
    if isinstance(message.get("user_profile"), dict):
        _redact_profile(message["user_profile"], redactor)
    for field_name in ("username", "user_name"):
        if isinstance(message.get(field_name), str) and message[field_name]:
            message[field_name] = redactor.redact_value(message[field_name], "PERSON")


def write_tree(
    tree: SlackTree, records: Sequence[RedactedRecord], redactor: ValueRedactor, source: str
) -> dict[str, bytes]:
    """The redacted export: users, conversation lists, integration logs and every readable day file.

    Members the reader does not understand (uploaded files, canvases, other JSON),
    day files that did not parse, conversation lists that are not lists and
    integration logs that are not an object are left out rather than copied.
    """
    root = export_root(tree, source)
    documents: dict[str, Any] = {}

    def document(member: str) -> Any:
        if member not in documents:
            documents[member] = _load(tree, member, source)
        return documents[member]

    listings = [root + listing for listing in _CONVERSATION_LISTS if root + listing in tree]
    entries = _conversation_entries((member, document(member)) for member in listings)
    read = {entries[folder][:2] for folder in _conversations(tree, root) if folder in entries}
    #: a folder's place, from 1, as `read_tree` numbers it (the stand-in `conversation-3`)
    positions = {folder: place for place, folder in enumerate(_conversations(tree, root), start=1)}
    for member in listings:
        items = document(member)
        if not isinstance(items, list):
            del documents[member]  # not read: left out
            continue
        items[:] = [item for item in items if isinstance(item, dict)]
        for index, item in enumerate(items):
            texts, problems = _conversation_texts(item)
            # a field of a shape the reader does not read is dropped, not copied; so is every string
            # not structure of an entry without a message folder (it belongs to no record, is not analysed)
            dropped = {field_name for field_name, _problem in problems}
            if (member, index) not in read:
                dropped |= {str(path[0]) for path, _value, _escaped in texts}
            for field_name in dropped:
                item.pop(field_name, None)
    users = document(root + "users.json")
    if isinstance(users, list):
        users[:] = [user for user in users if isinstance(user, dict)]
        for user in users:
            _redact_profile(user, redactor, nested=True)
    if root + _INTEGRATION_LOGS in tree:
        logs = document(root + _INTEGRATION_LOGS)
        if isinstance(logs, dict):
            _redact_logs(logs, redactor)
        else:
            del documents[root + _INTEGRATION_LOGS]
    message_texts: dict[tuple[str, int], str] = {}
    moved: dict[str, str] = {}
    for redacted in records:
        moved.update(_moved_days(redacted, document, tree, root, entries, positions))
        for segment, new_text in zip(redacted.record.segments, redacted.texts, strict=True):
            location: SlackLocation = segment.location
            data = document(location.member)
            current = _get(data, location.path)
            if current is _MISSING or (new_text == segment.text and not isinstance(current, str)):
                continue  # a field left out stays out; a long number where nothing was found stays a number
            if location.underscored:
                new_text = new_text.replace(" ", "_")
            if location.path[1:2] == ("files",) and location.path[3:] == ("name",):
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
        moved.get(member, member): (json.dumps(data, ensure_ascii=False, indent=4) + "\n").encode("utf-8")
        for member, data in documents.items()
    }


def _moved_days(
    redacted: RedactedRecord,
    document: Callable[[str], Any],
    tree: SlackTree,
    root: str,
    entries: Mapping[str, tuple[str, int, dict[str, Any]]],
    positions: Mapping[str, int],
) -> dict[str, str]:
    """The day files of a conversation whose name redaction changed, moved to a folder named by its id
    (`G0123/2024-05-01.json`): the copy's folders show no more than its listing, and a folder still
    finds its entry. A folder that is not a Slack id and has no entry was never analysed (its name may
    be a person's, `kofi-mensah-notes`), and a changed name without an id has nothing to move to: both
    move to the stand-in the record id shows (`conversation-3`, see `_shown_folder`); a folder already
    of that form stays. Nothing moves onto a folder the export has, nor to an id of another shape."""
    folder = redacted.record.metadata.get("channel")
    target: str | None = None
    if not isinstance(folder, str) or not folder:
        return {}
    position = positions.get(folder, 0)
    if folder not in entries:
        if not _is_slack_id(folder) and not _STAND_IN.fullmatch(folder):
            target = f"conversation-{position}"
    elif redacted.record.segments:
        # the name is the record's last segment, when its conversation has a listing entry
        segment, new_text = redacted.record.segments[-1], redacted.texts[-1]
        location: SlackLocation = segment.location
        listings = {root + listing for listing in _CONVERSATION_LISTS}
        if location.member in listings and location.path[1:] == ("name",) and new_text != segment.text:
            conversation_id = _get(document(location.member), (location.path[0], "id"))
            target = conversation_id if _is_slack_id(conversation_id) else f"conversation-{position}"
    if target is None or any(member.startswith(f"{root}{target}/") for member in tree):
        return {}
    days = redacted.record.metadata.get("members", ())
    return {day: f"{root}{target}/{PurePosixPath(day).name}" for day in days}


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
