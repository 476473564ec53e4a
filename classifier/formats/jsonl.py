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
from collections.abc import Iterator, Sequence
from typing import Any

from classifier.formats import jsondata
from classifier.formats.base import FormatSpec, RedactedRecord, register, resolve_data_class
from classifier.formats.errors import FormatError
from classifier.formats.textio import lines
from classifier.records import DataClass, Record, Segment

DATA_CLASS = DataClass.CUSTOMER_CONTENT


def read(
    source: str,
    path: str,
    *,
    text_field: str = "text",
    id_field: str = "id",
    speaker_field: str = "speaker",
    metadata_fields: tuple[str, ...] = (),
    data_class: Any = None,
    **_options: Any,
) -> Iterator[Record]:
    """One record per non-blank line."""
    text_path = jsondata.field_path(text_field)
    default_class = resolve_data_class(data_class, DATA_CLASS)
    parsed = list(jsondata.parse_lines(source, path))
    jsondata.require_some_json(parsed, path)
    for item in parsed:
        number = item.line.number
        record = Record(
            record_id=f"{path}:{number}",
            source=path,
            format="jsonl",
            segments=[],
            data_class=default_class,
            metadata={"line": number, "kind": "message"},
        )
        if item.error:
            record.errors.append(item.error)
            yield record
            continue
        value = item.value
        if not isinstance(value, dict):
            record.errors.append(str(FormatError(path, number, "line is not a JSON object")))
            yield record
            continue
        if isinstance(value.get(id_field), (str, int)):
            record.record_id = str(value[id_field])
        jsondata.carry_fields(record, value, tuple(metadata_fields), data_class, path)
        try:
            text = jsondata.get_path(value, text_path)
        except (KeyError, IndexError, TypeError):
            text = None
        if not isinstance(text, str):
            record.errors.append(str(FormatError(path, number, f"no text in field {text_field!r}")))
            yield record
            continue
        speaker = value.get(speaker_field)
        record.segments.append(
            Segment(
                text=text,
                speaker=speaker if isinstance(speaker, str) and speaker else None,
                segment_id=record.record_id,
                location=jsondata.JsonLocation(number, text_path),
            )
        )
        record.metadata["speaker_field"] = speaker_field
        yield record


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
    )
)
