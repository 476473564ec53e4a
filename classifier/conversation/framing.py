"""Who a health or education fact is about, read from sentence structure rather than topic words.

A fact is individually identifiable when the clause ties it to someone: a first-
or second-person pronoun ("i've been on metformin", "u failed ur quiz"), a
possessive relation ("my son's iep", "her husband's chemo"), a third-person
pronoun, or a person finding (a participant, a name).  It is about nobody when
the clause has no such anchor and its subject is generic ("people", "most
patients", "a lot of schools", "forty percent of adults", "studies show"), when
the fact is the topic of a thing ("a podcast about sleep apnea", "an article on
measles"), when it is the subject of an abstract question ("is diabetes
hereditary?", "how much does an mri cost?"), or when the clause is about a
public office holder or comes from a news outlet ("the senator had a stroke",
"per espn"); a third-person pronoun there points at that public person, not at
a participant.

Every pattern is compiled once at import; callers pass the clause bounds so a
record costs a few `search` calls per fact.
"""

from __future__ import annotations

import re

from classifier.conversation.known_speakers import NAME as KNOWN_SPEAKERS
from classifier.findings import Finding

#: Clause bounds inside a sentence: a comma, a colon, a dash or a contrast word starts a new clause.
_CLAUSE_BREAK = re.compile(r"[,:;.!?]\s|\s[-–—]\s|\b(?:but|although|though|whereas)\b|\n", re.IGNORECASE)

#: People a speaker talks about by relation; with a possessive in front they are a specific person.
_RELATIONS = (
    r"mom|mum|mommy|mama|dad|daddy|papa|mother|father|parents?|son|daughter|kids?|child|children|baby|babies"
    r"|wife|husband|partner|spouse|brother|sister|siblings?|grandma|grandpa|grandmother|grandfather|granny"
    r"|aunt|uncle|cousin|niece|nephew|boyfriend|girlfriend|fianc[eé]e?|stepson|stepdaughter|stepmom|stepdad"
    r"|in[- ]laws?|friend|roommate|coworker|colleague|boss|neighbou?r|student|patient|client|family"
)
#: First or second person, as subject or possessive, in speech and chat spelling; not the standard of
#: a comparison ("kids get diagnosed more than we did").
_FIRST_SECOND = re.compile(
    r"(?<!\bthan )\b(?:i|i['’]m|im|i['’]ve|ive|i['’]d|i['’]ll|me|my|mine|myself|you|your|yours|you['’]re"
    r"|youre|you['’]ve|u|ur|yourself|we|we['’]re|we['’]ve|we['’]ll|us)\b",
    re.IGNORECASE,
)
_SECOND_PERSON = frozenset({"you", "your", "yours", "you're", "youre", "you've", "u", "ur", "yourself"})
#: "if you take it a lot", "when you get older": the generic "you" names no one.  "we" counts (the
#: speaker and others present); "our" alone does not ("our clinic", "our plan" are institutions).
_GENERIC_YOU = re.compile(r"\b(?:if|when|whenever|once|unless)\s+(?:you|u)\b", re.IGNORECASE)
_THIRD_PERSON = re.compile(r"\b(?:he|she|him|his|her|hers|he['’]s|hes|she['’]s|shes|himself|herself)\b", re.I)
_RELATION = re.compile(
    rf"\b(?:my|his|her|their|our|your|ur)\s+(?:[\w'’-]+\s+){{0,2}}?(?:{_RELATIONS})(?:['’]s)?\b",
    re.IGNORECASE,
)

