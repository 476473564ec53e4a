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
        ("my cell is ", "five five five uh oh one three, um, four four seven seven", "PHONE_NUMBER"),
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
        "okay count with me one two three four five six seven eight nine ten",
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


def test_written_number_typed_by_keyword_the_recognizers_missed():
    (findings,) = run(spoken_numbers, "last four of your ssn? full is fine too: 293038968")
    assert typed(findings) == [("US_SSN", "293038968")]
    (dotted,) = run(spoken_numbers, "text me 473.295.3583")
    assert typed(dotted) == [("PHONE_NUMBER", "473.295.3583")]
    # unlabelled written numbers stay the recognizers' job
    assert run(spoken_numbers, "we sold 293038968 units") == [[]]
    assert run(spoken_numbers, "the build is 473.295.3583") == [[]]


def test_spoken_street_address_and_zip():
    from classifier.conversation import spoken_streets

    text = "my address is forty one thirty sycamore avenue mesa arizona one seven two six seven"
    (findings,) = run(spoken_streets, text)
    assert typed(findings) == [
        ("STREET_ADDRESS", "forty one thirty sycamore avenue"),
        ("ZIP_CODE", "one seven two six seven"),
    ]
    (unit,) = run(spoken_streets, "we moved to four hundred fifty eight hawthorne court apartment twelve")
    assert typed(unit) == [("STREET_ADDRESS", "four hundred fifty eight hawthorne court apartment twelve")]
    assert run(spoken_streets, "take the one way street, then drive five miles") == [[]]


def test_zip_after_a_written_street_address():
    from classifier.conversation import spoken_streets

    text = "shipping address is 8507 Sepulveda Avenue, Spokane 56018"
    street = Finding(20, 41, "STREET_ADDRESS", Category.PII, 0.8, "pack", "8507 Sepulveda Avenue")
    record = Record("r", "test", "text", [Segment(text)])
    (findings,) = spoken_streets.process(ConversationContext(record, Config()), [[street]])
    assert typed(findings) == [("STREET_ADDRESS", "8507 Sepulveda Avenue"), ("ZIP_CODE", "56018")]


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("and you're thirty three now right", "thirty three"),
        ("congrats, he turns fifty four on july third", "fifty four"),
        ("my son is 7 years old", "7 years old"),
        ("she's ninety one", "ninety one"),
    ],
)
def test_spoken_ages(text, age):
    from classifier.conversation import spoken_ages

    (findings,) = run(spoken_ages, text)
    assert typed(findings) == [("AGE", age)]


@pytest.mark.parametrize(
    "text",
    [
        "she's ten minutes late",
        "i'm one of the organisers",
        "it is two",
        "the total is 12",
        "he's 5 feet tall",
        "it was ten years ago",
        "she's two years later than planned",
    ],
)
def test_not_ages(text):
    from classifier.conversation import spoken_ages

    assert run(spoken_ages, text) == [[]]


def test_spoken_gpa_and_test_scores():
    from classifier.conversation import spoken_scores

    (gpa,) = run(spoken_scores, "his gpa dropped to 2 point 7 this semester")
    assert typed(gpa) == [("GPA", "2 point 7")] and gpa[0].category is Category.EDU
    (score,) = run(spoken_scores, "marisol scored twenty one on the psat")
    assert typed(score) == [("TEST_SCORE", "twenty one")]
    assert run(spoken_scores, "he scored two goals in the game") == [[]]


def test_spelled_email_with_digits_or_known_provider_needs_no_email_word():
    (digits,) = run(spelled_addresses, "forward the invite to tamvale13 at proton dot me please")
    assert typed(digits) == [("EMAIL_ADDRESS", "tamvale13 at proton dot me")]
    (provider,) = run(spelled_addresses, "loop in okafor at icloud dot com too")
    assert typed(provider) == [("EMAIL_ADDRESS", "okafor at icloud dot com")]


def test_keyword_types_only_the_first_written_number_after_it() -> None:
    from classifier.conversation.spoken import runs
    from classifier.conversation.spoken_numbers import _accepted

    text = "student id D1234567 was absent; 55512349 is a typo"
    later = [r for r in runs(text) if r.digits == "55512349"][0]
    first = [r for r in runs("student id 55512349") if r.digits == "55512349"][0]
    typed = ("STUDENT_ID", 0.85)
    assert not _accepted(later, "STUDENT_ID", typed, text[: later.start])
    assert _accepted(first, "STUDENT_ID", typed, "student id ")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("her hba1c was eight point four at the checkup", "eight point four"),
        ("his blood sugar was like three ten after dinner", "three ten"),
        ("grandpa's bp was one sixty over ninety five this morning", "one sixty over ninety five"),
        ("my potassium came back at three point two", "three point two"),
        ("her heart rate was around one thirty", "one thirty"),
        ("his o2 sat was eighty eight when they checked", "eighty eight"),
        ("my temp was ninety nine point eight again", "ninety nine point eight"),
    ],
)
def test_spoken_lab_value_after_its_test_in_one_segment(text: str, value: str) -> None:
    from classifier.conversation import health_statements

    (found,) = run(health_statements, text)
    labs = [f for f in found if f.entity_type == "LAB_RESULT"]
    assert [f.value for f in labs] == [value] and labs[0].category is Category.PHI


@pytest.mark.parametrize(
    "text",
    [
        "the sugar is one of the things we cut from the menu",
        "add sugar, about two cups, to the batter",
        "temp was seventy two outside all afternoon",
        "cholesterol is one topic for the wellness newsletter",
        "her pulse was zero on the broken monitor demo",
        "we should check his a1c in two weeks",
    ],
)
def test_not_spoken_lab_values(text: str) -> None:
    from classifier.conversation import health_statements

    (found,) = run(health_statements, text)
    assert [f for f in found if f.entity_type == "LAB_RESULT"] == []
