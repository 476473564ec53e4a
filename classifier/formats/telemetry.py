"""Telemetry, product-usage and diagnostic events (JSON Lines, or one JSON document).

Identifiers hide anywhere in an event: nested fields, error messages, file
paths (`C:\\Users\\jdoe\\...`), URL-encoded query strings, object keys
(`{"users": {"jane@example.org": ...}}`, `{"415-555-0132": ...}`) and bare
numbers (`"phone": 5550199731`, or `5550199731.0`). So every string value is its
own segment, with its JSON path as segment id, and so is every key that could be
a value and every integer or integral float of 5 or more digits
(`jsondata.values`: ids `{key}$.users`, `{number}$.phone`); URL-encoded values
are analysed decoded and encoded again when written. The id field (`id`,
`event_id`, `eventId` or the `id_field` option) is analysed and redacted in the
copy like any other value (and as a found value when it repeats one found elsewhere in the
event, `jsondata.changes`), while the record id comes from it as given. The data
class is service_generated unless overridden or set by a `data_class` field.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from classifier.formats import jsondata
from classifier.formats.base import FormatSpec, RedactedRecord, register, resolve_data_class
from classifier.formats.textio import lines, numbered_lines
from classifier.records import DataClass, Record, Segment

DATA_CLASS = DataClass.SERVICE_GENERATED
#: Where events usually keep their id (the `id_field` option names another).
ID_FIELDS = ("id", "event_id", "eventId")


def _segments(value: Any, line: int | None, prefix: jsondata.JsonPath = ()) -> list[Segment]:
    return jsondata.value_segments(value, line, prefix)


def _record(path: str, number: int | None, record_id: str, value: Any, options: dict[str, Any]) -> Record:
    data_class = options.get("data_class")
    record = Record(
        record_id=record_id,
        source=path,
        format="telemetry",
        segments=[],
        data_class=resolve_data_class(data_class, DATA_CLASS),
        metadata={"line": number, "kind": "event"},
    )
    id_fields = (options["id_field"],) if options.get("id_field") else ID_FIELDS
    for id_field in id_fields:
        if jsondata.take_record_id(record, value, id_field):
            break
    jsondata.carry_fields(record, value, tuple(options.get("metadata_fields", ())), data_class, path)
    return record


def _whole_document(source: str) -> Any:
    try:
        return jsondata.loads(source)
    except jsondata.JsonParseError:
        return None


def _first_line_parses(numbered: Iterator[tuple[int, str]]) -> tuple[bool, Iterator[tuple[int, str]]]:
    """Whether the first non-blank line is JSON on its own, and the lines with that one put back."""
    for number, text in numbered:
        if text.strip():
            try:
                jsondata.loads(text)
                parses = True
            except jsondata.JsonParseError:
                parses = False
            return parses, itertools.chain([(number, text)], numbered)
    return True, iter(())


def _document_records(document: Any, path: str, options: dict[str, Any]) -> Iterator[Record]:
    items = document if isinstance(document, list) else [document]
    for index, value in enumerate(items):
        prefix: jsondata.JsonPath = (index,) if isinstance(document, list) else ()
        record = _record(path, None, f"{path}#{index}", value, options)
        record.metadata["document"] = True
        record.metadata["json_prefix"] = prefix
        record.segments = _segments(value, None, prefix)
        yield record


def read_lines(
    numbered: Iterable[tuple[int, str]], path: str, whole: Callable[[], str] | None = None, **options: Any
) -> Iterator[Record]:
    """One record per line (JSON Lines, streamed) or per element of a top-level array (one document).

    A file whose first line is not JSON on its own is read whole as one (pretty-printed) document.
    """
    parses, numbered = _first_line_parses(iter(numbered))
    document = None if parses or whole is None else _whole_document(whole())
    if document is not None:
        yield from _document_records(document, path, options)
        return
    for item in jsondata.parse_lines(numbered, path):
        record = _record(path, item.number, f"{path}:{item.number}", item.value, options)
        if item.error:
            record.errors.append(item.error)
        else:
            record.segments = _segments(item.value, item.number)
        yield record


def read(source: str, path: str, **options: Any) -> Iterator[Record]:
    return read_lines(numbered_lines(source), path, lambda: source, **options)


def write(source: str, records: Sequence[RedactedRecord]) -> str:
    """The same events with redacted values, keys and numbers; unreadable lines are left out (fail
    closed). A line where redaction changed nothing is written as it was."""
    if records and records[0].record.metadata.get("document"):
        document = json.loads(source)
        for redacted in records:
            document = jsondata.apply(document, jsondata.changes(redacted))
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    by_line = {redacted.record.metadata["line"]: redacted for redacted in records if redacted.record.complete}
    out: list[str] = []
    for line in lines(source):
        text = line.text(source)
        if not text.strip():
            out.append(text + line.eol)
        elif line.number in by_line:
            out.append(jsondata.write_line(text, jsondata.changes(by_line[line.number])) + line.eol)
    return "".join(out)


SPEC = register(
    FormatSpec(
        name="telemetry",
        description="Telemetry/diagnostics (JSON Lines or a JSON document): each string value a segment",
        data_class=DATA_CLASS,
        read=read,
        write=write,
        extensions=(".jsonl", ".ndjson", ".json", ".log"),
        read_lines=read_lines,
    )
)
