"""Packing short texts into one detection pass: offsets, boundaries, and findings equal to
detecting each text alone (synthetic texts only)."""

from __future__ import annotations

import random

import pytest
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer

from classifier.config import Config
from classifier.detection import packing
from classifier.engine import BatchDetectionError, Classifier
from classifier.nlp import LazyDocArtifacts, load_pipeline

# -- the packing module ----------------------------------------------------------------------


def test_join_keeps_every_member_at_its_offsets() -> None:
    texts = ["call Ana", "", "x", "a much longer third line"]
    pack = packing.join([7, 8, 9, 10], texts)
    assert pack.text == packing.SEPARATOR.join(texts)
    assert pack.members == (7, 8, 9, 10)
    for position, text in enumerate(texts):
        start, end = pack.bounds(position)
        assert pack.text[start:end] == text


def test_locate_maps_spans_to_their_member_and_rejects_crossing_ones() -> None:
    pack = packing.join([0, 1, 2], ["alpha beta", "gamma", "delta"])
    start, end = pack.bounds(1)
    assert pack.locate(start, end) == 1
    assert pack.locate(start + 1, start + 3) == 1
    assert pack.locate(0, 5) == 0
    # touching the separator, or spanning two members
    assert pack.locate(start - 1, end) is None
    assert pack.locate(pack.bounds(0)[1], start) is None
    assert pack.locate(0, pack.bounds(2)[1]) is None
    assert pack.touched(0, pack.bounds(2)[1]) == [0, 1, 2]
    assert pack.touched(start - 2, start + 1) == [1]


def test_regions_are_the_members_of_a_pack() -> None:
    texts = ["Ana: Hi", "", "Bo: Hello\nthere"]
    pack = packing.join([0, 1, 2], texts)
    assert packing.regions(pack.text) == [pack.bounds(i) for i in range(3)]
    lone = "not a pack\n\n\x00\n"  # a NUL alone is no separator
    assert packing.regions(lone) == [(0, len(lone))]


def test_group_caps_pack_size_and_keeps_long_texts_alone() -> None:
    items = [(0, 30, "a"), (1, 30, "a"), (2, 30, "a"), (3, 500, "a"), (4, 10, "a"), (5, 45, "a")]
    groups = list(packing.group(items, max_chars=70, alone_over=100))
    assert groups == [[0, 1], [3], [2, 4], [5]]
    # one text longer than max_chars (but not "alone_over") still gets a group
    assert list(packing.group([(0, 90, "a"), (1, 5, "a")], max_chars=50, alone_over=100)) == [[0], [1]]


def test_group_packs_only_texts_of_the_same_kind() -> None:
    items = [(0, 10, "digits"), (1, 10, "plain"), (2, 10, "digits"), (3, 10, "plain"), (4, 10, "x")]
    assert list(packing.group(items, max_chars=100)) == [[0, 2], [1, 3], [4]]


class _Hooked(PatternRecognizer):
    def enhance_using_context(
        self, text, raw_recognizer_results, other_raw_recognizer_results, nlp_artifacts, context=None
    ):  # noqa: E501
        return raw_recognizer_results


def test_recognizers_with_their_own_context_hook_are_not_packed() -> None:
    plain = PatternRecognizer("BADGE_ID", patterns=[Pattern("badge", r"\bB\d{4}\b", 0.5)])
    hooked = _Hooked("BADGE_ID", patterns=[Pattern("badge", r"\bB\d{4}\b", 0.5)])
    assert packing.packable([plain])
    assert not packing.packable([plain, hooked])


# -- the separator holds against the patterns a pack meets --------------------------------


def _custom_engine(
    *recognizers: EntityRecognizer, pack_chars: int = packing.DEFAULT_PACK_CHARS
) -> Classifier:
    return Classifier(Config(use_ner=False), recognizers=list(recognizers), pack_chars=pack_chars)


def test_context_words_come_from_the_hits_own_text() -> None:
    """A context word at the end of the previous text must not raise a score (it would if
    the context window, five tokens wide, were taken on the pack)."""
    badge = PatternRecognizer("BADGE_ID", patterns=[Pattern("badge", r"\bB\d{4}\b", 0.4)], context=["badge"])
    texts = ["my badge", "B1234", "my badge B5678"]
    packed = _custom_engine(badge).analyze_batch(texts)
    assert packed == _custom_engine(badge, pack_chars=0).analyze_batch(texts)
    # alone, B1234 stays under the 0.5 threshold; with its own context word B5678 passes
    assert [[f.value for f in found] for found in packed] == [[], [], ["B5678"]]


def test_a_pattern_that_crosses_a_boundary_is_redone_per_text() -> None:
    """`.` with DOTALL crosses the separator; the texts it touched are detected alone, so the
    crossing match neither appears nor hides the match inside the second text."""
    lazy = PatternRecognizer(
        "BADGE_ID", patterns=[Pattern("pair", r"(?s)alpha.{0,120}?beta", 0.9)], global_regex_flags=0
    )
    texts = ["one alpha", "alpha and beta", "no match here", "beta first"]
    packed = _custom_engine(lazy).analyze_batch(texts)
    alone = _custom_engine(lazy, pack_chars=0).analyze_batch(texts)
    assert packed == alone
    assert [[f.value for f in found] for found in packed] == [[], ["alpha and beta"], [], []]


