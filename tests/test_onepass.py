"""The one-pass gate skips only recognizers that would have found nothing (synthetic texts only)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
import regex
import spacy
from presidio_analyzer import Pattern

from classifier.config import Config
from classifier.detection.onepass import DIGIT, LETTER, OnePass, required_features, required_words
from classifier.detection.runner import RecognizerRunner
from classifier.findings import Category
from classifier.nlp import to_artifacts
from classifier.registry import build_recognizers
from classifier.registry.pattern import CategorizedPatternRecognizer

PIECES = [
    "call me at (415) 555-0134",
    "ssn 123-45-6789",
    "ssn 123 45 6789",
    "bare 123456789",
    "card 4111-1111-1111-1111",
    "amex 3714 496353 98431",
    "mixed 123-45 6789",
    "mac 00:1a:2b:3c:4d:5e",
    "mac 00:1a-2b:3c:4d:5e",
    "cisco 001a.2b3c.4d5e",
    "ip 10.0.12.7 and 2001:db8:0:0:0:0:2:1 and ::1",
    "mail jo.doe@example.org",
    "see https://example.com/a?b=c, or www.example.net",
    "iban DE89 3704 0044 0532 0130 00",
    "zip CA 94107 or 94107-1234",
    "she is 34 years old, aged 91",
    "icd E11.9 and J45",
    "gpa 3.85, 3.2 cumulative gpa",
    "got a B+ in algebra, grade of 87%",
    "SAT 1450, scored 31 on the act",
    "a1c was 7.2%, bp 120/80, tested positive for flu",
    "mbi 1EG4-TE5-MK73",
    "dea AB1234563",
    "MRN: AF-12345, student id S01938477",
    "routing number 021000021, account 000123456789",
    "passport no. 123456789, license D1234567",
    "npi 1234567893",
    "ping @jdoe_99 or @here",
    "C:\\Users\\jdoe\\Desktop and /home/asmith/notes, %2Fhome%2Fbob%2F",
    "username: jdoe42, login = kim.s",
    "imei 490154203237518, serial number SN-12345-AB",
    "insurance member id ABC123456789, policy # XZ-99812",
    "phone +44 20 7946 0958, tel 0489 25 37 29, meeting id 845 2231 9908",
    "version 10.2.0.4 at 00:02:24.720",
    "asthma and adhd, takes metformin 500 mg",
    "IEP meeting, suspended, financial aid, enrolled",
    "Maria Lopez from Boston",
    "01/02/2020 and March 3, 1999",
    "sounds good, let's circle back after lunch",
    "the deploy finished",
    "12345",
    # no letter at all: what telemetry's versions, addresses and numbers look like
    "4.12.3.12345",
    "10.0.1.5",
    "555.123.4567",
    "03/14/2026, 14.03.2026",
    "+1 (415) 555-0134",
    "123 45 6789 - 02139",
    "AB",
    "",
    "\n",
    "-",
    "@",
]


def synthetic_texts(count: int = 400, seed: int = 11) -> list[str]:
    """Shuffled combinations of identifier shapes, near-misses and filler (seeded)."""
    rng = random.Random(seed)
    texts = list(PIECES)
    for _ in range(count):
        parts = rng.sample(PIECES, rng.randint(1, 4))
        glue = rng.choice([" ", ", ", "\n", "; ", "-", ""])
        text = glue.join(parts)
        if rng.random() < 0.3:
            text = text.upper()
        if rng.random() < 0.2:
            cut = rng.randint(0, len(text))
            text = text[:cut] + rng.choice(["1", "x", ".", ":", " "]) + text[cut:]
        texts.append(text)
    return texts


@pytest.fixture(scope="module")
def built():
    recognizers = build_recognizers(Config(use_ner=False))
    return RecognizerRunner(recognizers), spacy.blank("en")


def test_gates_cover_the_pattern_recognizers(built):
    runner, _ = built
    gated = {runner.recognizers[i].name for i in runner._onepass.gated}
    assert {"UsSsnRecognizer", "CreditCardRecognizer", "EmailAddressRecognizer"} <= gated
    # names, places, facilities and word lists need a letter
    assert {"PersonRecognizer", "LocationRecognizer", "HealthcareFacilityRecognizer"} <= gated
    assert {"MedicalConditionRecognizer", "AttendanceRecognizer", "StreetAddressRecognizer"} <= gated
    skipped = {runner.recognizers[i].name for i in runner._onepass.skipped("4.12.3.12345")}
    assert {"PersonRecognizer", "LocationRecognizer", "MedicationRecognizer"} <= skipped


def test_skipped_recognizers_find_nothing(built):
    runner, nlp = built
    skipped_any = 0
    for text in synthetic_texts():
        artifacts = to_artifacts(nlp(text))
        skipped = runner._onepass.skipped(text)
        skipped_any += bool(skipped)
        for index in skipped:
            recognizer = runner.recognizers[index]
            assert recognizer.analyze(text, list(recognizer.supported_entities), artifacts) == [], (
                recognizer.name
            )
    assert skipped_any > 0


def _corpus_segments(limit: int) -> list[str]:
    """Segments of the project's generated (synthetic) conversation corpus, if it is there."""
    path = Path(__file__).resolve().parent.parent / "corpora" / "conversations.jsonl"
    if not path.exists():
        return []
    texts: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            texts.extend(segment["text"] for segment in json.loads(line)["segments"])
            if len(texts) >= limit:
                break
    return texts[:limit]


