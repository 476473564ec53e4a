"""PERSON: spaCy's PERSON entities, titled names ("Dr. Patel", "coach ramirez"), introductions
("my name is Rubija") and, for lowercase speech-recognition text, curated first names and surnames.
International given names and surnames (a curated world list) count only capitalised: a given name
followed by a capitalised word ("Zofia Nowak"), a capitalised word followed by a listed surname
("Dawit Bekele"), or a listed name in a name frame ("a song by Okonkwo", "meeting with Ingrid").

Guards against the known false positives: numbers and timestamps are never names,
names that are also ordinary words ("will", "grace", "may") are never taken from
the word list, and stop words never start a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from classifier.detection.packing import regions
from classifier.findings import Category
from recognizers.base import LETTER, Hit, PackRecognizer, ner_spans
from recognizers.guards import follows_place_cue, is_eponym, is_medical_term
from recognizers.terms import Token, tokenize

DATA = Path(__file__).parent / "data"


def _words(name: str) -> frozenset[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


_TITLES = (
    r"dr|mr|mrs|ms|mx|miss|prof|professor|coach|nurse|principal|dean|officer|sgt|sergeant|rev|pastor"
    r"|father|sister|judge|doctor|madam|sir|aunt|uncle|grandma|grandpa|mayor|senator|superintendent"
    r"|counselor|teacher|captain|detective|mister|missus"
)
_TITLE_WORD = re.compile(rf"(?:{_TITLES})\.?")
_NAME = r"[A-Z][\w'’-]+"
_INITIAL = r"[A-Z]\.(?!\w)"
_TITLED = re.compile(
    rf"\b(?i:{_TITLES})\.?\s+(?P<name>{_NAME}(?:\s+{_INITIAL})?(?:\s+{_NAME}){{0,2}}(?:\s+{_INITIAL})?)"
)
#: lowercase speech text: "my name is vitoria"
_INTRO_LOWER = re.compile(r"\b(?:my\s+name\s+is|my\s+name's|name's)\s+(?P<name>[a-z][a-z'-]{1,30})\b")
#: "Luiza is from ...", "Trivo lives on ...": a capitalised word followed by a verb only people take
_SUBJECT = re.compile(
    rf"(?P<name>{_NAME}(?:\s+{_NAME})?)\s+(?:said|says|told|asked|lives|lived|works|worked|emailed|texted"
    r"|called\s+me|wrote|thinks|wants|flew|spent|had\s+given|is\s+from|was\s+born|began\s+writing|grew\s+up"
    r"|shouted|yelled|screamed|whispered|replied|laughed|smiled|nodded|sighed|cried)\b"
)
#: forms and bots: "What's your last name? Boyle", "first name: Jónás"
_NAME_ANSWER = re.compile(
    r"(?:\b(?i:(?:first|last|full|middle|maiden|given|family|sur)\s*name)(?:\s+(?i:is)\s*[?:]?|\s*[?:])"
    r"|(?<![\w.-])(?:(?<=^)|(?<=[\n>|]\s)|(?<=[\n>|])|(?<=\s\s)|(?<=\d\s))(?i:name)\s*:)"
    r"\s*(?P<name>[A-ZÀ-ÞĀ-Ž][\w'’-]+(?:\s+[A-ZÀ-ÞĀ-Ž][\w'’-]+)?)"
)
#: telemetry and exports: "display_name": "Ramón Gaines", full_name=Jane Doe
_NAME_FIELD = re.compile(
    r"(?<![^\W_])(?i:display|full|first|last|real|given|family|patient|contact|owner|sender|author|student)"
    r"[_ -]?(?i:name)[\"']?\s*[:=]\s*[\"'](?P<name>[^\"'\n<>@]{2,60})[\"']"
)
_TITLED_LOWER = re.compile(rf"\b(?:{_TITLES})\.?\s+(?P<name>[a-z][a-z'-]+(?:\s+[a-z][a-z'-]+)?)")
_INTRO = re.compile(
    r"\b(?i:my\s+name\s+is|my\s+name's|name's|i\s+am|i'm|this\s+is|call\s+me|calls\s+me|named|called"
    r"|hi|hello|hey|dear|thanks|thank\s+you|ask\s+for|speak\s+(?:to|with)"
    r"|(?:my|our|his|her|their|your)\s+(?:kid|son|daughter|child|wife|husband|partner|friend|mom|mother|dad"
    r"|father|brother|sister|boss|manager|colleague|coworker|teacher|student|cousin|aunt|uncle|grandson"
    r"|granddaughter|neighbou?r|roommate|boyfriend|girlfriend|fianc[ée]e?|doctor|therapist|tutor))[,:]?\s+"
    rf"(?P<name>{_NAME}(?:\s+{_INITIAL})?(?:\s+{_NAME})?)"
)
#: frames that introduce a person: "a concert by X", "a call with X", "contact X", "X Y and ..."
_NAME_FRAME = re.compile(
    r"\b(?i:by|with|contact|contacting|cc|attn|attention|signed|regards|sincerely|according\s+to|from|for"
    r"|and|invited|met|meet|married|ask|asked|tell|told|call|called|email|emailed|text|texted|thanks)[,:]?\s+"
    rf"(?P<name>{_NAME}(?:\s+{_NAME})?)"
)
_CAPITALISED = re.compile(r"[A-ZÀ-ÞĀ-Ž][\w'’-]*")
_TITLE_CASE = re.compile(r"[A-ZÀ-ÞĀ-Ž][a-zß-ÿā-ž'’-]+(?:-[A-ZÀ-ÞĀ-Ž][a-zß-ÿā-ž]+)?")
#: "Faina D. Yefremova", "Ravil G Yefimov": two Title Case words around a middle initial
_TITLE_WORD_RE = r"[A-ZÀ-ÞĀ-Ž][a-zß-ÿā-ž'’-]+"
_MIDDLE_INITIAL = re.compile(
    rf"(?<![\w.])(?P<name>(?P<first>{_TITLE_WORD_RE}) [A-Z]\.? (?P<last>{_TITLE_WORD_RE}))(?![\w-])"
)
#: a list around a word: "Kónya, Becker and Vasquez"
_LIST_BEFORE = re.compile(r"(?:,[ \t]*|[ \t]+(?:and|or|&)[ \t]+)$")
_LIST_AFTER = re.compile(r"(?:[ \t]*,|[ \t]+(?:and|or|&)[ \t]+)")
#: a dialogue line: "Halldór: What a wife. Matthew: Remember ..."
_SPEAKER = re.compile(r"(?:^|(?<=[.!?\n]) ?)(?P<name>[A-ZÀ-ÞĀ-Ž][a-zß-ÿā-ž'’-]+): (?=[A-Z\"'])", re.MULTILINE)
#: endings that mark a family name in many languages ("Guðmundsdóttir", "Paavolainen", "Kowalczyk")
_SURNAME_ENDING = re.compile(
    r"[A-ZÀ-ÞĀ-Ž][a-zß-ÿā-ž'’-]{2,}(?:dóttir|dottir|sson|ovich|evich|ovna|evna|enko|chuk|wicz|czyk|escu"
    r"|poulos|poulou|opoulos|idis|akis|ainen|äinen|ashvili|adze|auskas|ienė|aitė|ytė|oğlu|oglu|zadeh"
    r"|ová|ovа|ova|eva|ov|ev|ski|ska|sky|skaya|ović|ević|ić|[nrlmdtk]sen)"
)
#: a spaCy PERSON ending in one of these is an organisation, a place or a street ("Waechter Turnpike")
_NOT_PERSON_ENDINGS = re.compile(
    r"(?:strasse|straße|gasse|weg|laan|straat|vej|gatan|vägen|katu|kuja|orchestra|ltd|inc|llc|group|hospital"
    r"|clinic|school|university|college|academy|center|centre|institute|foundation|association|church)\.?$",
    re.IGNORECASE,
)
#: "Davis, Reynolds and Williamson Orchestra": a list of surnames that names a firm or a band
_ORGANISATION_WORD = (
    r"(?:Orchestra|Technologies|Inc|Incorporated|LLC|Ltd|Group|Associates|Partners|Corporation|Corp|Company|Co"
    r"|Foundation|Consulting|Solutions|Systems|Band|Brothers|Sons|Law|LLP)"
)
_ORGANISATION_AFTER = re.compile(
    rf"(?:(?:,\s*|\s+(?:and|&)\s+)[A-Z][\w'’-]+)*(?:\s+(?:and|&))?\s+{_ORGANISATION_WORD}\b"
)
_ORGANISATION_NAME = re.compile(rf"(?:.*\s)?{_ORGANISATION_WORD}")
#: "Efimiya, Mary and Ariana": a capitalised word listed together with a name
_COORDINATED_AFTER = re.compile(r"(?:,\s*|\s+(?:and|or|&)\s+)([A-Z][\w'’-]+)\b")
_COORDINATED_BEFORE = re.compile(r"\b([A-Z][\w'’-]+)(?:,\s*|\s+(?:and|or|&)\s+)$")
#: a spaCy PERSON starting with one of these is a street ("Rue de Tanger", "Via Roma")
_STREET_TYPES = frozenset(
    "rue via viale calle carrer avenida avenue av. rua piazza plaza paseo boulevard chemin ul. ulica".split()
)
_NOT_PEOPLE_LABELS = frozenset({"ORG", "GPE", "LOC", "NORP", "PRODUCT", "FAC", "WORK_OF_ART", "EVENT"})
_TRAILING_INITIAL = re.compile(rf"\s+{_INITIAL}")
_NO_NAME = re.compile(r"[\d:@/\\#]")


class PersonRecognizer(PackRecognizer):
    entity = "PERSON"
    category = Category.PII
    #: every name, cue word and spaCy PERSON it accepts holds letters (`_plausible`: two or more)
    prefilter = LETTER

    def __init__(self) -> None:
        self.first_names = _words("first_names.txt")
        self.surnames = _words("surnames.txt")
        self.guard = _words("name_guard_words.txt") | STOP_WORDS
        self.street_suffixes = frozenset(w.lstrip("!") for w in _words("street_suffixes.txt"))
        self.world_given = _words("world_given_names.txt")
        self.world_surnames = _words("world_surnames.txt")
        self.not_names = (
            self.guard
            | self.street_suffixes
            | _words("us_places.txt")
            | _words("world_places.txt")
            | _words("world_places_ambiguous.txt")
        )
        super().__init__()

    def _plausible(self, name: str) -> bool:
        """Two letters or more, no digits or path/time characters, not starting with a stop word."""
        if _NO_NAME.search(name) or sum(c.isalpha() for c in name) < 2:
            return False
        first = name.split()[0].lower().strip(".")
        return first not in STOP_WORDS

    def _other_kind(self, text: str, name: str, end: int) -> bool:
        """A street, an organisation, a drug or an eponym ("Marfan syndrome") that spaCy took for a name."""
        words = name.split()
        if len(words) > 1 and (
            words[-1].lower().strip(".") in self.street_suffixes
            or _NOT_PERSON_ENDINGS.search(words[-1])
            or words[0].lower() in _STREET_TYPES
            or _ORGANISATION_NAME.fullmatch(name)
        ):
            return True
        return is_eponym(text, end) or is_medical_term(name) or follows_place_cue(text, end - len(name))

    def _known(self, word: str) -> bool:
        word = word.lower()
        return (word in self.first_names or word in self.surnames) and word not in self.guard

    def find(self, text: str, nlp_artifacts: NlpArtifacts | None) -> Iterator[Hit]:
        hits = list(self._candidates(text, nlp_artifacts))
        hits.extend(self._coordinated(text, hits))
        hits = [h for h in hits if not _ORGANISATION_AFTER.match(text, h.end)]
        yield from _merge(text, hits)

    def _coordinated(self, text: str, hits: list[Hit]) -> list[Hit]:
        """Capitalised words in a list with a name ("Torpy and Salinas", "Efimiya, Mary, Ariana")."""
        found: list[Hit] = []
        seeds = [h for h in hits if h.score >= 0.6]
        seen = {(h.start, h.end) for h in hits}
        while seeds:
            hit = seeds.pop()
            after = _COORDINATED_AFTER.match(text, hit.end)
            before = _COORDINATED_BEFORE.search(text, max(0, hit.start - 30), hit.start)
            for match in (after, before):
                if not match or (match.start(1), match.end(1)) in seen:
                    continue
                word = match.group(1)
                if (
                    self._plausible(word)
                    and word.lower() not in self.guard
                    and not _ORGANISATION_NAME.fullmatch(word)
                ):
                    new = Hit(match.start(1), match.end(1), 0.6, "listed together with a name")
                    seen.add((new.start, new.end))
                    found.append(new)
                    seeds.append(new)
        return found

    def _candidates(self, text: str, nlp_artifacts: NlpArtifacts | None) -> Iterator[Hit]:
        for start, end, name in ner_spans(nlp_artifacts, frozenset({"PERSON"})):
            if (
                self._plausible(name)
                and name.lower() not in self.guard
                and not self._other_kind(text, name, end)
            ):
                # lowercase text: spaCy guesses wildly; trust it only for listed names
                lowercase_unknown = name.islower() and not all(self._known(w) for w in name.split())
                yield Hit(start, end, 0.4 if lowercase_unknown else 0.85, "spaCy PERSON entity")
        for match in _TITLED.finditer(text):
            if self._plausible(match.group("name")):
                yield Hit(match.start("name"), match.end("name"), 0.9, "name after a title")
        for match in _TITLED_LOWER.finditer(text):
            words = match.group("name").split()
            if self._known(words[0]):
                end = (
                    match.end("name")
                    if len(words) > 1 and self._known(words[1])
                    else match.start("name") + len(words[0])
                )
                yield Hit(match.start("name"), end, 0.85, "known name after a title")
        for match in _INTRO.finditer(text):
            name = match.group("name")
            first = name.split()[0].lower()
            if self._plausible(name) and first not in self.guard and not _TITLE_WORD.fullmatch(first):
                yield Hit(match.start("name"), match.end("name"), 0.75, "name after an introduction")
        for match in _NAME_ANSWER.finditer(text):
            if self._plausible(match.group("name")) and match.group("name").lower() not in self.guard:
                yield Hit(match.start("name"), match.end("name"), 0.8, "answer to a name question")
        not_people = ner_spans(nlp_artifacts, _NOT_PEOPLE_LABELS)
        for match in _SUBJECT.finditer(text):
            name = match.group("name")
            words = name.lower().split()
            if any(s < match.end("name") and match.start("name") < e for s, e, _ in not_people):
                continue  # "Zoom said ...": spaCy knows it as an organisation, product or place
            if (
                self._plausible(name)
                and not any(w in self.guard for w in words)
                and not is_medical_term(name)
            ):
                yield Hit(match.start("name"), match.end("name"), 0.6, "subject of a verb only people take")
        for match in _NAME_FIELD.finditer(text):
            name = match.group("name").strip()
            if self._plausible(name) and name.lower() not in self.guard:
                start = match.start("name") + match.group("name").index(name)
                yield Hit(start, start + len(name), 0.85, "value of a name field")
        for match in _INTRO_LOWER.finditer(text):
            if match.group("name") not in self.guard:
                yield Hit(match.start("name"), match.end("name"), 0.7, "name after 'my name is'")
        yield from self._listed(text)
        yield from self._international(text)
        yield from self._speakers(text)
        for match in _NAME_FRAME.finditer(text):
            words = match.group("name").split()
            listed = any(self._capitalised_name(w) or _SURNAME_ENDING.fullmatch(w) for w in words)
            if (
                listed
                and not _ORGANISATION_NAME.fullmatch(match.group("name"))
                and not any(w.lower() in self.not_names or w.lower() in STOP_WORDS for w in words)
            ):
                yield Hit(match.start("name"), match.end("name"), 0.7, "listed name in a name frame")

        for match in _MIDDLE_INITIAL.finditer(text):
            words = (match.group("first").lower(), match.group("last").lower())
            # without the initial's dot ("Ravil G Yefimov") one of the words must look like a name
            name_like = "." in match.group("name") or any(
                self._capitalised_name(match.group(g)) or _SURNAME_ENDING.fullmatch(match.group(g))
                for g in ("first", "last")
            )
            if name_like and not any(w in self.not_names or w in STOP_WORDS for w in words):
                yield Hit(match.start("name"), match.end("name"), 0.75, "names around a middle initial")

    def _capitalised_name(self, word: str) -> bool:
        lower = word.lower()
        return bool(_CAPITALISED.fullmatch(word)) and (
            lower in self.world_given
            or lower in self.world_surnames
            or lower in self.first_names
            or lower in self.surnames
        )

    def _name_word(self, token: Token) -> bool:
        """A capitalised word that may be part of a name: not a stop word, place, street word or guard."""
        return (
            bool(_TITLE_CASE.fullmatch(token.text))
            and token.lower not in STOP_WORDS
            and token.lower not in self.not_names
        )

    def _international(self, text: str) -> Iterator[Hit]:
        """Capitalised pairs with a listed given name first or a listed surname second ("Zofia Nowak")."""
        tokens = tokenize(text)
        for first, second in zip(tokens, tokens[1:], strict=False):
            if (
                text[first.end : second.start] != " "
                or not (self._name_word(first) and self._name_word(second))
                or f"{first.lower} {second.lower}" in self.not_names
                or follows_place_cue(text, first.start)
            ):
                continue
            given = first.lower in self.world_given or first.lower in self.first_names
            family = (
                second.lower in self.world_surnames
                or second.lower in self.surnames
                or bool(_SURNAME_ENDING.fullmatch(second.text))
            )
            if given or family:
                yield Hit(first.start, second.end, 0.8 if given and family else 0.7, "listed name pair")
        for token in tokens:
            listed = (
                token.lower in self.world_given
                or token.lower in self.world_surnames
                or token.lower in self.surnames
                or _SURNAME_ENDING.fullmatch(token.text)
            )
            if (
                listed
                and self._name_word(token)
                and (
                    _LIST_BEFORE.search(text, max(0, token.start - 6), token.start)
                    or _LIST_AFTER.match(text, token.end)
                )
            ):
                yield Hit(token.start, token.end, 0.6, "listed name in a list")

    def _speakers(self, text: str) -> Iterator[Hit]:
        """Speaker labels of a dialogue: two or more distinct "Name: ..." turns, one of them a listed name.

        The turns are counted in each text of a pack on its own (`packing.regions`), so that a
        neighbour's labels never make a dialogue of a text with one label.
        """
        for start, end in regions(text):
            labels = [
                m
                for m in _SPEAKER.finditer(text, start, end)
                if m.group("name").lower() not in self.not_names and m.group("name").lower() not in STOP_WORDS
            ]
            names = {m.group("name").lower() for m in labels}
            listed = not (names.isdisjoint(self.first_names) and names.isdisjoint(self.world_given))
            if len(names) >= 2 and listed:
                for match in labels:
                    yield Hit(match.start("name"), match.end("name"), 0.7, "speaker label of a dialogue")

    def _listed(self, text: str) -> Iterator[Hit]:
        """Curated first names, extended by a following known surname (or capitalised word)."""
        tokens = tokenize(text)
        for i, token in enumerate(tokens):
            if token.lower not in self.first_names or token.lower in self.guard:
                continue
            end, score = token.end, 0.6
            if i + 1 < len(tokens):
                nxt = tokens[i + 1]
                gap = text[token.end : nxt.start]
                if (
                    gap == " "
                    and (nxt.lower in self.surnames or (nxt.text[0].isupper() and token.text[0].isupper()))
                    and nxt.lower not in self.guard
                ):
                    end, score = nxt.end, 0.8
            yield Hit(token.start, end, score, "known first name")


def _merge(text: str, hits: list[Hit]) -> Iterator[Hit]:
    """Overlapping candidates become one span with the best score; a trailing initial ("Anna S.") joins."""
    hits.sort(key=lambda h: (h.start, -h.end))
    current: Hit | None = None
    for hit in hits:
        if current and hit.start < current.end:
            current = Hit(
                current.start, max(current.end, hit.end), max(current.score, hit.score), current.reason
            )
            continue
        if current:
            yield _with_initial(text, current)
        current = hit
    if current:
        yield _with_initial(text, current)


def _with_initial(text: str, hit: Hit) -> Hit:
    match = _TRAILING_INITIAL.match(text, hit.end)
    if match and not text[hit.start : hit.end].endswith("."):
        return Hit(hit.start, match.end(), hit.score, hit.reason)
    return hit
