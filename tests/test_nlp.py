"""Loading the spaCy pipeline by name, the artifacts recognizers see, and offline tldextract."""

from __future__ import annotations

import pytest

from classifier.config import DEFAULT_SPACY_MODEL, SPACY_MODEL_ENV, Config
from classifier.engine import Classifier
from classifier.nlp import ModelNotFoundError, load_pipeline, make_tldextract_offline, to_artifacts


def test_default_pipeline_has_only_what_detection_needs() -> None:
    nlp = load_pipeline(DEFAULT_SPACY_MODEL)
    # the shared tok2vec only feeds tagger and parser in this pipeline; ner embeds its own
    assert nlp.pipe_names == ["ner"]
    assert load_pipeline(DEFAULT_SPACY_MODEL) is nlp  # loaded once per process


def test_dropping_unused_components_keeps_entities_identical() -> None:
    import spacy

    full = spacy.load(DEFAULT_SPACY_MODEL)
    text = "Maria Gonzalez met Dr. Lee at Boston Children's Hospital on March 3rd about the Q3 budget."
    expected = [(e.start_char, e.end_char, e.label_) for e in full(text).ents]
    assert expected  # the sentence has entities to compare
    assert [
        (e.start_char, e.end_char, e.label_) for e in load_pipeline(DEFAULT_SPACY_MODEL)(text).ents
    ] == expected


def test_without_ner_a_blank_tokenizer_is_used() -> None:
    nlp = load_pipeline(DEFAULT_SPACY_MODEL, use_ner=False)
    assert nlp.pipe_names == []
    assert [t.text for t in nlp("Call Maria now")] == ["Call", "Maria", "now"]


def test_missing_pipeline_error_says_how_to_install() -> None:
    with pytest.raises(ModelNotFoundError) as raised:
        load_pipeline("xx_not_installed_pipeline")
    message = str(raised.value)
    assert "xx_not_installed_pipeline" in message and "pip install" in message
    assert DEFAULT_SPACY_MODEL in message  # lists what is installed


def test_model_name_from_environment(monkeypatch) -> None:
    monkeypatch.setenv(SPACY_MODEL_ENV, "xx_from_env_pipeline")
    with pytest.raises(ModelNotFoundError, match="xx_from_env_pipeline"):
        Classifier(Config(), recognizers=[])


def test_artifacts_from_doc() -> None:
    doc = load_pipeline(DEFAULT_SPACY_MODEL)("Maria Gonzalez lives in Boston.")
    artifacts = to_artifacts(doc)
    assert artifacts.lemmas[:2] == ["maria", "gonzalez"]
    assert artifacts.tokens_indices[:3] == [0, 6, 15]
    assert [e.text for e in artifacts.entities] == ["Maria Gonzalez", "Boston"]
    assert len(artifacts.scores) == 2 and artifacts.nlp_engine is None


def test_tldextract_is_offline() -> None:
    import tldextract
    import tldextract.tldextract as module

    make_tldextract_offline()
    assert module.TLD_EXTRACTOR.suffix_list_urls == ()
    assert tldextract.extract("someone@mail.example.co.uk").suffix == "co.uk"


def test_scan_with_a_missing_pipeline_fails_once_before_starting_workers(tmp_path) -> None:
    """Each worker would fail in its start-up and print its traceback; the scan checks first."""
    import subprocess
    import sys

    data = tmp_path / "in"
    data.mkdir()
    (data / "a.jsonl").write_text('{"id": "d1", "text": "hello"}\n', encoding="utf-8")
    args = ["scan", str(data), "--out", str(tmp_path / "out"), "--workers", "2", "--quiet"]
    command = [sys.executable, "-m", "classifier", *args, "--model", "xx_not_installed_pipeline"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert "xx_not_installed_pipeline' is not installed" in done.stderr
    assert "Traceback" not in done.stderr
