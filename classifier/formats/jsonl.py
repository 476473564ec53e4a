"""JSON Lines of conversation text: one record per line, the text in a configurable field.

Options: `text_field` (default "text", dotted for nested fields), `id_field`
(default "id"), `speaker_field` (default "speaker"; redacted as a PERSON),
`metadata_fields` (carried into `Record.metadata` besides account_id,
data_class and origin). A `data_class` field sets the record's data class. A
line that does not parse, is not an object or has no text becomes a record with
no segments and an error, so it is reported and ineligible; the writer leaves
such lines out rather than copy unredacted content.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from classifier.formats import jsondata
from classifier.formats.base import FormatSpec, RedactedRecord, register, resolve_data_class
from classifier.formats.errors import FormatError
from classifier.formats.textio import lines, numbered_lines
from classifier.records import DataClass, Record, Segment

DATA_CLASS = DataClass.CUSTOMER_CONTENT


def read_lines(
    numbered: Iterable[tuple[int, str]],
    path: str,
    *,
    text_field: str = "text",
    id_field: str = "id",
    speaker_field: str = "speaker",
    metadata_fields: tuple[str, ...] = (),
    data_class: Any = None,
    **_options: Any,
) -> Iterator[Record]:
    """One record per non-blank line, lazily (large files are streamed)."""
    text_path = jsondata.field_path(text_field)
    default_class = resolve_data_class(data_class, DATA_CLASS)
    for item in jsondata.parse_lines(numbered, path):
        number = item.number
        record = Record(
            record_id=f"{path}:{number}",
            source=path,
            format="jsonl",
            segments=[],
            data_class=default_class,
            metadata={"line": number, "kind": "message"},
        )
        value = item.value
        if item.error:
            record.errors.append(item.error)
        elif not isinstance(value, dict):
            record.errors.append(str(FormatError(path, number, "line is not a JSON object")))
        else:
            _fill(record, value, text_path, id_field, speaker_field, tuple(metadata_fields), data_class)
        yield record


def _fill(
    record: Record,
    value: dict[str, Any],
    text_path: jsondata.JsonPath,
    id_field: str,
    speaker_field: str,
    metadata_fields: tuple[str, ...],
    data_class: Any,
) -> None:
    if isinstance(value.get(id_field), (str, int)):
        record.record_id = str(value[id_field])
    jsondata.carry_fields(record, value, metadata_fields, data_class, record.source)
    try:
        text = jsondata.get_path(value, text_path)
    except (KeyError, IndexError, TypeError):
        text = None
    if not isinstance(text, str):
        field = ".".join(str(part) for part in text_path)
        record.errors.append(
            str(FormatError(record.source, record.metadata["line"], f"no text in field {field!r}"))
        )
        return
    speaker = value.get(speaker_field)
    record.segments.append(
        Segment(
            text=text,
            speaker=speaker if isinstance(speaker, str) and speaker else None,
            segment_id=record.record_id,
            location=jsondata.JsonLocation(record.metadata["line"], text_path),
        )
    )
    record.metadata["speaker_field"] = speaker_field


def read(source: str, path: str, **options: Any) -> Iterator[Record]:
    return read_lines(numbered_lines(source), path, **options)


def write(source: str, records: Sequence[RedactedRecord]) -> str:
    """Each readable line with its text (and speaker) replaced; unreadable lines are left out."""
    by_line = {redacted.record.metadata["line"]: redacted for redacted in records if redacted.record.complete}
    out: list[str] = []
    for line in lines(source):
        text = line.text(source)
        if not text.strip():
            out.append(text + line.eol)
            continue
        redacted = by_line.get(line.number)
        if redacted is None:
            continue
        value = json.loads(text)
        for segment, new_text in zip(redacted.record.segments, redacted.texts, strict=True):
            jsondata.set_path(value, segment.location.path, new_text)
            if segment.speaker:
                field = redacted.record.metadata["speaker_field"]
                value[field] = redacted.redactor.redact_value(segment.speaker, "PERSON")
        out.append(jsondata.dump_line(value) + (line.eol or ""))
    return "".join(out)


SPEC = register(
    FormatSpec(
        name="jsonl",
        description="JSON Lines of messages: one record per line, text/id/speaker fields configurable",
        data_class=DATA_CLASS,
        read=read,
        write=write,
        extensions=(".jsonl", ".ndjson"),
        read_lines=read_lines,
    )
)
