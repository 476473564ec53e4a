"""Template slots: `{name}` in a template is filled by the method of the same name.

A slot returns one part or a list of parts. Gold values carry their entity
type; the words around them (titles, articles, "on the") stay literal, so a
span covers the identifying value and nothing else.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from corpora.generator import decoys, values
from corpora.generator.health import (
    CONDITIONS,
    GENERIC_HEALTH,
    GENERIC_MEDICATION,
    LABS,
    MEDICATIONS,
    PROCEDURES,
    SYMPTOMS,
)
from corpora.generator.model import Fill, Part
from corpora.generator.names import FICTION, TITLES_CHAT, TITLES_SPOKEN
from corpora.generator.people import Person
from corpora.generator.places import HOSPITALS, SCHOOLS
from corpora.generator.school import (
    ATTENDANCE,
    DISCIPLINE,
    ENROLLMENT,
    FINANCIAL_AID,
    LETTER_GRADES,
    SPECIAL_ED,
    SPOKEN_GRADES_SHORT,
    STANDING,
    SUBJECTS,
    TESTS,
)
from corpora.generator.spoken import MONTHS, number_words, spoken_digits

SLOT = re.compile(r"\{(\w+)\}")


@dataclass
class Slots:
    """Everything a template can ask for, for one conversation."""

    rng: random.Random
    style: str
    participants: list[Person]
    subject: Person
    speaker: Person | None = None
    _phone_tail: str = field(default="", repr=False)

    # --- people -----------------------------------------------------------
    def _other(self) -> Person:
        others = [p for p in self.participants if p != self.speaker] or self.participants
        return self.rng.choice(others)

    def other_first(self) -> Fill:
        return Fill(self._other().called(self.rng), "PERSON")

    def other_full(self) -> Fill:
        return Fill(self._other().full, "PERSON")

    def subject_first(self) -> Fill:
        return Fill(self.subject.called(self.rng), "PERSON")

    def subject_full(self) -> Fill:
        return Fill(self.subject.full, "PERSON")

    def subject_last(self) -> Fill:
        return Fill(self.subject.last, "PERSON")

    def titled(self) -> list[Part]:
        titles = TITLES_SPOKEN if self.style == "asr" else TITLES_CHAT
        return [self.rng.choice(titles) + " ", Fill(self._other().last, "PERSON")]

    # --- contact and identity -----------------------------------------------
    def phone(self) -> Fill:
        return Fill(values.phone(self.rng, self.style), "PHONE_NUMBER")

    def phone_head(self) -> Fill:
        """The first half of a number whose rest comes in the next cue."""
        area, exchange, line = values.phone_groups(self.rng)
        self._phone_tail = spoken_digits(line, self.rng)
        return Fill(f"{spoken_digits(area, self.rng)} {spoken_digits(exchange, self.rng)}", "PHONE_NUMBER")

    def phone_tail(self) -> Fill:
        return Fill(self._phone_tail, "PHONE_NUMBER")

    def email(self) -> Fill:
        person = self.rng.choice((self.subject, self._other()))
        return Fill(values.email(self.rng, person, self.style), "EMAIL_ADDRESS")

    def ssn(self) -> Fill:
        return Fill(values.ssn(self.rng, self.style), "US_SSN")

    def address(self) -> Fill:
        return Fill(values.street_address(self.rng, self.style), "STREET_ADDRESS")

    def city(self) -> Fill:
        return Fill(values.city(self.rng, self.style), "LOCATION")

    def zip(self) -> Fill:
        return Fill(values.zip_code(self.rng, self.style), "ZIP_CODE")

    def dob(self) -> Fill:
        return Fill(values.calendar_date(self.rng, self.style, 1940, 2019), "DATE_OF_BIRTH")

    def date(self) -> Fill:
        return Fill(values.calendar_date(self.rng, self.style, 2025, 2026, with_year=False), "DATE")

    def age(self) -> Fill:
        return Fill(values.age(self.rng, self.style, 19, 96), "AGE")

    def kid_age(self) -> Fill:
        return Fill(values.age(self.rng, self.style, 5, 17), "AGE")

    def card(self) -> Fill:
        return Fill(values.credit_card(self.rng), "CREDIT_CARD")

    def license(self) -> Fill:
        return Fill(values.driver_license(self.rng), "US_DRIVER_LICENSE")

    def profile_url(self) -> Fill:
        handle = self._other().handle()
        site = self.rng.choice(("linkedin.com/in/", "github.com/", "instagram.com/", "tiktok.com/@"))
        return Fill(f"https://{site}{handle}", "URL")

    # --- health -------------------------------------------------------------
    def condition(self) -> Fill:
        return Fill(self.rng.choice(CONDITIONS), "MEDICAL_CONDITION")

    def neg_condition(self) -> Fill:
        """A condition the person does NOT have: still gold (see corpora/README.md)."""
        return Fill(self.rng.choice(CONDITIONS), "MEDICAL_CONDITION", negated=True)

    def symptom(self) -> Fill:
        """A symptom the person has: a health fact like a condition."""
        return Fill(self.rng.choice(SYMPTOMS), "MEDICAL_CONDITION")

    def month(self) -> Fill:
        """The month of an event in the person's life: a date element under HIPAA."""
        name = self.rng.choice(MONTHS)
        return Fill(name.lower() if self.style == "asr" else name, "DATE")

    def medication(self) -> Fill:
        return Fill(self.rng.choice(MEDICATIONS), "MEDICATION")

    def procedure(self) -> Fill:
        return Fill(self.rng.choice(PROCEDURES), "PROCEDURE")

    def lab(self) -> Fill:
        name, results = self.rng.choice(LABS)
        result = self.rng.choice(results)
        if self.style == "asr":
            result = result.replace(".", " point ")
        return Fill(f"{name} came back at {result}", "LAB_RESULT")

    def facility(self) -> Fill:
        return Fill(self.rng.choice(HOSPITALS), "HEALTHCARE_FACILITY")

    def mrn(self) -> list[Part]:
        label = (
            "medical record number " if self.style == "asr" else self.rng.choice(("MRN ", "MRN: ", "mrn# "))
        )
        return [
            label,
            Fill(values.id_number(self.rng, self.style, "", self.rng.randint(7, 9)), "MEDICAL_RECORD_NUMBER"),
        ]

    def member_id(self) -> Fill:
        return Fill(values.member_id(self.rng, self.style), "HEALTH_PLAN_ID")

    # --- education ----------------------------------------------------------
    def student_id(self) -> Fill:
        return Fill(values.id_number(self.rng, self.style, "S", self.rng.randint(6, 8)), "STUDENT_ID")

    def subject_class(self) -> str:
        return self.rng.choice(SUBJECTS)

    def grade(self) -> list[Part]:
        if self.style == "asr":
            article, value = self.rng.choice(LETTER_GRADES).split(" ", 1)
            return [article + " ", Fill(value, "GRADE")]
        return [Fill(self.rng.choice(SPOKEN_GRADES_SHORT), "GRADE")]

    def test_score(self) -> list[Part]:
        score = self.rng.choice((1180, 1340, 920, 1010, 1490, 21, 27, 18, 212, 238))
        text = number_words(score) if self.style == "asr" and score < 1000 else str(score)
        return [Fill(text, "TEST_SCORE"), f" on the {self.rng.choice(TESTS)}"]

    def gpa(self) -> Fill:
        value = f"{self.rng.randint(1, 3)}.{self.rng.randint(0, 9)}"
        if self.style == "asr":
            value = value.replace(".", " point ")
        return Fill(value, "GPA")

    def sped(self) -> Fill:
        return Fill(self.rng.choice(SPECIAL_ED), "SPECIAL_EDUCATION")

    def discipline(self) -> Fill:
        return Fill(self.rng.choice(DISCIPLINE), "DISCIPLINE")

    def attendance(self) -> Fill:
        return Fill(self.rng.choice(ATTENDANCE), "ATTENDANCE")

    def enrollment(self) -> Fill:
        return Fill(self.rng.choice(ENROLLMENT), "ENROLLMENT")

    def aid(self) -> Fill:
        return Fill(self.rng.choice(FINANCIAL_AID), "FINANCIAL_AID")

    def standing(self) -> Fill:
        """Academic standing of the student (probation, warning, dean's list)."""
        return Fill(self.rng.choice(STANDING), "ENROLLMENT")

    def school(self) -> Fill:
        return Fill(self.rng.choice(SCHOOLS), "SCHOOL")

    # --- negatives ----------------------------------------------------------
    def timestamp(self) -> Fill:
        return decoys.timestamp(self.rng, self.style)

    def meeting_id(self) -> Fill:
        return decoys.meeting_id(self.rng, self.style)

    def version(self) -> Fill:
        return decoys.version(self.rng)

    def ticket(self) -> Fill:
        return decoys.ticket(self.rng)

    def order(self) -> Fill:
        return decoys.order_number(self.rng)

    def room(self) -> Fill:
        return decoys.room(self.rng)

    def course(self) -> Fill:
        return decoys.course_code(self.rng)

    def git_hash(self) -> Fill:
        return decoys.git_hash(self.rng)

    def celebrity(self) -> Fill:
        return decoys.public_figure(self.rng, self.style)

    def fiction(self) -> list[Part]:
        book, character, illness = self.rng.choice(FICTION)
        who, what = Fill(character, decoy="fiction_character"), Fill(illness, decoy="fiction_illness")
        bare = Fill(illness.removeprefix("an ").removeprefix("a "), decoy="fiction_illness")
        frames: tuple[list[Part], ...] = (
            [f"{book}, where ", who, " has ", what],
            [f"{book}, and the part where ", who, " finds out about the ", bare, " wrecked me"],
            [f"{book}; ", who, "'s ", bare, " storyline is the whole second half"],
            [f"{book}. spoiler: ", who, " gets ", what],
        )
        return self.rng.choice(frames)

    def generic_health(self) -> list[Part]:
        if self.rng.random() < 0.2:
            frame, word = self.rng.choice(GENERIC_MEDICATION), self.rng.choice(MEDICATIONS)
        else:
            frame, word = self.rng.choice(GENERIC_HEALTH), self.rng.choice(CONDITIONS)
        head, tail = frame.split("{}")
        return [head, Fill(word, decoy="generic_health"), tail]


def expand(template: str, slots: Slots) -> list[Part]:
    """A template string with `{slot}` markers turned into parts."""
    parts: list[Part] = []
    for i, piece in enumerate(SLOT.split(template)):
        if i % 2 == 0:
            if piece:
                parts.append(piece)
            continue
        filled = getattr(slots, piece)()
        parts.extend(filled if isinstance(filled, list) else [filled])
    return parts
