"""Shared by the JSON Lines and telemetry formats: lines, JSON paths, record fields.

A JSON location is the line number plus the path of keys and indexes to one
value; writers parse the line again, replace the values at those paths and dump
it, so keys, their order and every other value stay as they were. A line whose
segments all come back unchanged is written as it was, byte for byte (unless an
object in it repeats a key: the copy would hold a value nobody analysed).

What a writer copies must have been analysed, so `values` yields three kinds:

* every string value (`VALUE`); its segment id is the path, `$.user.email`;
* an object key that could hold a value rather than name a field (`KEY`): one
  with an `@`, whitespace, a URL escape (`%40`) or 5 or more digits written as
  a number is (in a row or apart only by punctuation: `415-555-0132`,
  `(415)555-0132`, `219.09.9999`, and so dates like `2024-01-01` too), or a key
  of digits and punctuation alone with 5 digits in all (`415_555_0132`);
  `client_version`, `durationMs`, `$ref`, `a1`, `ipv4` or `v2_2024` (letters,
  an underscore between the digits) stay structural. Its segment
  id is `{key}` and the path of the object it is a key of, `{key}$.users`
  (never the key itself, which may be the identifier); its location's path ends
  with the key. A key with findings is renamed to its redacted text, in place
  (a clash with another key gets a suffix: `<EMAIL_ADDRESS>_2`);
* an integer (not a bool) of 5 or more digits, as decimal text without a minus
  sign (`NUMBER`; `-4155550132` is read as `4155550132`), the
  length of the shortest bare identifier the recognizers know (a ZIP code);
  segment id `{number}` and its path, `{number}$.ssn`. A float with an integral
  value is the same number (`4155550132.0`, `4.155550132e9`: text
  `4155550132`). Redaction that changes it writes the redacted string instead
  of the number; otherwise it stays the number it was, float or not. Floats
  with a fraction, NaN, infinities and shorter numbers are not values anyone is
  identified by.

The markers go before the `$`, so the last key of the path is still the field
name (`conversation.base.field_label` reads "ssn" or "users" from it).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import quote, unquote

from classifier.formats.errors import FormatError
from classifier.records import DataClass, Record, Segment

if TYPE_CHECKING:
    from classifier.formats.base import RedactedRecord

JsonPath = tuple[str | int, ...]
#: Record fields carried into `Record.metadata` (consent and routing need them).
METADATA_FIELDS: tuple[str, ...] = ("account_id", "data_class", "origin")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
#: Characters left as they are when a URL-decoded value is encoded again.
_URL_SAFE = "/:?&=#;,+!$'()*[]~"


#: The kinds of value a JSON location points at (see the module docstring).
VALUE, KEY, NUMBER = "value", "key", "number"
#: Segment id markers of keys and numbers, put before the JSON path.
KEY_MARK, NUMBER_MARK = "{key}", "{number}"
#: Integers (and integral floats) with this many digits or more are analysed (|n| >= 10_000).
NUMBER_DIGITS = 5
_NUMBER_FLOOR = 10 ** (NUMBER_DIGITS - 1)
#: Keys that may be a value: an email, words, a URL escape, a long number (digits in a row or
#: apart only by punctuation: `415-555-0132`, `(415)555-0132`; an underscore or a letter is no
#: separator, so `v2_2024` is a field name). `\W` holds no digit: no backtracking blows up.
_VALUE_KEY = re.compile(rf"[@\s]|%[0-9A-Fa-f]{{2}}|\d(?:\W*\d){{{NUMBER_DIGITS - 1}}}")
#: A key of digits and punctuation alone (no letter): a long number however it is separated.
_NO_LETTERS = re.compile(r"[\W\d_]*")
_DIGIT = re.compile(r"\d")


class JsonLocation(NamedTuple):
    """One value: its line (None for a whole-document file), its path, how it was encoded, its kind.

    For a `KEY` the path ends with the key itself. A named tuple: telemetry makes one per string
    value, and it is built several times faster than a frozen dataclass."""

    line: int | None
    path: JsonPath
    url_encoded: bool = False
    kind: str = VALUE


@dataclass
class JsonLine:
    """A parsed line, or the error that stopped it from parsing."""

    number: int
    value: Any = None
    error: str | None = None


class JsonParseError(ValueError):
    """A JSON text that cannot be read; the message says why, never what the text holds. `line` is
    where a syntax error stands (None for a number too long or nesting too deep)."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.line = line


