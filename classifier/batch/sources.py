"""Where a scan's documents come from: files, folders and archives given on the command line.

Folders are walked recursively in sorted order (so that every run sees the same
sequence), symbolic links are reported and never followed, and include/exclude
globs select documents by their path relative to the input (archives are always
opened unless excluded). Archives are streamed by `classifier.batch.archives`.
A Slack export (a folder with users.json and channels.json) is one item, read as
a whole by the Slack reader.
"""

from __future__ import annotations

import fnmatch
import os
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from classifier.batch.archives import WalkContext, archive_kind, iter_archive
from classifier.batch.items import MEMBER_SEP, SourceItem
from classifier.batch.limits import Budget, SourceLimits

SLACK_MARKERS = ("users.json", "channels.json")


@dataclass
class Selection:
    """Include/exclude globs, matched against a document's path relative to its input."""

    include: Sequence[str] = ()
    exclude: Sequence[str] = ()

    def wants(self, relpath: str) -> bool:
        relpath = relpath.replace("\\", "/")
        name = relpath.rsplit("/", 1)[-1]

        def hit(patterns: Sequence[str]) -> bool:
            return any(fnmatch.fnmatch(relpath, p) or fnmatch.fnmatch(name, p) for p in patterns)

        if self.exclude and hit(self.exclude):
            return False
        return not self.include or hit(self.include)

    def excluded(self, relpath: str) -> bool:
        return bool(self.exclude) and not Selection((), self.exclude).wants(relpath)


@dataclass
class Sources:
    """All inputs of one scan, iterated as `SourceItem`s in a stable order."""

    inputs: Sequence[str | Path]
    selection: Selection = field(default_factory=Selection)
    limits: SourceLimits = field(default_factory=SourceLimits)

    def __iter__(self) -> Iterator[SourceItem]:
        ctx = WalkContext(Budget(self.limits), self.selection.wants)
        for given in self.inputs:
            for item in self._input(Path(given), str(given), ctx):
                item.relpath = output_relpath(item.source, str(given))
                yield item

    def _input(self, path: Path, source: str, ctx: WalkContext) -> Iterator[SourceItem]:
        if path.is_symlink():
            yield SourceItem(source, path.name, error="symbolic link not followed")
        elif path.is_dir():
            yield from self._walk(path, source, ctx)
        elif path.is_file():
            yield from self._file(path, source, ctx, toplevel=True)
        else:
            yield SourceItem(source, path.name, error="no such file or folder")

    def _walk(self, root: Path, source_root: str, ctx: WalkContext) -> Iterator[SourceItem]:
        if is_slack_export(root):
            yield SourceItem(source_root, root.name, path=str(root), fmt="slack")
            return
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            dirnames.sort()
            filenames.sort()
            here = Path(dirpath)
            for name in list(dirnames):
                sub = here / name
                rel = sub.relative_to(root).as_posix()
                source = f"{source_root.rstrip('/')}/{rel}"
                if sub.is_symlink():
                    yield SourceItem(source, name, error="symbolic link not followed")
                    dirnames.remove(name)
                elif self.selection.excluded(rel):
                    dirnames.remove(name)
                elif is_slack_export(sub):
                    yield SourceItem(source, name, path=str(sub), fmt="slack")
                    dirnames.remove(name)
            for name in filenames:
                file = here / name
                rel = file.relative_to(root).as_posix()
                source = f"{source_root.rstrip('/')}/{rel}"
                if file.is_symlink():
                    yield SourceItem(source, name, error="symbolic link not followed")
                elif file.is_file():
                    yield from self._file(file, source, ctx, toplevel=False, rel=rel)
                else:
                    yield SourceItem(source, name, error="not a regular file")

    def _file(
        self, path: Path, source: str, ctx: WalkContext, toplevel: bool, rel: str | None = None
    ) -> Iterator[SourceItem]:
        rel = rel or path.name
        try:
            with open(path, "rb") as fh:
                kind = archive_kind(path.name, fh.read(512))
                if kind is not None and self.selection.excluded(rel):
                    return
                if kind is None:
                    if toplevel or self.selection.wants(rel):
                        size = path.stat().st_size
                        yield SourceItem(source, path.name, path=str(path), size=size, disk_bytes=size)
                    return
                fh.seek(0)
                if kind == "zip" and is_slack_zip(fh):
                    yield SourceItem(
                        source, path.name, path=str(path), fmt="slack", disk_bytes=path.stat().st_size
                    )
                    return
                fh.seek(0)
                yield from iter_archive(fh, path.name, source, 1, ctx)
        except OSError as exc:
            yield SourceItem(
                source, path.name, error=f"cannot read file ({exc.strerror or type(exc).__name__})"
            )


def output_relpath(source: str, given: str) -> str:
    """Where an item's redacted copy goes below DIR/redacted: the input's name, then the path inside it.

    Archive members become folders named after their archive; `..`, `.` and empty
    parts are dropped, so the result can never leave DIR/redacted.
    """
    rest = source[len(given) :] if source.startswith(given) else source
    name = Path(given.rstrip("/")).name or "input"
    parts = [name, *rest.replace(MEMBER_SEP, "/").replace("\\", "/").split("/")]
    return "/".join(p for p in parts if p not in ("", ".", ".."))


def is_slack_zip(fh: BinaryIO) -> bool:
    """A zipped Slack export: users.json and channels.json at the top or in one top folder."""
    try:
        with zipfile.ZipFile(fh) as zf:
            names = {PurePosixPath(n) for n in zf.namelist()}
    except zipfile.BadZipFile:
        return False
    return any(
        all(PurePosixPath(*parent, marker) in names for marker in SLACK_MARKERS)
        for parent in {p.parts[:-1] for p in names if len(p.parts) <= 2}
    )


def is_slack_export(folder: Path) -> bool:
    """A Slack workspace export: users.json and channels.json side by side."""
    return all((folder / marker).is_file() for marker in SLACK_MARKERS)
