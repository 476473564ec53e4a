"""The person a health or education fact is about: "jelani got written up again", "nadia has an IEP".

A fact makes a record PHI or FERPA only when it is linked to someone, and in
lower-case speech the someone is often a first name that neither spaCy nor a
name list knows.  In a segment that holds a health or education fact, a word in
subject position right before a personal verb ("has", "is", "got", "'s been",
"missed", "needs"), before "'s kid" or before "family" ("the walsh family asked
for the report card") is taken as a PERSON, unless it is a pronoun, role, family
word or topic word (`data/not_subjects.txt` and the never-a-name list), an
ordinary word that is also a name ("will", "may") written in lower case, or a
word the record uses as a noun elsewhere ("the recess", "his physics grade").
"""

from __future__ import annotations

import functools
import re

from classifier.classification import FACT_ENTITY_TYPES
from classifier.conversation.base import ConversationContext, PerSegment, make_finding, register
from classifier.conversation.names import common_word_names, not_name_words, word_list
from classifier.conversation.spans import add_new, overlaps
from classifier.findings import Category, Finding

NAME = "conversation.fact_subjects"
SCORE = 0.6

_NAME = r"(?P<name>[^\W\d_](?:[^\W\d_]|-(?=[^\W\d_])){2,20})"
_SUBJECT = re.compile(
    r"(?:^|[.!?;]\s+|,\s+|\b(?:and|but|so|for|to|with|ping|about|heads up|fyi|update on|reminder|wait|ok"
    r"|okay|oh|also|btw|yeah|well)\s+)"
    rf"{_NAME}(?:['’]s)?"
    r"(?=\s+(?:has|had|is|was|got|gets|needs|needed|missed|misses|scored|keeps|started|takes|took|won't|can't"
    r"|isn't|wasn't|hasn't|didn't|qualifies|qualified|will|just|still|also|been|asked|said|says|told|mentioned"
    r"|transferred|transfers|moved|joined|left|dropped|failed|passed)\b"
    r"|['’]s\s+(?:been|on|having|got|kid|son|daughter|mom|dad|mother|father|wife|husband|brother|sister)\b"
    r"|\s+family\b)",
    re.IGNORECASE,
)

_AFTER_DETERMINER = re.compile(
    r"\b(?:the|a|an|my|his|her|their|our|your|this|that|some|any|no)\s+([^\W\d_]+)"
)
#: "the walsh family asked ...": a surname before "family", after "the".
_FAMILY = re.compile(rf"\bthe\s+{_NAME}\s+family\b", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def not_subjects() -> frozenset[str]:
    """Words that are never a person's name in subject position (pronouns, roles, verbs, topics)."""
    return word_list("not_subjects.txt") | not_name_words()


def _has_fact(findings: list[Finding]) -> bool:
    return any(f.entity_type in FACT_ENTITY_TYPES and f.category is not Category.PII for f in findings)


def _used_as_noun(context: ConversationContext, word: str) -> bool:
    """True when the record says "the <word>" or "his <word>" somewhere: names take no determiner."""
    nouns = context.cache.get("fact_subjects.nouns")
    if nouns is None:
        nouns = context.cache["fact_subjects.nouns"] = {
            match.group(1) for text in context.lowered for match in _AFTER_DETERMINER.finditer(text)
        }
    return word in nouns


def find_subjects(context: ConversationContext, text: str, findings: list[Finding]) -> list[Finding]:
    never, common = not_subjects(), common_word_names()
    people = []
    for match in (*_SUBJECT.finditer(text), *_FAMILY.finditer(text)):
        start, end = match.span("name")
        word = match.group("name").lower()
        possessive = text[end : end + 2] in ("'s", "’s")  # "frank's been on lexapro": not the adjective
        if word in never or (word in common and not match.group("name")[0].isupper() and not possessive):
            continue
        if any(overlaps(f, start, end) for f in findings):
            continue
        if match.re is _SUBJECT and _used_as_noun(context, word):
            continue
        people.append(make_finding(context, text, start, end, "PERSON", SCORE, NAME, why="subject of a fact"))
    return people


@register(NAME)
def process(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    result = []
    for text, findings in zip(context.texts, per_segment, strict=True):
        if _has_fact(findings):
            new = find_subjects(context, text, findings)
            findings = add_new(findings, new) if new else findings
        result.append(findings)
    return result
