"""The engine: spaCy once, recognizers once, then any number of texts and records.

    clf = Classifier(Config())
    findings = clf.analyze(text)
    per_text = clf.analyze_batch(texts)          # one nlp.pipe over the whole batch
    per_segment = clf.analyze_record(record)     # conversation-aware, failures go to record.errors

Every text goes through the same chain: chunking (long texts) -> spaCy (batched)
-> recognizers -> context enhancement -> thresholds and overlaps -> findings
with value, category and recognizer name. Short texts for which the pre-filter
lets the same recognizers through share one recognizer pass (`detection.packing`),
with findings equal to detecting each text alone.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterable, Iterator, Sequence

from presidio_analyzer import EntityRecognizer
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.tokens import Doc

from classifier.classification import Classification, classify
from classifier.config import Config
from classifier.detection import (
    ContextEnhancer,
    DetectionError,
    Hit,
    RecognizerRunner,
    packing,
    resolve,
    split_text,
)
from classifier.detection.chunking import DEFAULT_CHUNK_CHARS
from classifier.detection.machine_values import is_machine_value
from classifier.failures import FAILURES
from classifier.findings import Category, Finding
from classifier.nlp import LazyDocArtifacts, load_pipeline, make_tldextract_offline, to_artifacts
from classifier.records import Record
from classifier.redaction import Redactor

#: Category of a finding whose recognizer declares none (an identifier is personal data at least).
DEFAULT_CATEGORY = Category.PII

#: Findings of one piece of text, and the failure message if a recognizer failed on it.
_PieceResult = tuple[list[Finding], str | None]
#: the result of a piece that is not scanned (a machine value); its list is never changed
_NOTHING: _PieceResult = ([], None)
#: Longest piece whose findings are remembered across calls (how many: `Config.recent_pieces`):
#: what repeats from batch to batch is short (log levels, event names, OS strings, "ok thanks").
RECENT_MAX_CHARS = 200


class BatchDetectionError(DetectionError):
    """Some texts of a batch failed; `failures` maps their index to a value-free message.

    `partial` holds the findings per text (complete for the texts that did not fail).
    """

    def __init__(self, failures: dict[int, str], partial: list[list[Finding]]):
        super().__init__(f"detection failed on {len(failures)} text(s)", partial=partial)
        self.failures = failures


class Classifier:
    """Finds PII, PHI and EDU in texts and records; build once, reuse for everything."""

    def __init__(
        self,
        config: Config | None = None,
        recognizers: list[EntityRecognizer] | None = None,
        chunk_chars: int = DEFAULT_CHUNK_CHARS,
        pack_chars: int = packing.DEFAULT_PACK_CHARS,
    ):
        """`pack_chars` caps the short texts detected in one pass (`detection.packing`); 0 turns
        packing off."""
        self.config = config or Config()
        make_tldextract_offline()
        self.nlp = load_pipeline(self.config.spacy_model, self.config.use_ner, self.config.language)
        if recognizers is None:
            from classifier.registry import build_recognizers

            recognizers = build_recognizers(self.config)
        self.recognizers = [r for r in recognizers if self.config.is_enabled(r.name)]
        self.chunk_chars = chunk_chars
        self._context = ContextEnhancer()
        self._runner = RecognizerRunner(self.recognizers, self.config.threshold_for, self._context)
        self.pack_chars = pack_chars
        self._packing = pack_chars > 0 and packing.packable(self.recognizers)
        self._recent: OrderedDict[str, list[Finding]] = OrderedDict()
        self._categories: dict[tuple[int, str], Category] = {}
        for recognizer in self.recognizers:  # a bad category fails here, not on the first record
            for entity_type in recognizer.supported_entities:
                self.category_of(recognizer, entity_type)

    # -- detection ---------------------------------------------------------------------------

    def analyze(self, text: str) -> list[Finding]:
        """Findings in one text, sorted by position; raises DetectionError if a recognizer failed."""
        try:
            return self.analyze_batch([text])[0]
        except BatchDetectionError as exc:
            raise DetectionError(exc.failures[0], partial=exc.partial[0]) from None

    def analyze_batch(self, texts: Sequence[str], batch_size: int | None = None) -> list[list[Finding]]:
        """Findings per text; spaCy runs once over the whole batch (`nlp.pipe`).

        Raises BatchDetectionError (with the partial results) if any text failed.
        """
        per_text, failures = self._detect_or_fail(texts, batch_size)
        if failures:
            raise BatchDetectionError(failures, per_text)
        return per_text

    def analyze_record(self, record: Record) -> list[list[Finding]]:
        """Findings per segment of a record, after the conversation-aware post-processors."""
        return self.analyze_records([record])[0]

    def analyze_records(
        self, records: Sequence[Record], batch_size: int | None = None
    ) -> list[list[list[Finding]]]:
        """Findings per segment for each record, with one spaCy pass over all their segments.

        Failures never raise: they are appended to the failing record's `errors`
        (which makes it ineligible), and what was found is still returned.
        """
        texts = [segment.text for record in records for segment in record.segments]
        flat, failures = self._detect_or_fail(texts, batch_size)
        results: list[list[list[Finding]]] = []
        position = 0
        for record in records:
            count = len(record.segments)
            per_segment = flat[position : position + count]
            for index in range(count):
                if position + index in failures:
                    record.errors.append(f"segment {index}: {failures[position + index]}")
            position += count
            results.append(self._post_process(record, per_segment))
        return results

    def _post_process(self, record: Record, per_segment: list[list[Finding]]) -> list[list[Finding]]:
        from classifier.conversation import process_record

        try:
            return process_record(self, record, per_segment)
        except FAILURES as exc:  # fail the record, keep the raw findings
            record.errors.append(f"conversation post-processing failed ({type(exc).__name__})")
            return per_segment

    def _detect_or_fail(
        self, texts: Sequence[str], batch_size: int | None
    ) -> tuple[list[list[Finding]], dict[int, str]]:
        """`_detect`, never raising: if the batch breaks on some unforeseen input, each text is
        detected again alone, so only the texts that break fail (value-free message) and the
        rest of the batch goes on."""
        try:
            return self._detect(texts, batch_size)
        except FAILURES:  # a broken batch must not stop the run
            per_text: list[list[Finding]] = [[] for _ in texts]
            failures: dict[int, str] = {}
            for index, text in enumerate(texts):
                try:
                    found, failed = self._detect([text], batch_size)
                except FAILURES as exc:  # this text fails, the others go on
                    failures[index] = f"detection failed ({type(exc).__name__})"
                    continue
                per_text[index] = found[0]
                if 0 in failed:
                    failures[index] = failed[0]
            return per_text, failures

    def _detect(
        self, texts: Sequence[str], batch_size: int | None
    ) -> tuple[list[list[Finding]], dict[int, str]]:
        pieces: list[tuple[int, int, str]] = []
        for index, text in enumerate(texts):
            if not text or text.isspace():
                continue
            if len(text) <= self.chunk_chars:  # nearly every text: one piece, no call
                pieces.append((index, 0, text))
            else:
                pieces.extend((index, offset, piece) for offset, piece in split_text(text, self.chunk_chars))
        # Identical pieces (repeated chat lines, telemetry strings) go through spaCy and the
        # recognizers once per call, and short ones not again in later calls (`_recall`); their
        # (immutable) findings are shared.
        unique = list(dict.fromkeys(piece for _, _, piece in pieces))
        results = self._recall(unique)
        fresh = [piece for piece in unique if piece not in results]
        if self.config.skip_machine_values:
            machine = {piece for piece in fresh if is_machine_value(piece)}
            results.update(dict.fromkeys(machine, _NOTHING))
            fresh = [piece for piece in fresh if piece not in machine]
        if fresh:
            detected = self._detect_unique(fresh, batch_size or self.config.batch_size)
            self._remember(detected)
            results.update(detected)
        per_text: list[list[Finding]] = [[] for _ in texts]
        failures: dict[int, str] = {}
        for index, offset, piece in pieces:
            findings, failure = results[piece]
            if failure is not None:
                failures[index] = failure
            if findings and offset:
                per_text[index].extend(f.shifted(offset) for f in findings)
            elif findings:
                per_text[index].extend(findings)
        return per_text, failures

    def _recall(self, pieces: list[str]) -> dict[str, _PieceResult]:
        """The remembered results of `pieces` (a piece's findings depend on its text alone)."""
        known: dict[str, _PieceResult] = {}
        for piece in pieces:
            findings = self._recent.get(piece)
            if findings is not None:
                self._recent.move_to_end(piece)
                known[piece] = (findings, None)
        return known

    def _remember(self, results: dict[str, _PieceResult]) -> None:
        """Keep the findings of short pieces that did not fail (a failure may not happen again)."""
        for piece, (findings, failure) in results.items():
            if failure is None and len(piece) <= RECENT_MAX_CHARS:
                self._recent[piece] = findings
        while len(self._recent) > self.config.recent_pieces:
            self._recent.popitem(last=False)

    def _detect_unique(self, pieces: list[str], batch_size: int) -> dict[str, _PieceResult]:
        """Findings of each (distinct) piece; short pieces that need the same recognizers are
        detected as one pack (`detection.packing`)."""
        if not self._packing:
            docs = self.nlp.pipe(pieces, batch_size=batch_size)
            return {
                piece: self._detect_piece(piece, self._artifacts(piece, doc))
                for piece, doc in zip(pieces, docs, strict=True)
            }
        # A pipeline without components only tokenizes, and only when the tokens are read
        # (`LazyDocArtifacts`). NER runs per piece (its predictions look at neighbouring
        # tokens) and the Docs wait in `stash` until their pack is full.
        docs = iter(self.nlp.pipe(pieces, batch_size=batch_size)) if self.nlp.pipe_names else None
        stash: dict[int, Doc] = {}
        # The recognizers the pre-filter skips on each short piece: the kind packs are made of.
        skips: dict[int, frozenset[int] | None] = {}

        def items() -> Iterator[tuple[int, int, Hashable]]:
            for key, piece in enumerate(pieces):
                if docs is not None:
                    stash[key] = next(docs)
                short = len(piece) <= packing.DEFAULT_ALONE_OVER
                skips[key] = self._runner.skipped(piece) if short else None
                yield key, len(piece), skips[key]

        results: dict[str, _PieceResult] = {}
        for keys in packing.group(items(), self.pack_chars):
            members = [pieces[i] for i in keys]
            member_docs = [stash.pop(i) for i in keys] if docs is not None else None
            skipped = skips.pop(keys[0])
            for key in keys[1:]:
                del skips[key]
            if len(members) == 1:
                artifacts = self._artifacts(members[0], member_docs[0] if member_docs else None)
                results[members[0]] = self._detect_piece(members[0], artifacts, skipped)
                continue
            pack = packing.join(keys, members)
            found = self._detect_pack(pack, members, member_docs, skipped)
            results.update(zip(members, found, strict=True))
        return results

    def _detect_pack(
        self,
        pack: packing.Pack,
        members: list[str],
        member_docs: list[Doc] | None,
        skipped: frozenset[int] | None,
    ) -> list[_PieceResult]:
        """Findings of each member of `pack`, equal to detecting each member alone.

        `skipped`: the recognizers the pre-filter skips on every member (on the pack as a
        whole they could only find what crosses a boundary).

        Members touched by a hit that crosses a boundary, members whose spaCy entities do
        not fall on the pack's tokens, and every member when a recognizer failed on the
        pack, are detected again alone (`_detect_piece`). Context words are looked for
        in each member's own text, with its own tokens.
        """
        if member_docs is None:
            alone: set[int] = set()
            artifacts = self._artifacts(pack.text, None)
        else:
            doc = self.nlp.make_doc(pack.text)
            alone = _copy_entities(pack, member_docs, doc)
            artifacts = to_artifacts(doc, self.config.language)
        try:
            hits = self._runner.run(pack.text, artifacts, skipped)
        except DetectionError:
            hits = None
            alone.update(range(len(members)))
        per_member: list[list[Hit]] = [[] for _ in members]
        for hit in hits or ():
            position = pack.locate(hit.start, hit.end)
            if position is None:
                alone.update(pack.touched(hit.start, hit.end))
            else:
                per_member[position].append(hit)
        results: list[_PieceResult] = []
        for position, (piece, own) in enumerate(zip(members, per_member, strict=True)):
            piece_artifacts = self._artifacts(piece, member_docs[position] if member_docs else None)
            if position in alone:
                results.append(self._detect_piece(piece, piece_artifacts, skipped))
                continue
            start = pack.starts[position]
            for hit in own:
                hit.start -= start
                hit.end -= start
            self._context.enhance(piece, own, piece_artifacts)
            results.append((resolve((self._finding(piece, h) for h in own), self.config.threshold_for), None))
        return results

    def _artifacts(self, text: str, doc: Doc | None) -> NlpArtifacts:
        """Presidio's view of `text`: of its Doc if spaCy ran, else tokenized on first use."""
        if doc is None:
            return LazyDocArtifacts(text, self.nlp.make_doc, self.config.language)
        return to_artifacts(doc, self.config.language)

    def _detect_piece(
        self, piece: str, artifacts: NlpArtifacts, skipped: frozenset[int] | None = None
    ) -> _PieceResult:
        """Findings in one piece, and the failure message if a recognizer failed on it
        (`skipped`: the pre-filter's verdict on the piece, if known)."""
        failure = None
        try:
            hits = self._runner.run(piece, artifacts, skipped)
        except DetectionError as exc:
            failure = str(exc)
            hits = exc.partial or []
        self._context.enhance(piece, hits, artifacts)
        return resolve((self._finding(piece, hit) for hit in hits), self.config.threshold_for), failure

    def _finding(self, text: str, hit: Hit) -> Finding:
        return Finding(
            start=hit.start,
            end=hit.end,
            entity_type=hit.entity_type,
            category=self.category_of(hit.recognizer, hit.entity_type),
            score=hit.score,
            recognizer=hit.recognizer.name,
            value=text[hit.start : hit.end],
            explanation=tuple(hit.explanation),
        )

    def category_of(self, recognizer: EntityRecognizer, entity_type: str) -> Category:
        """Config override, else the recognizer's per-entity `categories`, else its `category`."""
        key = (id(recognizer), entity_type)
        if key not in self._categories:
            declared = (getattr(recognizer, "categories", None) or {}).get(entity_type) or getattr(
                recognizer, "category", None
            )
            category = self.config.categories.get(entity_type) or declared or DEFAULT_CATEGORY
            try:
                self._categories[key] = Category(category.upper() if isinstance(category, str) else category)
            except ValueError:
                raise ValueError(
                    f"recognizer {recognizer.name}: category {category!r} of {entity_type} "
                    "is not PII, PHI or EDU"
                ) from None
        return self._categories[key]

    # -- classification and redaction --------------------------------------------------------

    def classify(self, findings: Iterable[Finding], named_people: Iterable[str] = ()) -> Classification:
        """Categories of a record from all its findings (and the people it names outside the text)."""
        return classify(findings, named_people)

    def redact(
        self, text: str, findings: Iterable[Finding], mode: str = "label", key: str | None = None
    ) -> str:
        """`text` with the findings replaced; use one `Redactor` per record for consistent pseudonyms."""
        return Redactor(mode, key).redact(text, findings)


def _copy_entities(pack: packing.Pack, member_docs: list[Doc], doc: Doc) -> set[int]:
    """Give `doc` (the tokenized pack) the entities spaCy found in each member alone.

    Tokenizing the pack is far cheaper than merging the members' Docs (`Doc.from_docs`),
    and gives each member its own tokens: the tokenizer works between whitespace, and every
    member boundary is whitespace. Returns the positions of the members with an entity that
    does not fall on the pack's tokens (an entity edge on a leading or trailing whitespace
    token, merged into the separator's): those are detected alone.
    """
    spans = []
    misaligned: set[int] = set()
    for position, member_doc in enumerate(member_docs):
        offset = pack.starts[position]
        for entity in member_doc.ents:
            span = doc.char_span(entity.start_char + offset, entity.end_char + offset, label=entity.label)
            if span is None:
                misaligned.add(position)
            else:
                spans.append(span)
    doc.ents = spans
    return misaligned