def test_skipped_recognizers_find_nothing_with_ner(classifier_engine):
    """Prefilters must hold with spaCy entities too (recognizers that also use NER)."""
    runner = classifier_engine._runner
    texts = synthetic_texts(count=80, seed=3) + _corpus_segments(400)
    skipped_total = 0
    for text, doc in zip(texts, classifier_engine.nlp.pipe(texts), strict=True):
        artifacts = to_artifacts(doc)
        skipped = runner._onepass.skipped(text)
        skipped_total += len(skipped)
        for index in skipped:
            recognizer = runner.recognizers[index]
            assert recognizer.analyze(text, list(recognizer.supported_entities), artifacts) == [], (
                recognizer.name
            )
    assert skipped_total > len(texts)


def test_runner_hits_equal_running_every_recognizer(built):
    runner, nlp = built
    for text in synthetic_texts(count=150, seed=5):
        artifacts = to_artifacts(nlp(text))
        expected = sorted(
            (r.name, x.entity_type, x.start, x.end, x.score)
            for r in runner.recognizers
            for x in r.analyze(text, list(r.supported_entities), artifacts)
        )
        hits = runner.run(text, artifacts)
        got = sorted((h.recognizer.name, h.entity_type, h.start, h.end, h.score) for h in hits)
        assert got == expected


def _pattern_recognizer(regex_source: str, name: str) -> CategorizedPatternRecognizer:
    return CategorizedPatternRecognizer(
        "TEST_ID", Category.PII, name=name, patterns=[Pattern("p", regex_source, 0.5)]
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"(?<![\w-])\d{3}([- ])\d{2}\1\d{4}", {DIGIT}),
        (r"[A-Za-z0-9._%+-]+@[a-z]+\.[a-z]{2,}", {"@", "."}),
        (r"ip (?:\d{1,3}\.){3}", {DIGIT, "."}),
        (r"(?:abc|\d)", set()),
        (r"(?:x:\d|y:[0-9])", {":", DIGIT}),
        (r"[0-9a-f]{2}([:-])", {"-:"}),
        (r"(?::|%3A)x", {"%:"}),
        (r"(?:a|:)", set()),
        (r"x{0,3}\d?", set()),
        (r"(?=\D*\d)", {DIGIT}),
        (r"(?!\d)a", set()),
        (r"[^0-9]", set()),
        (r"(?:\d){e<=1}", set()),
        (r"[[:digit:]]", set()),
        (r"(unclosed", set()),
        (r"[^\W\d_]", {LETTER}),
        (r"[^\d\W_]{2}", {LETTER}),
        (r"\A(?=[\s\S]*?\d)(?=[\s\S]*?[^\W\d_])", {DIGIT, LETTER}),
        (r"(?:[^\W\d_]|@)", set()),
        (r"[^\W_]", set()),
        (r"[a-z]", set()),
    ],
)
def test_required_features(source, expected):
    assert required_features(source) == frozenset(expected)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"\b(?:got|earned)\s+an?\s+[ABCDF]", {"got", "earned"}),
        (r"(?:(?-i:SAT|ACT)|psat)\s+\d", {"sat", "act", "psat"}),
        (r"\bblood\s+pressure\b", {"pressure"}),
        (r"(?:aged?|age of)\s", {"age"}),
        (r"(?:mrn|record)+:", {"mrn", "record"}),
        (r"\d+", None),
        (r"(?:abc|\d)", None),
        (r"x?\d", None),
        (r"(?:\w){e<=1}", None),
    ],
)
def test_required_words(source, expected):
    assert required_words(source) == (None if expected is None else frozenset(expected))