_STATISTIC = (
    r"\b(?:half of|a (?:third|quarter|fifth) of|one in \w+|\w+ (?:in|out of) (?:\w+ )?(?:hundred|thousand)"
    r"|\w+ percent|\d+(?:\.\d+)? ?%|rates?|studies|(?:a|one|the|new) study|statistics|stats|average"
    r"|nationally|nationwide|worldwide|statewide|districtwide|per capita|on average)\b"
)
#: A subject that is a population, a quantity or a source of general claims.
_GENERIC_SUBJECT = re.compile(
    r"\b(?:people|patients|adults|kids|children|teens|teenagers|students|americans|women|men|employees"
    r"|workers|staff|seniors|families|folks|everyone|everybody|anybody|anyone|nobody|no one|somebody|someone"
    r"|schools|districts|colleges|hospitals|clinics|pharmacies|insurers|companies|most|many|all|every \w+"
    r"|each \w+|everywhere|going around|lots of|a lot of|tons of|a ton of|they say|they said|people say"
    r"|cases|research|researchers|scientists|experts|in general|generally|these days|in this country)\b"
    r"(?!['’])|" + _STATISTIC,
    re.IGNORECASE,
)
#: Population statistics are about nobody even in a speaker's sentence ("i read that long covid rates
#: are climbing"), unless the speaker's own words sit right before the fact.
_STATISTICS = re.compile(_STATISTIC, re.IGNORECASE)
_NEAR_OWNER = re.compile(
    r"\b(?:i|i['’]m|im|i['’]ve|ive|me|my|you|your|u|ur|his|her|their|our)\s+(?:[\w'’-]+\s+){0,2}$",
    re.IGNORECASE,
)

#: A public office holder or a famous role as the subject ("the senator", "that quarterback").
_PUBLIC_ROLE = re.compile(
    r"\b(?:the|that|this|a|some|our|their)\s+(?:former\s+|new\s+|old\s+|vice\s+|star\s+)?(?:president"
    r"|senator|governor|mayor|congressman|congresswoman|representative|prime minister|chancellor|king|queen"
    r"|prince|princess|pope|ceo|quarterback|pitcher|striker|point guard|goalie|singer|rapper|actor|actress"
    r"|celebrity|billionaire|influencer|host)\b",
    re.IGNORECASE,
)
#: A news outlet as the source of the sentence ("on cnn", "per espn", "all over the news").
_OUTLET = re.compile(
    r"\b(?:on|per|from|in|all over|according to)\s+(?:the\s+)?(?:news|cnn|bbc|espn|fox|nbc|abc|cbs|npr|msnbc"
    r"|reuters|ap|the times|headlines?|tabloids?|twitter|tiktok|reddit|instagram)\b",
    re.IGNORECASE,
)

#: A fact that is the topic of a thing: "a podcast about <fact>", "an article on <fact>".
#: People one talks *to* about a fact ("told the coach about the asthma"); works are *about* facts.
_ROLES = (
    r"doctor|dr|doc|nurse|teacher|coach|counselor|therapist|principal|pediatrician|dentist|pharmacist"
    r"|specialist|surgeon|manager|team|staff|school|office|provider|caseworker|aide"
)
_TOPIC = re.compile(
    r"\b(?:a|an|the|that|this|some)\s+(?:[\w'’-]+\s+){0,2}?(?!(?:" + _RELATIONS + "|" + _ROLES + r")\b)"
    r"[\w'’-]+\s+"
    r"(?:about|on|regarding)\s+(?P<tail>(?:[\w'’-]+\s+){0,3})$"
    r"|\b(?:about|regarding|covers|covering|discusses|discussing)\s+(?P<loose>(?:[\w'’-]+\s+){0,3})$",
    re.IGNORECASE,
)
#: A health cause as the name of a campaign: "<condition> awareness month".
_CAMPAIGN = re.compile(r"\s*awareness\s+(?:month|week|day|walk|campaign)\b", re.IGNORECASE)

#: A question about the fact itself: opens with an auxiliary or wh-word, the fact unowned and indefinite.
_QUESTION_OPEN = re.compile(
    r"^\s*(?:(?:so|and|but|hey|ok|okay|um|uh|like|wait|btw|q|question)[\s,:]+)*"
    r"(?:is|are|can|could|does|do|did|should|would|will|what['’]?s|whats|what|how|why|which)\b",
    re.IGNORECASE,
)
_DEFINITE = re.compile(r"\b(?:the|this|that|these|those)\s+(?:[\w'’-]+\s+)?$", re.IGNORECASE)


