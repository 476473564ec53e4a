"""Who takes part in a conversation: names from speakers, participants and `Name:` prefixes.

Transcript and chat speakers are identifiable people by definition, so every
later mention of their names in the text is a PERSON, even when speech
recognition wrote it in lower case and spaCy's NER misses it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from classifier.records import Record

#: Suffixes Zoom and Teams add to display names: pronouns, "| team", "(Guest)", "[host]".
_SUFFIX = re.compile(r"\s*(?:\([^)]*\)|\[[^\]]*\]|\|.*)\s*$")
#: A name part: letters of any script ("Inés", "Jiří"), inner apostrophes and hyphens ("O'Neil", "Seo-yeon").
_NAME_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|['’\-](?=[^\W\d_]))*")
#: `Name:` at the start of a plain-text line (SRT cues and pasted chat keep speakers this way).
_PREFIX = re.compile(r"^\s*([^\W\d_][^\W\d_'\-]+(?: [^\W\d_][^\W\d_'\-]+){0,2})\s*:\s")
#: A chat handle such as "jdoe" or "knair": first initial and surname, all lower case.
_HANDLE = re.compile(r"^[a-z][a-z]{4,}$")
_ID_LIKE = re.compile(r"[@\d]|^[0-9a-f\-]{16,}$", re.IGNORECASE)
#: Words that label a role rather than name a person ("Speaker 1:", "Host:"), titles, and function
#: words that can sit inside a display name ("the", "van", "de"): never searched for on their own.
_ROLE_WORDS = frozenset(
    "speaker host guest unknown everyone moderator interviewer interviewee participant user "
    "teacher student parent doctor nurse patient agent customer caller admin note question answer "
    "mr mrs ms miss dr prof sir saint st mount mt fort san santa the a an and of to in on at for by with "
    "my his her our your their is was be it this that van von de der den del della di da du la le los las "
    "jr sr ii iii iv team group room".split()
)
#: Display names of devices, rooms and bots ("iPhone", "Conference Room A", "Otter.ai Notetaker"): not people.
_NOT_PEOPLE = re.compile(
    r"\b(?:iphone|ipad|android|galaxy|pixel|samsung|phone|conference|room|call-?in|dial-?in|zoom|teams|meeting"
    r"|notetaker|note taker|recorder|bot|assistant|otter|fireflies|transcript|polycom|webex|ringcentral)\b",
    re.IGNORECASE,
)
#: Words that open a line as a label rather than as a speaker ("Update:", "Action items:").
_LABELS = frozenset(
    "update reminder question answer agenda action items summary re fyi ps edit warning error subject date "
    "time location topic notes note todo to-do next steps decision decisions follow-up followup status "
    "result results example step tip important urgent announcement attendees minutes".split()
)
_TITLES = frozenset("mr mrs ms mx miss dr prof professor coach nurse rev sir dame".split())
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)


@dataclass(frozen=True)
class KnownName:
    """One searchable form of a participant's name."""

    form: str  # lower case
    full: bool  # the whole name (first + last) rather than one part
    common_word: bool  # an ordinary word too ("will", "may") or a guess: needs capitals or a name context


def word_list(name: str) -> frozenset[str]:
    text = resources.files("classifier.conversation").joinpath(f"data/{name}").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@functools.lru_cache(maxsize=1)
def common_word_names() -> frozenset[str]:
    """First names that are also common words; they need capitalisation or a name-like context."""
    return word_list("common_word_names.txt")


@functools.lru_cache(maxsize=1)
def not_name_words() -> frozenset[str]:
    """Common words that are never searched for as a name on their own."""
    return word_list("not_name_words.txt")


@functools.lru_cache(maxsize=4096)
def clean_display_name(raw: str) -> str | None:
    """A person's name from a display name, or None when it is an id, role or empty.

    Teams writes `Last, First`; Zoom adds pronouns and team suffixes.
    """
    name = _SUFFIX.sub("", raw.strip())
    if not name or _ID_LIKE.search(name) or _NOT_PEOPLE.search(name):
        return None
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        name = f"{first} {last}".strip()
    tokens = _NAME_TOKEN.findall(name)
    while len(tokens) > 1 and tokens[0].lower() in _TITLES:
        tokens = tokens[1:]  # "Dr. Maria Lopez" is mentioned as "Maria Lopez"
    if not tokens or all(token.lower() in _ROLE_WORDS for token in tokens):
        return None
    return " ".join(tokens)


def _participant_names(value: Any) -> Iterable[str]:
    """Names from `metadata["participants"]`: strings or dicts (Slack profiles)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key in ("real_name", "display_name", "name", "full_name"):
            if isinstance(value.get(key), str):
                yield value[key]
        profile = value.get("profile")
        if isinstance(profile, dict):
            yield from _participant_names(profile)
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            yield from _participant_names(item)


def _prefix_speakers(record: Record) -> list[str]:
    """`Name:` prefixes of segments without a speaker that look like speakers, not labels.

    "Update:", "Reminder:" or "Action items:" open a line too; a prefix counts when it
    has two words or more ("Tamsin Vale:") or opens two lines or more ("Tamsin:").
    """
    counts: dict[str, int] = {}
    for segment in record.segments:
        if not segment.speaker and segment.text:
            match = _PREFIX.match(segment.text)
            if match:
                counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    if not counts:
        return []
    never = not_name_words() | _LABELS
    return [
        prefix
        for prefix, count in counts.items()
        if (" " in prefix or count >= 2) and not any(word.lower() in never for word in prefix.split())
    ]


def record_people(record: Record) -> list[str]:
    """Distinct names of the people a record shows as taking part, in order of appearance."""
    raw: list[str] = [s.speaker for s in record.segments if s.speaker]
    raw.extend(_participant_names(record.metadata.get("participants", ())))
    raw.extend(_prefix_speakers(record))
    seen: dict[str, None] = {}
    for item in raw:
        name = clean_display_name(item)
        if name:
            seen.setdefault(name, None)
    return list(seen)


def name_forms(people: Iterable[str]) -> list[KnownName]:
    """Every searchable form: the full name and each part of two letters or more.

    A chat handle ("knair") also yields its likely surname ("nair"), as a guess
    that needs capitals or a name context ("Nurse nair", "thanks nair").
    """
    common, never = common_word_names(), not_name_words()
    forms: dict[str, KnownName] = {}
    for person in people:
        tokens = person.replace("’", "'").split()
        if len(tokens) > 1:
            full = " ".join(tokens).lower()
            forms[full] = KnownName(full, True, False)
        for token in tokens:
            low = _POSSESSIVE.sub("", token.lower())
            if len(low) < 2 or low in _ROLE_WORDS or (low in never and low not in common) or low in forms:
                continue
            forms[low] = KnownName(low, False, low in common or len(low) < 3)
        if len(tokens) == 1 and _HANDLE.match(person) and person[1:] not in forms:
            forms[person[1:]] = KnownName(person[1:], False, True)
    return list(forms.values())
