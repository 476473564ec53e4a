"""Cross-segment steps: split digit groups, keywords in the previous cue, linked health/education facts."""

from __future__ import annotations

import pytest

from classifier.config import Config
from classifier.conversation import (
    cross_context,
    health_statements,
    precision,
    quoted_messages,
    split_digits,
    value_propagation,
)
from classifier.conversation.base import ConversationContext, field_label
from classifier.findings import Category, Finding
from classifier.records import Record, Segment


def run(step, segments: list[Segment], per_segment=None, fmt: str = "vtt") -> list[list[Finding]]:
    record = Record("r", "test", fmt, segments)
    return step.process(ConversationContext(record, Config()), per_segment or [[] for _ in segments])


def same_speaker(*texts: str) -> list[Segment]:
    return [Segment(t, speaker="Tamsin Vale") for t in texts]


def typed(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.entity_type, f.value) for f in findings]


def test_phone_split_across_two_cues_of_one_speaker():
    out = run(split_digits, same_speaker("my number is 555 013", "4477 if you need it"))
    assert typed(out[0]) == [("PHONE_NUMBER", "555 013")]
    assert typed(out[1]) == [("PHONE_NUMBER", "4477")]


def test_spoken_ssn_split_across_cues_without_speakers():
    segments = [Segment("my social is five three six two two"), Segment("eight four one two")]
    out = run(split_digits, segments)
    assert typed(out[0]) == [("US_SSN", "five three six two two")]
    assert typed(out[1]) == [("US_SSN", "eight four one two")]


def test_no_split_across_different_speakers_or_for_small_numbers():
    segments = [Segment("my number is 555 013", speaker="A"), Segment("4477 people came", speaker="B")]
    assert run(split_digits, segments) == [[], []]
    assert run(split_digits, same_speaker("I have 2", "3 kids and a dog")) == [[], []]
    assert run(split_digits, same_speaker("call 555 013 4477", "2")) == [[], []]


@pytest.mark.parametrize(
    ("step", "texts"),
    [
        (split_digits, ("my number is 555 013", "4477 if you need it")),
        (split_digits, ("my social is five three six two two", "eight four one two")),
        (cross_context, ("and the MRN is", "4481 2290")),
        (health_statements, ("and her A1C", "came back at 8.1 this time")),
    ],
)
def test_fields_of_a_telemetry_event_are_not_linked(step, texts):
    """The same texts as cues are linked (tests above); as the fields of one event they are not."""
    segments = [Segment(t) for t in texts]
    assert run(step, segments) != [[], []]
    assert run(step, segments, fmt="telemetry") == [[], []]


@pytest.mark.parametrize(
    ("step", "texts"),
    [
        (split_digits, ("my number is 555 013", "4477 if you need it")),
        (cross_context, ("and the MRN is", "4481 2290")),
        (health_statements, ("and her A1C", "came back at 8.1 this time")),
    ],
)
def test_the_other_fields_of_a_json_line_are_fields_not_turns(step, texts):
    """A JSON Lines chat line is a turn, its other fields (`$.note`) follow it as fields: the
    field's name, not the turn before it, says what the value is."""
    segments = [Segment(texts[0], segment_id="line-1"), Segment(texts[1], segment_id="$.note")]
    assert run(step, segments, fmt="jsonl") == [[], []]
    assert run(step, [Segment(texts[0]), Segment(texts[1])], fmt="jsonl") != [[], []]


def test_a_json_line_field_name_types_a_bare_number():
    fields = [Segment("see attached", segment_id="line-1"), Segment("4481 2290", segment_id="$.patient.mrn")]
    out = run(cross_context, fields, fmt="jsonl")
    assert out[0] == [] and typed(out[1]) == [("MEDICAL_RECORD_NUMBER", "4481 2290")]
    numbers = [Segment("hi", segment_id="line-1"), Segment("44812290", segment_id="{number}$.mrn")]
    assert typed(run(cross_context, numbers, fmt="jsonl")[1]) == [("MEDICAL_RECORD_NUMBER", "44812290")]


@pytest.mark.parametrize(
    ("segment_id", "label"),
    [("$.patient.mrn", "mrn"), ("$.client.meetingId", "meeting id"), ("$.items[2].student_id", "student id"),
     ("$", ""), (None, "")],
)  # fmt: skip
def test_field_label_is_the_last_key_as_words(segment_id, label):
    assert field_label(segment_id) == label


def test_a_field_name_says_what_its_value_is():
    """In telemetry the field name plays the part of the words said before a value."""
    fields = [Segment("4481 2290", segment_id="$.patient.mrn"), Segment("4481 2290", segment_id="$.retries")]
    out = run(cross_context, fields, fmt="telemetry")
    assert typed(out[0]) == [("MEDICAL_RECORD_NUMBER", "4481 2290")] and out[1] == []
    out = run(health_statements, [Segment("8.1", segment_id="$.labs.a1c")], fmt="telemetry")
    assert typed(out[0]) == [("LAB_RESULT", "8.1")]
    phone = Finding(0, 11, "PHONE_NUMBER", Category.PII, 0.6, "PhoneRecognizer", "85374664810")
    fields = [Segment(phone.value, segment_id="$.meeting_id"), Segment(phone.value, segment_id="$.contact")]
    out = run(precision, fields, [[phone], [phone]], fmt="telemetry")
    assert out == [[], [phone]]