def loads(text: str, **options: Any) -> Any:
    """`json.loads`, with every way it fails on bad input turned into one `JsonParseError`.

    Besides bad syntax (`JSONDecodeError`), `json.loads` raises ValueError on an integer of more
    digits than Python converts (`sys.get_int_max_str_digits()`, 4300 by default) and RecursionError
    on nesting deeper than the interpreter's recursion limit; a reader catching only the first let
    one such line end the file, or the program. The error is raised outside the `except`, so it
    carries no context: a JSONDecodeError holds the whole document.
    """
    line = None
    try:
        return json.loads(text, **options)
    except json.JSONDecodeError as exc:
        reason, line = "not valid JSON", exc.lineno
    except RecursionError:
        reason = "not valid JSON (nested too deeply)"
    except ValueError:
        reason = "not valid JSON (a number too long to read)"
    raise JsonParseError(reason, line)


def parse_lines(numbered: Iterable[tuple[int, str]], path: str) -> Iterator[JsonLine]:
    """Every non-blank line, parsed, lazily; a bad line carries its error and the others go on.

    A file where not one line parses is not JSON at all: one FormatError instead of one per line.
    """
    pending: list[JsonLine] = []  # leading bad lines, held until a good one shows the file is JSON
    seen_good = False
    for number, text in numbered:
        if not text.strip():
            continue
        try:
            item = JsonLine(number, loads(text))
        except JsonParseError as exc:
            item = JsonLine(number, error=str(FormatError(path, number, str(exc))))
        if seen_good:
            yield item
        elif item.error:
            pending.append(item)
        else:
            seen_good = True
            yield from pending
            pending.clear()
            yield item
    if pending:
        raise FormatError(path, pending[0].number, "not valid JSON (no line of the file parses)")


@functools.lru_cache(maxsize=4096)  # telemetry repeats the same paths in every event
def path_text(path: JsonPath) -> str:
    """`$.a.b[0]` for display and segment ids."""
    return "$" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path)


def get_path(value: Any, path: JsonPath) -> Any:
    for part in path:
        value = value[part]
    return value


def set_path(value: Any, path: JsonPath, new: Any) -> Any:
    """`value` with the item at `path` replaced (the root itself when the path is empty)."""
    if not path:
        return new
    target = get_path(value, path[:-1])
    target[path[-1]] = new
    return value


def field_path(name: str) -> JsonPath:
    """`message.body` -> ("message", "body"): configurable fields may be nested."""
    return tuple(name.split("."))


def segment_id(kind: str, path: JsonPath) -> str:
    """`$.a.b` for a string value, `{key}$.a` for a key of the object at `$.a`, `{number}$.a.b`."""
    if kind == KEY:
        return KEY_MARK + path_text(path[:-1])
    if kind == NUMBER:
        return NUMBER_MARK + path_text(path)
    return path_text(path)


#: Verdicts of `is_value_key` by key: every key of every event is looked up, few are distinct.
_KEY_VERDICTS: dict[str, bool] = {}
_KEY_CACHE_SIZE = 65536


def is_value_key(key: str) -> bool:
    """Whether an object key could be a value (an email, a phone number, a name) and is analysed."""
    verdict = _KEY_VERDICTS.get(key)
    return _key_verdict(key) if verdict is None else verdict


