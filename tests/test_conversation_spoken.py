"""Spoken and spelled forms: numbers, emails, URLs and dates said in words (synthetic values only)."""

from __future__ import annotations

import pytest

from classifier.config import Config
from classifier.conversation import spelled_addresses, spoken_dates, spoken_numbers
from classifier.conversation.base import ConversationContext
from classifier.conversation.spoken import runs
from classifier.findings import Category, Finding
from classifier.records import Record, Segment


def run(step, *texts: str) -> list[list[Finding]]:
    record = Record("r", "test", "vtt", [Segment(t, speaker="A") for t in texts])
    return step.process(ConversationContext(record, Config()), [[] for _ in texts])


def typed(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.entity_type, f.value) for f in findings]


def test_runs_normalise_words_to_digits_with_offsets():
    text = "call one eight hundred five five five, oh one two three now"
    (found,) = runs(text)
    assert found.digits == "18005550123"
    assert text[found.start : found.end] == "one eight hundred five five five, oh one two three"
    assert found.groups() == [7, 4]
    assert runs("nineteen eighty four")[0].digits == "1984"
    assert runs("two thousand and five")[0].digits == "2005"
    assert runs("double five triple two")[0].digits == "55222"


@pytest.mark.parametrize(
    ("lead", "spoken", "entity"),
    [
        ("my number is ", "five five five oh one three four four seven seven", "PHONE_NUMBER"),
        ("it's ", "five three six, two two, eight four one two", "US_SSN"),
        ("my social is ", "nine one two four four one two three four", "US_SSN"),
        ("my student id is ", "s zero one nine two eight four", "STUDENT_ID"),
        ("the mrn is ", "four four eight one two two nine oh", "MEDICAL_RECORD_NUMBER"),
        ("reach me at ", "555 013 four four seven seven", "PHONE_NUMBER"),
    ],
)
def test_spoken_identifiers_are_typed_by_length_grouping_and_context(lead, spoken, entity):
    (findings,) = run(spoken_numbers, lead + spoken + " okay")
    assert typed(findings) == [(entity, spoken)]


def test_spoken_identifier_categories():
    (findings,) = run(spoken_numbers, "my student id is s zero one nine two eight four")
    assert findings[0].category is Category.EDU
    (findings,) = run(spoken_numbers, "the mrn is four four eight one two two nine oh")
    assert findings[0].category is Category.PHI


@pytest.mark.parametrize(
    "text",
    [
        "i have two kids and one dog",
        "we met at ten thirty and left at eleven fifteen",
        "twenty twenty four was a good year",
        "five five five one two three four",  # seven digits with no phone context
        "the code is 5550134477",  # written digits are the recognizers' job
    ],
)
def test_ordinary_number_talk_is_not_an_identifier(text):
    assert run(spoken_numbers, text) == [[]]


def test_context_keyword_at_end_of_previous_segment_types_spoken_id():
    findings = run(spoken_numbers, "okay and her student number is", "s zero four four one two nine")
    assert typed(findings[1]) == [("STUDENT_ID", "s zero four four one two nine")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "my email is jay dot smith at gmail dot com thanks",
            ("EMAIL_ADDRESS", "jay dot smith at gmail dot com"),
        ),
        ("it's j o r v e at school dot edu", ("EMAIL_ADDRESS", "j o r v e at school dot edu")),
        ("email me at tamsin at outlook dot com", ("EMAIL_ADDRESS", "tamsin at outlook dot com")),
        ("go to example dot org slash login and sign in", ("URL", "example dot org slash login")),
    ],
)
def test_spelled_emails_and_urls(text, expected):
    (findings,) = run(spelled_addresses, text)
    assert typed(findings) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "we looked at amazon dot com yesterday",  # no email context, single-word local part
        "the dot com bubble burst",
        "write to jay.smith@example.com",  # written form: the recognizers' job
        "look at the dot on the map",
    ],
)
def test_not_spelled_addresses(text):
    assert run(spelled_addresses, text) == [[]]


def test_spoken_dates_with_and_without_birth_context():
    (born,) = run(spoken_dates, "i was born march third nineteen eighty four")
    assert typed(born) == [("DATE_OF_BIRTH", "march third nineteen eighty four")]
    (plain,) = run(spoken_dates, "we moved on the fifth of june two thousand and five")
    assert typed(plain) == [("DATE", "the fifth of june two thousand and five")]
    previous = run(spoken_dates, "what's your date of birth", "april twenty second nineteen ninety")
    assert typed(previous[1]) == [("DATE_OF_BIRTH", "april twenty second nineteen ninety")]


@pytest.mark.parametrize("text", ["may I ask a question", "see you on June 5th 2020", "in march we ship"])
def test_not_spoken_dates(text):
    assert run(spoken_dates, text) == [[]]
