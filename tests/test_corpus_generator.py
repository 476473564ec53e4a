"""The conversation corpus generator: deterministic, valid offsets, all kinds, categories, negatives."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpora.generate import main as generate_main  # noqa: E402
from corpora.generator import DEFAULT_COUNT, KIND_NAMES, generate, to_jsonl  # noqa: E402
from corpora.generator.model import CATEGORY_OF  # noqa: E402
from corpora.generator.spoken import number_words, ordinal_words, spelled_email  # noqa: E402


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    return list(generate())


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert generate_main(["--count", "40", "--out", str(first)]) == 0
    assert generate_main(["--count", "40", "--out", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()


def test_other_seed_gives_other_corpus() -> None:
    assert to_jsonl(generate(seed=1, count=12)) != to_jsonl(generate(seed=2, count=12))


def test_at_least_300_conversations_with_unique_ids(corpus: list[dict]) -> None:
    assert DEFAULT_COUNT >= 300
    assert len(corpus) == DEFAULT_COUNT
    assert len({c["id"] for c in corpus}) == len(corpus)


def test_every_kind_present(corpus: list[dict]) -> None:
    kinds = Counter(c["kind"] for c in corpus)
    assert set(kinds) == set(KIND_NAMES)
    assert min(kinds.values()) >= 50


def test_span_offsets_are_inside_their_segment(corpus: list[dict]) -> None:
    for conv in corpus:
        for item in conv["spans"] + conv["decoys"]:
            text = conv["segments"][item["segment"]]["text"]
            assert 0 <= item["start"] < item["end"] <= len(text)
            assert text[item["start"] : item["end"]].strip(), conv["id"]


def test_spans_carry_known_types_and_their_category(corpus: list[dict]) -> None:
    for conv in corpus:
        for span in conv["spans"]:
            assert CATEGORY_OF[span["entity_type"]] == span["category"]


def test_gold_and_decoys_never_overlap(corpus: list[dict]) -> None:
    for conv in corpus:
        for decoy in conv["decoys"]:
            for span in conv["spans"]:
                if span["segment"] == decoy["segment"]:
                    assert span["end"] <= decoy["start"] or decoy["end"] <= span["start"]


def test_each_category_present(corpus: list[dict]) -> None:
    categories = Counter(s["category"] for c in corpus for s in c["spans"])
    assert set(categories) == {"PII", "PHI", "EDU"}
    assert min(categories.values()) >= 100


def test_negatives_present(corpus: list[dict]) -> None:
    kinds = Counter(d["kind"] for c in corpus for d in c["decoys"])
    for kind in ("timestamp", "meeting_id", "version", "ticket", "order_number", "room", "course_code"):
        assert kinds[kind] > 0, kind
    for kind in ("git_hash", "public_figure", "fiction_illness", "generic_health"):
        assert kinds[kind] > 0, kind
    assert any(s.get("negated") for c in corpus for s in c["spans"])


def test_speech_transcripts_are_lowercase_with_spoken_numbers(corpus: list[dict]) -> None:
    asr = [c for c in corpus if c["format"] in ("zoom_vtt", "teams_vtt")]
    assert asr
    for conv in asr:
        for segment in conv["segments"]:
            assert segment["text"] == segment["text"].lower()
    phones = [
        c["segments"][s["segment"]]["text"][s["start"] : s["end"]]
        for c in asr
        for s in c["spans"]
        if s["entity_type"] == "PHONE_NUMBER"
    ]
    assert phones and not any(ch.isdigit() for p in phones for ch in p)


def test_speakers_are_mentioned_in_text_as_gold_people(corpus: list[dict]) -> None:
    mentioned = 0
    for conv in corpus:
        speakers = " ".join(s["speaker"] or "" for s in conv["segments"]).lower()
        for span in conv["spans"]:
            if span["entity_type"] == "PERSON":
                value = conv["segments"][span["segment"]]["text"][span["start"] : span["end"]]
                mentioned += value.lower() in speakers
    assert mentioned >= 50


def test_spoken_helpers() -> None:
    assert number_words(72) == "seventy two"
    assert number_words(105) == "one hundred five"
    assert ordinal_words(23) == "twenty third"
    assert spelled_email("jay.smith", "gmail", "com") == "jay dot smith at gmail dot com"


def test_committed_corpus_is_the_generator_output() -> None:
    committed = (ROOT / "corpora" / "conversations.jsonl").read_text(encoding="utf-8")
    assert committed == to_jsonl(generate()), "regenerate with: .venv/bin/python corpora/generate.py"
