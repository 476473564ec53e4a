"""USERNAME: handles (@jdoe), labelled user names ("username: jdoe") and profile folders in paths
(C:\\Users\\jdoe\\..., /home/jdoe/..., also URL-encoded) as found in chats and telemetry.

Broadcast mentions (@here, @channel) and shared profile folders (Public, Default) are not people.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from classifier.findings import Category
from recognizers.base import Hit, PackRecognizer

_HANDLE = re.compile(r"(?<![\w@.+-])@(?P<v>[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,30}[A-Za-z0-9_])?)(?![\w@]|\.\w)")
_LABELLED = re.compile(
    r"\b(?i:user\s*name|username|user\s*id|userid|user|login|log-in|handle|screen\s*name|gamertag|account\s+name"
    r"|uname|uid)[\"']?\s*(?:[:=]|\bis\b)\s*[\"']?(?P<v>[A-Za-z0-9][A-Za-z0-9._-]{1,31})"
)
_PROFILE_PATH = re.compile(
    r"(?i:[A-Z](?::|%3A)(?:\\\\?|/|%5C)(?:Users|Documents(?:\s|%20)and(?:\s|%20)Settings)(?:\\\\?|/|%5C)"
    r"|(?<![\w.])/(?:home|Users)/|%2F(?:home|Users)%2F)"
    r"(?P<v>[^\\/%\s\"'<>|:]{2,64})"
)
_NOT_PEOPLE = frozenset(
    {
        "here",
        "channel",
        "everyone",
        "all",
        "public",
        "default",
        "all users",
        "shared",
        "guest",
        "admin",
        "administrator",
        "root",
        "defaultuser0",
        "user",
        "username",
        "null",
        "none",
        "unknown",
    }
)


class UsernameRecognizer(PackRecognizer):
    entity = "USERNAME"
    category = Category.PII
    #: every result is a match of one of these: the engine skips texts without any
    prefilter = (_PROFILE_PATH, _LABELLED, _HANDLE)

    def find(self, text: str, nlp_artifacts: NlpArtifacts | None) -> Iterator[Hit]:
        for pattern, score, reason in (
            (_PROFILE_PATH, 0.85, "profile folder in a path"),
            (_LABELLED, 0.8, "labelled user name"),
            (_HANDLE, 0.7, "@handle"),
        ):
            for match in pattern.finditer(text):
                value = match.group("v")
                if value.lower() in _NOT_PEOPLE or value.lower() in STOP_WORDS:
                    continue
                yield Hit(match.start("v"), match.end("v"), score, reason)
