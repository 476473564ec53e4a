"""Negatives: strings that look like identifiers or health facts but are not about a person.

Each returns a `Fill` with `decoy` set, so the corpus records where they are and
the evaluation can report how often a detector flags them.
"""

from __future__ import annotations

import random

from corpora.generator.model import Fill
from corpora.generator.names import PUBLIC_FIGURES
from corpora.generator.school import COURSE_CODES
from corpora.generator.spoken import number_words
from corpora.generator.values import digits


def timestamp(rng: random.Random, style: str) -> Fill:
    if style == "telemetry":
        month, day = rng.randint(1, 11), rng.randint(1, 28)
        hour, minute, second = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
        value = f"2026-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}Z"
    elif style == "asr":
        value = f"{number_words(rng.randint(1, 12))} {number_words(rng.randint(10, 59))}"
    else:
        value = rng.choice(
            (
                f"{rng.randint(1, 12)}:{rng.randint(10, 59)} {rng.choice(('AM', 'PM'))}",
                f"00:{rng.randint(10, 59)}:{rng.randint(10, 59)}",
            )
        )
    return Fill(value, decoy="timestamp")


def meeting_id(rng: random.Random, style: str) -> Fill:
    groups = [digits(rng, 3), digits(rng, 4), digits(rng, 4)]
    if style == "asr":
        return Fill(
            " ".join(number_words(int(g[i])) for g in groups for i in range(len(g))), decoy="meeting_id"
        )
    return Fill(rng.choice((" ", "", "-")).join(groups), decoy="meeting_id")


def version(rng: random.Random) -> Fill:
    value = rng.choice(
        (
            f"{rng.randint(1, 12)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}.{rng.randint(1, 9999)}",
            f"{rng.randint(1, 12)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}",
            f"v{rng.randint(1, 6)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}",
        )
    )
    return Fill(value, decoy="version")


def ticket(rng: random.Random) -> Fill:
    value = rng.choice(
        (
            f"INC{digits(rng, 7)}",
            f"#{digits(rng, 5)}",
            f"CS-{digits(rng, 6)}",
            f"JIRA-{rng.randint(100, 9999)}",
        )
    )
    return Fill(value, decoy="ticket")


def order_number(rng: random.Random) -> Fill:
    value = rng.choice(
        (f"{digits(rng, 3)}-{digits(rng, 7)}-{digits(rng, 7)}", f"ORD-{digits(rng, 8)}", digits(rng, 10))
    )
    return Fill(value, decoy="order_number")


def room(rng: random.Random) -> Fill:
    return Fill(
        rng.choice(
            (
                f"{rng.randint(100, 420)}",
                f"B-{rng.randint(100, 299)}",
                f"{rng.randint(1, 3)}0{rng.randint(1, 9)}",
            )
        ),
        decoy="room",
    )


def course_code(rng: random.Random) -> Fill:
    return Fill(rng.choice(COURSE_CODES), decoy="course_code")


def git_hash(rng: random.Random) -> Fill:
    n = rng.choice((7, 8, 40))
    return Fill("".join(rng.choice("0123456789abcdef") for _ in range(n)), decoy="git_hash")


def public_figure(rng: random.Random, style: str) -> Fill:
    name = rng.choice(PUBLIC_FIGURES)
    return Fill(name.lower() if style == "asr" else name, decoy="public_figure")
