"""Known speakers: participants' names found wherever they are mentioned (synthetic names only)."""

from __future__ import annotations

import pytest

from classifier.config import Config
from classifier.conversation import known_speakers
from classifier.conversation.base import ConversationContext
from classifier.conversation.names import clean_display_name, record_people
from classifier.findings import Category, Finding
from classifier.records import Record, Segment


def run(segments: list[Segment], metadata: dict | None = None, per_segment=None) -> list[list[Finding]]:
    record = Record("r", "test", "vtt", segments, metadata=metadata or {})
    context = ConversationContext(record, Config())
    return known_speakers.process(context, per_segment or [[] for _ in segments])


def values(findings: list[Finding]) -> list[str]:
    return [f.value for f in findings if f.entity_type == "PERSON"]


def test_display_names_are_cleaned():
    assert clean_display_name("Quinlan Okafor (she/her)") == "Quinlan Okafor"
    assert clean_display_name("Okafor, Quinlan") == "Quinlan Okafor"
    assert clean_display_name("Quinlan Okafor | design team") == "Quinlan Okafor"
    assert clean_display_name("8f14e45f-ceea-467f-a0e6-1234@tenant") is None
    assert clean_display_name("Speaker 1") is None
    assert clean_display_name("Dr. Quinlan Okafor") == "Quinlan Okafor"


def test_lowercase_first_last_full_and_possessive_mentions():
    out = run(
        [
            Segment("hello all", speaker="Quinlan Okafor"),
            Segment("thanks quinlan, I read okafor's notes. QUINLAN OKAFOR agreed", speaker="Tamsin Vale"),
        ]
    )
    assert values(out[1]) == ["quinlan", "okafor", "QUINLAN OKAFOR"]
    assert all(f.score >= 0.85 and f.category is Category.PII for f in out[1])
    assert out[1][1].start == out[1][0].end + 9  # "okafor" in "okafor's", without the possessive


def test_participants_metadata_and_name_prefix_are_known():
    out = run(
        [Segment("Tamsin Vale: the draft is ready"), Segment("great, send it to bartholomew and tamsin")],
        metadata={"participants": [{"real_name": "Bartholomew Ruiz"}]},
    )
    assert values(out[1]) == ["bartholomew", "tamsin"]


def test_common_word_names_need_capitals_or_name_context():
    out = run(
        [
            Segment("hi", speaker="Will Okafor"),
            Segment("we will see. Will you share? I asked Will yesterday. thanks will", speaker="May Vale"),
            Segment("in may it may rain, ask May", speaker="Will Okafor"),
        ]
    )
    assert values(out[1]) == ["Will", "will"]
    text = "we will see. Will you share? I asked Will yesterday. thanks will"
    assert out[1][0].start == text.index("Will yesterday")
    assert values(out[2]) == ["May"]


def test_no_speakers_no_findings_and_words_inside_other_words_ignored():
    assert run([Segment("maria said hi"), Segment("call me later")]) == [[], []]
    out = run([Segment("x", speaker="Ann Lee"), Segment("annual planning with annie and leeway")])
    assert values(out[1]) == []


def test_existing_lower_score_person_is_raised_not_duplicated():
    weak = Finding(7, 14, "PERSON", Category.PII, 0.4, "spacy", "quinlan")
    out = run([Segment("hi", speaker="Quinlan Okafor"), Segment("thanks quinlan")], per_segment=[[], [weak]])
    assert len(out[1]) == 1 and out[1][0].score >= 0.85


def test_people_in_order_without_duplicates():
    record = Record(
        "r",
        "t",
        "vtt",
        [Segment("a", speaker="Vale, Tamsin"), Segment("b", speaker="Tamsin Vale"), Segment("c")],
    )
    assert record_people(record) == ["Tamsin Vale"]


def test_unicode_names_handles_titles_and_places():
    out = run(
        [
            Segment("hola", speaker="Oliveira, Inés"),
            Segment("ok", speaker="knair"),
            Segment("thanks inés. Nurse nair approved it. @Inés check your email"),
            Segment("we'll meet at St. Inés clinic, the nair family is not here"),
        ]
    )
    assert values(out[2]) == ["inés", "nair", "Inés"]
    assert values(out[3]) == []


def test_name_found_once_is_propagated_to_lowercase_mentions():
    from classifier.conversation import name_propagation

    texts = ["Ximena Ruiz joined late", "ximena is fourteen", "the ruiz file, st. ximena's day", "the plan"]
    record = Record("r", "test", "vtt", [Segment(t) for t in texts])
    spacy_hit = Finding(0, 11, "PERSON", Category.PII, 0.85, "SpacyRecognizer", "Ximena Ruiz")
    medication = Finding(4, 8, "MEDICATION", Category.PHI, 0.8, "pack", "plan")
    out = name_propagation.process(ConversationContext(record, Config()), [[spacy_hit], [], [], [medication]])
    assert values(out[1]) == ["ximena"]
    assert values(out[2]) == ["ruiz"]  # not inside "st. ximena's"
    assert out[3] == [medication]


