"""Conversational phrasings that the spoken-form steps used to miss (synthetic values only).

Each fix comes with near misses that must stay unflagged.
"""

from __future__ import annotations

import pytest

from classifier.config import Config
from classifier.conversation import spelled_addresses, split_digits, spoken_dates, spoken_numbers
from classifier.conversation.base import ConversationContext
from classifier.conversation.spoken import runs
from classifier.findings import Finding
from classifier.records import Record, Segment


def run(step, *texts: str) -> list[list[Finding]]:
    record = Record("r", "test", "vtt", [Segment(t, speaker="A") for t in texts])
    return step.process(ConversationContext(record, Config()), [[] for _ in texts])


def typed(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.entity_type, f.value) for f in findings]


# -- emails ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spoken",
    [
        "jane dot doe at example dot org",
        "jane dot doe at example dot co dot uk",
        "j dot doe at example dot org",
    ],
)
def test_dotted_local_part_needs_no_email_word(spoken):
    """A local part of several spoken words is an address even without "email" nearby."""
    (findings,) = run(spelled_addresses, spoken + " thanks")
    assert typed(findings) == [("EMAIL_ADDRESS", spoken)]


@pytest.mark.parametrize(
    "text",
    ["we met at the office dot com", "see you at five dot thirty", "meet jane at noon dot"],
)
def test_no_email_without_an_address_shape(text):
    (findings,) = run(spelled_addresses, text)
    assert [f for f in findings if f.entity_type == "EMAIL_ADDRESS"] == []


@pytest.mark.parametrize(
    "spoken",
    [
        "jane dot doe at sign example dot org",
        "jdoe at symbol gmail dot com",
        "jane doe at sign gmail dot com",
    ],
)
def test_at_sign_is_the_at_joiner(spoken):
    """ "at sign" and "at symbol" name the character, as people say when dictating an address."""
    (findings,) = run(spelled_addresses, "my email is " + spoken)
    emails = typed(findings)
    assert emails and emails[0][0] == "EMAIL_ADDRESS"
    assert spoken.endswith(emails[0][1]) and "at s" in emails[0][1]


def test_sign_words_elsewhere_stay_words():
    (findings,) = run(spelled_addresses, "please sign at the desk, the site is example dot org")
    assert typed(findings) == [("URL", "example dot org")]


# -- spoken numbers ----------------------------------------------------------------------------


def test_hyphenated_tens_are_one_number():
    """ "thirty-two" is written with a hyphen by many transcribers; it is 32, not 30 then 2."""
    assert runs("oh one thirty-two")[0].digits == "0132"
    assert runs("twenty-one, forty-five")[0].digits == "2145"
    assert runs("thirty - two")[0].digits == "302"  # a spaced dash is a group separator


@pytest.mark.parametrize(
    ("lead", "spoken", "entity"),
    [
        ("my number is ", "four one five five five five oh one thirty-two", "PHONE_NUMBER"),
        ("my number is ", "four one five, five five five, twenty-one thirty-two", "PHONE_NUMBER"),
        ("my social is ", "one twenty-three, forty-five, sixty-seven eighty-nine", "US_SSN"),
    ],
)
def test_hyphenated_tens_in_identifiers(lead, spoken, entity):
    (findings,) = run(spoken_numbers, lead + spoken + " okay")
    assert typed(findings) == [(entity, spoken)]


@pytest.mark.parametrize(
    "text",
    ["I have five five dollar bills", "page four one five", "we sold twenty-five, thirty-two and forty-one"],
)
def test_short_spoken_numbers_stay_unflagged(text):
    (findings,) = run(spoken_numbers, text)
    assert findings == []


# -- spoken dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("d o b march third nineteen eighty four", "march third nineteen eighty four"),
        ("my d. o. b. is the third of march, eighty four", "the third of march"),
        ("born march three, nineteen eighty four", "march three, nineteen eighty four"),
        ("my date of birth is march twenty-three nineteen ninety", "march twenty-three nineteen ninety"),
        ("date of birth is three march nineteen eighty four", "three march nineteen eighty four"),
        ("she was born in march of nineteen eighty four", "march of nineteen eighty four"),
    ],
)
def test_spoken_birth_dates(text, value):
    (findings,) = run(spoken_dates, text)
    assert typed(findings) == [("DATE_OF_BIRTH", value)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("we may one day go there", []),
        ("in march three people left", []),
        ("may five of us come along", []),
        ("born in may, five of us came", []),
        ("the second of may", [("DATE", "the second of may")]),  # a date, but no birth word
    ],
)
def test_cardinal_days_need_a_year_and_dates_need_a_birth_word(text, expected):
    (findings,) = run(spoken_dates, text)
    assert typed(findings) == expected


# -- values split over two cues ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("my email is jane dot doe", "at example dot org", ["jane dot doe", "at example dot org"]),
        ("my email is jane dot doe at", "example dot org", ["jane dot doe at", "example dot org"]),
        ("it's jdoe at gmail", "dot com", ["jdoe at gmail", "dot com"]),
        ("my email is jane dot doe,", ", at example dot org.", ["jane dot doe", "at example dot org"]),
    ],
)
def test_email_split_over_two_cues(first, second, expected):
    found = run(spelled_addresses, first, second)
    emails = [[f.value for f in seg if f.entity_type == "EMAIL_ADDRESS"] for seg in found]
    assert emails == [[expected[0]], [expected[1]]]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("i'll be there", "at noon dot"),
        ("talk to jane", "at the office"),
        ("jane dot doe at example dot org", "at nine"),
    ],
)
def test_no_email_joined_from_unrelated_cues(first, second):
    found = run(spelled_addresses, first, second)
    assert [(i, f.value) for i, seg in enumerate(found) for f in seg if i == 1] == []


def test_split_email_needs_the_same_speaker():
    record = Record(
        "r",
        "test",
        "vtt",
        [Segment("my email is jane dot doe", speaker="A"), Segment("at example dot org", speaker="B")],
    )
    found = spelled_addresses.process(ConversationContext(record, Config()), [[], []])
    assert found == [[], []]


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (
            "my number is four one five five five five zero",
            "one three two",
            ["four one five five five five zero", "one three two"],
        ),
        (
            "my number is four one five, five five five, oh",
            "one three two",
            ["four one five, five five five, oh", "one three two"],
        ),
    ],
)
def test_short_identifier_completed_in_the_next_cue(first, second, expected):
    """A first part that is already a (7-digit) phone alone may still go on to the whole number."""
    found = run(split_digits, first, second)
    assert [[f.value for f in seg] for seg in found] == [[expected[0]], [expected[1]]]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("my number is five five five zero one three two", "four five six seven eight"),  # 12 digits
        ("my number is five five five zero one three two", "two more things"),
        ("the mrn is four four eight one", "two two nine oh"),  # an id of no fixed length: ambiguous
        ("the last four of my social are six seven eight nine", "one two three four five"),
    ],
)
def test_complete_identifiers_are_not_extended(first, second):
    found = run(split_digits, first, second)
    assert found == [[], []]
