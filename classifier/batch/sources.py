"""Where a scan's documents come from: files, folders and archives given on the command line.

Folders are walked recursively in sorted order (so that every run sees the same
sequence), symbolic links are reported and never followed, and include/exclude
globs select documents by their path relative to the input (archives are always
opened unless excluded). Archives are streamed by `classifier.batch.archives`.
A Slack export (a folder with users.json and channels.json) is one item, read as
a whole by the Slack reader. A folder that cannot be listed or checked becomes
an error item naming it, and the walk goes on; the scan's own output folder is
never walked.

Every item of one scan has its own `source` (its record ids derive from it) and
its own `relpath` (where its redacted copy goes), even when an archive repeats
a member name (`a.jsonl` twice, or `a.jsonl` and `./a.jsonl`) or when names
clash as file and folder (`d` and `d/e.jsonl`): a repeated source gets ` #2`,
` #3`... before its extension, a clashing redacted path gets `~2`, `~3`...
(`UniqueNames`). Both depend only on the order of the items, which is the same
on every run, so `--resume` finds the same sources again.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import stat
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from classifier.batch.archives import ARCHIVE_ERRORS, WalkContext, archive_kind, iter_archive
from classifier.batch.items import MEMBER_SEP, SourceItem
from classifier.batch.limits import Budget, SourceLimits
from classifier.failures import os_reason

SLACK_MARKERS = ("users.json", "channels.json")


class ScanInputError(Exception):
    """A top-level input that does not exist, or that lies inside the scan's output folder (usage error)."""


@dataclass
class Selection:
    """Include/exclude globs, matched against a document's path relative to its input."""

    include: Sequence[str] = ()
    exclude: Sequence[str] = ()

    def wants(self, relpath: str) -> bool:
        # `./sub/a.jsonl` (a tar member) is `sub/a.jsonl`
        relpath = "/".join(p for p in relpath.replace("\\", "/").split("/") if p not in ("", "."))
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
    #: folders never walked (the scan's output folder), matched by identity, whatever the path's spelling
    skip: Sequence[str | Path] = ()
    _skip_ids: frozenset[tuple[int, int]] = field(default=frozenset(), init=False, repr=False)

    def __iter__(self) -> Iterator[SourceItem]:
        ctx = WalkContext(Budget(self.limits), self.selection.wants, self.selection.excluded)
        self._skip_ids = frozenset(filter(None, (path_identity(Path(p), missing_ok=True) for p in self.skip)))
        names = UniqueNames()
        for given in self.inputs:
            for item in self._input(Path(given), str(given), ctx):
                # outputs are UTF-8: a name that is not (a Latin-1 file or member name) gets U+FFFD
                item.source, item.name = valid_text(item.source), valid_text(item.name)
                relpath = output_relpath(item.source, valid_text(str(given)))
                item.source, number = names.source(item.source)
                if number > 1:
                    relpath = with_number(relpath, f" #{number}")
                item.relpath = names.relpath(relpath)
                yield item

    def _input(self, path: Path, source: str, ctx: WalkContext) -> Iterator[SourceItem]:
        try:
            is_link, is_dir, is_file = path.is_symlink(), path.is_dir(), path.is_file()
        except OSError as exc:
            yield SourceItem(source, path.name, error=f"cannot check this input ({os_reason(exc)})")
            return
        if is_link:
            yield SourceItem(source, path.name, error="symbolic link not followed")
        elif is_dir:
            yield from self._walk(path, source, ctx)
        elif is_file:
            yield from self._file(path, source, ctx, toplevel=True)
        else:
            yield SourceItem(source, path.name, error="no such file or folder")

    def _walk(self, root: Path, source_root: str, ctx: WalkContext) -> Iterator[SourceItem]:
        try:
            slack = is_slack_export(root)
        except OSError as exc:
            yield SourceItem(source_root, root.name, error=f"cannot check folder ({os_reason(exc)})")
            return
        if slack:
            yield SourceItem(source_root, root.name, path=str(root), fmt="slack")
            return

        def source_of(path: Path) -> str:
            rel = path.relative_to(root).as_posix()
            return source_root if rel == "." else f"{source_root.rstrip('/')}/{rel}"

        unlisted: list[OSError] = []  # folders os.walk could not list, reported where they fall

        def report_unlisted() -> Iterator[SourceItem]:
            while unlisted:
                exc = unlisted.pop(0)
                folder = Path(exc.filename) if exc.filename else root
                reason = os_reason(exc)
                yield SourceItem(source_of(folder), folder.name, error=f"cannot list folder ({reason})")

        for dirpath, dirnames, filenames in os.walk(root, onerror=unlisted.append, followlinks=False):
            yield from report_unlisted()
            dirnames.sort()
            filenames.sort()
            here = Path(dirpath)
            for name in list(dirnames):
                sub = here / name
                rel = sub.relative_to(root).as_posix()
                source = source_of(sub)
                try:
                    if sub.is_symlink():
                        yield SourceItem(source, name, error="symbolic link not followed")
                        dirnames.remove(name)
                    elif self._skip_ids and path_identity(sub) in self._skip_ids:
                        dirnames.remove(name)  # the scan's own output folder
                    elif self.selection.excluded(rel):
                        dirnames.remove(name)
                    elif is_slack_export(sub):
                        yield SourceItem(source, name, path=str(sub), fmt="slack")
                        dirnames.remove(name)
                except OSError as exc:
                    if name in dirnames:
                        dirnames.remove(name)
                    yield SourceItem(source, name, error=f"cannot check folder ({os_reason(exc)})")
            for name in filenames:
                file = here / name
                rel = file.relative_to(root).as_posix()
                source = source_of(file)
                try:
                    is_link = file.is_symlink()
                    is_file = not is_link and file.is_file()
                except OSError as exc:
                    yield SourceItem(source, name, error=f"cannot check file ({os_reason(exc)})")
                    continue
                if is_link:
                    yield SourceItem(source, name, error="symbolic link not followed")
                elif is_file:
                    yield from self._file(file, source, ctx, toplevel=False, rel=rel)
                else:
                    yield SourceItem(source, name, error="not a regular file")
        yield from report_unlisted()

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
            yield SourceItem(source, path.name, error=f"cannot read file ({os_reason(exc)})")


