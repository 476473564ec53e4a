"""Speaker names as exports write them: `Name: text` prefixes and display-name suffixes.

Zoom appends pronouns and teams to display names ("Jane Doe (she/her)", "Jane
Doe | Sales"); Teams writes "Doe, Jane". The cleaned name is what detection and
pseudonyms use. The suffix is free text that a person typed (it may hold a phone
number or an email), so readers analyse it as a "speaker-suffix" side segment
(see `classifier.formats.spans`) over `suffix_span`, one per occurrence, and
writers put its redacted text back in place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A redaction label as a name (`<PERSON_1>`, `<PERSON:1f2e>`, `<ENC:PERSON:...>`, VTT-escaped or not),
#: so that redacted files read back with their speakers.
_LABEL = r"(?:<|&lt;)[A-Z][A-Z0-9_]*(?::[^<>&\s]*)?(?:>|&gt;)"
#: `Name: ` (then space, tab or end) or full-width `Name：`; "10:30" and "http://x" are not speakers.
_PREFIX = re.compile(rf"^(?P<display>(?:{_LABEL}|[^:：\n<>]){{1,80}}?)[ \t]*(?::(?:[ \t]+|$)|：[ \t]*)")
_SUFFIX = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\]|\|[^|]*)\s*$")
_LABEL_RE = re.compile(_LABEL)
_NAME_LIKE = re.compile(rf"^(?:{_LABEL}|\*+|[@\w].*)$", re.DOTALL)
#: Words that start a line with a colon without naming anyone ("Note: bring the forms").
_NOT_SPEAKERS = frozenset(
    "note notes question answer update reminder fyi ps re subject action todo warning error tip summary "
    "agenda example important edit date time location where when why how what".split()
)
_MAX_WORDS = 6
_SENTENCE = re.compile(r"[.?!,;\"“”]|\bhttps?\b")
#: Periods that belong to a display name and do not make it a sentence: inside a dotted user name
#: ("dana.whitfield", "J.R."), after a capital initial ("Kim O.") or a title ("Dr. Kim Ortega").
#: Lower-case abbreviations ("e.g. this") still read as a sentence.
_NAME_PERIOD = re.compile(r"(?<=\w)\.(?=\w)|\b(?P<word>[A-ZÀ-ÖØ-Þ]|Dr|Mr|Mrs|Ms|Mx|Prof|Jr|Sr|St)\.")
#: A directory display name written `Last, First` (Zoom with single sign-on, Teams): capitalised
#: words, at most two on each side of the one comma.
_LAST_FIRST = re.compile(r"[^\W\d_][\w'’-]*(?: [^\W\d_][\w'’-]*)?, [^\W\d_][\w'’-]*(?: [^\W\d_][\w'’-]*)?")
#: Words that open a sentence with a comma and are nobody's surname ("Yes, Dana: see you then"),
#: and the labels that are no speaker ("Sure, Note: later").
_NOT_IN_LAST_FIRST = _NOT_SPEAKERS | frozenset(
    "yes yeah no ok okay so well hi hey hello thanks thank however also and but or sorry please dear "
    "right sure great good oh now then first second third finally today tomorrow yesterday team "
    "everyone everybody all guys folks sir madam look listen wait again anyway actually".split()
)


@dataclass(frozen=True)
class SpeakerPrefix:
    """A `Name:` prefix: the cleaned name, where the name sits, and where the text begins."""

    name: str
    name_start: int
    name_end: int
    suffix: str
    text_start: int

    @property
    def suffix_span(self) -> tuple[int, int]:
        """Where the suffix sits in the line, without surrounding blanks (empty when there is none)."""
        return suffix_span(self.name_end, self.suffix)


def suffix_span(name_end: int, suffix: str) -> tuple[int, int]:
    """The span of a suffix that follows a name ending at `name_end`, without surrounding blanks."""
    start = name_end + len(suffix) - len(suffix.lstrip())
    return start, start + len(suffix.strip())


#: Longest display name whose suffixes are split off: each suffix is one more search from the end,
#: so a crafted annotation of thousands of `(a)` took minutes; a longer display stays whole (all of it
#: is then redacted as the name).
MAX_SPLIT_DISPLAY = 500


def split_suffix(display: str) -> tuple[str, str]:
    """("Jane Doe", " (she/her) | Sales") from "Jane Doe (she/her) | Sales"."""
    if len(display) > MAX_SPLIT_DISPLAY:
        return display, ""
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
    name, suffix = split_suffix(stripped)
    if not _NAME_LIKE.match(name) or name[0].isdigit() or name[0] == "_":
        return None
    if len(name.split()) > _MAX_WORDS or (
        _SENTENCE.search(_without_name_periods(_LABEL_RE.sub("", name)))
        and not _last_first(_without_name_periods(name))
    ):
        return None
    if name.casefold() in _NOT_SPEAKERS:
        return None
    start = len(display) - len(display.lstrip())
    return SpeakerPrefix(name, start, start + len(name), suffix, match.end())


def _without_name_periods(name: str) -> str:
    """The name without the periods of `_NAME_PERIOD` ("J.R. Ortega" -> "JR Ortega"), so that
    "Whitfield, Dana J." is read like "Whitfield, Dana J"."""
    return _NAME_PERIOD.sub(lambda period: period.group("word") or "", name)


def _last_first(name: str) -> bool:
    """Whether a prefix is a `Last, First` display name rather than a sentence with a comma."""
    if not _LAST_FIRST.fullmatch(name):
        return False
    words = name.replace(",", " ").split()
    folded = {word.casefold() for word in words}
    return all(word[0].isupper() for word in words) and folded.isdisjoint(_NOT_IN_LAST_FIRST)


def last_first(name: str) -> str:
    """ "Doe, Jane" -> "Jane Doe" (Teams); anything else unchanged."""
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        if last and first:
            return f"{first} {last}"
    return name
