"""User names held by a field that says so: `"username": "mlopez85"`, `"login": "jdoe"`.

The recognizers see a JSON value alone, and a bare `mlopez85` says nothing; its field's name
does ("user name: mlopez85" in a sentence is found by the USERNAME recognizer). So a string
value of a field named like a user name is a USERNAME when the whole value is shaped like
one: 2 to 32 letters, digits, `.`, `_` or `-`, starting with a letter or digit, and not a
placeholder ("guest", "unknown", "none"). An email or a path in such a field is left to its
own recognizer.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from classifier.conversation.base import ConversationContext, PerSegment, make_finding, register
from classifier.conversation.spans import add_new

NAME = "conversation.field_values"
SCORE = 0.8

#: field names (`base.field_label`: "userName", "user_name" and "user-name" all read "user name")
USER_NAME_LABELS = frozenset(
    {
        "user",
        "user name",
        "username",
        "user id",
        "userid",
        "uid",
        "uname",
        "login",
        "login name",
        "log in",
        "handle",
        "screen name",
        "gamertag",
        "account name",
        "sam account name",
        "nickname",
    }
)
_SHAPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{1,31}")
#: what such fields hold when they name nobody
_PLACEHOLDERS = frozenset(
    {"guest", "anonymous", "unknown", "none", "null", "nil", "undefined", "n/a", "na", "system", "admin"}
    | {"administrator", "root", "default", "public", "everyone", "user", "username", "test"}
)


def _is_user_name(value: str) -> bool:
    lowered = value.lower()
    return _SHAPE.fullmatch(value) is not None and lowered not in _PLACEHOLDERS and lowered not in STOP_WORDS


@register(NAME)
def process(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    if not any(context.fields):  # a conversation: no field names to read
        return per_segment
    result = list(per_segment)
    segments = context.record.segments
    for i, label in enumerate(context.field_labels):
        if label not in USER_NAME_LABELS or not (segments[i].segment_id or "").startswith("$"):
            continue  # only string values ("$..."), not keys or numbers
        text = context.texts[i]
        value = text.strip()
        if not _is_user_name(value):
            continue
        start = text.index(value)
        found = make_finding(context, text, start, start + len(value), "USERNAME", SCORE, NAME)
        result[i] = add_new(result[i], [found])
    return result
