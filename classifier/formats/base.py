"""What a format is: a named reader and writer pair, registered by name.

Readers turn decoded text into records whose segments carry a `location` the
matching writer understands; writers take the original text plus the redacted
segment texts and return the same file with only the sensitive pieces changed.
Formats register themselves (spaCy-style) so detection, the CLI and the batch
runner all find them by the same name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from classifier.records import DataClass, Record


class ValueRedactor(Protocol):
    """The part of `classifier.redaction.Redactor` writers need: one replacement per value."""

    def redact_value(self, value: str, entity_type: str) -> str: ...


@dataclass
class RedactedRecord:
    """A record as read, the redacted text of each of its segments, and the redactor that made them.

    Writers use the same redactor for speaker and profile names so that a person
    gets the same pseudonym in the text and in the speaker field.
    """

    record: Record
    texts: list[str]
    redactor: ValueRedactor


Reader = Callable[..., Iterator[Record]]
Writer = Callable[[str, Sequence[RedactedRecord]], str]


@dataclass(frozen=True)
class FormatSpec:
    """A registered format. Single-file formats read and write decoded text; Slack works on a file tree."""

    name: str
    description: str
    data_class: DataClass
    read: Reader
    write: Writer | None
    extensions: tuple[str, ...] = ()
    #: Line formats also read from numbered lines, so large files stream: (lines, path, whole, **options).
    read_lines: Callable[..., Iterator[Record]] | None = None


_REGISTRY: dict[str, FormatSpec] = {}


def register(spec: FormatSpec) -> FormatSpec:
    """Add a format under its name (a later registration of the same name replaces it)."""
    _REGISTRY[spec.name] = spec
    return spec


def registry() -> dict[str, FormatSpec]:
    return dict(_REGISTRY)


def resolve_data_class(value: Any, default: DataClass) -> DataClass:
    """An explicit data class (enum or its string value) or the format's default."""
    if value is None:
        return default
    return DataClass(value)
