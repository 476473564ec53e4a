"""Education vocabulary: grades, programs, discipline, attendance, aid."""

from __future__ import annotations

LETTER_GRADES: tuple[str, ...] = ("an A", "a B plus", "a C minus", "a D", "an F", "a B minus", "a C")
SPOKEN_GRADES_SHORT: tuple[str, ...] = ("A-", "B+", "C-", "D+", "F", "B", "C+")
SUBJECTS: tuple[str, ...] = (
    "algebra",
    "chemistry",
    "english",
    "biology",
    "world history",
    "geometry",
    "spanish",
    "AP calc",
    "physics",
)
COURSE_CODES: tuple[str, ...] = (
    "BIO 101",
    "CHEM 210",
    "MATH 152",
    "HIST 110",
    "ENGL 102",
    "CS 61A",
    "PSYC 100",
)
TESTS: tuple[str, ...] = ("SAT", "ACT", "MAP test", "state reading test", "PSAT", "AP bio exam")
SPECIAL_ED: tuple[str, ...] = (
    "504 plan",
    "IEP",
    "the 504 paperwork",
    "his IEP goals",
    "speech services",
    "resource room",
    "the evaluation for special ed",
    "extended time accommodations",
    "a behavior intervention plan",
)
DISCIPLINE: tuple[str, ...] = (
    "got pulled out of third period",
    "got detention",
    "was suspended for three days",
    "got written up",
    "had another referral to the office",
    "got sent to the principal",
    "has in-school suspension",
)
ATTENDANCE: tuple[str, ...] = (
    "missed eleven days",
    "has been tardy nine times",
    "was absent all last week",
    "is chronically absent",
    "has six unexcused absences",
)
ENROLLMENT: tuple[str, ...] = (
    "is transferring out in january",
    "withdrew from the program",
    "is enrolled part time",
    "is repeating the year",
    "just got dual enrolled",
)
STANDING: tuple[str, ...] = ("academic probation", "academic warning", "the dean's list")
FINANCIAL_AID: tuple[str, ...] = (
    "pell grant",
    "free lunch",
    "work study",
    "the FAFSA",
    "a fee waiver",
    "reduced lunch",
)
