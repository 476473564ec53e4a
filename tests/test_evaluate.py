"""Scoring functions of scripts/evaluate.py on tiny hand-computed cases (no detector involved)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from eval_lib import benchmarks, mappings  # noqa: E402
from eval_lib.loaders import Document  # noqa: E402
from eval_lib.scoring import Span, char_leak, f_beta, found_flags, score_spans  # noqa: E402
from eval_lib.systems import Prediction  # noqa: E402


def test_overlap_needs_same_document_and_one_shared_character() -> None:
    assert Span("a", 0, 5, "X").overlaps(Span("a", 4, 9, "Y"))
    assert not Span("a", 0, 5, "X").overlaps(Span("a", 5, 9, "X"))  # touching is not overlapping
    assert not Span("a", 0, 5, "X").overlaps(Span("b", 0, 5, "X"))


def test_span_scores_hand_computed() -> None:
    gold = [Span("d1", 0, 10, "PERSON"), Span("d1", 20, 30, "PHONE"), Span("d2", 0, 4, "PERSON")]
    pred = [
        Span("d1", 2, 5, "PERSON"),  # correct, finds gold 1
        Span("d1", 6, 9, "PERSON"),  # correct too (same gold), no extra recall
        Span("d1", 20, 30, "PERSON"),  # wrong label on the phone: a false positive, phone missed
        Span("d2", 10, 12, "PERSON"),  # no overlap: false positive, gold 3 missed
    ]
    scores = score_spans(gold, pred)
    person, phone, total = scores["PERSON"], scores["PHONE"], scores["ALL"]
    assert (person.gold, person.found, person.predicted, person.correct) == (2, 1, 4, 2)
    assert (phone.gold, phone.found, phone.predicted, phone.correct) == (1, 0, 0, 0)
    assert phone.precision is None and phone.f2 is None
    assert total.recall == pytest.approx(1 / 3)
    assert total.precision == pytest.approx(2 / 4)
    # F2 = 5PR / (4P + R) = 5 * 0.5 * 1/3 / (2 + 1/3) = 0.8333 / 2.3333
    assert total.f2 == pytest.approx((5 * 0.5 / 3) / (2 + 1 / 3))


def test_f_beta_edges() -> None:
    assert f_beta(1.0, 1.0, 2.0) == 1.0
    assert f_beta(0.0, 0.0, 2.0) == 0.0
    assert f_beta(None, 0.5, 2.0) is None
    assert f_beta(0.5, 1.0, 2.0) == pytest.approx(5 * 0.5 / (2 + 1))  # 0.8333


def test_found_flags_with_and_without_labels() -> None:
    gold = [Span("d", 0, 4, "A"), Span("d", 10, 14, "B")]
    pred = [Span("d", 1, 2, "B"), Span("d", 12, 20, "B")]
    assert found_flags(gold, pred) == [False, True]
    assert found_flags(gold, pred, same_label=False) == [True, True]


def test_char_leak_counts_uncovered_gold_characters_once() -> None:
    gold = [Span("d", 0, 10, "A"), Span("d", 5, 15, "B"), Span("e", 0, 5, "A")]  # d: 15 chars, e: 5
    pred = [Span("d", 0, 4, "Z"), Span("d", 12, 40, "Z"), Span("x", 0, 5, "A")]  # covers 4 + 3 of d
    leaked, total = char_leak(gold, pred)
    assert (leaked, total) == (13, 20)


def test_presidio_research_maps_labels_per_system() -> None:
    doc = Document("0", "Jane Roe lives at 12 Oak St in Reno 89501", [])
    doc.gold = [
        Span("0", 0, 8, "PERSON"),
        Span("0", 18, 27, "STREET_ADDRESS"),
        Span("0", 31, 35, "GPE"),
        Span("0", 36, 41, "ZIP_CODE"),
        Span("0", 0, 4, "TITLE"),  # left out: never scored
    ]
    preds = {
        "ours": [[Prediction(0, 8, "PERSON", "PII"), Prediction(18, 27, "STREET_ADDRESS", "PII")]],
        "presidio": [[Prediction(0, 8, "PERSON", None), Prediction(31, 41, "LOCATION", None)]],
    }
    result = benchmarks.presidio_research([doc], preds, benchmarks.ErrorLog())
    ours = result["systems"]["ours"]
    presidio = result["systems"]["presidio"]
    assert result["gold_spans"] == 4
    assert ours["labels"]["LOCATION"]["recall"] == pytest.approx(1 / 3)
    assert presidio["labels"]["LOCATION"]["recall"] == pytest.approx(2 / 3)
    assert ours["recall_by_corpus_label"]["STREET_ADDRESS"] == 1.0
    assert presidio["recall_by_corpus_label"]["ZIP_CODE"] == 1.0
    assert ours["labels"]["ALL"]["precision"] == 1.0
    assert "TITLE" not in mappings.PRESIDIO_RESEARCH_GOLD


def test_asq_counts_any_identifier_and_clean_negatives() -> None:
    docs = [
        Document(
            "1", "Pt Ann B. seen 3/4/2023 at Mercy", [Span("1", 3, 9, "NAME"), Span("1", 15, 23, "DATE")]
        ),
        Document("2", "dosing for a 40 year old with gout", []),
        Document("3", "no identifiers here at all", []),
    ]
    preds = {
        "ours": [[Prediction(3, 9, "DATE", "PII")], [Prediction(13, 15, "AGE", "PII")], []],
        "presidio": [[Prediction(15, 23, "DATE_TIME", None)], [Prediction(13, 24, "DATE_TIME", None)], []],
    }
    rules = {"ours": lambda p: p.entity_type != "AGE", "presidio": lambda p: p.entity_type != "NRP"}
    result = benchmarks.asq_phi(docs, preds, benchmarks.ErrorLog(), rules)
    assert result["hard_negatives"] == 2
    assert result["systems"]["ours"]["recall"] == 0.5  # a wrong type still counts: any identifier
    assert result["systems"]["ours"]["hard_negatives_clean"] == 1.0  # AGE is not an identifier there
    assert result["systems"]["presidio"]["hard_negatives_clean"] == 0.5
    assert result["systems"]["presidio"]["recall_by_label"] == {"DATE": 1.0, "NAME": 0.0}


def test_conversations_score_by_category_and_report_decoys() -> None:
    conv = {
        "id": "c",
        "segments": [{"speaker": "A B", "text": "bob takes metformin, build 1.2.3"}],
        "spans": [
            {"segment": 0, "start": 0, "end": 3, "entity_type": "PERSON", "category": "PII"},
            {"segment": 0, "start": 10, "end": 19, "entity_type": "MEDICATION", "category": "PHI"},
        ],
        "decoys": [{"segment": 0, "start": 27, "end": 32, "kind": "version"}],
    }
    preds = {
        "ours": [[[Prediction(0, 3, "PERSON", "PII"), Prediction(10, 19, "MEDICATION", "PHI")]]],
        "presidio": [[[Prediction(0, 3, "PERSON", None), Prediction(27, 32, "IP_ADDRESS", None)]]],
    }
    rules = {
        "ours": lambda p: p.category,
        "presidio": lambda p: mappings.CONVERSATIONS_PRESIDIO.get(p.entity_type),
    }
    log = benchmarks.ErrorLog(enabled=True)
    result = benchmarks.conversations([conv], preds, log, rules)
    ours, presidio = result["systems"]["ours"], result["systems"]["presidio"]
    assert ours["categories"]["ALL"]["recall"] == 1.0 and ours["categories"]["ALL"]["precision"] == 1.0
    assert presidio["categories"]["PHI"]["recall"] == 0.0
    assert presidio["categories"]["PII"]["precision"] == 0.5
    assert presidio["decoys_flagged"]["version"] == (1.0, 1)
    assert ours["char_leak"]["PHI"] == 0.0 and presidio["char_leak"]["PHI"] == 1.0
    assert any("\tFN\tPHI\t" in line for line in log.lines)


def test_error_log_stays_empty_unless_enabled() -> None:
    log = benchmarks.ErrorLog()
    log.add("x", "ours", "FN", Span("d", 0, 3, "PII"), "bob")
    assert log.lines == []


def test_markdown_out_replaces_only_between_markers(tmp_path: Path) -> None:
    from eval_lib.report import END_MARKER, START_MARKER, write_markdown

    doc = tmp_path / "quality.md"
    doc.write_text(f"# prose\n{START_MARKER}\nold table\n{END_MARKER}\nmore prose\n", encoding="utf-8")
    write_markdown(doc, "| new |")
    text = doc.read_text(encoding="utf-8")
    assert "old table" not in text and "| new |" in text
    assert text.startswith("# prose\n") and text.endswith("more prose\n")
    fresh = tmp_path / "fresh.md"
    write_markdown(fresh, "| t |")
    assert fresh.read_text(encoding="utf-8") == "| t |\n"


def test_token_scores_hand_computed() -> None:
    from eval_lib.scoring import token_scores

    texts = {"d": "Ann Lee lives in Paris now"}  # tokens: Ann Lee lives in Paris now
    gold = [Span("d", 0, 7, "PERSON"), Span("d", 17, 22, "LOCATION")]
    pred = [Span("d", 0, 3, "PERSON"), Span("d", 17, 26, "PERSON")]  # Ann right; Paris and now wrong
    score = token_scores(texts, gold, pred)
    assert (score.gold, score.found, score.predicted, score.correct) == (3, 1, 3, 1)
    assert score.precision == pytest.approx(1 / 3) and score.recall == pytest.approx(1 / 3)
