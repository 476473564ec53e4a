"""Engine fast paths keep results identical: repeated texts analysed once (in a call, and short ones
across calls), lazy NLP artifacts (synthetic texts only; no timing is asserted)."""

from __future__ import annotations

import pytest
from presidio_analyzer import EntityRecognizer, RecognizerResult

from classifier import engine as engine_module
from classifier.config import Config
from classifier.engine import BatchDetectionError, Classifier
from tests.conftest import basic_recognizers

TEXTS = [
    "write to maria.g@example.org or call 555-013-4477",
    "sounds good",
    "write to maria.g@example.org or call 555-013-4477",
    "",
    "sounds good",
    "Maria Gonzalez joined late",
]


class Counting(EntityRecognizer):
    """Counts the texts it sees and flags every "good" (so shared results are visible)."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["USERNAME"], name="Counting")
        self.seen: list[str] = []

    def load(self) -> None:
        """Nothing to load."""

    def analyze(self, text, entities, nlp_artifacts=None):
        self.seen.append(text)
        start = text.find("good")
        return [RecognizerResult("USERNAME", start, start + 4, 0.9)] if start >= 0 else []


class FailsOnGood(Counting):
    def analyze(self, text, entities, nlp_artifacts=None):
        if "good" in text:
            raise ValueError("no")
        return []


def test_repeated_texts_are_analysed_once_with_equal_results() -> None:
    counting = Counting()
    engine = Classifier(Config(), recognizers=[*basic_recognizers(), counting])
    batch = engine.analyze_batch(TEXTS)
    # short texts may be packed into one recognizer pass: count each text inside what was seen
    for text in set(TEXTS) - {""}:
        assert sum(seen.count(text) for seen in counting.seen) == 1, text
    alone = Classifier(Config(), recognizers=[*basic_recognizers(), Counting()])
    assert batch == [alone.analyze(text) for text in TEXTS]
    assert batch[0] == batch[2] and batch[0] is not batch[2]
    assert [f.value for f in batch[1]] == ["good"]


def test_short_texts_are_remembered_from_one_call_to_the_next() -> None:
    counting = Counting()
    engine = Classifier(Config(), recognizers=[*basic_recognizers(), counting])
    first = engine.analyze_batch(["sounds good"])
    again = engine.analyze_batch(["all good here", "sounds good"])
    assert again[1] == first[0] and [f.value for f in again[1]] == ["good"]
    assert sum(seen.count("sounds good") for seen in counting.seen) == 1
    assert sum(seen.count("all good here") for seen in counting.seen) == 1
    long_text = "good " + "x" * engine_module.RECENT_MAX_CHARS
    engine.analyze_batch([long_text])
    assert engine.analyze_batch([long_text]) == engine.analyze_batch([long_text])
    assert sum(seen.count(long_text) for seen in counting.seen) == 3  # too long to remember


def test_only_the_most_recent_texts_are_remembered() -> None:
    counting = Counting()
    engine = Classifier(Config(recent_pieces=2), recognizers=[*basic_recognizers(), counting])
    for text in ("one good", "two good", "three good", "three good", "one good"):
        engine.analyze_batch([text])
    assert [sum(seen.count(t) for seen in counting.seen) for t in ("one good", "two good", "three good")] == [
        2,  # pushed out by the two after it, analysed again
        1,
        1,
    ]
    engine = Classifier(Config(recent_pieces=0), recognizers=[*basic_recognizers(), counting := Counting()])
    engine.analyze_batch(["one good"])
    engine.analyze_batch(["one good"])
    assert sum(seen.count("one good") for seen in counting.seen) == 2


def test_a_failed_text_is_not_remembered() -> None:
    engine = Classifier(Config(), recognizers=[*basic_recognizers(), FailsOnGood()])
    for _ in range(2):
        with pytest.raises(BatchDetectionError):
            engine.analyze_batch(["sounds good"])


def test_a_failure_on_a_repeated_text_marks_every_copy() -> None:
    engine = Classifier(Config(), recognizers=[*basic_recognizers(), FailsOnGood()])
    with pytest.raises(BatchDetectionError) as raised:
        engine.analyze_batch(TEXTS)
    assert set(raised.value.failures) == {1, 4}
    assert raised.value.partial[0] == raised.value.partial[2] != []


def test_lazy_artifacts_match_the_doc(basic_engine: Classifier) -> None:
    from classifier.nlp import to_artifacts

    doc = basic_engine.nlp("Call Maria at home")
    artifacts = to_artifacts(doc)
    assert artifacts.tokens_indices == [t.idx for t in doc]
    assert artifacts.lemmas == ["call", "maria", "at", "home"]
    assert '"tokens_indices": [0, 5, 11, 14]' in artifacts.to_json()


def _every_token_reference(phrases, text: str) -> list[tuple[int, int]]:
    """The plain longest-match scan over every token, which `PhraseSet.find` must equal."""
    from recognizers.terms import _joined, tokenize

    tokens, found, i = tokenize(text), [], 0
    while i < len(tokens):
        matched = 0
        for size in range(min(phrases._longest_from(tokens[i].lower), len(tokens) - i), 0, -1):
            window = tokens[i : i + size]
            lowered = tuple(t.lower for t in window)
            if phrases._known(lowered, tuple(t.text for t in window)) and _joined(text, window):
                matched = size
                break
        if matched:
            found.append((tokens[i].start, tokens[i + matched - 1].end))
        i += matched or 1
    return found


def test_phrase_lookup_visits_only_possible_starts_with_equal_results() -> None:
    from recognizers.terms import PhraseSet

    phrases = PhraseSet.from_lines(
        ["asthma", "type 2 diabetes", "type 2", "crohn's disease", "=MS", "flu shot", "shots", "st. jude"]
    )
    texts = [
        "Asthma, type 2 diabetes and Crohn s disease; flu shots; MS vs ms; St. Jude type 2",
        "type 2 type 2 diabetes asthmas flu-shot",
        "nothing here at all",
        "shots shot shots, type, 2 diabetes",
    ]
    for text in texts + [" ".join(texts)]:
        assert list(phrases.find(text)) == _every_token_reference(phrases, text)
    assert list(phrases.find(texts[0]))


CONTEXT_TEXTS = [
    "my zip code is 30301",
    "zip 02139, postal code 1234",
    "Springfield, IL 62704",
    "order 30301 shipped",
    "her ssn is 123 45 6789",
    "ssn 123456789 on file",
    "123456789",
    "icd10 code E11.9 and J45.909",
    "E11.9",
    "client 5.9.2.6942 on iOS 17.4",
    "build 4.14.5.29870, zip 12345",
    "4.14.5.29870",
]


def test_patterns_that_need_a_context_word_are_left_out_without_one_with_equal_findings() -> None:
    from classifier.detection.runner import RecognizerRunner
    from tests.test_onepass import _corpus_segments, synthetic_texts

    fast = Classifier(Config(use_ner=False, recent_pieces=0))
    plain = Classifier(Config(use_ner=False, recent_pieces=0))
    plain._runner = RecognizerRunner(plain.recognizers)  # every pattern on every text
    left_out = {
        fast._runner.recognizers[index].name: {item.pattern.name for item in reaching}
        for index, (reaching, _) in fast._runner._reaching.items()
    }
    assert left_out["ZipCodeRecognizer"] == {"zip after state"}
    assert "CreditCardRecognizer" not in left_out  # its validator can raise any pattern to 1.0
    texts = CONTEXT_TEXTS + synthetic_texts(count=300, seed=7) + _corpus_segments(600)
    assert fast.analyze_batch(texts) == plain.analyze_batch(texts)
    assert any(f.entity_type == "ZIP_CODE" for found in fast.analyze_batch(CONTEXT_TEXTS) for f in found)


def test_patterns_reaching_keeps_every_pattern_when_a_score_may_be_raised() -> None:
    from presidio_analyzer import Pattern

    from classifier.registry.pattern import CategorizedPatternRecognizer

    weak, strong = Pattern("weak", r"\d{16}", 0.2), Pattern("strong", r"card \d{16}", 0.8)

    def build(kind=CategorizedPatternRecognizer, validator=None):
        return kind("CREDIT_CARD", "PII", name="Cards", patterns=[weak, strong], validator=validator)

    class OwnValidation(CategorizedPatternRecognizer):
        def validate_result(self, pattern_text):
            return True

    assert [item.pattern.name for item in build().patterns_reaching(0.5)] == ["strong"]
    assert len(build(validator="us_ssn").patterns_reaching(0.5)) == 1  # checks, never raises
    assert len(build(validator="luhn").patterns_reaching(0.5)) == 2  # a valid number scores 1.0
    assert len(build(OwnValidation).patterns_reaching(0.5)) == 2
    assert len(build().patterns_reaching(0.1)) == 2  # a lower threshold: both can reach it
