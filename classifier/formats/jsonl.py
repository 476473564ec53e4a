"""JSON Lines of conversation text: one record per line, the text in a configurable field.

Options: `text_field` (default "text", dotted for nested fields), `id_field`
(default "id"), `speaker_field` (default "speaker"; redacted as a PERSON),
`metadata_fields` (carried into `Record.metadata` besides account_id,
data_class and origin). A `data_class` field sets the record's data class. A
line that does not parse, is not an object or has no text becomes a record with
no segments and an error, so it is reported and ineligible; the writer leaves
such lines out rather than copy unredacted content.

Everything else on the line is copied into the redacted output, so it is
analysed too: every other string value, every key that could be a value and
every number of 5 or more digits (`jsondata.values`, depth first) becomes a
segment after the text segment, with its JSON path as segment id (`$.email`,
`{key}$.users`, `{number}$.phone`) and no speaker; the writer puts the redacted
text back at that path. Left alone: the text field, the speaker field when it
is a string (redacted as a name anyway) and a `data_class` field holding a data
class (a closed set of names, checked when read; any other value makes the
record fail). `account_id`, `origin` and the `metadata_fields` are copied into
metadata as well, but their values are free text nobody checks (an account id
may be an email address), so they are analysed like any other field; metadata
keeps the value as read.

The id field is analysed and redacted in the copy like any other field (`$.id`,
`{number}$.id`) unless it is plainly an id (`jsondata.is_structural_id`: a word
and a small number like `msg-42` or `d1`, a short token like `c3f9`, a number
of fewer than 5 digits), as on nearly every line of a chat export, where
analysing it would double the texts.
The record id comes from the id field as given, unless detection found something
in it or it repeats a value found elsewhere on the line (`"id": "mlopez85"` next to
`"username": "mlopez85"`): then the record is known by its place, `path:line`, like a
line without an id (`jsondata.value_free_ids`), and the copy's id field is redacted
(`jsondata.changes`), so no output shows the value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from classifier.formats import jsondata
from classifier.formats.base import FormatSpec, RedactedRecord, register, resolve_data_class
from classifier.formats.errors import FormatError
from classifier.formats.textio import lines, numbered_lines
from classifier.records import DataClass, Record, Segment

DATA_CLASS = DataClass.CUSTOMER_CONTENT
_DATA_CLASSES = frozenset(member.value for member in DataClass)


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
    jsondata.take_record_id(record, value, id_field)
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
    line = record.metadata["line"]
    record.segments.append(
        Segment(
            text=text,
            speaker=speaker if isinstance(speaker, str) and speaker else None,
            segment_id=record.record_id,
            location=jsondata.JsonLocation(line, text_path),
        )
    )
    record.segments.extend(
        jsondata.value_segments(value, line, skip=handled_paths(value, text_path, id_field, speaker_field))
    )
    record.metadata["speaker_field"] = speaker_field


def handled_paths(
    value: dict[str, Any], text_path: jsondata.JsonPath, id_field: str, speaker_field: str | None
) -> frozenset[jsondata.JsonPath]:
    """Paths that are not side values: the text field (and the keys leading to it), a string speaker
    (when the caller redacts it as a name), a known data class and an id that cannot be a value (see
    the module docstring). `classifier redact --input` uses the same rule, without a speaker."""
    handled = {text_path[:end] for end in range(1, len(text_path) + 1)}
    record_id = value.get(id_field)
    if isinstance(record_id, str) and jsondata.is_structural_id(record_id):
        handled.add((id_field,))
    if speaker_field is not None and isinstance(value.get(speaker_field), str):
        handled.add((speaker_field,))
    data_class = value.get("data_class")
    if isinstance(data_class, str) and data_class in _DATA_CLASSES:  # a list or object is not hashable
        handled.add(("data_class",))
    return frozenset(handled)


def read(source: str, path: str, **options: Any) -> Iterator[Record]:
    return read_lines(numbered_lines(source), path, **options)


def write(source: str, records: Sequence[RedactedRecord]) -> str:
    """Each readable line with its text (and speaker) and every side value replaced; unreadable lines
    are left out. A line where redaction changed nothing is written as it was."""
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
        edit = _speaker_edit(redacted)
        out.append(jsondata.write_line(text, jsondata.changes(redacted), edit) + (line.eol or ""))
    return "".join(out)


def _speaker_edit(redacted: RedactedRecord) -> Callable[[dict[str, Any]], None] | None:
    """What writes the speaker field as a redacted name (None when no segment has a speaker)."""
    names = [segment.speaker for segment in redacted.record.segments if segment.speaker]
    if not names:
        return None
    field = redacted.record.metadata["speaker_field"]

    def edit(value: dict[str, Any]) -> None:
        for name in names:
            value[field] = redacted.redactor.redact_value(name, "PERSON")

    return edit


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