def test_propagation_skips_common_words_and_place_names():
    from classifier.conversation import name_propagation

    texts = ["Saint Luke's called, Mary got it", "ok got it, see you at saint luke's", "mary says hi"]
    record = Record("r", "test", "vtt", [Segment(t) for t in texts])
    wrong = [
        Finding(0, 12, "PERSON", Category.PII, 0.85, "SpacyRecognizer", "Saint Luke's"),
        Finding(21, 29, "PERSON", Category.PII, 0.85, "SpacyRecognizer", "Mary got"),
    ]
    out = name_propagation.process(ConversationContext(record, Config()), [wrong, [], []])
    assert values(out[1]) == []
    assert values(out[2]) == ["mary"]


def test_propagation_skips_words_another_type_claims():
    from classifier.conversation import name_propagation

    texts = ["Zoloft helps", "i'm on zoloft"]
    record = Record("r", "test", "vtt", [Segment(t) for t in texts])
    wrong = Finding(0, 6, "PERSON", Category.PII, 0.85, "SpacyRecognizer", "Zoloft")
    drug = Finding(8, 14, "MEDICATION", Category.PHI, 0.8, "pack", "zoloft")
    out = name_propagation.process(ConversationContext(record, Config()), [[wrong], [drug]])
    assert out[1] == [drug]


def test_devices_rooms_and_bots_are_not_people():
    assert clean_display_name("iPhone") is None
    assert clean_display_name("Conference Room B") is None
    assert clean_display_name("Otter.ai Notetaker") is None
    assert clean_display_name("Quinlan Phoenix") == "Quinlan Phoenix"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("hi ximena, can you confirm your date of birth", "ximena"),
        ("thx Tamsin!", "Tamsin"),
        ("quinlan you're muted", "quinlan"),
        ("Bartholomew can u send me the notes", "Bartholomew"),
        ("@Inés check your email", "Inés"),
        ("quick shout out to okafor for covering for me", "okafor"),
        ("tamsin here, i use this account for school", "tamsin"),
        ("ping quinlan directly, she knows", "quinlan"),
    ],
)
def test_people_addressed_by_name(text, name):
    from classifier.conversation import vocatives

    record = Record("r", "test", "zoom_chat", [Segment(text)])
    (out,) = vocatives.process(ConversationContext(record, Config()), [[]])
    assert values(out) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "hi everyone, thanks all",
        "thanks again!",
        "Basically you need to restart",
        "Exactly, you're right",
        "@here standup in five",
        "will you share the deck",
        "so what do you think",
        "thanks for joining",
        "thank you professor!",
        "cc legal on that",
        "bet you can't guess",
        "everyone here, ok?",
    ],
)
def test_no_vocative_without_a_name(text):
    from classifier.conversation import vocatives

    record = Record("r", "test", "zoom_chat", [Segment(text)])
    assert vocatives.process(ConversationContext(record, Config()), [[]]) == [[]]


def test_names_inside_addresses_are_not_mentions():
    out = run(
        [
            Segment("hi", speaker="Quinlan Okafor"),
            Segment("mail quinlan.okafor@example.org or see www.okafor.net"),
        ]
    )
    assert values(out[1]) == []


def test_longest_known_form_wins_and_curly_possessive():
    out = run([Segment("hi", speaker="Quinlan O'Neil Okafor"), Segment("ask quinlan o’neil okafor’s team")])
    assert values(out[1]) == ["quinlan o’neil okafor"]


def test_speaker_name_beats_a_location_or_date_on_the_same_word():
    text = "thanks Marcus, and thanks May"
    location = Finding(7, 13, "LOCATION", Category.PII, 0.85, "LocationRecognizer", "Marcus")
    date = Finding(26, 29, "DATE", Category.PII, 0.6, "DateRecognizer", "May")
    out = run(
        [Segment("hi", speaker="Marcus Bell"), Segment(text, speaker="May Tan")],
        per_segment=[[], [location, date]],
    )
    assert [(f.entity_type, f.value) for f in out[1]] == [("PERSON", "Marcus"), ("PERSON", "May")]


def test_acronyms_taken_for_names_are_not_propagated():
    from classifier.conversation import name_propagation

    texts = ["her student ID is", "meeting ID is 845"]
    record = Record("r", "test", "vtt", [Segment(t) for t in texts])
    wrong = Finding(12, 14, "PERSON", Category.PII, 0.75, "PersonRecognizer", "ID")
    out = name_propagation.process(ConversationContext(record, Config()), [[wrong], []])
    assert out[1] == []


def test_line_labels_are_not_speakers_but_repeated_prefixes_are():
    segments = [
        Segment("Update: the plan changed"),
        Segment("Action Items: send the update"),
        Segment("Tamsin: I can send it"),
        Segment("Tamsin: done"),
        Segment("Quinlan Okafor: thanks tamsin, update me later"),
    ]
    record = Record("r", "test", "srt", segments)
    assert record_people(record) == ["Tamsin", "Quinlan Okafor"]
