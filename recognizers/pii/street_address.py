"""STREET_ADDRESS: house number + street name + suffix, with apartment/suite and city/state/ZIP tails;
European forms ("Pfarrgasse 91", "Rue de Tanger 29", "ul. Narewska 94"); US military mail (PSC/APO).

Capitalised street names may end in any USPS suffix; in lowercase speech text
only unambiguous suffixes count ("42 oak street") and the words in between may
not be stop words or units ("3 blocks down the street" is no address). Room
numbers alone are not addresses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from classifier.findings import Category
from recognizers.base import Hit, PackRecognizer

_SUFFIX_LINES = [
    line.strip()
    for line in (Path(__file__).parent / "data" / "street_suffixes.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip() and not line.startswith("#")
]
_ALL_SUFFIXES = "|".join(sorted((s.lstrip("!") for s in _SUFFIX_LINES), key=len, reverse=True))
_SPOKEN_SUFFIXES = "|".join(
    sorted((s[1:] for s in _SUFFIX_LINES if s.startswith("!")), key=len, reverse=True)
)

_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH"
    "|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI"
    "|Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho"
    "|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota"
    "|Mississippi|Missouri|Montana|Nebraska|Nevada|New\\s+Hampshire|New\\s+Jersey|New\\s+Mexico|New\\s+York"
    "|North\\s+Carolina|North\\s+Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode\\s+Island|South\\s+Carolina"
    "|South\\s+Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West\\s+Virginia|Wisconsin|Wyoming"
)
_DIRECTION = r"(?:(?:[NSEW]|NE|NW|SE|SW|North|South|East|West)\.?\s+)?"
_UNIT = r"(?:Apt|Apartment|Suite|Ste|Unit|Bldg|Building|Fl|Floor|\#)\.?\s*\#?\s*[A-Za-z]?\d+[A-Za-z]?"
_TAIL = (
    rf"(?:,?\s*{_UNIT})?"
    r"(?:,?\s+(?:[A-Z][A-Za-z.'-]+(?:\s+[A-Z][A-Za-z.'-]+){0,2}),?\s+"
    rf"(?:{_STATES})\.?(?:,?\s+\d{{5}}(?:-\d{{4}})?)?(?![\w]))?"
)
_US = re.compile(
    rf"\b\d{{1,6}}[A-Za-z]?(?:-\d{{1,4}})?\s+{_DIRECTION}"
    rf"(?P<name>(?:(?:[A-Z][\w'.-]*|\d+(?:st|nd|rd|th))\s+){{0,3}}(?:[A-Z][\w'.-]*|\d+(?:st|nd|rd|th)))\s+"
    rf"(?P<suffix>(?i:{_ALL_SUFFIXES}))\b\.?{_TAIL}"
)
_SPOKEN = re.compile(
    rf"\b\d{{1,6}}\s+(?P<name>(?:[a-z][a-z'-]*\s+){{0,2}}[a-z][a-z'-]*)\s+(?P<suffix>{_SPOKEN_SUFFIXES})\b",
    re.IGNORECASE,
)
_EUROPEAN = re.compile(
    r"\b(?:\d{1,5}\s+)?[A-ZÀ-Þ][\w'’-]*"
    r"(?:straße|strasse|str\.|gasse|weg|laan|straat|vej|gade|gatan|gata|vägen|väg|katu|kuja|tie|allee|platz"
    r"|utca|ulica|kapu|polku|stien|veien|vegen|steig|damm|plein|kade|gracht|singel)"
    r"\s+\d{1,5}[a-zA-Z]?(?:\s*,?\s*(?:Apt|Apartment|Suite|Unit)\.?\s*\d+)?\b"
)
#: "Villacher Strasse 89", "Kálmán Imre u. 12.": a separate street word (or the Hungarian "u.") and a number
_STREET_WORD = re.compile(
    r"\b(?!(?i:we|the|a|an|i|my|our|on|in|at|to|will|is)\s)(?:[A-ZÀ-Þ][\w'’-]*\s){1,2}(?:Strasse|Straße|Str\.|Weg|Allee|Platz|Gasse|Straat|Laan|Vej|Gade|Gatan"
    r"|Vägen|utca|u\.)\s\d{1,5}[a-zA-Z]?\b\.?"
)
_ROMANCE = re.compile(
    r"\b(?:\d{1,5}[a-z]?,?\s+)?"
    r"(?:Rue|rue|Avenue|avenue|Av\.|Avda\.?|Via|via|Viale|Calle|calle|Carrer|Rua|rua|Piazza|Plaza|Paseo|Avenida"
    r"|Chemin|chemin|Boulevard|Bd\.?|Allée|Quai|Impasse|ul\.|Ul\.|ulica|trg|Strada|Largo|Travessa|Rambla)"
    r"\s+(?:(?:de|du|des|la|le|les|del|della|di|da|do|dos|das|d'|l')\s*)*[A-ZÀ-Þ][\w'’.-]*"
    r"(?:\s+[A-ZÀ-Þ][\w'’.-]*){0,3}(?:\s+\d{1,5}[a-zA-Z]?)?"
)
_MILITARY = re.compile(
    r"\b(?:(?:PSC|Unit|CMR)\s+\d{3,5},?\s+Box\s+\d{3,5}|(?:USNS|USS|USNV|USCGC)\s+[A-Z][\w-]+)"
    r",?\s+(?:APO|FPO|DPO)\s+A[AEP]\s+\d{5}\b"
)
#: "lives at Golfskálinn 78", "address: 329 Arenales 9462": a name and a number after an address cue
_CUED = re.compile(
    r"\b(?i:lives?\s+(?:at|on)|living\s+at|address(?:\s+is)?:?|located\s+at|moved\s+to|send\s+(?:it|them|a\s+new\s+one)\s+to"
    r"|ship(?:ped)?\s+to|mail(?:ed)?\s+to|deliver(?:ed)?\s+to|meet\s+(?:me\s+)?at|drops?\s+you\s+off\s+at)\s+"
    r"(?P<address>(?:\d{1,5}[a-zA-Z]? )?[A-ZÀ-Þ][\w'’.-]*(?: [\w'’.-]+){0,3}? \d{1,5}[a-zA-Z]?)(?![\w-])"
)
_CORNER = re.compile(
    r"\b(?i:the\s+corner\s+of)\s+(?P<address>[A-ZÀ-Þ\d][\w'’.-]*(?:\s+[\w'’.-]+){0,4}?\s+and\s+"
    r"[A-ZÀ-Þ\d][\w'’.-]*(?:\s+[A-ZÀ-Þ\d][\w'’.-]*){0,3})"
)
#: "28245 Puruntie 82 Apt. 595": building number, one to three name words and a number, ending the line
#: or followed by a unit or a comma (the shape of many European addresses)
_NUMBERED = re.compile(
    r"\b\d{2,5}\s+(?!(?i:chapter|section|page|room|floor|level|grade|step|part|version|windows|unit|box)\b)"
    r"(?P<street>[A-ZÀ-ÞΑ-Ω][\w'’.-]+(?:\s+[\w'’.-]+){0,2}?\s+\d{1,5}[a-zA-Z]?\.?)"
    r"(?=\s*(?:,|\n|$|\s{2,}|(?:Apt|Apartment|Suite|Ste|Unit)\b))"
)
_UNIT_ALONE = re.compile(r"\b(?:Apt|Apartment|Suite|Ste)\.?\s*\#?\s*\d{1,5}[A-Za-z]?\b")
#: British ("SW1A 1AA", "M1 1AE") and Canadian ("M5V 2T6") postcodes, which start with a letter
_LETTER_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d"
#: the next comma part, line or wide gap of an address block: "..., Springfield" / "\n> Charleroi"
_NEXT_PART = re.compile(
    r"(?:[ \t]*,[ \t]*|[ \t]*\r?\n[\s>?]*|[ \t]{2,})"
    r"(?:(?P<zip_first>\d{4,5}(?:-\d{3})?|\d{2}-\d{3}|\d{3} \d{2})[ \t]+(?P<town>[A-ZÀ-Þ][^\n,\d]*?)"
    rf"|(?P<part>[A-ZÀ-Þ](?:[^\n,\d ]| (?! ))*?)(?:[ \t]+(?P<zip>{_LETTER_POSTCODE}|\d[\dA-Z -]*?))?"
    rf"|(?P<zip_alone>{_LETTER_POSTCODE}|\d[\dA-Z -]*?))"
    r"(?=[ \t]*(?:,|\r?\n|$|[ \t]{2,}))"
)
#: a postal code on a city or country line: "Belgium 42940", "SK 53650", "Toronto, ON M5V 2T6"
_POSTAL_CODE = re.compile(rf"(?=(?:\D*\d){{3}})[\dA-Z][\dA-Z -]{{1,8}}[\dA-Z]|{_LETTER_POSTCODE}")
_UNIT_START = re.compile(
    r"(?i:apt|apartment|suite|ste|unit|box|p\.?o\.?|floor|fl|bldg|mobile|phone|tel|fax|desk)\b"
)
_MAX_PLACE_LINES = 3
_NOT_STREET_WORDS = frozenset(
    {
        "blocks",
        "block",
        "miles",
        "mile",
        "minutes",
        "minute",
        "hours",
        "years",
        "times",
        "days",
        "people",
        "kids",
    }
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_LEADING_NUMBER = re.compile(r"(?:^|(?<=[\s>:]))(\d{1,6}) $")
_STRONG = frozenset(s[1:] for s in _SUFFIX_LINES if s.startswith("!"))


class StreetAddressRecognizer(PackRecognizer):
    entity = "STREET_ADDRESS"
    category = Category.PII
    categories = {"STREET_ADDRESS": Category.PII, "LOCATION": Category.PII, "ZIP_CODE": Category.PII}
    #: every address holds a number and a (street) word, except a street corner or a "Rue de ...":
    #: the engine skips other texts
    prefilter = (re.compile(r"\A(?=[\s\S]*?\d)(?=[\s\S]*?[^\W\d_])"), _CORNER, _ROMANCE)

    def find(self, text: str, nlp_artifacts: NlpArtifacts | None) -> Iterator[Hit]:
        hits: list[Hit] = []
        for match in _US.finditer(text):
            number = match.group().split()[0]
            weak = match.group("suffix").lower().rstrip(".") not in _STRONG
            if weak and _YEAR.fullmatch(number):
                continue
            hits.append(
                Hit(match.start(), match.end(), 0.8 if weak else 0.9, "number, street name and suffix")
            )
        for match in _SPOKEN.finditer(text):
            words = match.group("name").lower().split()
            if not any(w in STOP_WORDS or w in _NOT_STREET_WORDS for w in words):
                hits.append(Hit(match.start(), match.end(), 0.75, "spoken street address"))
        for pattern, reason in (
            (_EUROPEAN, "street name and number"),
            (_ROMANCE, "street type and name"),
            (_STREET_WORD, "street word and number"),
        ):
            hits.extend(Hit(m.start(), m.end(), 0.85, reason) for m in pattern.finditer(text))
        for pattern, reason in ((_CUED, "name and number after an address cue"), (_CORNER, "street corner")):
            hits.extend(
                Hit(m.start("address"), m.end("address"), 0.8, reason) for m in pattern.finditer(text)
            )
        hits.extend(Hit(m.start(), m.end(), 0.9, "military address") for m in _MILITARY.finditer(text))
        hits.extend(
            Hit(m.start(), m.end(), 0.75, "number, name and number") for m in _NUMBERED.finditer(text)
        )
        hits.extend(Hit(m.start(), m.end(), 0.6, "apartment or suite") for m in _UNIT_ALONE.finditer(text))
        addresses = [_with_leading_number(text, hit) for hit in _longest(hits)]
        yield from addresses
        places = {hit for address in addresses for hit in _place_lines(text, address.end)}
        yield from sorted(places, key=lambda h: h.start)


def _place_lines(text: str, end: int) -> Iterator[Hit]:
    """The city and country lines (or comma parts) that follow a street line in a postal address."""
    position = end
    for _ in range(_MAX_PLACE_LINES):
        match = _NEXT_PART.match(text, position)
        if not match:
            return
        part = (match.group("part") or match.group("town") or "").strip()
        if _UNIT_START.match(part):
            position = match.end()
            continue
        if len(part) > 2 and part.lower() not in STOP_WORDS:
            start = match.start("part" if match.group("part") else "town")
            yield Hit(start, start + len(part), 0.7, "place line of a postal address", entity="LOCATION")
        zip_group = next((g for g in ("zip", "zip_first") if match.group(g)), "zip_alone")
        postal = (match.group(zip_group) or "").strip()
        if _POSTAL_CODE.fullmatch(postal):
            start = match.start(zip_group)
            yield Hit(start, start + len(postal), 0.7, "postal code of a postal address", entity="ZIP_CODE")
        position = match.end()


def _with_leading_number(text: str, hit: Hit) -> Hit:
    """A lone number right before a street line is its building or delivery number ("975 3968 Bay Street")."""
    match = _LEADING_NUMBER.search(text, max(0, hit.start - 8), hit.start)
    if match and hit.reason != "apartment or suite" and not _YEAR.fullmatch(match.group(1)):
        return Hit(match.start(1), hit.end, hit.score, hit.reason, entity=hit.entity)
    return hit


def _longest(hits: list[Hit]) -> Iterator[Hit]:
    """Keep the longest of overlapping candidates (the full address, not the suite inside it)."""
    hits.sort(key=lambda h: (h.start, -h.end))
    last_end = -1
    for hit in hits:
        if hit.start >= last_end:
            last_end = hit.end
            yield hit