def check_inputs(inputs: Sequence[str | Path], out: Path) -> None:
    """Before a scan: every top-level input exists and none lies inside the output folder `out`.

    Raises `ScanInputError` naming the inputs at fault. An input that exists but
    cannot be read is not an error here: the scan reports it as an error record.
    """
    missing: list[str] = []
    inside: list[str] = []
    out_resolved = out.resolve()
    out_id = path_identity(out, missing_ok=True)
    for given in inputs:
        path = Path(given)
        try:
            st = os.lstat(path)
        except (FileNotFoundError, NotADirectoryError):
            missing.append(str(given))
            continue
        except OSError:
            continue  # exists, but cannot be checked: the scan reports it as an error record
        if stat.S_ISLNK(st.st_mode):
            continue  # reported, never followed
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):
            continue
        if resolved == out_resolved or out_resolved in resolved.parents or (st.st_dev, st.st_ino) == out_id:
            inside.append(str(given))
    problems = []
    if missing:
        problems.append(f"no such file or folder: {', '.join(missing)}")
    if inside:
        problems.append(
            f"input inside the output folder {out} (a scan never reads its own outputs): {', '.join(inside)}"
        )
    if problems:
        raise ScanInputError("; ".join(problems))


def output_relpath(source: str, given: str) -> str:
    """Where an item's redacted copy goes below DIR/redacted: the input's name, then the path inside it.

    Archive members become folders named after their archive; `..`, `.` and empty
    parts are dropped, so the result can never leave DIR/redacted.
    """
    rest = source[len(given) :] if source.startswith(given) else source
    name = Path(given.rstrip("/")).name or "input"
    parts = [name, *rest.replace(MEMBER_SEP, "/").replace("\\", "/").split("/")]
    parts = [_bounded_name(p) for p in parts if p not in ("", ".", "..")]
    if len(parts) > 2 and _nbytes("/".join(parts)) > MAX_RELPATH_BYTES:
        # the folders in between become one folder named after them (a digest keeps them apart)
        parts = [parts[0], _bounded_name("_".join(parts[1:-1]), force=True), parts[-1]]
    return "/".join(parts)


#: a redacted copy must be writable whatever its member's name: file systems refuse a name over 255 bytes
#: and Linux a path over 4096, so longer names are cut (room is left for the ` #2` and `~2` marks)
MAX_NAME_BYTES = 200
MAX_RELPATH_BYTES = 1000


def _nbytes(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _bounded_name(name: str, force: bool = False) -> str:
    """`name`, or when too long its start, `~` and a digest of the whole name, then its extension."""
    if not force and _nbytes(name) <= MAX_NAME_BYTES:
        return name
    digest = _digest(name, size=8).hex()
    ext = name[_extension_start(name) :]
    if _nbytes(ext) > 32:
        ext = ""
    room = MAX_NAME_BYTES - _nbytes(ext) - len(digest) - 1
    head = name[: len(name) - len(ext)].encode("utf-8", "surrogatepass")[:room].decode("utf-8", "ignore")
    return f"{head}~{digest}{ext}"


def valid_text(text: str) -> str:
    """`text` with each lone surrogate (an undecodable byte of a file or member name) as U+FFFD."""
    if not any("\ud800" <= c <= "\udfff" for c in text):
        return text
    return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)


