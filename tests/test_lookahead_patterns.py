"""Pre-check patterns that open with a lookahead (to skip digits and ids fast) match exactly like
the plain patterns they were written from: same spans, same groups.

The lookaheads hold because every alternative starts with certain letters; a keyword, lab test
or number word added later that starts otherwise makes these tests fail.
"""

from __future__ import annotations

import random
import re

from classifier.conversation import health_statements, keywords, spoken

VOCABULARY = (
    "my mrn is Student ID number zip code call me at acct medical record no # dl social security 5 12345"
    " SSN: card plan id i.d. driver's license visa amex reach on extension fax PATIENT policy group his"
    " sugar was like two forty bp one hundred over ninety a1c 7.2 hba1c t4 o2 sat came back oh five"
    " five double three 2026-03-14T09:12:33Z 4bf92f3577b34da6 10.0.19045 temp her temperature ſsn"
).split()


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        words = [rng.choice(VOCABULARY) for _ in range(rng.randint(1, 10))]
        texts.append(rng.choice([" ", ", ", " - ", "."]).join(words))
    return texts


def _same(plain: re.Pattern[str], rewritten: re.Pattern[str], texts: list[str]) -> int:
    matched = 0
    for text in texts:
        expected = [(m.span(), m.lastgroup, m.groupdict()) for m in plain.finditer(text)]
        assert [(m.span(), m.lastgroup, m.groupdict()) for m in rewritten.finditer(text)] == expected, text
        matched += len(expected)
    return matched


def test_keyword_patterns_match_like_one_bounded_group_per_keyword():
    plain = "|".join(f"(?P<k{i}>\\b(?:{kw})\\b)" for i, kw in enumerate(keywords._KEYWORDS))
    texts = _texts(4000, 1)
    assert _same(re.compile(plain, re.IGNORECASE), keywords._PATTERN, texts) > 1000
    lowered = [text.lower() for text in texts]
    assert _same(re.compile(plain), keywords._LOWER_PATTERN, lowered) > 1000


def test_lab_value_pattern_matches_like_without_its_lookahead():
    pattern = health_statements._SAME_SEGMENT_VALUE
    plain = re.compile(pattern.pattern.replace(r"\b(?=[a-z][a-z0-9])", r"\b", 1), pattern.flags)
    assert plain.pattern != pattern.pattern
    rng = random.Random(2)
    labs = ["sugar", "A1C", "hba1c", "t4", "o2 sat", "BP", "his temp", "my temperature", "ldl", "2026", "x1c"]
    openings, links = ["", "ok so", "12", "id 4bf9"], ["was", "is like", "came back"]
    values, endings = ["two forty", "7.2", "one forty over ninety", "high"], ["", " today", ".", " cups"]
    said = [
        " ".join(rng.choice(words) for words in (openings, labs, links, values)) + rng.choice(endings)
        for _ in range(2000)
    ]
    assert _same(plain, pattern, _texts(2000, 2) + said) > 500


def test_number_word_pattern_matches_like_without_its_lookahead():
    pattern = spoken.HAS_NUMBER_WORD
    plain = re.compile(re.sub(r"^\(\?=\[[a-z]+\]\)", "", pattern.pattern), pattern.flags)
    assert plain.pattern != pattern.pattern
    assert _same(plain, pattern, [text.lower() for text in _texts(4000, 3)]) > 500