#: Record ids that are structure: a word and a small number (`msg-42`, `evt_7`, `d1`), a short
#: lowercase token with a digit (`c3f9`), small numbers joined (`42`, `0-12`).
_STRUCTURAL_ID = re.compile(
    r"[A-Za-z][A-Za-z_-]{0,15}[-_:#]?\d{1,4}|(?=[a-z]*\d)[a-z\d]{1,8}|\d{1,4}(?:[-_:]\d{1,4}){0,3}", re.ASCII
)


def is_structural_id(record_id: str) -> bool:
    """Whether an id field's value is plainly an id, not a value to analyse. Anything else in an id
    field (an email, `jane.doe`, a MAC address or health plan id, a URL, a long number) is analysed,
    like any other value, before an output may show it."""
    return _STRUCTURAL_ID.fullmatch(record_id) is not None and not is_value_key(record_id)


def _key_verdict(key: str) -> bool:
    verdict = _VALUE_KEY.search(key) is not None or (
        _NO_LETTERS.fullmatch(key) is not None and len(_DIGIT.findall(key)) >= NUMBER_DIGITS
    )
    if len(_KEY_VERDICTS) >= _KEY_CACHE_SIZE:  # keys that are ids: start again rather than grow
        _KEY_VERDICTS.clear()
    _KEY_VERDICTS[key] = verdict
    return verdict


def values(value: Any, path: JsonPath = ()) -> list[tuple[str, JsonPath, str]]:
    """(kind, path, text) of every string value, value-like key and long number, depth first.

    A key comes right before what is under it; its path ends with the key. Appends into one list
    instead of nesting generators: a value deep in an event is not passed up level by level.
    """
    found: list[tuple[str, JsonPath, str]] = []
    _collect_values(value, path, found)
    return found


