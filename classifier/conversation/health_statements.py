"""Health and education statements that need the conversation around them.

The recognizer packs find terms ("A1C", "504 plan", "Adderall") inside one
segment.  This step adds only what needs a neighbour or a person as subject:

- a lab value whose test was named in the previous segment ("her A1C" /
  "came back at 8.1"), or said in words right after the test in the same
  segment ("my a1c was seven point two", "bp was one forty over ninety"), typed
  LAB_RESULT; the recognizer pack reads only digits;
- a medication not in any term list, recognised by the statement around it and
  a drug-like word ending ("she's been on lamotrigine since fall");
- being pulled out of a class or period ("he got pulled out of third period
  again"), an education record of discipline;
- the special-education process around a 504 plan or IEP ("we're doing the 504
  paperwork"), which term lists keyed on "504 plan" miss.
"""

from __future__ import annotations

import functools
import re

from classifier.conversation.base import (
    ConversationContext,
    PerSegment,
    make_finding,
    previous_text,
    register,
    remembered,
)
from classifier.conversation.spans import add_new
from classifier.conversation.spoken import runs
from classifier.findings import Category, Finding

NAME = "conversation.health_statements"

_LAB = (
    r"(?:a1c|hba1c|hemoglobin a1c|glucose|blood sugar|sugars?|cholesterol|ldl|hdl|triglycerides|potassium"
    r"|sodium|creatinine|egfr|hemoglobin|tsh|t4|psa|inr|platelets|white count|wbc|vitamin d|ferritin|iron"
    r"|blood pressure"
    r"|bp|o2 sat|oxygen|sats|heart rate|pulse|bmi|viral load|cd4)"
)
_LAB_AT_END = re.compile(
    rf"\b{_LAB}\b(?:\s+(?:level|levels|results?|number|numbers|reading|test))?[\s\w']{{0,30}}$", re.I
)
_WORD_UNIT = r"(?:one|two|three|four|five|six|seven|eight|nine)"
#: A number as written or said: "8.1", "8 point 1", "eight point one", "two forty", "one sixty over ninety".
_NUMBER = (
    rf"(?:\d{{1,3}}|(?:{_WORD_UNIT}\s+hundred(?:\s+and)?\s*)?(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty"
    rf"|ninety)(?:[\s-]{_WORD_UNIT})?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen"
    rf"|nineteen|{_WORD_UNIT})(?:\s+(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]{_WORD_UNIT})?"
    rf"|\s+(?:{_WORD_UNIT}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))?)"
)
_VALUE = (
    rf"{_NUMBER}(?:\s*(?:\.|point)\s*(?:\d{{1,2}}|{_WORD_UNIT}))?(?:\s*(?:over|/)\s*{_NUMBER})?"
    r"(?:\s*(?:%|percent|mg/dl|mmol))?"
)
_VALUE_AT_START = re.compile(
    rf"^[\s,.\-]*(?:(?:uh|um|yeah|so|and|it|it's|its|that|they|she|he)[\s,']+)*"
    rf"(?:(?:came back|come back|was|were|is|are|at|of|came in|went up to|dropped to|down to|up to)[\s,]+)*"
    rf"(?:at\s+)?(?P<value>{_VALUE})\b",
    re.IGNORECASE,
)
#: A test named and its value in one segment: "his sugar was like two forty", "bp was one forty over ninety".
#: A link word is required ("sugar one" is not a reading), a temperature only with whose it is ("temp was
#: ninety" is the weather), and the value must end the clause or be followed by a time or unit word
#: ("sugar is one of those things", "sugar was two cups" are not readings). Every test name starts
#: with a letter and a letter or digit: the lookahead skips the other word starts (numbers, ids) fast.
_SAME_SEGMENT_VALUE = re.compile(
    rf"\b(?=[a-z][a-z0-9])(?:{_LAB}|(?:my|his|her|their|your|its)\s+(?:temp|temperature))\b"
    r"(?:\s+(?:level|levels|results?|number|numbers|reading))?"
    r"(?:[\s,]+(?:was|were|is|are|at|of|came back|came in|went up to|dropped to|down to|up to|like"
    r"|around|about|uh|um|only|still|just|reading|running))+[\s,]+"
    rf"(?P<value>{_VALUE})"
    r"(?=\s*(?:$|[,.;:!?)]|(?:this|last|yesterday|today|tonight|again|now|and|so|but|lol|which|when|after"
    r"|before|at|on|mg|mmol|percent|degrees)\b))",
    re.IGNORECASE,
)
#: A reading's first number lies in this range (a pulse of 40, a glucose of 400; "zero" is not a reading).
_READING_RANGE = range(1, 501)
_DRUG_ENDINGS = (
    r"(?:pril|sartan|statin|mab|xetine|azole|cillin|mycin|formin|zepam|zolam|tidine|dipine|olol|afil|triptan"
    r"|trigine|piprazole|apine|oxetine|aline|amine|idone|azine|phen|profen|codone|morphone|sone|lone|olone)"
)
#: The verb and the drug first (a literal-led search), then the subject just before it.
_MEDICATION = re.compile(
    r"\b(?:on|taking|started|starting|prescribed|switched to)\s+"
    rf"(?P<drug>[a-z]+{_DRUG_ENDINGS}|meds|medication|antidepressants|antibiotics|insulin|chemo|dialysis)\b",
    re.IGNORECASE,
)
#: Words with a drug-like ending that are not drugs ("on april fourth", "on discipline").
_NOT_DRUGS = frozenset({"april", "discipline", "routine", "machine", "online", "deadline", "pipeline"})
_SUBJECT = re.compile(
    r"\b(?:she|he|they|i|we|you|[A-Z][a-z]+)(?:'s|'ve|'re|'m|\s+(?:is|has|have|had|was|were|are|am))?\s+"
    r"(?:(?:been|just|finally|now|got|get|put)\s+)*$",
    re.IGNORECASE,
)
_PULLED_OUT = re.compile(
    r"\b(?:got|gets|get|was|been|keeps getting|keep getting)\s+(?P<fact>(?:pulled|kicked|sent)\s+out\s+of\s+"
    r"(?:(?:his|her|their|the|my)\s+)?(?:(?:first|second|third|fourth|fifth|sixth|seventh|1st|2nd|3rd|4th|5th|6th"
    r"|7th)\s+period|class|homeroom|recess|lunch))",
    re.IGNORECASE,
)


