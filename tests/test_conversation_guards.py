"""Guards: negation, fiction, generic health talk, harmless numbers and public figures."""

from __future__ import annotations

import pytest

from classifier.config import Config
from classifier.conversation import fiction, generic_health, negation, precision, public_figures, threshold
from classifier.conversation.base import _REGISTRY, GUARDS, ConversationContext
from classifier.findings import Category, Finding
from classifier.records import Record, Segment


def fake(text: str, word: str, entity: str, category: Category, recognizer: str = "pack", score: float = 0.8):
    start = text.index(word)
    return Finding(start, start + len(word), entity, category, score, recognizer, word)


def run(step, texts: list[str], per_segment: list[list[Finding]]) -> list[list[Finding]]:
    record = Record("r", "test", "vtt", [Segment(t, speaker="A") for t in texts])
    return step.process(ConversationContext(record, Config()), per_segment)


def condition(text: str, word: str) -> Finding:
    return fake(text, word, "MEDICAL_CONDITION", Category.PHI)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("patient has no history of diabetes", "diabetes"),
        ("he denies chest pain today", "chest pain"),
        ("she's not on any meds right now", "meds"),
        ("ruled out pneumonia yesterday", "pneumonia"),
    ],
)
def test_negated_facts_are_kept_but_lowered(text, word):
    (out,) = run(negation, [text], [[condition(text, word)]])
    assert out[0].score == negation.NEGATED_SCORE and "negated" in out[0].explanation
    assert run(threshold, [text], [out]) == [out]  # kept under the default threshold
    strict = Config(thresholds={"MEDICAL_CONDITION": 0.6})
    record = Record("r", "test", "vtt", [Segment(text)])
    assert threshold.process(ConversationContext(record, strict), [out]) == [[]]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("she has diabetes", "diabetes"),
        ("no fever but she has asthma", "asthma"),
        ("not sure, he has asthma", "asthma"),
    ],
)
def test_affirmed_facts_keep_their_score(text, word):
    (out,) = run(negation, [text], [[condition(text, word)]])
    assert out[0].score == 0.8


def test_negation_leaves_identifiers_alone():
    text = "no phone 555-0134-4477 given"
    phone = fake(text, "555-0134-4477", "PHONE_NUMBER", Category.PII)
    assert run(negation, [text], [[phone]]) == [[phone]]


def test_fiction_drops_character_illness_and_name():
    text = "in the book the main character Hazel has thyroid cancer"
    findings = [fake(text, "Hazel", "PERSON", Category.PII), condition(text, "thyroid cancer")]
    assert run(fiction, [text], [findings]) == [[]]
    text2 = "the character in that show gets lupus"
    assert run(fiction, [text2], [[condition(text2, "lupus")]]) == [[]]
    text3 = "our book club is reading a novel where a girl has scarlet fever"
    assert run(fiction, [text3], [[condition(text3, "scarlet fever")]]) == [[]]
    title = "my daughter's reading ellen foster, it's sad"
    assert run(fiction, [title], [[fake(title, "ellen foster", "PERSON", Category.PII)]]) == [[]]
    text6 = "we read a very long title here, and the part where Ilsa finds out about the lupus got me"
    assert run(fiction, [text6], [[condition(text6, "lupus")]]) == [[]]
    text5 = "we're reading Tide Line; Mara's leukemia storyline is the second half"
    assert run(fiction, [text5], [[condition(text5, "leukemia")]]) == [[]]
    text4 = "we watched Silent Harbor, where Ilsa has lupus"
    assert run(
        fiction, [text4], [[condition(text4, "lupus"), fake(text4, "Ilsa", "PERSON", Category.PII)]]
    ) == [[]]


def test_real_person_illness_and_known_speakers_survive_fiction_guard():
    text = "Hazel has thyroid cancer. We read a book about it"
    findings = [fake(text, "Hazel", "PERSON", Category.PII), condition(text, "thyroid cancer")]
    assert run(fiction, [text], [findings]) == [findings]
    text2 = "Quinlan, the character in that show has lupus"
    speaker = fake(text2, "Quinlan", "PERSON", Category.PII, recognizer="conversation.known_speakers")
    assert run(fiction, [text2], [[speaker]]) == [[speaker]]