class _FailsOn(EntityRecognizer):
    """Fails on texts containing a trigger word (the message names no text)."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["US_SSN"], name="FailsOn")

    def load(self) -> None:
        """Nothing to load."""

    def analyze(self, text, entities, nlp_artifacts=None):
        if "kaboom" in text:
            raise ValueError("cannot handle this text")
        return []


def test_a_failure_in_a_pack_fails_only_its_own_text() -> None:
    email = PatternRecognizer("EMAIL_ADDRESS", patterns=[Pattern("email", r"\b[\w.]+@[\w.]+\.\w+\b", 0.9)])
    engine = _custom_engine(email, _FailsOn())
    texts = ["write to ana@example.org", "kaboom at bo@example.org", "and cy@example.net"]
    with pytest.raises(BatchDetectionError) as caught:
        engine.analyze_batch(texts)
    assert set(caught.value.failures) == {1}
    assert [[f.value for f in found] for found in caught.value.partial] == [
        ["ana@example.org"],
        ["bo@example.org"],
        ["cy@example.net"],
    ]


# -- packed detection equals per-text detection with the built-in recognizers --------------

FIRST = ["Maria", "Jamal", "Priya", "Tom", "Aiko", "Diego", "Fatima", "Lukas", "Grace", "Omar"]
LAST = ["Lopez", "Okafor", "Sharma", "Becker", "Tanaka", "Silva", "Haddad", "Novak", "Kim", "Reyes"]
TEMPLATES = [
    "please call {name} back on {phone} before the review tomorrow",
    "{name} said the invoice should go to {email}",
    "my ssn is {ssn} for the benefits form",
    "{name} is out this week, she has the flu and asthma, doctor note from Mercy Clinic",
    "the customer at {ip} keeps retrying, {name} is looking into it",
    "Dr. {last} prescribed 20 mg of Adderall for {first}",
    "{first}'s GPA dropped to 2.1 and she got a D in algebra",
    "student ID S{digits} has an IEP and was suspended twice this term",
    "born on 03/14/2009, MRN {digits}",
    "user_id={digits} device=ab:cd:ef:01:23:45 status=ok",
    'level=info msg="login ok" email={email} ip={ip}',
    "{name} (grade 7) missed 12 days, attendance review Monday",
    "  leading spaces and a phone {phone}  ",
    "trailing keyword, my phone number is",
    "{phone}",
    "medical record number",
    "{digits}",
    "date of birth",
    "March 3, 2011",
    "Torpy and",
    "{first} {last}",
    "ok",
    "sounds good, let's circle back after lunch",
    "first line\n\nsecond line of the same text with {email}",
    # one speaker label is no dialogue; a neighbour's label must not make it one
    'Koppány: "Who are you?"\nElizabeth:"I\'m {first}\'s daughter".',
    '{first}: "Who are you?"',
    "",
    "   ",
]


def _synthetic_texts(seed: int = 11, count: int = 400) -> list[str]:
    """Chat lines, telemetry strings and transcript lines, with short fragments whose neighbour
    would complete them ("my phone number is" then a bare number) to test the boundaries."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        texts.append(
            rng.choice(TEMPLATES).format(
                name=f"{first} {last}",
                first=first,
                last=last,
                phone=f"({rng.randint(201, 989)}) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}",
                email=f"{first.lower()}.{last.lower()}@example.org",
                ssn=f"{rng.randint(100, 665)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}",
                ip=f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                digits=str(rng.randint(10**7, 10**8 - 1)),
            )
        )
    texts.append("a long transcript line, " * 60 + "call 555-013-4477")  # over DEFAULT_ALONE_OVER
    return texts


@pytest.mark.parametrize("use_ner", [True, False], ids=["ner", "no-ner"])
def test_packed_findings_equal_per_text_findings(use_ner: bool) -> None:
    texts = _synthetic_texts()
    packed_engine = Classifier(Config(use_ner=use_ner))
    assert packed_engine._packing
    alone_engine = Classifier(Config(use_ner=use_ner), pack_chars=0)
    packed = packed_engine.analyze_batch(texts)
    alone = alone_engine.analyze_batch(texts)
    assert sum(map(len, alone)) > len(texts) // 2  # the set does hold findings
    for text, found_packed, found_alone in zip(texts, packed, alone, strict=True):
        assert found_packed == found_alone, f"differs on a text of {len(text)} characters"


def test_lazy_artifacts_tokenize_only_when_read() -> None:
    nlp = load_pipeline("unused", use_ner=False)
    calls: list[str] = []

    def make_doc(text: str):
        calls.append(text)
        return nlp.make_doc(text)

    artifacts = LazyDocArtifacts("call B1234 now", make_doc)
    assert artifacts.entities == [] and calls == []
    assert [t.text for t in artifacts.tokens] == ["call", "B1234", "now"]
    assert artifacts.tokens_indices == [0, 5, 11]
    assert calls == ["call B1234 now"]  # once, then cached