def _collect_values(value: Any, path: JsonPath, found: list[tuple[str, JsonPath, str]]) -> None:
    if isinstance(value, str):
        found.append((VALUE, path, value))
    elif isinstance(value, dict):
        for key, item in value.items():
            verdict = _KEY_VERDICTS.get(key)  # `is_value_key`, inlined: this runs for every key
            if verdict is None:
                verdict = _key_verdict(key)
            if verdict:
                found.append((KEY, (*path, key), key))
            _collect_values(item, (*path, key), found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _collect_values(item, (*path, index), found)
    else:
        text = long_number_text(value)
        if text is not None:
            found.append((NUMBER, path, text))


def long_number_text(value: Any) -> str | None:
    """The digits of an integer, or integral float, of `NUMBER_DIGITS` or more (analysed: it could
    be a phone or account number; a minus sign is left out, as detection reads no number after
    one); None for any other value (a bool, a short number, text)."""
    kind = type(value)
    if (kind is int or kind is float) and (value >= _NUMBER_FLOOR or value <= -_NUMBER_FLOOR):
        if kind is int:  # NaN compares false above
            return str(abs(value))
        if value.is_integer():  # infinities are not integers
            return str(int(abs(value)))
    return None


def value_segments(
    value: Any, line: int | None, prefix: JsonPath = (), skip: frozenset[JsonPath] = frozenset()
) -> list[Segment]:
    """A segment per item of `values` (URL-encoded text decoded), except those at a `skip` path."""
    segments: list[Segment] = []
    append = segments.append
    for kind, path, raw in values(value, prefix):
        if skip and path in skip:
            continue
        if kind is VALUE:  # nearly every item: the shortest way
            text, encoded = url_decoded(raw)
            append(Segment(text=text, segment_id=path_text(path), location=JsonLocation(line, path, encoded)))
        else:
            text, encoded = (raw, False) if kind is NUMBER else url_decoded(raw)
            location = JsonLocation(line, path, encoded, kind)
            append(Segment(text=text, segment_id=segment_id(kind, path), location=location))
    return segments


def apply(value: Any, changes: Iterable[tuple[JsonLocation, str, str]]) -> Any:
    """`value` with each (location, analysed text, redacted text) written back.

    String values are replaced (URL-encoded again when they were), numbers only when redaction
    changed them (by the redacted string), and keys with findings renamed, deepest objects first,
    so that the paths of the other changes still lead where they did.
    """
    renames: dict[JsonPath, dict[str, str]] = {}
    for location, old, new in changes:
        if location.kind == VALUE:
            value = set_path(value, location.path, url_encode(new) if location.url_encoded else new)
        elif new != old and location.kind == NUMBER:
            value = set_path(value, location.path, new)
        elif new != old:
            key = location.path[-1]
            renames.setdefault(location.path[:-1], {})[key] = url_encode(new) if location.url_encoded else new
    for parent in sorted(renames, key=len, reverse=True):
        rename_keys(get_path(value, parent), renames[parent])
    return value


def rename_keys(target: dict[str, Any], renames: dict[str, str]) -> None:
    """Rename keys of `target` in place, in their order; a name already taken gets `_2`, `_3`..."""
    taken = {key for key in target if key not in renames}
    items = list(target.items())
    target.clear()
    for key, item in items:
        if key in renames:
            base = name = renames[key]
            suffix = 2
            while name in taken:
                name = f"{base}_{suffix}"
                suffix += 1
            key = name
        taken.add(key)
        target[key] = item


class _RepeatedKey(Exception):
    pass


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _RepeatedKey
    return result


def copies_verbatim(text: str) -> bool:
    """Whether a line may be written as it was: it parses and no object in it repeats a key.

    `json.loads` keeps the last of repeated keys, so the others were never read nor analysed.
    """
    try:
        loads(text, object_pairs_hook=_unique_pairs)
    except (_RepeatedKey, JsonParseError):
        return False
    return True


def write_line(
    text: str, changes: list[tuple[JsonLocation, str, str]], edit: Callable[[Any], None] | None = None
) -> str:
    """A line with its changes applied: as it was when nothing changed, else parsed and dumped.

    `edit(value)`, when given, changes the parsed value further (and always counts as a change).
    """
    if edit is None and all(old == new for _, old, new in changes) and copies_verbatim(text):
        return text
    value = json.loads(text)
    if edit is not None:
        edit(value)
    return dump_line(apply(value, changes))


def take_record_id(record: Record, value: Any, id_field: str) -> bool:
    """Use the line's `id_field` as the record id when it is a string or an integer.

    The id is remembered with its path and the record's place (`path:line`), so that
    `value_free_ids` can put the place back should the id turn out to be an identifier.
    """
    if not isinstance(value, dict) or not isinstance(value.get(id_field), (str, int)):
        return False
    record.metadata["id_path"] = (id_field,)
    record.metadata["place_id"] = record.record_id
    record.record_id = str(value[id_field])
    return True


#: Routing fields that documents.jsonl shows; taken from the record's own fields by `carry_fields`.
SHOWN_FIELDS: tuple[str, ...] = ("account_id", "origin")
#: How documents.jsonl shows an account or origin of a record that could not be analysed whole.
WITHHELD = "<WITHHELD>"


def value_free_ids(record: Record, per_segment: list[list[Any]]) -> None:
    """A record id taken from a field in which detection found something (an email, a phone
    number) is replaced by the record's place (`path:line`): outputs never show a matched value.

    Likewise an `account_id` or `origin` read from such a field is shown in label form
    (`user <EMAIL_ADDRESS>`, in `metadata["shown"]`); metadata keeps the value as read, for
    the consent lookup. A record with errors (detection failed or ran out of time, or the
    record could not be read whole) may hold a value where nothing was found: there, what is
    not plainly an id (`is_structural_id`) is replaced too, the account and origin by `WITHHELD`.
    """
    metadata = record.metadata
    prefix = tuple(metadata.get("json_prefix", ()))  # the event's place in a whole JSON document
    id_path = metadata.get("id_path")
    id_path = (*prefix, *id_path) if id_path is not None else None
    carried = {(*prefix, name): name for name in SHOWN_FIELDS if name in metadata}
    if id_path is None and not carried:
        return
    shown: dict[str, str] = {}
    found: list[tuple[str, str]] = []
    for segment, findings in zip(record.segments, per_segment, strict=False):
        if not findings:
            continue
        found.extend((segment.text[f.start : f.end], f.entity_type) for f in findings)
        path = getattr(segment.location, "path", None)
        if id_path is not None and path == id_path:
            record.record_id = metadata["place_id"]
        if path in carried:
            from classifier.redaction import Redactor  # Presidio's anonymizer: not for readers alone

            shown[carried[path]] = Redactor("label").redact(segment.text, findings)
    if found:
        entity_type = found_value_in(str(record.record_id), found) if id_path is not None else None
        if entity_type:
            # the id alone read as nothing, so nothing redacts it in the copy but `changes`
            metadata["id_found"] = (id_path, str(record.record_id), entity_type)
            record.record_id = metadata["place_id"]
        for name in carried.values():
            entity_type = found_value_in(_shown_text(metadata[name]), found)
            if name not in shown and entity_type:
                shown[name] = f"<{entity_type}>"
    if record.errors:
        if id_path is not None and not is_structural_id(record.record_id):
            record.record_id = metadata["place_id"]
        for name in carried.values():
            text = _shown_text(metadata[name])
            if name not in shown and text and not is_structural_id(text):
                shown[name] = WITHHELD
    if shown:
        metadata["shown"] = shown


def changes(redacted: RedactedRecord) -> list[tuple[JsonLocation, str, str]]:
    """What a JSON writer puts back for one record: each segment's redacted text at its location, then
    the id field when the id repeats a value found elsewhere in the record (`value_free_ids`: a user
    name in the text and `"id": "mlopez85"`), which alone read as nothing and no segment changed."""
    segments = redacted.record.segments
    result = [
        (segment.location, segment.text, new_text)
        for segment, new_text in zip(segments, redacted.texts, strict=True)
    ]
    found = redacted.record.metadata.get("id_found")
    if found is not None:
        path, raw, entity_type = found
        result.append((JsonLocation(None, path), raw, redacted.redactor.redact_value(raw, entity_type)))
    return result


def _shown_text(value: Any) -> str:
    """An id, account or origin as an output would show it ('' for what is no string or integer)."""
    return str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""


def found_value_in(shown: str, found: Iterable[tuple[str, str]]) -> str | None:
    """The entity type of a value detection found elsewhere in the record that `shown` (an id, an
    account, an origin) repeats, or None. The text says "my MRN is 00123456" and the id field is
    `00123456`, which alone reads as nothing: showing the id would show the value. Compared without
    case; a found value of 4+ characters within `shown` counts, and `shown` within a found value
    when it has 6+ characters (so `12` is not withheld for being part of a phone number)."""
    key = shown.strip().casefold()
    if not key:
        return None
    for value, entity_type in found:
        value = value.strip().casefold()
        if value and (value == key or (len(value) >= 4 and value in key) or (len(key) >= 6 and key in value)):
            return entity_type
    return None


def url_decoded(value: str) -> tuple[str, bool]:
    """Percent-decoded text when the value is URL-encoded (so `jane%40x.org` is seen as an email)."""
    if _PERCENT.search(value):
        return unquote(value), True
    return value, False


def url_encode(text: str) -> str:
    return quote(text, safe=_URL_SAFE)


def carry_fields(record: Record, value: Any, extra: tuple[str, ...], data_class: Any, path: str) -> None:
    """Copy routing fields into metadata; a `data_class` field sets the record's class.

    An explicit `data_class` option overrides the field, in metadata too (eligibility reads it there).
    """
    if not isinstance(value, dict):
        return
    for name in (*METADATA_FIELDS, *extra):
        if name in value and not isinstance(value[name], (dict, list)):
            record.metadata[name] = value[name]
    if data_class is not None:
        record.metadata["data_class"] = record.data_class.value
    elif "data_class" in value:
        try:
            record.data_class = DataClass(value["data_class"])
        except ValueError:
            line = record.metadata.get("line")
            record.errors.append(str(FormatError(path, line, "unknown data_class value")))


def dump_line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