#: "we're doing the 504 paperwork", "her iep meeting": special-education process words after 504/IEP.
_SPECIAL_ED = re.compile(
    r"\b(?:the\s+)?(?:504|iep)\s+(?:paperwork|papers|meeting|eval|evaluation|review|referral|forms?)\b",
    re.IGNORECASE,
)


def _lab_finding(context: ConversationContext, text: str, match: re.Match[str], why: str) -> Finding:
    """A LAB_RESULT on the match's `value` group."""
    return make_finding(
        context, text, match.start("value"), match.end("value"), "LAB_RESULT", 0.75, NAME, Category.PHI, why
    )


def _same_segment_lab_values(context: ConversationContext, text: str) -> list[Finding]:
    findings = []
    for match in _SAME_SEGMENT_VALUE.finditer(text):
        numbers = runs(match.group("value"), letters=False)
        if not numbers or not numbers[0].digits or int(numbers[0].digits) not in _READING_RANGE:
            continue
        findings.append(_lab_finding(context, text, match, "value said right after the test it measures"))
    return findings


def _lab_values(context: ConversationContext, text: str, previous: str) -> list[Finding]:
    tail = previous[-60:]
    if not context.turns and not _names_a_test(tail):
        return []  # a field's label, the same in every event: its verdict is remembered, so test it first
    match = _VALUE_AT_START.match(text)
    if not match or not _names_a_test(tail):
        return []
    return [_lab_finding(context, text, match, "value of the test named in the previous segment")]


@functools.lru_cache(maxsize=4096)
def _names_a_test(tail: str) -> bool:
    """Whether `tail` (of the previous segment, or a field's label) ends by naming a lab test."""
    return _LAB_AT_END.search(tail) is not None


def _statements(context: ConversationContext, text: str) -> list[Finding]:
    findings = []
    for match in _MEDICATION.finditer(text):
        if match.group("drug").lower() in _NOT_DRUGS or not _SUBJECT.search(
            text, max(0, match.start() - 40), match.start()
        ):
            continue
        findings.append(
            make_finding(
                context, text, match.start("drug"), match.end("drug"), "MEDICATION", 0.7, NAME, Category.PHI
            )
        )
    for match in _SPECIAL_ED.finditer(text) if ("504" in text or "iep" in text.lower()) else ():
        findings.append(
            make_finding(
                context, text, match.start(), match.end(), "SPECIAL_EDUCATION", 0.75, NAME, Category.EDU
            )
        )
    for match in _PULLED_OUT.finditer(text) if "out of" in text else ():
        findings.append(
            make_finding(
                context, text, match.start("fact"), match.end("fact"), "DISCIPLINE", 0.7, NAME, Category.EDU
            )
        )
    return findings


@remembered
def _may_state(text: str) -> bool:
    """Whether `_same_segment_lab_values` or `_statements` may find something in `text`: each
    of their loops needs a match of one of these patterns."""
    return bool(
        _SAME_SEGMENT_VALUE.search(text)
        or _MEDICATION.search(text)
        or (("504" in text or "iep" in text.lower()) and _SPECIAL_ED.search(text))
        or ("out of" in text and _PULLED_OUT.search(text))
    )


@register(NAME)
def process(context: ConversationContext, per_segment: PerSegment) -> PerSegment:
    texts = context.texts
    result = []
    for i, (text, findings) in enumerate(zip(texts, per_segment, strict=True)):
        new = _lab_values(context, text, previous_text(context, i))
        if _may_state(text):
            new = new + _same_segment_lab_values(context, text) + _statements(context, text)
        result.append(add_new(findings, new) if new else findings)
    return result
