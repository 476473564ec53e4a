"""Identifier values, written the way each style writes them.

Styles: "asr" (speech recognition: lowercase, digits as words), "chat" (typed,
casual), "text" (typed notes), "telemetry" (machine-written fields).
"""

from __future__ import annotations

import random

from corpora.generator.people import Person
from corpora.generator.places import (
    CITIES,
    EMAIL_DOMAINS,
    STREET_NAMES,
    STREET_SUFFIXES,
    STREET_SUFFIXES_SHORT,
)
from corpora.generator.spoken import (
    MONTHS,
    number_words,
    ordinal_words,
    spelled_email,
    spoken_digits,
    spoken_groups,
)


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def phone_groups(rng: random.Random) -> list[str]:
    area = f"{rng.randint(2, 9)}{rng.randint(0, 8)}{rng.randint(0, 9)}"
    exchange = f"{rng.randint(2, 9)}{digits(rng, 2)}"
    return [area, exchange, digits(rng, 4)]


def phone(rng: random.Random, style: str) -> str:
    a, e, line = phone_groups(rng)
    if style == "asr":
        return spoken_groups([a, e, line], rng)
    fmt = rng.choice(
        ("({a}) {e}-{l}", "{a}-{e}-{l}", "{a}.{e}.{l}", "{a}{e}{l}", "+1 {a} {e} {l}", "{a} {e} {l}")
    )
    return fmt.format(a=a, e=e, l=line)


def email_parts(rng: random.Random, person: Person) -> tuple[str, str, str]:
    first, last = person.first.lower(), person.last.lower().replace("'", "")
    local = rng.choice(
        (f"{first}.{last}", f"{first}{last}{rng.randint(1, 99)}", f"{first[0]}{last}", f"{first}_{last}")
    )
    domain, tld = rng.choice(EMAIL_DOMAINS)
    return local, domain, tld


def email(rng: random.Random, person: Person, style: str) -> str:
    local, domain, tld = email_parts(rng, person)
    if style == "asr":
        return spelled_email(local, domain, tld)
    return f"{local}@{domain}.{tld}"


def ssn(rng: random.Random, style: str) -> str:
    area = rng.randint(100, 665)
    groups = [f"{area:03d}", f"{rng.randint(1, 99):02d}", f"{rng.randint(1, 9999):04d}"]
    if style == "asr":
        return spoken_groups(groups, rng)
    return rng.choice(("-", " ", "")).join(groups)


def _house_number_words(n: int) -> str:
    if 2000 <= n < 2100 or n % 1000 == 0:
        thousands, rest = divmod(n, 1000)
        return f"{number_words(thousands)} thousand" + (f" {number_words(rest)}" if rest else "")
    if n >= 1000:
        head, tail = divmod(n, 100)
        if tail == 0:
            return f"{number_words(head)} hundred"
        tail_words = f"oh {number_words(tail)}" if tail < 10 else number_words(tail)
        return f"{number_words(head)} {tail_words}"
    return number_words(n)


def street_address(rng: random.Random, style: str) -> str:
    number = rng.randint(100, 9899)
    street = rng.choice(STREET_NAMES)
    if style == "asr":
        return f"{_house_number_words(number)} {street} {rng.choice(STREET_SUFFIXES)}"
    suffix = rng.choice(STREET_SUFFIXES + STREET_SUFFIXES_SHORT)
    unit = rng.choice(("", "", f" Apt {rng.randint(1, 40)}", f" #{rng.randint(100, 450)}"))
    return f"{number} {street} {suffix}{unit}"


def city(rng: random.Random, style: str) -> str:
    name, abbr, state = rng.choice(CITIES)
    if style == "asr":
        return rng.choice((name, f"{name} {state}"))
    return rng.choice((name, f"{name}, {abbr}", f"{name} {abbr}"))


def zip_code(rng: random.Random, style: str) -> str:
    code = f"{rng.randint(10, 99)}{digits(rng, 3)}"
    return spoken_digits(code, rng) if style == "asr" else code


def _year_words(year: int) -> str:
    if 2000 <= year < 2010:
        return f"two thousand {number_words(year - 2000)}" if year > 2000 else "two thousand"
    head, tail = divmod(year, 100)
    return f"{number_words(head)} {'oh ' + number_words(tail) if tail < 10 else number_words(tail)}"


def calendar_date(
    rng: random.Random, style: str, year_from: int, year_to: int, with_year: bool = True
) -> str:
    month, day, year = rng.randint(1, 12), rng.randint(1, 28), rng.randint(year_from, year_to)
    if style == "asr":
        spoken = f"{MONTHS[month - 1]} {ordinal_words(day)}"
        return f"{spoken} {_year_words(year)}" if with_year else spoken
    if not with_year:
        return rng.choice(
            (f"{MONTHS[month - 1]} {day}", f"{month}/{day}", f"{MONTHS[month - 1][:3]} {day}th")
        )
    return rng.choice(
        (
            f"{month:02d}/{day:02d}/{year}",
            f"{MONTHS[month - 1]} {day}, {year}",
            f"{month}/{day}/{year % 100:02d}",
        )
    )


def age(rng: random.Random, style: str, low: int, high: int) -> str:
    n = rng.randint(low, high)
    return number_words(n) if style == "asr" else str(n)


def id_number(rng: random.Random, style: str, prefix: str, n_digits: int) -> str:
    """Record numbers (MRN, student ID): digits, sometimes with a letter prefix when typed."""
    number = digits(rng, n_digits)
    if style == "asr":
        return spoken_digits(number, rng)
    return f"{prefix}{number}" if prefix and rng.random() < 0.5 else number


def member_id(rng: random.Random, style: str) -> str:
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(3))
    number = digits(rng, 9)
    if style == "asr":
        return " ".join(letters.lower()) + " " + spoken_digits(number, rng)
    return letters + number


def credit_card(rng: random.Random) -> str:
    """A Luhn-valid 16-digit card number in groups of four."""
    body = [rng.choice((4, 5))] + [rng.randint(0, 9) for _ in range(14)]
    total = 0
    for i, d in enumerate(reversed(body)):
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    body.append((10 - total % 10) % 10)
    s = "".join(map(str, body))
    return rng.choice((" ", "-", "")).join(s[i : i + 4] for i in range(0, 16, 4))


def driver_license(rng: random.Random) -> str:
    return rng.choice("ABCDEFGHJKLMNPRSTWY") + digits(rng, 7)


def ip_address(rng: random.Random) -> str:
    first = rng.choice((24, 45, 67, 73, 98, 104, 142, 172, 192, 203))
    return f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def mac_address(rng: random.Random) -> str:
    return ":".join(f"{rng.randint(0, 255):02x}" for _ in range(6))


def device_serial(rng: random.Random) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPQRSTVWXYZ0123456789") for _ in range(12))
