"""Streaming, hostile-input-safe readers for .zip, .tar, .tar.gz/.tgz and .gz.

Nothing is ever extracted to disk: members are read into memory one at a time,
under limits counted on the bytes actually decompressed (headers can lie).
Each problem (path traversal, absolute names, symlinks, encrypted members,
compression bombs, nesting too deep, corrupt data) becomes an error item and
the walk goes on with the next member where the format allows it.
"""

from __future__ import annotations

import gzip
import io
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from classifier.batch.items import MEMBER_SEP, SourceItem
from classifier.batch.limits import Budget, LimitExceeded

CHUNK = 1024 * 1024
#: compressed bytes a gzip reader may have pulled ahead of what it decompressed
#: (8 KB in Python 3.11, 128 KB from 3.12) plus tarfile's own record buffer
READ_AHEAD = 144 * 1024


@dataclass
class WalkContext:
    """What every level of a (nested) archive walk shares."""

    budget: Budget
    wants: Callable[[str], bool]


class _CountingReader(io.RawIOBase):
    """Counts the compressed bytes a decompressor pulls, to measure the real ratio."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n


def archive_kind(name: str, head: bytes = b"") -> str | None:
    """'zip', 'tar', 'tar.gz' or 'gz' from the name, else from the magic bytes; None otherwise."""
    lower = name.lower()
    if lower.endswith(".zip"):
        return "zip"
    if lower.endswith((".tar.gz", ".tgz")):
        return "tar.gz"
    if lower.endswith(".tar"):
        return "tar"
    if lower.endswith(".gz"):
        return "gz"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\x1f\x8b"):
        return "gz"
    if len(head) >= 262 and head[257:262] == b"ustar":
        return "tar"
    return None


def unsafe_name(name: str) -> str | None:
    """Why a member name could escape an output folder, or None when it is safe."""
    if not name or "\x00" in name:
        return "empty or NUL in member name"
    posix = name.replace("\\", "/")
    if posix.startswith("/") or (len(posix) > 1 and posix[1] == ":"):
        return "absolute member path"
    if ".." in PurePosixPath(posix).parts:
        return "member path escapes the archive (..)"
    return None


def read_limited(
    fh: BinaryIO, ctx: WalkContext, compressed: Callable[[], int] | None, read_ahead: int = 0
) -> bytes:
    """Read a member fully, stopping as soon as a limit is crossed.

    `compressed` returns the compressed bytes consumed so far for this member
    (None for stored data), of which up to `read_ahead` may have been read
    before the member started: the ratio is checked on every chunk against
    compressed + read_ahead, so a legitimate member is never flagged because of
    buffering, and a bomb is abandoned after at most
    ratio x (compressed + read_ahead) + one chunk of output.
    """
    limits = ctx.budget.limits
    out = bytearray()
    while True:
        chunk = fh.read(CHUNK)
        if not chunk:
            return bytes(out)
        out += chunk
        ctx.budget.consume(len(chunk))
        if len(out) > limits.max_member_bytes:
            raise LimitExceeded(f"member larger than {limits.max_member_bytes} bytes, not read")
        if compressed is not None and len(out) > limits.ratio_grace_bytes:
            used = max(compressed() + read_ahead, 1)
            if len(out) / used > limits.max_ratio:
                raise LimitExceeded(
                    f"compression ratio above {limits.max_ratio:g}:1 "
                    "(possible compression bomb), not expanded"
                )


def iter_archive(fh: BinaryIO, name: str, source: str, depth: int, ctx: WalkContext) -> Iterator[SourceItem]:
    """Members of one archive (`fh` positioned at its start); `depth` 1 for a top-level archive."""
    kind = archive_kind(name, _peek(fh))
    try:
        if kind == "zip":
            yield from _iter_zip(fh, source, depth, ctx)
        elif kind == "tar":
            yield from _iter_tar(fh, None, source, depth, ctx)
        elif kind == "tar.gz":
            counter = _CountingReader(fh)
            gz = gzip.GzipFile(fileobj=counter, mode="rb")
            yield from _iter_tar(gz, counter, source, depth, ctx)
        elif kind == "gz":
            yield from _iter_gzip(fh, name, source, depth, ctx)
        else:
            yield SourceItem(source, name, error="not a recognised archive")
    except LimitExceeded as exc:
        yield SourceItem(source, name, error=f"archive abandoned: {exc}")
    except (tarfile.TarError, zipfile.BadZipFile, gzip.BadGzipFile, zlib.error, EOFError, OSError) as exc:
        yield SourceItem(source, name, error=f"corrupt or truncated archive ({type(exc).__name__})")


def _peek(fh: BinaryIO) -> bytes:
    if hasattr(fh, "peek"):
        return fh.peek(512)[:512]
    if fh.seekable():
        pos = fh.tell()
        head = fh.read(512)
        fh.seek(pos)
        return head
    return b""


def _member(
    data_source: Callable[[], bytes], member: str, source: str, depth: int, ctx: WalkContext
) -> Iterator[SourceItem]:
    """One member: a nested archive (walked), a selected document (yielded) or nothing."""
    leaf = PurePosixPath(member).name
    nested = archive_kind(member) is not None
    if not nested and not ctx.wants(member):
        return
    if nested and depth >= ctx.budget.limits.max_depth:
        yield SourceItem(
            source, leaf, error=f"nested archive beyond the depth limit of {ctx.budget.limits.max_depth}"
        )
        return
    try:
        data = data_source()
    except LimitExceeded as exc:
        if "total uncompressed" in str(exc):
            raise
        yield SourceItem(source, leaf, error=str(exc))
        return
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        yield SourceItem(source, leaf, error=f"corrupt or unreadable member ({type(exc).__name__})")
        return
    if nested:
        yield from iter_archive(io.BytesIO(data), member, source, depth + 1, ctx)
    else:
        yield SourceItem(source, leaf, data=data, size=len(data))


def _iter_zip(fh: BinaryIO, source: str, depth: int, ctx: WalkContext) -> Iterator[SourceItem]:
    with zipfile.ZipFile(fh) as zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            member_source = f"{source}{MEMBER_SEP}{info.filename}"
            leaf = PurePosixPath(info.filename).name or info.filename
            problem = unsafe_name(info.filename)
            if problem is None and stat.S_ISLNK(info.external_attr >> 16):
                problem = "symbolic link member not followed"
            if problem is None and info.flag_bits & 0x1:
                problem = "encrypted member cannot be scanned"
            if problem:
                yield SourceItem(member_source, leaf, error=problem)
                continue

            def data(info: zipfile.ZipInfo = info) -> bytes:
                # the header's compressed size bounds what zipfile reads, so it bounds the real ratio
                with zf.open(info) as member:
                    return read_limited(member, ctx, lambda: info.compress_size)

            for item in _member(data, info.filename, member_source, depth, ctx):
                item.disk_bytes = info.compress_size if depth == 1 else 0
                yield item


def _iter_tar(
    fh: BinaryIO, counter: _CountingReader | None, source: str, depth: int, ctx: WalkContext
) -> Iterator[SourceItem]:
    with tarfile.open(fileobj=fh, mode="r|") as tf:
        mark = 0
        for member in tf:
            if member.isdir():
                continue
            member_source = f"{source}{MEMBER_SEP}{member.name}"
            leaf = PurePosixPath(member.name).name or member.name
            problem = unsafe_name(member.name)
            if problem is None and (member.issym() or member.islnk()):
                problem = "symbolic or hard link member not followed"
            if problem is None and not member.isfile():
                problem = "not a regular file"
            if problem:
                yield SourceItem(member_source, leaf, error=problem)
                continue

            def data(member: tarfile.TarInfo = member) -> bytes:
                extracted = tf.extractfile(member)
                if extracted is None:
                    raise OSError("no data")
                start = counter.count if counter else 0
                ratio = (lambda: counter.count - start) if counter else None
                return read_limited(extracted, ctx, ratio, READ_AHEAD if counter else 0)

            for item in _member(data, member.name, member_source, depth, ctx):
                position = counter.count if counter else tf.offset
                item.disk_bytes, mark = (position - mark if depth == 1 else 0), position
                yield item


def _iter_gzip(fh: BinaryIO, name: str, source: str, depth: int, ctx: WalkContext) -> Iterator[SourceItem]:
    """A single gzip stream is one member named like the archive without `.gz`."""
    inner = name[:-3] if name.lower().endswith(".gz") else name + ".out"
    counter = _CountingReader(fh)
    gz = gzip.GzipFile(fileobj=counter, mode="rb")
    if inner.lower().endswith(".tar"):
        yield from _iter_tar(gz, counter, source, depth, ctx)
        return
    for item in _member(
        lambda: read_limited(gz, ctx, lambda: counter.count, READ_AHEAD), inner, source, depth, ctx
    ):
        item.disk_bytes = counter.count if depth == 1 else 0
        yield item
