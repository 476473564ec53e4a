"""Slack message markup to readable text and back.

Slack stores `<@U123>` / `<@U123|name>` mentions, `<#C123|general>` channel
links, `<!here>`, `<mailto:a@b.c|a@b.c>`, `<http://...|label>` links and escapes
`&`, `<`, `>`. Analysis needs what a reader sees ("@Jane Doe", "a@b.c", "&"),
with the spans of resolved mentions so they are redacted even when no
recognizer would fire. Writing escapes the redacted text again; links and
mentions are written as the plain (redacted) text, never back as markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_TOKEN = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")


@dataclass(frozen=True)
class Mention:
    """A resolved user mention in the readable text (the name after the `@`)."""

    start: int
    end: int
    user_id: str


def _entities(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(
    text: str, user_name: Callable[[str], str | None], channel_name: Callable[[str], str | None]
) -> tuple[str, list[Mention]]:
    """Readable text and its mentions; mentions of unknown users keep their label or id."""
    out: list[str] = []
    mentions: list[Mention] = []
    length = 0
    position = 0
    for match in _TOKEN.finditer(text):
        plain = _entities(text[position : match.start()])
        out.append(plain)
        length += len(plain)
        target, label = match.group(1), match.group(2)
        label = _entities(label) if label is not None else None
        if target.startswith("@"):
            user_id = target[1:]
            name = user_name(user_id) or (label.lstrip("@") if label else user_id)
            out.append("@" + name)
            mentions.append(Mention(length + 1, length + 1 + len(name), user_id))
            length += 1 + len(name)
        else:
            if target.startswith("#"):
                readable = "#" + (label or channel_name(target[1:]) or target[1:])
            elif target.startswith("!"):
                readable = label or "@" + target[1:].split("^")[0]
            elif target.startswith("mailto:"):
                readable = label or target[len("mailto:") :]
            else:
                readable = label or _entities(target)
            out.append(readable)
            length += len(readable)
        position = match.end()
    out.append(_entities(text[position:]))
    return "".join(out), mentions