def test_keyword_at_end_of_previous_cue_types_the_number():
    out = run(cross_context, same_speaker("and the MRN is", "4481 2290"))
    assert typed(out[1]) == [("MEDICAL_RECORD_NUMBER", "4481 2290")]
    assert out[1][0].category is Category.PHI
    out = run(cross_context, same_speaker("her student id:", "uh S0192884"))
    assert typed(out[1]) == [("STUDENT_ID", "S0192884")] and out[1][0].category is Category.EDU


def test_keyword_retypes_an_existing_finding():
    phone = Finding(0, 10, "PHONE_NUMBER", Category.PII, 0.6, "PhoneRecognizer", "4481229012")
    out = run(cross_context, same_speaker("medical record number", "4481229012"), [[], [phone]])
    assert typed(out[1]) == [("MEDICAL_RECORD_NUMBER", "4481229012")]
    assert out[1][0].score >= 0.85


def test_no_keyword_or_wrong_shape_no_finding():
    assert run(cross_context, same_speaker("I think it was", "2019 when we met")) == [[], []]
    assert run(cross_context, same_speaker("my phone number is", "1234 no wait")) == [[], []]
    assert run(cross_context, same_speaker("the MRN is on the chart", "4481 2290")) == [[], []]


def test_lab_value_linked_to_the_test_in_previous_cue():
    out = run(health_statements, same_speaker("and her A1C", "came back at 8.1 this time"))
    assert typed(out[1]) == [("LAB_RESULT", "8.1")] and out[1][0].category is Category.PHI
    assert run(health_statements, same_speaker("the printer", "came back at 8.1")) == [[], []]
    out = run(health_statements, same_speaker("his blood pressure was", "one sixty over ninety"))
    assert typed(out[1]) == [("LAB_RESULT", "one sixty over ninety")]
    out = run(health_statements, same_speaker("her a1c", "came back at 8 point 1"))
    assert typed(out[1]) == [("LAB_RESULT", "8 point 1")]


def test_indirect_statements_about_a_person():
    (out,) = run(health_statements, same_speaker("she's been on lamotrigine since fall"))
    assert typed(out) == [("MEDICATION", "lamotrigine")]
    (out,) = run(health_statements, same_speaker("he got pulled out of third period again"))
    assert typed(out) == [("DISCIPLINE", "pulled out of third period")] and out[0].category is Category.EDU
    (out,) = run(health_statements, same_speaker("she's been on vacation since fall, the car got pulled out"))
    assert out == []
    (out,) = run(health_statements, same_speaker("we're doing the 504 paperwork for him this spring"))
    assert typed(out) == [("SPECIAL_EDUCATION", "the 504 paperwork")] and out[0].category is Category.EDU
    assert run(health_statements, same_speaker("call me at 504 tomorrow")) == [[]]


def test_subject_of_a_fact_is_a_person():
    from classifier.conversation import fact_subjects

    def fact(text: str, word: str, entity: str, category: Category) -> Finding:
        start = text.index(word)
        return Finding(start, start + len(word), entity, category, 0.8, "pack", word)

    text = "heads up jelani got written up again"
    out = run(fact_subjects, same_speaker(text), [[fact(text, "written up", "DISCIPLINE", Category.EDU)]])
    assert typed(out[0]) == [("PERSON", "jelani"), ("DISCIPLINE", "written up")]
    text = "okay, nadia's been on insulin since may"
    out = run(fact_subjects, same_speaker(text), [[fact(text, "insulin", "MEDICATION", Category.PHI)]])
    assert ("PERSON", "nadia") in typed(out[0])
    text = "the okafor family asked for a copy of the report card"
    out = run(fact_subjects, same_speaker(text), [[fact(text, "report card", "GRADE", Category.EDU)]])
    assert ("PERSON", "okafor") in typed(out[0])
    text = "wait Ji-hoon got B+ on the midterm"
    out = run(fact_subjects, same_speaker(text), [[fact(text, "B+", "GRADE", Category.EDU)]])
    assert ("PERSON", "Ji-hoon") in typed(out[0])
    text = "frank's been on lexapro since fall"
    out = run(fact_subjects, same_speaker(text), [[fact(text, "lexapro", "MEDICATION", Category.PHI)]])
    assert ("PERSON", "frank") in typed(out[0])  # an ordinary word, but "'s been" makes it a name
    text = "reminder tamsin's kid is at northgate prep"
    out = run(fact_subjects, same_speaker(text), [[fact(text, "northgate prep", "SCHOOL", Category.EDU)]])
    assert ("PERSON", "tamsin") in typed(out[0])


