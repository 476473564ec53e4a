"""The conversation chain through the real engine, and its registration and configuration."""

from __future__ import annotations

import pytest

from classifier.config import Config
from classifier.conversation import process_record, registered
from classifier.findings import Category, Finding
from classifier.records import Record, Segment


def transcript() -> Record:
    speaker, other = "Quinlan Okafor (she/her)", "Tamsin Vale"
    return Record(
        "conv-1",
        "synthetic.vtt",
        "vtt",
        [
            Segment("hi everyone, thanks for joining", speaker=speaker),
            Segment(
                "thanks quinlan. my number is five five five oh one three four four seven seven",
                speaker=other,
            ),
            Segment("and my email is tam dot vale at gmail dot com", speaker=other),
            Segment("my cell is 555 013", speaker=speaker),
            Segment("4477 if you need it", speaker=speaker),
            Segment("and the MRN is", speaker=speaker),
            Segment("4481 2290", speaker=speaker),
            Segment("the meeting id is 812 3456 7890 and we start at 10:03:00", speaker=other),
        ],
    )


class _Engine:
    """Just what process_record needs from the engine: its config."""

    def __init__(self, config: Config) -> None:
        self.config = config


def by_type(per_segment: list[list[Finding]]) -> dict[tuple[int, str], list[str]]:
    found: dict[tuple[int, str], list[str]] = {}
    for index, findings in enumerate(per_segment):
        for f in findings:
            found.setdefault((index, f.entity_type), []).append(f.value)
    return found


def test_end_to_end_with_the_real_engine(classifier_engine):
    record = transcript()
    per_segment = classifier_engine.analyze_record(record)
    assert record.errors == []
    found = by_type(per_segment)
    assert "quinlan" in found[(1, "PERSON")]
    assert found[(1, "PHONE_NUMBER")] == ["five five five oh one three four four seven seven"]
    assert found[(2, "EMAIL_ADDRESS")] == ["tam dot vale at gmail dot com"]
    assert found[(3, "PHONE_NUMBER")] == ["555 013"] and found[(4, "PHONE_NUMBER")] == ["4477"]
    assert found[(6, "MEDICAL_RECORD_NUMBER")] == ["4481 2290"]
    assert not [f for f in per_segment[7] if f.entity_type != "PERSON"]  # meeting id and time are harmless
    for text, findings in zip((s.text for s in record.segments), per_segment, strict=True):
        assert all(text[f.start : f.end] == f.value for f in findings)


def test_disabled_steps_are_skipped():
    record = transcript()
    empty: list[list[Finding]] = [[] for _ in record.segments]
    everything = process_record(_Engine(Config()), record, empty)
    config = Config(disabled=["conversation.known_speakers", "conversation.spoken_numbers"])
    fewer = process_record(_Engine(config), record, empty)
    assert any(f.recognizer == "conversation.known_speakers" for s in everything for f in s)
    assert not any(f.recognizer in config.disabled for s in fewer for f in s)
    assert any(f.recognizer == "conversation.spelled_addresses" for s in fewer for f in s)


def test_chain_order_adds_before_guarding_and_thresholds_last():
    names = registered()
    assert names.index("conversation.known_speakers") < names.index("conversation.precision")
    assert names[-1] == "conversation.threshold"


def test_shape_mismatch_is_an_error_and_input_is_not_mutated():
    record = transcript()
    with pytest.raises(ValueError, match="conv-1"):
        process_record(_Engine(Config()), record, [[]])
    below = Finding(0, 2, "MEDICAL_CONDITION", Category.PHI, 0.2, "pack", "hi")
    given = [[below]] + [[] for _ in record.segments[1:]]
    out = process_record(_Engine(Config()), record, given)
    assert given[0] == [below] and below not in out[0]


def test_guards_end_to_end_with_known_recognizers(basic_engine):
    record = Record(
        "conv-2",
        "synthetic.vtt",
        "vtt",
        [
            Segment("my son has asthma and an iep", speaker="Tamsin Vale"),
            Segment("in the book the main character has asthma", speaker="Tamsin Vale"),
            Segment("asthma rates are way up in the county, says the news", speaker="Quinlan Okafor"),
            Segment("he has no history of asthma", speaker="Quinlan Okafor"),
        ],
    )
    per_segment = basic_engine.analyze_record(record)
    assert record.errors == []
    found = by_type(per_segment)
    assert found[(0, "MEDICAL_CONDITION")] == ["asthma"] and found[(0, "SPECIAL_EDUCATION")] == ["iep"]
    assert (1, "MEDICAL_CONDITION") not in found  # fiction
    assert (2, "MEDICAL_CONDITION") not in found  # talk about nobody
    (negated,) = [f for f in per_segment[3] if f.entity_type == "MEDICAL_CONDITION"]
    assert "negated" in negated.explanation and negated.score < 0.8
