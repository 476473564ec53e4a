"""Readers and writers for transcripts, chats and telemetry: one module per format.

    from classifier.formats import read_path, read_bytes, redact_file, detect_format, FORMATS

    for record in read_path("meeting.vtt"):            # format detected from the content
        ...
    report = redact_file(classifier, "chat.txt", "chat.redacted.txt", mode="pseudonym")

`read_bytes` reads one file's bytes (archive members stream through it);
`read_tree` reads a Slack export from a mapping of member name -> bytes loader.
Each writer puts redacted text back in the same structure: same cues, ids,
timings, message order and JSON keys; only sensitive text and names change.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from classifier.formats import (  # noqa: F401 - importing registers each format
    jsonl,
    plaintext,
    slack,
    srt,
    teams_vtt,
    telemetry,
    webvtt,
    zoom_chat,
    zoom_vtt,
)
from classifier.formats.base import FormatSpec, RedactedRecord, registry
from classifier.formats.decrypt import decrypt_file
from classifier.formats.detect import detect_format
from classifier.formats.errors import FormatError
from classifier.formats.redact import (
    Analyzer,
    RedactReport,
    redact_record,
    redact_records,
    write_tree_output,
)
from classifier.formats.slack import SlackTree, read_tree, tree_from_path, write_tree
from classifier.formats.textio import decode, encode, encoding_of, stream_lines
from classifier.records import Record
from classifier.textio import SNIFF_BYTES, warn_stray_bom

#: Format name -> what it reads (the names `--format` accepts).
FORMATS: dict[str, str] = {name: spec.description for name, spec in registry().items()}


def get_format(name: str, path: str = "") -> FormatSpec:
    """The registered format, or a FormatError listing the known names."""
    specs = registry()
    if name not in specs:
        raise FormatError(
            path or "<input>", None, f"unknown format {name!r}; known: {', '.join(sorted(specs))}"
        )
    return specs[name]


def read_bytes(data: bytes, name: str, fmt: str | None = None, **options: Any) -> Iterator[Record]:
    """Records of one single-file format from its bytes; `name` is used as Record.source and in errors."""
    fmt = fmt or detect_format(data, name, options.get("text_field", "text"))
    spec = get_format(fmt, name)
    if spec.write is None:
        raise FormatError(name, None, f"format {fmt!r} is a file tree; read it with read_tree or read_path")
    source, _encoding = decode(data, name)
    return spec.read(source, name, **options)


def read_path(path: str | Path, fmt: str | None = None, **options: Any) -> Iterator[Record]:
    """Records of a file, or of a Slack export folder or .zip."""
    path = Path(path)
    if not path.exists():
        raise FormatError(str(path), None, "no such file or folder")
    fmt = fmt or detect_format(path, str(path), options.get("text_field", "text"))
    if fmt == "slack":
        return read_tree(tree_from_path(path), str(path), **options)
    if path.is_dir():
        raise FormatError(str(path), None, f"a folder cannot be read as {fmt!r}")
    spec = get_format(fmt, str(path))
    if spec.read_lines is not None:
        return _stream(spec, path, **options)
    return read_bytes(path.read_bytes(), str(path), fmt, **options)


def _stream(spec: FormatSpec, path: Path, **options: Any) -> Iterator[Record]:
    """Records of a line format read line by line, so memory does not grow with the file.

    The encoding is told from as many bytes as `decode` reads (a UTF-16 mark before UTF-8 text is not
    trusted, which four bytes cannot tell), and the mark is skipped as bytes: read as UTF-8, a stray
    UTF-16 mark would be two replacement characters."""
    with path.open("rb") as raw:
        encoding = encoding_of(raw.read(SNIFF_BYTES + 4))
        warn_stray_bom(encoding.name, encoding.bom, str(path))
        raw.seek(len(encoding.bom))
        handle = io.TextIOWrapper(raw, encoding=encoding.name, errors="replace", newline="")
        yield from spec.read_lines(
            stream_lines(handle), str(path), whole=lambda: decode(path.read_bytes(), str(path))[0], **options
        )


def write_bytes(data: bytes, name: str, fmt: str, records: Sequence[RedactedRecord]) -> bytes:
    """The original bytes of a single-file format with the records' redacted texts put back."""
    spec = get_format(fmt, name)
    if spec.write is None:
        raise FormatError(name, None, f"format {fmt!r} is a file tree; write it with write_tree")
    source, encoding = decode(data, name)
    return encode(spec.write(source, records), encoding)


def _make_redactor(mode: str, key: str | None) -> Any:
    from classifier.redaction import Redactor

    return Redactor(mode, key)


def redact_file(
    classifier: Analyzer,
    input_path: str | Path,
    output_path: str | Path,
    mode: str = "label",
    key: str | None = None,
    fmt: str | None = None,
    **options: Any,
) -> RedactReport:
    """Read a file (or Slack export), redact every record and write the same format to `output_path`."""
    source = Path(input_path)
    output = Path(output_path)
    if not source.exists():
        raise FormatError(str(source), None, "no such file or folder")
    if output.resolve() == source.resolve():
        raise FormatError(str(output), None, "the output must not be the input (it would be overwritten)")
    fmt = fmt or detect_format(source, str(source), options.get("text_field", "text"))
    report = RedactReport(str(source), str(output), fmt)
    _make_redactor(mode, key)  # a bad mode or missing key fails before any work
    if fmt == "slack":
        tree = tree_from_path(source)
        redactor = _make_redactor(mode, key)
        records = read_tree(tree, str(source), **options)
        redacted = list(redact_records(classifier, records, lambda: redactor, report))
        members = write_tree(tree, redacted, redactor, str(source))
        report.omitted = len(tree) - len(members)  # day files may move (a channel renamed by redaction)
        write_tree_output(members, output, as_zip=not source.is_dir())
        return report
    data = source.read_bytes()
    records = read_bytes(data, str(source), fmt, **options)
    redacted = list(redact_records(classifier, records, lambda: _make_redactor(mode, key), report))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(write_bytes(data, str(source), fmt, redacted))
    return report


__all__ = [
    "FORMATS",
    "FormatError",
    "FormatSpec",
    "RedactReport",
    "RedactedRecord",
    "SlackTree",
    "decrypt_file",
    "detect_format",
    "get_format",
    "read_bytes",
    "read_path",
    "read_tree",
    "redact_file",
    "redact_record",
    "redact_records",
    "registry",
    "tree_from_path",
    "write_bytes",
    "write_tree",
]