def test_generic_health_talk_lowered_personal_talk_kept():
    text = "they say diabetes rates are way up in the county"
    (out,) = run(generic_health, [text], [[condition(text, "diabetes")]])
    assert out[0].score < Config().default_threshold
    podcast = "there's a podcast about sleep apnea i've been meaning to hear"
    (out,) = run(generic_health, [podcast], [[condition(podcast, "sleep apnea")]])
    assert out[0].score < Config().default_threshold
    page = "the cdc page on measles has a good diagram"
    (out,) = run(generic_health, [page], [[condition(page, "measles")]])
    assert out[0].score < Config().default_threshold
    for talk, word in (
        ("a lot of people get lupus flares in the summer", "lupus"),
        ("did you watch that documentary about lupus", "lupus"),
        ("can epilepsy be inherited? asking for a quiz", "epilepsy"),
        ("did you see the senator had a stroke, it was on cnn", "stroke"),
        ("is ibuprofen bad for your kidneys if you take it every day", "kidneys"),
    ):
        (out,) = run(generic_health, [talk], [[condition(talk, word)]])
        assert out[0].score < Config().default_threshold, talk
    for personal, word in (
        ("my dad has diabetes, the rates are scary", "diabetes"),
        ("a lot of people say my migraines sound like cluster headaches", "migraines"),
        ("is the rash on your arm still spreading", "rash"),
        ("the senator visited, my son has asthma so he stayed home", "asthma"),
    ):
        (kept,) = run(generic_health, [personal], [[condition(personal, word)]])
        assert kept[0].score == 0.8, personal


def test_generic_education_talk_lowered_student_talk_kept():
    talk = "a lot of schools are replacing detention with restorative circles"
    (out,) = run(generic_health, [talk], [[fake(talk, "detention", "DISCIPLINE", Category.EDU)]])
    assert out[0].score < Config().default_threshold
    personal = "my son got detention twice this week"
    (kept,) = run(generic_health, [personal], [[fake(personal, "detention", "DISCIPLINE", Category.EDU)]])
    assert kept[0].score == 0.8


@pytest.mark.parametrize(
    ("text", "value", "entity"),
    [
        ("at 00:02:24.720 she joined", "00:02:24", "PHONE_NUMBER"),
        ("meeting id 812 3456 7890 thanks", "812 3456 7890", "PHONE_NUMBER"),
        ("join zoom.us/j/81234567890 now", "zoom.us/j/81234567890", "URL"),
        ("upgrade to 10.2.0.4 tonight", "10.2.0.4", "IP_ADDRESS"),
        ("use v3.8.1 please", "v3.8.1", "US_DRIVER_LICENSE"),
        ("order #48213 shipped", "48213", "ZIP_CODE"),
        ("see ticket INC0012345", "INC0012345", "US_DRIVER_LICENSE"),
        ("we meet in room 204", "204", "STUDENT_ID"),
        ("I teach BIO 101 and MATH-2210", "MATH-2210", "US_DRIVER_LICENSE"),
        ("fixed in a3f9c2e1", "a3f9c2e1", "DEVICE_ID"),
        ("the dial in is 646 558 8656 then the pin", "646 558 8656", "PHONE_NUMBER"),
        ("we shipped the fix in 10.1.0.9825", "10.1.0.9825", "PHONE_NUMBER"),
    ],
)
def test_harmless_numbers_are_dropped(text, value, entity):
    assert run(precision, [text], [[fake(text, value, entity, Category.PII)]]) == [[]]


@pytest.mark.parametrize(
    ("text", "value", "entity"),
    [
        ('{"ts": "2026-03-03T02:20:47Z", "event": "x"}', "2026-03-03T02:20", "DATE"),
        ('{"meeting_id": "472-3420-6082", "ok": true}', "472-3420-6082", "PHONE_NUMBER"),
        ('{"client_version": "4.0.6.9119"}', "4.0.6.9119", "PHONE_NUMBER"),
    ],
)
def test_telemetry_keys_and_log_timestamps_are_harmless(text, value, entity):
    assert run(precision, [text], [[fake(text, value, entity, Category.PII)]]) == [[]]


def test_telemetry_personal_fields_are_kept():
    text = '{"phone": "472-3420-6082", "appointment": "2026-03-03 10:00"}'
    phone = fake(text, "472-3420-6082", "PHONE_NUMBER", Category.PII)
    date = fake(text, "2026-03-03", "DATE", Category.PII)
    assert run(precision, [text], [[phone, date]]) == [[phone, date]]


def test_keyword_at_end_of_previous_cue_marks_number_harmless():
    texts = ["the meeting id is", "812 3456 7890"]
    phone = fake(texts[1], "812 3456 7890", "PHONE_NUMBER", Category.PII)
    assert run(precision, texts, [[], [phone]]) == [[], []]


