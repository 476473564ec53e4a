"""The engine: findings with values and categories, batching, context, overlaps, failures."""

from __future__ import annotations

import pytest
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult

from classifier.config import Config
from classifier.detection import DetectionError
from classifier.detection.resolve import resolve, resolve_overlaps
from classifier.engine import BatchDetectionError, Classifier
from classifier.findings import Category, Finding
from classifier.records import Record, Segment
from tests.conftest import basic_recognizers

SAMPLE = (
    "Hi, this is Maria Gonzalez, student ID S01938477; she has an IEP and takes 20 mg of Adderall. "
    "Call 555-013-4477 or email maria.g@example.org."
)


class Exploding(EntityRecognizer):
    """Fails on every text, with the text in its exception message (which must not leak)."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["US_SSN"], name="Exploding")

    def load(self) -> None:
        """Nothing to load."""

    def analyze(self, text, entities, nlp_artifacts=None):
        raise ValueError(f"cannot handle {text}")


def _by_type(findings: list[Finding]) -> dict[str, Finding]:
    return {f.entity_type: f for f in findings}


def test_findings_carry_value_category_and_recognizer(basic_engine: Classifier) -> None:
    found = _by_type(basic_engine.analyze(SAMPLE))
    assert found["EMAIL_ADDRESS"].value == "maria.g@example.org"
    assert found["EMAIL_ADDRESS"].recognizer == "EmailRecognizer"
    assert found["PHONE_NUMBER"].value == "555-013-4477"
    assert found["PERSON"].value == "Maria Gonzalez"
    assert found["PERSON"].category is Category.PII
    # per-entity categories from the recognizer's `categories` dict
    assert found["SPECIAL_EDUCATION"].category is Category.EDU
    for finding in found.values():
        assert SAMPLE[finding.start : finding.end] == finding.value
        assert "value" not in finding.to_dict()


def test_config_overrides_recognizer_category() -> None:
    engine = Classifier(
        Config(categories={"SPECIAL_EDUCATION": Category.PHI}), recognizers=basic_recognizers()
    )
    found = _by_type(engine.analyze("The IEP meeting is on Monday."))
    assert found["SPECIAL_EDUCATION"].category is Category.PHI


def test_classify_and_redact_delegate(basic_engine: Classifier) -> None:
    findings = basic_engine.analyze("Maria Gonzalez has asthma.")
    assert [c.value for c in basic_engine.classify(findings).categories] == ["PII", "PHI"]
    assert basic_engine.redact("Maria Gonzalez has asthma.", findings) == "<PERSON> has <MEDICAL_CONDITION>."


def test_batch_runs_spacy_once_over_all_texts(basic_engine: Classifier, monkeypatch) -> None:
    calls: list[int] = []
    original_pipe = basic_engine.nlp.pipe

    def counting_pipe(texts, **kwargs):
        texts = list(texts)
        calls.append(len(texts))
        return original_pipe(texts, **kwargs)

    monkeypatch.setattr(basic_engine.nlp, "pipe", counting_pipe)
    texts = ["email a@example.org", "", "nothing here", "call 555-013-4477 now"]
    per_text = basic_engine.analyze_batch(texts, batch_size=2)
    assert calls == [3]  # one pipe call; the empty text is skipped
    assert [len(f) for f in per_text] == [1, 0, 0, 1]
    assert per_text[3][0].entity_type == "PHONE_NUMBER"


def test_context_matches_whole_words_only(basic_engine: Classifier) -> None:
    licence = PatternRecognizer(
        supported_entity="US_DRIVER_LICENSE",
        name="Licence",
        patterns=[Pattern("weak", r"\b[A-Z]\d{7}\b", 0.3)],
        context=["lic", "license"],
    )
    engine = Classifier(Config(), recognizers=[licence])
    assert engine.analyze("A duplicate form, ref D1234567, was filed.") == []
    boosted = engine.analyze("Her lic number is D1234567.")
    assert len(boosted) == 1 and boosted[0].score == pytest.approx(0.65)
    assert any("context word" in line for line in boosted[0].explanation)
    far = engine.analyze("license " + "word " * 8 + "D1234567")
    assert far == []  # more than 5 tokens away


def test_overlaps_keep_higher_score_then_longer_span() -> None:
    low = Finding(0, 10, "BANK_ACCOUNT", Category.PII, 0.6, "a")
    high = Finding(2, 8, "PHONE_NUMBER", Category.PII, 0.9, "b")
    short = Finding(20, 24, "PERSON", Category.PII, 0.8, "c")
    long = Finding(20, 30, "PERSON", Category.PII, 0.8, "d")
    apart = Finding(40, 45, "EMAIL_ADDRESS", Category.PII, 0.5, "e")
    assert resolve_overlaps([low, high, short, long, apart]) == [high, long, apart]


def test_thresholds_per_entity_type_apply_before_overlaps() -> None:
    config = Config(default_threshold=0.5, thresholds={"US_DRIVER_LICENSE": 0.9})
    weak = Finding(0, 8, "US_DRIVER_LICENSE", Category.PII, 0.8, "a")
    inner = Finding(0, 4, "PERSON", Category.PII, 0.6, "b")
    assert resolve([weak, inner], config.threshold_for) == [inner]


def test_recognizer_failure_names_recognizer_not_text() -> None:
    engine = Classifier(Config(), recognizers=[*basic_recognizers(), Exploding()])
    secret = "write to maria.g@example.org"
    with pytest.raises(DetectionError) as raised:
        engine.analyze(secret)
    assert "Exploding" in str(raised.value)
    assert "maria" not in str(raised.value)
    assert [f.entity_type for f in raised.value.partial] == ["EMAIL_ADDRESS"]
    with pytest.raises(BatchDetectionError) as batch:
        engine.analyze_batch(["fine text", secret])
    assert set(batch.value.failures) == {0, 1}


def test_analyze_record_marks_record_incomplete_and_keeps_findings() -> None:
    engine = Classifier(Config(), recognizers=[*basic_recognizers(), Exploding()])
    record = Record("r1", "test", "text", [Segment("email maria.g@example.org"), Segment("hello")])
    per_segment = engine.analyze_record(record)
    assert not record.complete
    assert all("Exploding" in e and "maria" not in e for e in record.errors)
    assert [f.entity_type for f in per_segment[0]] == ["EMAIL_ADDRESS"]


def test_analyze_records_keeps_segments_apart(basic_engine: Classifier) -> None:
    first = Record("a", "test", "text", [Segment("call 555-013-4477"), Segment("nothing")])
    second = Record("b", "test", "text", [Segment("mail a.b@example.org")])
    results = basic_engine.analyze_records([first, second])
    assert [[f.entity_type for f in seg] for seg in results[0]] == [["PHONE_NUMBER"], []]
    assert [[f.entity_type for f in seg] for seg in results[1]] == [["EMAIL_ADDRESS"]]
    assert first.complete and second.complete


def test_disabled_recognizer_does_not_run() -> None:
    engine = Classifier(Config(disabled=["EmailRecognizer"]), recognizers=basic_recognizers())
    assert all(f.entity_type != "EMAIL_ADDRESS" for f in engine.analyze(SAMPLE))


def test_full_engine_acceptance_sentence(classifier_engine: Classifier) -> None:
    """The issue's acceptance sentence with the built-in packs."""
    found = classifier_engine.analyze(SAMPLE)
    by_type = {f.entity_type: f for f in found}
    expected = {
        "PERSON": ("Maria Gonzalez", Category.PII),
        "STUDENT_ID": ("S01938477", Category.EDU),
        "SPECIAL_EDUCATION": ("IEP", Category.EDU),
        "PHONE_NUMBER": ("555-013-4477", Category.PII),
        "EMAIL_ADDRESS": ("maria.g@example.org", Category.PII),
    }
    for entity_type, (value, category) in expected.items():
        assert entity_type in by_type, entity_type
        assert by_type[entity_type].value == value
        assert by_type[entity_type].category is category
    medication = by_type["MEDICATION"]
    assert "Adderall" in medication.value and "20 mg" in medication.value
    assert medication.category is Category.PHI
    assert [c.value for c in classifier_engine.classify(found).categories] == ["PII", "PHI", "EDU"]


