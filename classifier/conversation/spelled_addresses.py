"""Spelled-out email addresses and URLs: "jay dot smith at gmail dot com", "example dot org slash login".

The words that stand for punctuation (dot, at, slash, underscore, dash) are
turned into the characters, single spelled letters and digits are glued
together, and the usual email and URL shapes are matched on the result; each
normalised character remembers the word it came from, so the finding covers
exactly the spoken words.  Only matches that used at least one spoken joiner
are kept: written addresses are the recognizers' job.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier.conversation.base import (
    ConversationContext,
    PerSegment,
    add_where,
    make_finding,
    pre_check,
    previous_text,
    register,
)
from classifier.conversation.spans import add_new
from classifier.conversation.spoken import UNITS, Token, tokenize
from classifier.findings import Finding

NAME = "conversation.spelled_addresses"

_JOINER_WORDS = {
    "dot": ".",
    "at": "@",
    "underscore": "_",
    "dash": "-",
    "hyphen": "-",
    "slash": "/",
    "colon": ":",
}
_JOINER_CHARS = frozenset("._-/:@")
#: The words after "at" that name the character when an address is dictated ("jdoe at sign gmail dot com").
_AT_NAMES = frozenset({"sign", "symbol"})
_TLD = (
    r"(?:com|org|net|edu|gov|mil|io|co|us|uk|ca|au|de|fr|info|biz|me|ai|app|dev|ly|tv|us|health|school|k12"
    r"|co\.uk|ac\.uk)"
)
_EMAIL = re.compile(rf"(?<![\w.-])[a-z0-9][a-z0-9._-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.{_TLD}(?![\w-])")
_URL = re.compile(
    rf"(?<![\w.@/-])(?:https?:/{{1,2}})?(?:www\.)?[a-z0-9-]{{2,}}(?:\.[a-z0-9-]+)*\.{_TLD}(?:/[a-z0-9._/-]*[a-z0-9])?"
    rf"(?![\w@])"
)
#: Pre-check on lower-cased text.
HAS_SPELLED_JOINER = re.compile(r"\bdot\b|\bat\s+\w+\.\w")
_EMAIL_CONTEXT = re.compile(
    r"\b(?:e-?mail|address|mail|reach|contact|send|forward|invite|cc)\b", re.IGNORECASE
)
_MAIL_PROVIDERS = frozenset(
    "gmail yahoo outlook hotmail icloud proton protonmail aol comcast live msn me mail gmx zoho yandex att"
    " verizon".split()
)
#: Words that make "X dot com" talk about the web rather than an address ("the dot com bubble").
_NOT_A_LABEL = frozenset({"the", "a", "an", "this", "that", "it", "its", "our", "their", "your", "my", "dot"})


def normalise(tokens: Sequence[Token]) -> tuple[str, list[int], set[int]]:
    """The spoken address text with joiners as characters; per character its token index; spoken joiners."""
    out: list[str] = []
    owner: list[int] = []
    spoken_joiners: set[int] = set()
    previous = ""
    for index, token in enumerate(tokens):
        word = token.text
        if word in _AT_NAMES and index and tokens[index - 1].text == "at":
            spoken_joiners.add(index)  # "at sign" says the one character "@": the word adds nothing
            continue
        if word in _JOINER_WORDS:
            piece = _JOINER_WORDS[word]
            spoken_joiners.add(index)
        elif word in UNITS and word not in ("o", "oh"):
            piece = str(UNITS[word])
        else:
            piece = word
        glue = (
            not out
            or token.start == tokens[index - 1].end  # written together in the text ("tamvale13")
            or piece in _JOINER_CHARS
            or previous in _JOINER_CHARS
            or (len(piece) == 1 and len(previous) == 1 and piece.isalnum() and previous.isalnum())
            or (piece.isdigit() and previous.isdigit())
        )
        if not glue:
            out.append(" ")
            owner.append(index)
        out.append(piece)
        owner.extend([index] * len(piece))
        previous = piece
    return "".join(out), owner, spoken_joiners


def _uses(owner: list[int], start: int, end: int, spoken_joiners: set[int]) -> bool:
    return any(owner[i] in spoken_joiners for i in range(start, end))


def _plausible_email(address: str, owner: list[int], start: int, local: str) -> bool:
    """An address that needs no "email" nearby: a spelled or joined local part ("jay dot smith"), a
    local part with digits ("jkumar13"), or a well-known mail provider ("awatson at icloud dot com")."""
    several_words = owner[start] != owner[start + len(local) - 1]
    provider = address.split("@", 1)[1].split(".", 1)[0]
    return several_words or any(ch.isdigit() for ch in local) or provider in _MAIL_PROVIDERS


def find_spelled(context: ConversationContext, text: str, previous: str) -> list[Finding]:
    return [
        make_finding(context, text, start, end, entity, score, NAME, why="spelled out")
        for start, end, entity, score in _spelled_spans(text, previous)
    ]


def _spelled_spans(text: str, previous: str) -> list[tuple[int, int, str, float]]:
    """(start, end, entity type, score) of every spelled-out address in `text`."""
    tokens = tokenize(text)
    normal, owner, spoken_joiners = normalise(tokens)
    findings: list[tuple[int, int, str, float]] = []
    taken: list[tuple[int, int]] = []
    for pattern, entity in ((_EMAIL, "EMAIL_ADDRESS"), (_URL, "URL")):
        for match in pattern.finditer(normal):
            s, e = match.start(), match.end()
            if not _uses(owner, s, e, spoken_joiners) or any(a < e and s < b for a, b in taken):
                continue
            first_label = re.split(r"[.@]", match.group(0).split("//")[-1], maxsplit=1)[0]
            if first_label in _NOT_A_LABEL:
                continue
            # the whole local part, not its first label: "jane dot doe" is two words, "jane" one
            local = match.group(0).split("@", 1)[0]
            if entity == "EMAIL_ADDRESS" and not _plausible_email(match.group(0), owner, s, local):
                if not _EMAIL_CONTEXT.search(previous[-80:] + " " + text):
                    continue
            start, end = tokens[owner[s]].start, tokens[owner[e - 1]].end
            taken.append((s, e))
            findings.append((start, end, entity, 0.85 if entity == "EMAIL_ADDRESS" else 0.7))
    return findings


#: A cue that may stop inside a dictated address ("my email is jane dot doe" / "at example dot org"):
#: the next one starts with a joiner word, or this one ends with one.
_STARTS_WITH_JOINER = re.compile(r"^[\s,.]*(?:at|dot)\b", re.IGNORECASE)
_ENDS_WITH_JOINER = re.compile(r"\b(?:at|dot|underscore)[\s,.]*$", re.IGNORECASE)
_TRAILING_PUNCTUATION = re.compile(r"[\s,.]+$")
_LEADING_PUNCTUATION = re.compile(r"^[\s,.]+")


def _split_emails(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    """Emails dictated over two cues of one speaker: both parts become findings.

    Caption cues break where the speaker pauses, and people pause inside an address they spell
    ("jane dot doe," / "at example dot org"); neither cue holds an address alone.
    """
    texts, segments = context.texts, context.record.segments
    result = list(per_segment)
    for i in range(len(texts) - 1 if context.turns else 0):
        first, second = texts[i], texts[i + 1]
        if not (_STARTS_WITH_JOINER.match(second) or _ENDS_WITH_JOINER.search(first[-24:])):
            continue
        if context.fields[i] or context.fields[i + 1] or segments[i].speaker != segments[i + 1].speaker:
            continue
        # the pause leaves punctuation at the break ("jane dot doe," / ", at ..."), no part of the address
        head = _TRAILING_PUNCTUATION.sub("", first)
        tail = _LEADING_PUNCTUATION.sub("", second)
        skipped = len(second) - len(tail)
        shift = skipped - (len(head) + 1)  # position in the joined text -> position in `second`
        for start, end, entity, score in _spelled_spans(head + " " + tail, previous_text(context, i)):
            if entity != "EMAIL_ADDRESS" or not start < len(head) < end:
                continue
            why = "spelled out, continues in the next segment"
            parts = (
                make_finding(context, first, start, len(head), entity, score, NAME, why=why),
                make_finding(context, second, skipped, end + shift, entity, score, NAME, why=why),
            )
            result[i] = add_new(result[i], [parts[0]])
            result[i + 1] = add_new(result[i + 1], [parts[1]])
    return result


#: only segments that hold a match are worth reading
_WORTH_READING = pre_check(HAS_SPELLED_JOINER)


@register(NAME)
def process(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    result = add_where(
        context,
        per_segment,
        _WORTH_READING,
        lambda i, text, _: find_spelled(context, text, previous_text(context, i)),
    )
    return _split_emails(context, result)
