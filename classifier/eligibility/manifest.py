"""Manifest: which account, data class and origin the files of a scan belong to.

Formats that carry no account (a VTT transcript, a Slack export) reach their
account through a manifest, a YAML or JSON mapping from path globs to
`{account_id, data_class, origin}`; the first glob that matches a record's
source wins, so specific globs go first:

    "acme/summaries/**": {account_id: acme, data_class: customer_content, origin: "feature:meeting_summary"}
    "acme/**":           {account_id: acme, data_class: customer_content}
    "telemetry/*.jsonl": {data_class: service_generated}

Globs use `/` as separator: `*` and `?` stay within one path segment, `**`
spans any number of segments, `[abc]` is a character class. A glob starting
with `/` must match the whole source path; any other glob may match the whole
path or its trailing segments (so `acme/**` matches `/data/acme/a.vtt`).
Backslashes in sources are read as `/`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from classifier.eligibility.errors import ManifestError, name_or
from classifier.eligibility.yamlnodes import compose_file, line_of, mapping_items, to_python
from classifier.records import DataClass

ENTRY_FIELDS = ("account_id", "data_class", "origin")


@dataclass(frozen=True)
class ManifestEntry:
    """What the manifest says about the files one glob matches."""

    glob: str
    account_id: str | None = None
    data_class: str | None = None
    origin: str | None = None
    line: int = 0


@dataclass
class Manifest:
    """Globs in file order; `lookup` returns the first that matches."""

    entries: list[ManifestEntry]
    source: str = ""

    def __post_init__(self) -> None:
        self._patterns = [glob_regex(entry.glob) for entry in self.entries]

    def lookup(self, source: str) -> ManifestEntry | None:
        path = source.replace("\\", "/")
        for entry, pattern in zip(self.entries, self._patterns, strict=True):
            if pattern.search(path):
                return entry
        return None


def glob_regex(glob: str) -> re.Pattern[str]:
    """Compile a path glob (see module docstring) to a regex searched against the source path."""
    anchored = glob.startswith("/")
    body = glob.lstrip("/")
    out: list[str] = []
    i = 0
    while i < len(body):
        char = body[i]
        if body.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
        elif body.startswith("**", i):
            out.append(".*")
            i += 2
        elif char == "*":
            out.append("[^/]*")
            i += 1
        elif char == "?":
            out.append("[^/]")
            i += 1
        elif char == "[" and "]" in body[i + 2 :]:
            end = body.index("]", i + 2)
            inner = body[i + 1 : end]
            negate = inner.startswith("!")
            inner = re.escape(inner[1:] if negate else inner).replace("\\-", "-")
            out.append(f"[{'^' if negate else ''}{inner}]")
            i = end + 1
        else:
            out.append(re.escape(char))
            i += 1
    prefix = "^/" if anchored else "(?:^|/)"
    return re.compile(prefix + "".join(out) + r"\Z", re.DOTALL)  # `**` spans a name holding a line break too


def load_manifest(path: str | Path) -> Manifest:
    """Read a YAML or JSON manifest; errors name the file and line."""
    path = Path(path)
    where = str(path)
    root = compose_file(path, ManifestError)
    if root is None:
        raise ManifestError(f"{where}: empty manifest")
    entries = [
        _entry(glob, key_node, value_node, where)
        for glob, key_node, value_node in mapping_items(root, where, ManifestError, "the manifest")
    ]
    return Manifest(entries, where)


def _entry(glob: str, key_node: yaml.Node, node: yaml.Node, where: str) -> ManifestEntry:
    if not glob.strip():
        raise ManifestError(f"{where}:{line_of(key_node)}: empty glob")
    _check_glob(glob, where, line_of(key_node))
    values: dict[str, str] = {}
    for key, k_node, v_node in mapping_items(node, where, ManifestError, "a manifest entry"):
        if key not in ENTRY_FIELDS:
            shown = name_or(key, "(its name is not shown)")
            raise ManifestError(
                f"{where}:{line_of(k_node)}: unknown field {shown}; entries have {', '.join(ENTRY_FIELDS)}"
            )
        value = to_python(v_node)
        if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
            raise ManifestError(f"{where}:{line_of(v_node)}: {key} must be a non-empty string")
        values[key] = str(value).strip()
    data_class = values.get("data_class")
    known = [d.value for d in DataClass]
    if data_class is not None and data_class not in known:
        raise ManifestError(f"{where}:{line_of(node)}: data_class must be one of {', '.join(known)}")
    return ManifestEntry(glob, values.get("account_id"), data_class, values.get("origin"), line_of(key_node))


def _check_glob(glob: str, where: str, line: int) -> None:
    """Compile the glob now, so a bad character class fails the load naming the line (the glob
    itself, often a customer's folder name, is not repeated) rather than as a traceback."""
    try:
        glob_regex(glob)
    except re.error:
        raise ManifestError(
            f"{where}:{line}: the glob is not a valid pattern (a range written backwards such as [z-a]?)"
        ) from None