@pytest.mark.parametrize(
    ("text", "value", "entity"),
    [
        ("call me at 555 013 4477", "555 013 4477", "PHONE_NUMBER"),
        ("my zip code is 94110", "94110", "ZIP_CODE"),
        ("device a3f9c2e1b4d5e6f7", "a3f9c2e1b4d5e6f7", "DEVICE_ID"),
        ("server at 10.2.0.4 is down", "10.2.0.4", "IP_ADDRESS"),
        ("student id S0192884", "S0192884", "STUDENT_ID"),
        ("text me 600.571.1896", "600.571.1896", "PHONE_NUMBER"),
    ],
)
def test_real_identifiers_are_kept(text, value, entity):
    finding = fake(text, value, entity, Category.PII)
    assert run(precision, [text], [[finding]]) == [[finding]]


def test_public_figure_in_news_dropped_otherwise_kept():
    text = "did you see what Elon Musk posted"
    assert run(public_figures, [text], [[fake(text, "Elon Musk", "PERSON", Category.PII)]]) == [[]]
    quiet = "Elon Musk called me about the invoice"
    finding = fake(quiet, "Elon Musk", "PERSON", Category.PII)
    # "called" is no news word: without news context the name stays a finding
    assert run(public_figures, [quiet], [[finding]]) == [[finding]]
    charity = "the assembly is about Dolly Parton's foundation"
    assert run(public_figures, [charity], [[fake(charity, "Dolly Parton's", "PERSON", Category.PII)]]) == [[]]
    partial = "you might have heard elon musk talking about it"
    assert run(public_figures, [partial], [[fake(partial, "elon", "PERSON", Category.PII)]]) == [[]]
    private = "did you see what Tamsin Vale posted"
    finding = fake(private, "Tamsin Vale", "PERSON", Category.PII)
    assert run(public_figures, [private], [[finding]]) == [[finding]]


def test_threshold_step_settles_overlaps_like_the_engine():
    text = "call five five five oh one three four four seven seven"
    spoken = fake(
        text, "five five five oh one three four four seven seven", "PHONE_NUMBER", Category.PII, score=0.85
    )
    date = fake(text, "five five", "DATE", Category.PII, score=0.6)
    weak = fake(text, "call", "PERSON", Category.PII, score=0.2)
    assert run(threshold, [text], [[date, spoken, weak]]) == [[spoken]]


@pytest.mark.parametrize(
    ("text", "word", "lowered"),
    [
        ("you told the coach about the asthma, right", "asthma", False),  # told someone: not a topic
        ("we booked the scan at the children's hospital on main", "scan", False),  # children's: no population
        ("kids these days get diagnosed with adhd more than we did", "adhd", True),  # "than we": a comparison
        ("is ibuprofen bad for your stomach if you take it daily", "ibuprofen", True),  # generic "you"
        ("the governor had heart surgery, his office said", "heart surgery", True),  # public role as subject
        ("my brother had heart surgery, the governor called", "heart surgery", False),  # relation anchor wins
    ],
)
def test_framing_reads_structure(text, word, lowered):
    (out,) = run(generic_health, [text], [[condition(text, word)]])
    assert (out[0].score < Config().default_threshold) is lowered, text


GUARD_TEXTS = [
    "the patient in the novel has diabetes",
    "Barack Obama said no",
    "my mrn is 12345678 and I deny chest pain",
    "level INFO",
]


@pytest.mark.parametrize("name", sorted(GUARDS))
def test_a_guard_adds_nothing_to_a_record_without_findings(name):
    # process_record skips GUARDS on such records; that is only right while this holds
    record = Record("r", "test", "vtt", [Segment(t, speaker="A") for t in GUARD_TEXTS])
    out = _REGISTRY[name](ConversationContext(record, Config()), [[] for _ in GUARD_TEXTS])
    assert out == [[] for _ in GUARD_TEXTS]


def test_the_chain_skips_guards_only_on_a_record_without_findings(monkeypatch):
    import classifier.conversation as conversation

    called: list[str] = []
    for name in GUARDS:
        step = _REGISTRY[name]
        monkeypatch.setitem(_REGISTRY, name, lambda ctx, ps, n=name, s=step: called.append(n) or s(ctx, ps))
    quiet = ["level INFO", "request completed", "cache entry expired"]  # nothing for any step to add
    record = Record("r", "test", "vtt", [Segment(t, speaker="A") for t in quiet])

    class Engine:
        config = Config()

    conversation.process_record(Engine(), record, [[] for _ in quiet])
    assert called == []
    record.segments[0] = Segment("she has diabetes", speaker="A")
    conversation.process_record(Engine(), record, [[condition("she has diabetes", "diabetes")], [], []])
    assert sorted(called) == sorted(GUARDS)