@pytest.mark.parametrize(
    "text",
    [
        "she got written up again",
        "the student got written up again",
        "i don't have lupus, never had it",
        "will has been written up",  # ordinary word in lower case
        "my family got written up",
        "life has been hard since she got written up",
    ],
)
def test_no_subject_name_without_a_name_or_a_fact(text):
    from classifier.conversation import fact_subjects

    word = "lupus" if "lupus" in text else "written up"
    start = text.index(word)
    finding = Finding(start, start + len(word), "DISCIPLINE", Category.EDU, 0.8, "pack", word)
    out = run(fact_subjects, same_speaker(text), [[finding]])
    assert typed(out[0]) == [("DISCIPLINE", word)]
    assert run(fact_subjects, same_speaker("jelani got a new bike")) == [[]]  # no fact, no guess


def test_a_word_used_as_a_noun_elsewhere_is_no_subject():
    from classifier.conversation import fact_subjects

    texts = ["the recess bell rang", "recess got cancelled because of the asthma alerts"]
    start = texts[1].index("asthma")
    asthma = Finding(start, start + 6, "MEDICAL_CONDITION", Category.PHI, 0.8, "pack", "asthma")
    out = run(fact_subjects, same_speaker(*texts), [[], [asthma]])
    assert out[1] == [asthma]


def test_sentence_bounds_skip_title_periods():
    from classifier.conversation.sentences import sentence_around

    text = "we read house, where dr. house has chronic pain. next"
    start, end = sentence_around(text, text.index("chronic"), text.index("chronic") + 7)
    assert text[start:end] == "we read house, where dr. house has chronic pain"


def test_an_identifier_found_once_is_found_where_it_is_repeated_alone():
    texts = [
        "my student id is S01938477 and mail Ana.B@example.org",
        "yes S01938477, and ana.b@example.org.",
        "not XS01938477 or S01938477-2 or s01938477x, and 2024 stays",
    ]
    found = [
        [
            Finding(17, 26, "STUDENT_ID", Category.EDU, 0.8, "student"),
            Finding(36, 53, "EMAIL_ADDRESS", Category.PII, 1.0, "email"),
            Finding(27, 29, "DATE", Category.PII, 0.6, "date"),  # too short to propagate
        ],
        [],
        [],
    ]
    result = run(value_propagation, [Segment(t, speaker="A") for t in texts], found)
    assert typed(result[1]) == [("STUDENT_ID", "S01938477"), ("EMAIL_ADDRESS", "ana.b@example.org")]
    assert all(f.recognizer == value_propagation.NAME for f in result[1])
    assert result[1][0].category is Category.EDU and result[1][0].score == 0.8
    assert result[2] == []  # inside longer tokens, and a value too short or without a digit, never
    assert result[0] == sorted(found[0], key=lambda f: (f.start, f.end))  # nothing added where found


def test_a_shortened_quote_carries_the_findings_of_the_message_it_quotes():
    texts = [
        "my SSN is 123-45-6789 and mail jane.doe@example.com",
        'Reacted to "my SSN is 123-45-678..." with 👍',
        'Replying to "my SSN is 123-45-6789 and mail jane.doe@exampl..."\nok noted',
        'Reacted to "something else 123-45-678..." with 👍',
    ]
    found = [
        [
            Finding(10, 21, "US_SSN", Category.PII, 0.85, "ssn"),
            Finding(31, 51, "EMAIL_ADDRESS", Category.PII, 1.0, "email"),
        ],
        [],
        [],
        [],
    ]
    result = run(quoted_messages, [Segment(t, speaker="A") for t in texts], found, fmt="zoom_chat")
    assert typed(result[1]) == [("US_SSN", "123-45-678")]  # cut at the end of the quote
    assert typed(result[2]) == [("US_SSN", "123-45-6789"), ("EMAIL_ADDRESS", "jane.doe@exampl")]
    assert result[3] == []  # quotes no message of the record
    assert result[0] == found[0]


def test_redacted_zoom_chat_keeps_no_part_of_a_value_in_a_shortened_quote(tmp_path, capsys):
    from classifier.cli.main import main

    chat = tmp_path / "chat.txt"
    chat.write_text(
        "00:01:00 From Jane Doe to Everyone : my SSN is 123-45-6789\n"
        '00:01:05 From Ann Lee to Everyone : Reacted to "my SSN is 123-45-678..." with 👍\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.txt"
    assert main(["redact", str(chat), "--no-ner", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "123-45" not in text and text.count("<US_SSN>") == 2


def test_a_repeat_matched_by_per_character_case_is_still_found():
    """`İ` matches `i` when case is ignored but casefolds to two characters: no lookup may fail."""
    texts = ["id is ki9999x", "again KI9999X and Kİ9999X"]
    found = [[Finding(6, 13, "STUDENT_ID", Category.EDU, 0.8, "student")], []]
    result = run(value_propagation, [Segment(t, speaker="A") for t in texts], found)
    assert typed(result[1]) == [("STUDENT_ID", "KI9999X"), ("STUDENT_ID", "Kİ9999X")]
