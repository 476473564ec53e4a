"""Speaker names as exports write them: `Name: text` prefixes and display-name suffixes.

Zoom appends pronouns and teams to display names ("Jane Doe (she/her)", "Jane
Doe | Sales"); Teams writes "Doe, Jane". The cleaned name is what detection and
pseudonyms use; the suffix stays in the file untouched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: `Name:` or `Name：` followed by a space/tab (or the end): "10:30" or "http://x" are not speakers.
_PREFIX = re.compile(r"^(?P<display>[^:：\n<>]{1,80}?)[ \t]*[:：](?:[ \t]+|$)")
_SUFFIX = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\]|\|[^|]*)\s*$")
_MAX_WORDS = 6
_SENTENCE = re.compile(r"[.?!,;\"“”]|\bhttps?\b")


@dataclass(frozen=True)
class SpeakerPrefix:
    """A `Name:` prefix: the cleaned name, where the name sits, and where the text begins."""

    name: str
    name_start: int
    name_end: int
    suffix: str
    text_start: int


def split_suffix(display: str) -> tuple[str, str]:
    """("Jane Doe", " (she/her) | Sales") from "Jane Doe (she/her) | Sales"."""
    name = display.rstrip()
    while True:
        match = _SUFFIX.search(name)
        if not match or match.start() == 0:
            break
        name = name[: match.start()]
    return name, display[len(name) :]


def speaker_prefix(line: str) -> SpeakerPrefix | None:
    """The `Name:` prefix of a line, if it looks like a name rather than a sentence with a colon."""
    match = _PREFIX.match(line)
    if not match:
        return None
    display = match.group("display")
    stripped = display.strip()
    if not stripped or not stripped[0].isalpha() and not stripped[0] == "@":
        return None
    name, suffix = split_suffix(stripped)
    if len(name.split()) > _MAX_WORDS or _SENTENCE.search(name):
        return None
    start = len(display) - len(display.lstrip())
    return SpeakerPrefix(name, start, start + len(name), suffix, match.end())


def last_first(name: str) -> str:
    """ "Doe, Jane" -> "Jane Doe" (Teams); anything else unchanged."""
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        if last and first:
            return f"{first} {last}"
    return name
