"""Known speakers: every mention of a participant's name is a PERSON.

Speech recognition writes names in lower case ("thanks maria"), which spaCy's
NER rarely tags; but a transcript tells us who is in the room, so mentions of
those names (full, first or last, any case, possessive) are people with high
confidence.  Names that are also ordinary words ("will", "may", "rose") are only
taken when capitalised mid-sentence or in a name-like context, and months
("May", "June") only in a name-like context.
"""

from __future__ import annotations

import functools
import re

from classifier.conversation.base import ConversationContext, PerSegment, make_finding, register
from classifier.conversation.names import KnownName, name_forms, record_people
from classifier.conversation.spans import add_new
from classifier.findings import Finding

NAME = "conversation.known_speakers"
FULL_NAME_SCORE = 0.95
PART_NAME_SCORE = 0.85

_MONTHS = frozenset({"april", "may", "june", "august"})
#: Words right before a name that make it a name: greetings, thanks, addressing, @-mentions.
_BEFORE = re.compile(
    r"(?:\b(?:hi|hey|hello|thanks|thank you|thx|bye|dear|mr|mrs|ms|dr|miss|mister|prof|professor|coach|nurse"
    r"|doctor|principal|teacher|officer|pastor|aunt|uncle|ask|asked|tell|told|cc|ping|with)\.?"
    r"|@)\s*$",
    re.IGNORECASE,
)
_PLACE_BEFORE = re.compile(r"\b(?:st\.?|saint|san|santa|mount|mt\.?|fort|lake|port)\s+$", re.IGNORECASE)
_PLACE_START = re.compile(r"(?:st\.?|saint|san|santa|mount|mt\.?|fort|lake|port)\s", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?:^|[.!?:]\s*|\n\s*)$")


#: A word of a name: letters of any script with inner apostrophes or hyphens ("o'neil", "seo-yeon").
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_POSSESSIVE = "'s"
Words = tuple[tuple[int, int, str], ...]


@functools.lru_cache(maxsize=2048)
def _words(text: str) -> Words:
    """(start, end, lower-case word without a possessive "'s") for every word; cached, two steps read it."""
    words = []
    for match in _WORD.finditer(text):
        start, end, word = match.start(), match.end(), match.group(0).lower().replace("’", "'")
        if word.endswith(_POSSESSIVE):
            end, word = end - 2, word[:-2]
        words.append((start, end, word))
    return tuple(words)


def _longest_at(
    text: str, words: Words, i: int, by_form: dict[str, KnownName], longest: int
) -> tuple[int, str, int] | None:
    """The longest known form starting at word i (names are looked up by words: no regex per record)."""
    start, end, joined = words[i]
    best = (end, joined, i + 1) if joined in by_form else None
    for j in range(i + 1, min(i + longest, len(words))):
        next_start, next_end, next_word = words[j]
        if text[end:next_start] != " ":
            break
        end, joined = next_end, f"{joined} {next_word}"
        if joined in by_form:
            best = (end, joined, j + 1)
    return best


def _bounded(text: str, start: int, end: int) -> bool:
    """Not part of an address or a dotted word ("maria.lopez@...", "www.maria.com")."""
    before = text[start - 1] if start else ""
    after = text[end : end + 2]
    return before != "." and not after.startswith("@") and not (after[:1] == "." and after[1:2].isalnum())


def _name_context(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 12) : start]
    after = text[end : end + 2]
    return (
        bool(_BEFORE.search(before))
        or after[:2] in ("'s", "’s")
        or (after[:1] == "," and _at_start(text, start))
    )


def _at_start(text: str, start: int) -> bool:
    return bool(_SENTENCE_END.search(text[max(0, start - 3) : start]))


def _accept(known: KnownName, text: str, start: int, end: int) -> bool:
    """Ordinary-word names need capitalisation away from a sentence start, or a name context.

    A name inside a place name ("St. Mary's", "Saint Luke's hospital") is not a mention of the person.
    """
    if _PLACE_BEFORE.search(text, max(0, start - 8), start) or _PLACE_START.match(text, start):
        return False
    if not known.common_word:
        return True
    if _name_context(text, start, end):
        return True
    if known.form in _MONTHS:
        return False
    return text[start].isupper() and not _at_start(text, start)


def find_mentions(
    context: ConversationContext,
    text: str,
    forms: list[KnownName],
    recognizer: str = NAME,
    scores: tuple[float, float] = (FULL_NAME_SCORE, PART_NAME_SCORE),
) -> list[Finding]:
    """PERSON findings for every acceptable mention of a known name in `text` (scores: full, part)."""
    by_form = {known.form: known for known in forms}
    firsts = {form.split(" ", 1)[0] for form in by_form}
    longest = max(form.count(" ") + 1 for form in by_form)
    words = _words(text)
    findings = []
    i = 0
    while i < len(words):
        found = _longest_at(text, words, i, by_form, longest) if words[i][2] in firsts else None
        if found is None:
            i += 1
            continue
        start, (end, form, after) = words[i][0], found
        known = by_form[form]
        if _bounded(text, start, end) and _accept(known, text, start, end):
            score = scores[0] if known.full else scores[1]
            findings.append(
                make_finding(context, text, start, end, "PERSON", score, recognizer, why="known name")
            )
            i = after
        else:
            i += 1
    return findings


def known_forms(context: ConversationContext) -> list[KnownName]:
    """The record's name forms, computed once per record and shared with later steps."""
    if "known_forms" not in context.cache:
        context.cache["known_forms"] = name_forms(record_people(context.record))
    return context.cache["known_forms"]


@register(NAME)
def process(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    forms = known_forms(context)
    if not forms:
        return per_segment
    result = []
    for text, findings in zip(context.texts, per_segment, strict=True):
        mentions = find_mentions(context, text, forms)
        # the record says these words are a participant: a LOCATION "Marcus" or DATE "May" inside one goes
        findings = [
            f for f in findings if f.entity_type == "PERSON" or not any(_within(f, m) for m in mentions)
        ]
        result.append(add_new(findings, mentions))
    return result


def _within(finding: Finding, mention: Finding) -> bool:
    return mention.start <= finding.start and finding.end <= mention.end
