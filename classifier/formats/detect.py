"""Which format a file is in, from its content first and its name second.

Exports are routinely renamed (`transcript.txt` that is a VTT, `chat.log` that
is a Zoom chat), so the content decides; the extension only breaks ties.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from classifier.formats import jsondata, zoom_chat
from classifier.formats.errors import FormatError
from classifier.formats.speakers import speaker_prefix
from classifier.formats.textio import BOM, encoding_of

SNIFF_BYTES = 65536
#: `WEBVTT` after any blank lines, as the WebVTT reader takes it (it skips them like the blank lines
#: between cues); read as plain text, voice-tag names would be neither speakers nor escaped labels.
_VTT_HEADER = re.compile(r"^(?:[ \t]*[\r\n])*WEBVTT(?:[ \t]|\r|\n|$)")
_VOICE_TAG = re.compile(r"<v[ .>]")
_GUID_CUE = re.compile(
    r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:/\d+-\d+)?\s*$", re.I | re.M
)
_FIRST_PAYLOAD = re.compile(r"-->[^\r\n]*(?:\r\r\n|\r\n|\r|\n)([^\r\n]+)")
#: A first SubRip cue; a period before the milliseconds as well, as the reader takes (many tools write one).
_SRT_START = re.compile(r"^\s*\d+[ \t]*(?:\r\r\n|\r\n|\r|\n)[ \t]*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}[ \t]+-->")


def _is_slack_tree(names: list[str]) -> bool:
    """users.json at the top, or in one wrapping folder (how zipped exports often look)."""
    return any(Path(name).name == "users.json" and name.count("/") <= 1 for name in names)


#: lines after an unreadable first line that may show a file to be JSON Lines
_LINES_AFTER_A_BAD_FIRST = 5


def _first_json_line(lines: list[str]) -> object | None:
    """The first line parsed, or None when it does not parse as a line of its own (a pretty-printed
    document). A first line that looks whole (`{...}`) but cannot be read (a number too long, deep
    nesting, a typo) is one bad line of JSON Lines: the next lines decide, so that the reader fails
    that line alone instead of the whole file."""
    candidates = [lines[0]]
    if lines[0].rstrip().endswith("}"):
        candidates += [line for line in lines[1 : 1 + _LINES_AFTER_A_BAD_FIRST] if line.strip()]
    for line in candidates:
        try:
            return jsondata.loads(line)
        except jsondata.JsonParseError:
            continue
    return None


def sniff_text(text: str, text_field: str = "text") -> str:
    """The format of decoded text (the beginning of a file is enough)."""
    text = text.removeprefix(BOM)
    if _VTT_HEADER.match(text):
        if _VOICE_TAG.search(text) or _GUID_CUE.search(text):
            return "teams_vtt"
        if any(speaker_prefix(line) for line in _FIRST_PAYLOAD.findall(text)):
            return "zoom_vtt"
        return "webvtt"
    if _SRT_START.match(text):
        return "srt"
    stripped = text.lstrip()
    first_line = stripped.splitlines()[0] if stripped else ""
    if zoom_chat.header(first_line):
        return "zoom_chat"
    if stripped.startswith("{"):
        first = _first_json_line(stripped.splitlines())
        if first is None:
            return "telemetry"  # a pretty-printed diagnostic document
        top = text_field.split(".")[0]
        return "jsonl" if isinstance(first, dict) and top in first else "telemetry"
    if stripped.startswith("["):
        return "telemetry"
    return "text"


def detect_format(path_or_bytes: str | Path | bytes, name: str = "", text_field: str = "text") -> str:
    """The format name of a file, a folder (Slack export) or bytes (with the member name for messages)."""
    if isinstance(path_or_bytes, bytes):
        data = path_or_bytes[:SNIFF_BYTES]
        label = name or "<bytes>"
    else:
        path = Path(path_or_bytes)
        label = name or str(path)
        if path.is_dir():
            found = [p.relative_to(path).as_posix() for p in path.glob("users.json")]
            found += [p.relative_to(path).as_posix() for p in path.glob("*/users.json")]
            if not _is_slack_tree(found):
                raise FormatError(
                    label, None, "unknown format: a folder that is not a Slack export (no users.json)"
                )
            return "slack"
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                if _is_slack_tree(archive.namelist()):
                    return "slack"
            raise FormatError(label, None, "unknown format: a zip archive that is not a Slack export")
        with path.open("rb") as handle:
            data = handle.read(SNIFF_BYTES)
    encoding = encoding_of(data)
    if not encoding.bom and b"\x00" in data:
        raise FormatError(label, None, "unknown format: binary content")
    head = data[len(encoding.bom) :].decode(encoding.name, errors="ignore")
    return sniff_text(head, text_field)
