"""Built-in EDU recognizers on synthetic positives and look-alikes, and the acceptance sentence
through the whole engine (PII + PHI + EDU in one message)."""

from __future__ import annotations

import pytest

from classifier.config import Config
from classifier.findings import Category
from classifier.registry import build_recognizers


def test_edu_pack_loads_through_the_registry_with_categories() -> None:
    recognizers = {r.name: r for r in build_recognizers(Config()) if r.source == "builtin:edu"}
    assert {
        "StudentIdRecognizer",
        "SpecialEducationRecognizer",
        "DisciplineRecognizer",
        "AttendanceRecognizer",
        "EnrollmentRecognizer",
        "FinancialAidRecognizer",
        "SchoolRecognizer",
        "GpaRecognizer",
        "TestScoreRecognizer",
        "GradeRecognizer",
        "AttendanceCountRecognizer",
    } <= set(recognizers)
    assert all(r.category is Category.EDU for r in recognizers.values())


@pytest.mark.parametrize(
    ("name", "text", "entity", "value"),
    [
        ("StudentIdRecognizer", "student ID S01938477; she", "STUDENT_ID", "S01938477"),
        ("StudentIdRecognizer", "her student number is 20231187", "STUDENT_ID", "20231187"),
        ("SpecialEducationRecognizer", "she has an IEP and a 504 plan", "SPECIAL_EDUCATION", "IEP"),
        ("SpecialEducationRecognizer", "she has an IEP and a 504 plan", "SPECIAL_EDUCATION", "504 plan"),
        (
            "SpecialEducationRecognizer",
            "he gets extended time on tests",
            "SPECIAL_EDUCATION",
            "extended time",
        ),
        ("DisciplineRecognizer", "he got detention twice", "DISCIPLINE", "got detention"),
        ("DisciplineRecognizer", "she was pulled out of class again", "DISCIPLINE", "pulled out of class"),
        ("DisciplineRecognizer", "a 3-day suspension for fighting", "DISCIPLINE", "day suspension"),
        ("AttendanceRecognizer", "six unexcused absences this term", "ATTENDANCE", "unexcused absences"),
        ("AttendanceRecognizer", "the truancy letter came", "ATTENDANCE", "truancy letter"),
        ("EnrollmentRecognizer", "he dropped out in March", "ENROLLMENT", "dropped out"),
        ("FinancialAidRecognizer", "her FAFSA and Pell grant", "FINANCIAL_AID", "FAFSA"),
        ("FinancialAidRecognizer", "her FAFSA and Pell grant", "FINANCIAL_AID", "Pell grant"),
        ("SchoolRecognizer", "she goes to Lincoln High School now", "SCHOOL", "Lincoln High School"),
        ("SchoolRecognizer", "Roosevelt Elementary called", "SCHOOL", "Roosevelt Elementary"),
        ("SchoolRecognizer", "we met at lincoln high yesterday", "SCHOOL", "lincoln high"),
        ("SchoolRecognizer", "she got into northgate prep", "SCHOOL", "northgate prep"),
        ("EnrollmentRecognizer", "she is repeating the year", "ENROLLMENT", "repeating the year"),
        ("FinancialAidRecognizer", "we're applying for free lunch", "FINANCIAL_AID", "for free lunch"),
    ],
)
def test_edu_python_recognizers_found(run, name: str, text: str, entity: str, value: str) -> None:
    assert (entity, value) in run(name, text)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("StudentIdRecognizer", "the student said 2019 was hard"),
        ("DisciplineRecognizer", "the account was disabled after the suspension of service"),
        ("EnrollmentRecognizer", "the meeting transcript is ready"),
        ("FinancialAidRecognizer", "there is no free lunch"),
        ("SpecialEducationRecognizer", "hotel accommodations are booked"),
        ("AttendanceRecognizer", "download the meeting attendance report"),
        ("SchoolRecognizer", "the high school gym"),
        ("SchoolRecognizer", "Very High risk of rain"),
        ("SchoolRecognizer", "I went to High School with him"),
    ],
)
def test_edu_python_recognizers_not_found(run, name: str, text: str) -> None:
    assert run(name, text) == set()


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("her GPA of 3.2 dropped", "GPA", "GPA of 3.2"),
        ("he has a 3.8 GPA", "GPA", "3.8 GPA"),
        ("she scored 1250 on the SAT", "TEST_SCORE", "scored 1250 on the SAT"),
        ("Maria got a C in algebra", "GRADE", "got a"),
        ("her final grade of B+ stands", "GRADE", "grade of B+"),
        ("he is failing chemistry", "GRADE", "failing chemistry"),
        ("ugh C- again", "GRADE", "C-"),
        ("i got B on the quiz", "GRADE", "got B"),
        ("Peter missed eleven days, mostly mondays", "ATTENDANCE", "missed eleven days"),
    ],
)
def test_edu_pattern_recognizers_found_by_the_engine(detect, text: str, entity: str, value: str) -> None:
    assert any(found_entity == entity and value in found for found_entity, found in detect(text))


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("version 3.2 shipped", "GPA"),
        ("act 2 of the play", "TEST_SCORE"),
        ("she is in third grade", "GRADE"),
        ("the failing test in CI", "GRADE"),
        ("she had a C-section in May", "GRADE"),
        ("we missed 3 calls", "ATTENDANCE"),
    ],
)
def test_edu_pattern_recognizers_not_found_by_the_engine(detect, text: str, entity: str) -> None:
    assert all(found_entity != entity for found_entity, _ in detect(text))