def clause_around(text: str, start: int, end: int, sentence: tuple[int, int]) -> tuple[int, int]:
    """Bounds of the clause holding `text[start:end]` inside the sentence bounds `sentence`."""
    left, right = sentence
    for match in _CLAUSE_BREAK.finditer(text, left, start):
        left = match.end()
    after = _CLAUSE_BREAK.search(text, end, right)
    return left, after.start() if after else right


def _people_in(findings: list[Finding], start: int, end: int, only: str | None = None) -> bool:
    return any(
        f.entity_type == "PERSON" and start <= f.start < end and (only is None or f.recognizer == only)
        for f in findings
    )


def first_or_second_person(text: str, start: int, end: int) -> bool:
    """A speaker or addressee anchor in `text[start:end]`; a generic "if you" clause has no addressee."""
    generic_you = _GENERIC_YOU.search(text, start, end)
    return any(
        not (generic_you and match.group().lower().replace("’", "'") in _SECOND_PERSON)
        for match in _FIRST_SECOND.finditer(text, start, end)
    )


def personal_anchor(text: str, clause: tuple[int, int], findings: list[Finding]) -> str | None:
    """What ties a fact to someone in its clause: "relation", "first", "participant", "person", "third"."""
    start, end = clause
    if _RELATION.search(text, start, end):
        return "relation"
    if first_or_second_person(text, start, end):
        return "first"
    if _people_in(findings, start, end, only=KNOWN_SPEAKERS):
        return "participant"
    if _people_in(findings, start, end):
        return "person"
    if _THIRD_PERSON.search(text, start, end):
        return "third"
    return None


def _owned(words: str) -> bool:
    """A pronoun or possessive among the words between a topic preposition and the fact."""
    return bool(
        _RELATION.search(words) or _THIRD_PERSON.search(words) or first_or_second_person(words, 0, len(words))
    )


def public_framing(text: str, start: int, end: int) -> bool:
    """The sentence is about a public role or reported by a news outlet."""
    return bool(_PUBLIC_ROLE.search(text, start, end) or _OUTLET.search(text, start, end))


def about_nobody(text: str, fact: Finding, sentence: tuple[int, int], findings: list[Finding]) -> str | None:
    """Why the fact is about nobody in particular, or None when it is (or may be) about someone.

    A fact that is the topic of a work ("a podcast about <fact>") is about nobody
    whoever listens to it.  Otherwise a first-person, second-person, relation or
    participant anchor wins (a speaker's own words lose only to a population
    statistic); a third-person pronoun or another name loses to public framing
    (the pronoun points at the public figure).
    """
    clause = clause_around(text, fact.start, fact.end, sentence)
    topic = _TOPIC.search(text[max(clause[0], fact.start - 60) : fact.start])
    if topic and topic["tail"] is not None and not _owned(topic["tail"]):
        return "topic of a work or event"  # "a podcast about sleep apnea i've been meaning to hear"
    if _CAMPAIGN.match(text, fact.end):
        return "name of a campaign"
    role = _PUBLIC_ROLE.search(text, clause[0], fact.start)
    if role:  # "did you see the senator had a stroke": the fact's subject is the public role
        clause = (role.end(), clause[1])
    anchor = personal_anchor(text, clause, findings)
    if anchor in ("first", "relation", "participant"):
        near = _NEAR_OWNER.search(text, max(clause[0], fact.start - 40), fact.start)
        if anchor == "first" and not near and _STATISTICS.search(text, *clause):
            return "population statistic"
        return None
    if role or public_framing(text, *sentence):
        return "public figure or news"
    if anchor is not None:
        return None
    start, end = clause
    if topic and topic["loose"] is not None and not _owned(topic["loose"]):
        return "topic of a talk or text"  # "our webinar next week covers ptsd basics"
    if _GENERIC_SUBJECT.search(text, start, end):
        return "generic subject"
    if _QUESTION_OPEN.match(text[sentence[0] : sentence[1]]) and not _DEFINITE.search(
        text, max(start, fact.start - 30), fact.start
    ):
        return "abstract question"
    return None