def test_bad_recognizer_category_fails_at_build_time() -> None:
    recognizer = PatternRecognizer(supported_entity="GPA", name="Gpa", deny_list=["gpa"])
    recognizer.category = "FINANCE"
    with pytest.raises(ValueError, match="Gpa: category 'FINANCE' of GPA"):
        Classifier(Config(), recognizers=[recognizer])


def test_conversation_failure_marks_record_and_keeps_findings(basic_engine: Classifier, monkeypatch) -> None:
    import classifier.conversation as conversation

    def broken(classifier, record, per_segment):
        raise RuntimeError("maria.g@example.org")

    monkeypatch.setattr(conversation, "process_record", broken)
    record = Record("r2", "test", "text", [Segment("email maria.g@example.org")])
    per_segment = basic_engine.analyze_record(record)
    assert record.errors == ["conversation post-processing failed (RuntimeError)"]
    assert [f.entity_type for f in per_segment[0]] == ["EMAIL_ADDRESS"]


class SelfBoosting(PatternRecognizer):
    """Uses Presidio's recognizer-level context hook to raise its own scores."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity="DEVICE_ID", name="SelfBoosting", patterns=[Pattern("d", r"\bDV\d{4}\b", 0.3)]
        )

    def enhance_using_context(
        self, text, raw_recognizer_results, other_raw_recognizer_results, nlp_artifacts, context=None
    ):
        for result in raw_recognizer_results:
            result.score = 0.95
        return raw_recognizer_results


def test_recognizer_level_context_hook_is_honoured() -> None:
    [finding] = Classifier(Config(), recognizers=[SelfBoosting()]).analyze("device DV1234 rebooted")
    assert (finding.value, finding.score) == ("DV1234", 0.95)


class Exiting(Exploding):
    """Calls `sys.exit` with the text, as a careless plugin might: must fail like any other bug."""

    def analyze(self, text, entities, nlp_artifacts=None):
        raise SystemExit(f"cannot handle {text!r}")


def test_recognizer_that_exits_fails_the_text_not_the_run() -> None:
    engine = Classifier(Config(), recognizers=[*basic_recognizers(), Exiting()])
    secret = "write to maria.g@example.org"
    with pytest.raises(DetectionError) as raised:
        engine.analyze(secret)
    assert "Exploding (SystemExit)" in str(raised.value) and "maria" not in str(raised.value)
    record = Record("r3", "test", "text", [Segment(secret), Segment("hello")])
    per_segment = engine.analyze_record(record)
    assert not record.complete and all("maria" not in e for e in record.errors)
    assert [f.entity_type for f in per_segment[0]] == ["EMAIL_ADDRESS"]


def test_conversation_step_that_exits_fails_the_record(basic_engine: Classifier, monkeypatch) -> None:
    import classifier.conversation as conversation

    def exiting(classifier, record, per_segment):
        raise SystemExit("maria.g@example.org")

    monkeypatch.setattr(conversation, "process_record", exiting)
    record = Record("r4", "test", "text", [Segment("email maria.g@example.org")])
    basic_engine.analyze_record(record)
    assert record.errors == ["conversation post-processing failed (SystemExit)"]


class OutOfBounds(EntityRecognizer):
    """A recognizer bug: a span that starts before the text (or a bad score) on texts with TRIGGER."""

    def __init__(self, start: int = -5, end: int = 3, score: float = 0.9) -> None:
        self.span = (start, end, score)
        super().__init__(supported_entities=["CUSTOM_X"], name="OutOfBounds")

    def load(self) -> None:
        pass

    def analyze(self, text, entities, nlp_artifacts=None):
        start, end, score = self.span
        return [RecognizerResult("CUSTOM_X", start, end, score)] if "TRIGGER" in text else []


@pytest.mark.parametrize(
    "span", [(-5, 3, 0.9), (0, 10_000, 0.9), (4, 4, 0.9), (0, 3, float("nan")), (0, 3, 1.5)]
)
def test_a_result_outside_the_text_fails_the_record_instead_of_winning_overlaps(span) -> None:
    """(-5, 3) would win the overlap with the name and leave "ia Gonzalez" in a redacted copy."""
    engine = Classifier(Config(use_ner=False), recognizers=[*basic_recognizers(), OutOfBounds(*span)])
    record = Record("r1", "test", "text", [Segment("write to maria.g@example.org TRIGGER")])
    per_segment = engine.analyze_record(record)
    assert not record.complete
    assert any("OutOfBounds" in error for error in record.errors)
    assert all("maria" not in error for error in record.errors)
    assert [f.entity_type for f in per_segment[0]] == ["EMAIL_ADDRESS"]  # the valid findings stay
    assert engine.analyze("write to maria.g@example.org") != []  # no TRIGGER: nothing to fail