ACCEPTANCE = (
    "Hi, this is Maria Gonzalez, student ID S01938477; she has an IEP and takes 20 mg of Adderall. "
    "Call 555-013-4477 or email maria.g@example.org."
)


def test_acceptance_sentence_through_the_engine(classifier_engine) -> None:
    findings = classifier_engine.analyze(ACCEPTANCE)
    found = {(f.entity_type, ACCEPTANCE[f.start : f.end], f.category) for f in findings}
    assert found >= {
        ("PERSON", "Maria Gonzalez", Category.PII),
        ("STUDENT_ID", "S01938477", Category.EDU),
        ("SPECIAL_EDUCATION", "IEP", Category.EDU),
        ("MEDICATION", "20 mg of Adderall", Category.PHI),
        ("PHONE_NUMBER", "555-013-4477", Category.PII),
        ("EMAIL_ADDRESS", "maria.g@example.org", Category.PII),
    }
    assert classifier_engine.classify(findings).categories == [Category.PII, Category.PHI, Category.EDU]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("tomas got a d on the geometry quiz", "a d"),
        ("she has two late essays and a c minus in biology", "a c minus"),
        ("he got an a on his spanish paper", "an a"),
        ("i think jonah got an f.", "got an f"),
        ("she ended up with a b plus this semester", "ended up with a b plus"),
        ("kayla failed ur first chem exam", "failed ur first chem exam"),
    ],
)
def test_bare_lowercase_letter_grades(run, text: str, value: str) -> None:
    # Overlapping patterns keep the widest span ("got a d" over "a d"), so check containment.
    assert any(entity == "GRADE" and value in found for entity, found in run("GradeRecognizer", text))


@pytest.mark.parametrize(
    "text",
    [
        "i'd rather get a lot of rest",
        "meet me at gate d in an hour",
        "let's go with plan b for the project",
        "option c in the course catalog costs less",
        "he moves up to grade 5 in the fall",
        "take vitamin d in the morning with food",
        "she is blood type a and can donate",
        "the piece is in the key of c",
        "they rented an a-frame on the lake",
        "sit in row f for the class photo",
        "set the mask to 0xfc in the test harness",
        "can i get a c u later",
        "what the f*** happened to the build",
        "he finally got an f-150 for the farm",
        "she got a b12 shot in the clinic",
        "he failed the driving test twice",
    ],
)
def test_letters_in_ordinary_english_are_not_grades(run, text: str) -> None:
    assert run("GradeRecognizer", text) == set()
