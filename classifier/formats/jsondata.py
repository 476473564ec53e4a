"""Shared by the JSON Lines and telemetry formats: lines, JSON paths, record fields.

A JSON location is the line number plus the path of keys and indexes to one
string value; writers parse the line again, replace the values at those paths
and dump it, so keys, their order and every other value stay as they were.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple
from urllib.parse import quote, unquote

from classifier.formats.errors import FormatError
from classifier.records import DataClass, Record

JsonPath = tuple[str | int, ...]
#: Record fields carried into `Record.metadata` (consent and routing need them).
METADATA_FIELDS: tuple[str, ...] = ("account_id", "data_class", "origin")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
#: Characters left as they are when a URL-decoded value is encoded again.
_URL_SAFE = "/:?&=#;,+!$'()*[]~"


class JsonLocation(NamedTuple):
    """One string value: its line (None for a whole-document file), its path, and how it was encoded.

    A named tuple: telemetry makes one per string value, and it is built several times faster than
    a frozen dataclass."""

    line: int | None
    path: JsonPath
    url_encoded: bool = False


@dataclass
class JsonLine:
    """A parsed line, or the error that stopped it from parsing."""

    number: int
    value: Any = None
    error: str | None = None


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
            item = JsonLine(number, json.loads(text))
        except json.JSONDecodeError:
            item = JsonLine(number, error=str(FormatError(path, number, "not valid JSON")))
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


def strings(value: Any, path: JsonPath = ()) -> list[tuple[JsonPath, str]]:
    """Every string value, depth first, with its path (keys are not values and are left alone)."""
    found: list[tuple[JsonPath, str]] = []
    _collect(value, path, found)
    return found


def _collect(value: Any, path: JsonPath, found: list[tuple[JsonPath, str]]) -> None:
    # appends instead of nested generators: a value deep in an event is not passed up level by level
    if isinstance(value, str):
        found.append((path, value))
    elif isinstance(value, dict):
        for key, item in value.items():
            _collect(item, (*path, key), found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _collect(item, (*path, index), found)


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
