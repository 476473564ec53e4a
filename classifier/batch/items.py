"""The unit of work of a scan: one file or archive member, or the report of a problem with one.

Items are what the sources produce and what the executors ship to workers, so
they are small and picklable. A problem (unsafe member, zip bomb, unreadable
file) travels as an item with `error` set: it still becomes a line of
documents.jsonl, ineligible, so nothing is silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

#: separates an archive from the path of a member inside it, as in jar URLs
MEMBER_SEP = "!/"


@dataclass
class SourceItem:
    """One document to read: in memory (`data`), on disk (`path`), or an error."""

    source: str
    name: str
    data: bytes | None = None
    path: str | None = None
    error: str | None = None
    size: int = 0
    #: the reader to use ("slack" for a Slack export); None: detect from name and content
    fmt: str | None = None
    #: where its redacted copy goes under DIR/redacted/ (input name + path inside it); never escapes
    relpath: str = ""
    #: bytes of the input on disk this item accounts for (progress and ETA); 0 inside nested archives
    disk_bytes: int = 0

    @property
    def kind(self) -> str:
        """The file type, for reports (errors by file type)."""
        suffixes = PurePosixPath(self.name.lower()).suffixes
        if suffixes[-2:] == [".tar", ".gz"] or suffixes[-2:] == [".jsonl", ".gz"]:
            return "".join(suffixes[-2:])
        return suffixes[-1] if suffixes else "(none)"

    @property
    def folder(self) -> str:
        """The folder (or archive) that holds the item, for reports (errors by folder)."""
        outer = self.source.split(MEMBER_SEP, 1)[0]
        if MEMBER_SEP in self.source:
            return outer
        parent = str(PurePosixPath(outer).parent)
        return parent

    def read(self) -> bytes:
        """The content; only valid for items that are not errors."""
        if self.data is not None:
            return self.data
        if self.path is None:
            raise ValueError(f"{self.source}: item has neither data nor path")
        with open(self.path, "rb") as fh:
            return fh.read()

    def inlined(self) -> SourceItem:
        """A copy that carries its bytes, for workers that cannot see this machine's disk."""
        if self.data is not None or self.path is None or self.fmt == "slack" or self.error:
            return self
        return SourceItem(
            self.source,
            self.name,
            self.read(),
            None,
            None,
            self.size,
            self.fmt,
            self.relpath,
            self.disk_bytes,
        )