def test_words_gate_is_case_insensitive():
    recognizer = _pattern_recognizer(r"\b(?:gpa|grade)\s+(?:of|is)\s+\w", "Words")
    onepass = OnePass([recognizer])
    assert onepass.skipped("nothing relevant") == frozenset({0})
    assert onepass.skipped("Her GRADE is B") == frozenset()


def test_gate_needs_one_pattern_satisfied():
    recognizer = CategorizedPatternRecognizer(
        "TEST_ID",
        Category.PII,
        name="Two",
        patterns=[Pattern("digits", r"\d{3}", 0.5), Pattern("at", r"\w@\w", 0.5)],
    )
    onepass = OnePass([recognizer])
    assert onepass.skipped("no digits, no at sign") == frozenset({0})
    assert onepass.skipped("a@b") == frozenset()
    assert onepass.skipped("123") == frozenset()


def test_each_pattern_brings_its_own_condition():
    recognizer = CategorizedPatternRecognizer(
        "TEST_ID",
        Category.PII,
        name="Mixed",
        patterns=[Pattern("digits", r"\d{3}", 0.5), Pattern("word", r"secret", 0.5)],
    )
    onepass = OnePass([recognizer])
    assert onepass.skipped("nothing to see") == frozenset({0})
    assert onepass.skipped("a SECRET") == frozenset()
    assert onepass.skipped("123") == frozenset()


def test_a_recognizer_with_a_pattern_without_requirements_is_not_gated():
    recognizer = CategorizedPatternRecognizer(
        "TEST_ID",
        Category.PII,
        name="Loose",
        patterns=[Pattern("digits", r"\d{3}", 0.5), Pattern("any word", r"\w+", 0.5)],
    )
    assert OnePass([recognizer]).gated == frozenset()


def test_an_overridden_analyze_is_not_gated():
    class Custom(CategorizedPatternRecognizer):
        def analyze(self, text, entities=None, nlp_artifacts=None, regex_flags=None):
            return super().analyze(text, entities, nlp_artifacts, regex_flags)

    onepass = OnePass([Custom("TEST_ID", Category.PII, name="C", patterns=[Pattern("p", r"\d", 0.5)])])
    assert onepass.gated == frozenset()
    assert onepass.skipped("nothing here") == frozenset()


def test_a_prefilter_gates_a_python_recognizer():
    class Keyworded:
        prefilter = re.compile(r"\bmrn\b(?=\D*\d)", re.IGNORECASE)

    onepass = OnePass([Keyworded(), _pattern_recognizer(r"\d{3}", "Three")])
    assert onepass.skipped("MRN 12") == frozenset()
    assert onepass.skipped("mrn only") == frozenset({0, 1})
    assert onepass.skipped("no keyword, 123") == frozenset({0})


def test_a_letter_prefilter_skips_texts_without_letters():
    class Lettered:
        prefilter = re.compile(r"[^\W\d_]")

    class Address:
        prefilter = re.compile(r"\A(?=[\s\S]*?\d)(?=[\s\S]*?[^\W\d_])")

    onepass = OnePass([Lettered(), Address()])
    assert onepass.skipped("4.12.3.12345") == frozenset({0, 1})
    assert onepass.skipped("v4") == frozenset()
    assert onepass.skipped("Zoë") == frozenset({1})
    assert onepass.skipped("Ω 12") == frozenset()


def test_a_prefilter_that_is_only_a_feature_class_is_not_searched_again():
    class Lettered:
        prefilter = re.compile(r"[^\W\d_]")

    class LowDigits:
        prefilter = re.compile(r"[0-3]")

    lettered, low = OnePass([Lettered(), LowDigits()]).gates
    assert lettered.prefilter == () and low.prefilter == (LowDigits.prefilter,)
    assert OnePass([Lettered(), LowDigits()]).skipped("v 789") == frozenset({1})


def test_version1_syntax_and_unusable_prefilters_leave_recognizers_ungated():
    v1 = CategorizedPatternRecognizer(
        "TEST_ID",
        Category.PII,
        name="V1",
        patterns=[Pattern("set difference", r"[[a-z]--[aeiou]]\d", 0.5)],
        flags=regex.V1,
    )

    class NotARegex:
        prefilter = 42

    class Broken:
        prefilter = "(unclosed"

    assert OnePass([v1, NotARegex(), Broken()]).gated == frozenset()