class UniqueNames:
    """Gives each item of one scan a distinct source and a distinct redacted path.

    `source` compares normalised paths (`./a.jsonl` is `a.jsonl`, `a//b` is `a/b`;
    inside archives `\\` is `/`) and numbers a repeat ` #2`, ` #3`... before its
    extension, so `*.jsonl` globs of a manifest still match it. `relpath` keeps
    a redacted copy from landing on another one, on a folder of copies, or below
    one: the clashing part becomes `name~2.ext`, `name~3.ext`... Redacted paths
    are compared as a case-insensitive file system would (case-folded, NFC), so
    outputs are the same on every system. The answers depend only on the order
    of the calls, hence are the same on every run of the same scan.
    """

    def __init__(self) -> None:
        self._sources: set[bytes] = set()
        self._files: set[bytes] = set()
        self._folders: set[str] = set()
        #: folder as wanted (folded, below its assigned parent) -> folder as assigned
        self._assigned: dict[str, str] = {}

    def source(self, source: str) -> tuple[str, int]:
        """The source to use, and its number (1: as given; 2 for its first repeat...)."""
        number, candidate = 1, source
        while (key := _digest(_source_key(candidate))) in self._sources:
            number += 1
            candidate = with_number(source, f" #{number}")
        self._sources.add(key)
        return candidate, number

    def relpath(self, relpath: str) -> str:
        """`relpath`, or the nearest free variant of it."""
        *folders, leaf = relpath.split("/")
        parent = ""
        for name in folders:
            wanted = _fold(_join(parent, name))
            if wanted not in self._assigned:
                candidate, number = _join(parent, name), 1
                while _digest(_fold(candidate)) in self._files:
                    number += 1
                    candidate = _join(parent, with_number(name, f"~{number}"))
                self._assigned[wanted] = candidate
                self._folders.add(_fold(candidate))
            parent = self._assigned[wanted]
        candidate, number = _join(parent, leaf), 1
        while _digest(_fold(candidate)) in self._files or _fold(candidate) in self._folders:
            number += 1
            candidate = _join(parent, with_number(leaf, f"~{number}"))
        self._files.add(_digest(_fold(candidate)))
        return candidate


def with_number(path: str, mark: str) -> str:
    """`path` with `mark` inserted before the extension of its last name: `x!/a.jsonl` -> `x!/a #2.jsonl`."""
    cut = max(path.rfind("/"), path.rfind("\\")) + 1
    head, name = path[:cut], path[cut:]
    dot = _extension_start(name)
    return f"{head}{name[:dot]}{mark}{name[dot:]}"


def _extension_start(name: str) -> int:
    """Where the extension of a file name starts (`.jsonl` of `a.jsonl`, `.jsonl.gz` of `a.jsonl.gz`)."""
    gzipped = name.lower().endswith(".gz") and len(name) > 3
    base = name[:-3] if gzipped else name
    dot = base.rfind(".")
    if dot <= 0:
        dot = len(base) if gzipped else len(name)
    return dot


def _source_key(source: str) -> str:
    first, *members = source.split(MEMBER_SEP)
    parts = [os.path.normpath(first) if first else first]
    for member in members:
        parts.append("/".join(p for p in member.replace("\\", "/").split("/") if p not in ("", ".")))
    return MEMBER_SEP.join(parts)


def _fold(path: str) -> str:
    return unicodedata.normalize("NFC", path).casefold()


def _digest(text: str, size: int = 16) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=size).digest()


def _join(parent: str, name: str) -> str:
    return f"{parent}/{name}" if parent else name


def path_identity(path: Path, missing_ok: bool = False) -> tuple[int, int] | None:
    """Device and inode of `path` (links followed); with `missing_ok`, None when it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        if missing_ok:
            return None
        raise
    return st.st_dev, st.st_ino


def is_slack_zip(fh: BinaryIO) -> bool:
    """A zipped Slack export: users.json and channels.json at the top or in one top folder."""
    try:
        with zipfile.ZipFile(fh) as zf:
            names = {PurePosixPath(n) for n in zf.namelist()}
    except OSError:
        raise  # the file cannot be read: reported as such
    except ARCHIVE_ERRORS:
        return False  # not a readable zip: reading it as an archive reports why
    return any(
        all(PurePosixPath(*parent, marker) in names for marker in SLACK_MARKERS)
        for parent in {p.parts[:-1] for p in names if len(p.parts) <= 2}
    )


def is_slack_export(folder: Path) -> bool:
    """A Slack workspace export: users.json and channels.json side by side.

    Raises OSError (PermissionError) when the folder cannot be searched.
    """
    return all((folder / marker).is_file() for marker in SLACK_MARKERS)
