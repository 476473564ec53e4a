"""Undo `redact --mode encrypt` on a whole file, in its own format.

Writers escape what they put back (`&lt;ENC:PERSON:...&gt;` in a VTT cue,
Slack's `&lt;` in message text, `%3CENC...` in a URL), so decrypting the raw
bytes would miss tokens. Instead the file is read with its reader (which
unescapes), every text and name is decrypted, and the writer puts the
originals back in the same structure.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from classifier.findings import Finding
from classifier.formats.base import RedactedRecord
from classifier.formats.redact import RedactReport
from classifier.records import Record


class Decryptor:
    """Stands in for a Redactor in the writers: every value and text is decrypted with the key."""

    def __init__(self, key: str):
        from classifier.redaction import decrypt

        self._decrypt = decrypt
        self._key = key

    def redact(self, text: str, findings: Iterable[Finding] = ()) -> str:
        return self._decrypt(text, self._key)

    def redact_value(self, value: str, entity_type: str) -> str:
        return self._decrypt(value, self._key)


def decrypt_records(
    records: Iterable[Record], decryptor: Decryptor, report: RedactReport
) -> list[RedactedRecord]:
    """Each record with its segment texts decrypted (a DecryptionError names the position, never content)."""
    out = []
    for record in records:
        report.records += 1
        report.segments += len(record.segments)
        report.errors.extend(record.errors)
        out.append(RedactedRecord(record, [decryptor.redact(s.text) for s in record.segments], decryptor))
    return out


def decrypt_file(
    input_path: str | Path, output_path: str | Path, key: str, fmt: str | None = None, **options: Any
) -> RedactReport:
    """The file (or Slack export) written by the encrypt mode, restored, in the same format."""
    from classifier.formats import (
        FormatError,
        detect_format,
        read_bytes,
        read_tree,
        tree_from_path,
        write_bytes,
        write_tree,
    )
    from classifier.formats.redact import write_tree_output

    source, output = Path(input_path), Path(output_path)
    if not source.exists():
        raise FormatError(str(source), None, "no such file or folder")
    if output.resolve() == source.resolve():
        raise FormatError(str(output), None, "the output must not be the input (it would be overwritten)")
    fmt = fmt or detect_format(source, str(source), options.get("text_field", "text"))
    report = RedactReport(str(source), str(output), fmt)
    decryptor = Decryptor(key)
    if fmt == "slack":
        tree = tree_from_path(source)
        restored = decrypt_records(read_tree(tree, str(source), **options), decryptor, report)
        members = write_tree(tree, restored, decryptor, str(source))
        write_tree_output(members, output, as_zip=not source.is_dir())
        return report
    data = source.read_bytes()
    restored = decrypt_records(read_bytes(data, str(source), fmt, **options), decryptor, report)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(write_bytes(data, str(source), fmt, restored))
    return report
