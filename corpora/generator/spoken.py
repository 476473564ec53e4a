"""How identifiers sound once speech recognition has written them down.

Speech-to-text lowercases everything and writes digits as words ("five five five
oh one three"), emails as spoken ("jay dot smith at gmail dot com") and numbers
in the groups people read them in.
"""

from __future__ import annotations

import random

DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
TEENS = (
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
ORDINALS = {
    1: "first",
    2: "second",
    3: "third",
    4: "fourth",
    5: "fifth",
    6: "sixth",
    7: "seventh",
    8: "eighth",
    9: "ninth",
    10: "tenth",
    11: "eleventh",
    12: "twelfth",
    13: "thirteenth",
    20: "twentieth",
    30: "thirtieth",
}
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def spoken_digits(digits: str, rng: random.Random) -> str:
    """Digit by digit, with 'oh' for zero as often as people say it."""
    words = []
    for ch in digits:
        if ch == "0" and rng.random() < 0.6:
            words.append("oh")
        else:
            words.append(DIGIT_WORDS[int(ch)])
    return " ".join(words)


def number_words(n: int) -> str:
    """0..999 as words ("seventy two", "one hundred five")."""
    if n < 10:
        return DIGIT_WORDS[n]
    if n < 20:
        return TEENS[n - 10]
    if n < 100:
        tens, ones = divmod(n, 10)
        return TENS[tens] + ("" if ones == 0 else " " + DIGIT_WORDS[ones])
    hundreds, rest = divmod(n, 100)
    head = DIGIT_WORDS[hundreds] + " hundred"
    return head if rest == 0 else f"{head} {number_words(rest)}"


def ordinal_words(n: int) -> str:
    """1..31 as spoken ordinals ("twenty third")."""
    if n in ORDINALS:
        return ORDINALS[n]
    tens, ones = divmod(n, 10)
    return f"{TENS[tens]} {ORDINALS[ones]}"


def spoken_groups(groups: list[str], rng: random.Random) -> str:
    """Groups of digits read out with pauses (commas) or without."""
    sep = rng.choice((", ", " ", " ... "))
    return sep.join(spoken_digits(g, rng) for g in groups)


def spelled_email(local: str, domain: str, tld: str) -> str:
    """An address as dictated: dots and 'at' become words."""
    spoken_local = local.replace(".", " dot ").replace("_", " underscore ")
    return f"{spoken_local} at {domain} dot {tld}"
