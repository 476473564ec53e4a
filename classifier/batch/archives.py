"""Streaming, hostile-input-safe readers for .zip, .tar, .tar.gz/.tgz and .gz.

Nothing is ever extracted to disk: members are read into memory one at a time,
under limits counted on the bytes actually decompressed and on the compressed
bytes actually read (headers can lie, so a header's sizes are never used).
Each problem (path traversal, absolute names, symlinks, sparse tar members,
encrypted members, compression bombs, nesting too deep, corrupt data) becomes an
error item and the walk goes on with the next member where the format allows it.

A compressed tar is one stream: reaching the next header means decompressing the
members in between, refused ones included. So everything tarfile pulls out of
the decompressor is metered (`_MeteredStream`): it counts against the scan's
total budget and against the stream's own ratio, and crossing either abandons
the archive.
"""

from __future__ import annotations

import gzip
import io
import lzma
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from classifier.batch.items import MEMBER_SEP, SourceItem
from classifier.batch.limits import ArchiveLimitExceeded, Budget, LimitExceeded

CHUNK = 1024 * 1024
#: compressed bytes a gzip reader may have pulled ahead of what it decompressed
#: (8 KB in Python 3.11, 128 KB from 3.12) plus tarfile's own record buffer
READ_AHEAD = 144 * 1024
#: a zip member is read this much at a time: zipfile then keeps at most about this much compressed
#: data read ahead of its decompressor, so a directory that lies about the compressed size moves
#: the ratio check by no more than this (the member's own bytes are counted as really read)
ZIP_READ = 16 * 1024
#: zipfile gives bzip2 and lzma no output bound (no max_length) and bzip2 turns ~40 bytes into
#: a 46 MB block, lzma reaches ~7000:1 on zeros (a crafted stream more): their compressed input is
#: fed in slivers, so one call yields at most about one bzip2 block or a few tens of MB of lzma
ZIP_READ_CAPS = {zipfile.ZIP_STORED: ZIP_READ, zipfile.ZIP_DEFLATED: ZIP_READ, zipfile.ZIP_LZMA: 512}
ZIP_READ_OTHER = 16
#: tar headers, padding and tarfile's 10 KB record reads on top of the grace size before a
#: compressed tar stream (or all of a zip's members) as a whole is ratio-checked (so a lone member
#: under the grace never is)
TAR_STREAM_SLACK = 64 * 1024
#: the most a tar member's headers (PAX records, long names) may take; real ones take a few KB
TAR_HEADER_CAP = 16 * 1024 * 1024
#: what a damaged member raises while it is read (zipfile lets lzma's own error through)
MEMBER_ERRORS = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, NotImplementedError)
#: what a damaged archive raises while it is opened or walked: zipfile also raises NotImplementedError
#: (a directory claiming a newer zip version) and UnicodeDecodeError, a ValueError (a name flagged UTF-8
#: that is not)
ARCHIVE_ERRORS = (tarfile.TarError, gzip.BadGzipFile, ValueError, *MEMBER_ERRORS)


@dataclass
class WalkContext:
    """What every level of a (nested) archive walk shares."""

    budget: Budget
    wants: Callable[[str], bool]
    #: a nested archive matched by an exclude glob is not opened (as one in a folder)
    excluded: Callable[[str], bool] = lambda _: False


class _CorruptArchive(Exception):
    """A single-stream archive (.gz) that is empty, truncated or not what it claims to be."""


def _ratio_error(limits_ratio: float, what: str = "") -> str:
    return f"compression ratio{what} above {limits_ratio:g}:1 (possible compression bomb), not expanded"


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


class _SeekableCounter:
    """The archive file as zipfile sees it: counts the bytes really read from it.

    While a member is streamed, `cap` bounds each read, so the compressed bytes
    counted for the member are close to those the decompressor consumed whatever
    the (possibly lying) sizes in the zip's directory.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.count = 0
        self.cap: int | None = None

    def read(self, n: int | None = -1) -> bytes:
        if self.cap is not None and (n is None or n < 0 or n > self.cap):
            n = self.cap
        data = self.raw.read(n)
        self.count += len(data)
        return data

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self.raw.seek(offset, whence)

    def tell(self) -> int:
        return self.raw.tell()

    def seekable(self) -> bool:
        return True


class _MeteredStream:
    """The decompressed tar stream as tarfile reads it: every byte, member data or not, is metered.

    Bytes count against the scan's budget (once: members read from here do not
    consume it again) and, after the grace size, the stream as a whole must stay
    under the ratio against the compressed bytes read so far.
    """

    def __init__(self, raw: BinaryIO, counter: _CountingReader, ctx: WalkContext) -> None:
        self.raw = raw
        self.counter = counter
        self.ctx = ctx
        self.produced = 0

    def read(self, n: int | None = -1) -> bytes:
        if n is None or n < 0:
            parts = []
            while part := self.read(CHUNK):
                parts.append(part)
            return b"".join(parts)
        data = self.raw.read(n)
        self.produced += len(data)
        self.ctx.budget.consume(len(data))
        limits = self.ctx.budget.limits
        if self.produced > limits.ratio_grace_bytes + TAR_STREAM_SLACK:
            if self.produced / max(self.counter.count, 1) > limits.max_ratio:
                raise ArchiveLimitExceeded(_ratio_error(limits.max_ratio, " of the tar stream"))
        return data


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
    fh: BinaryIO,
    ctx: WalkContext,
    compressed: Callable[[], int] | None,
    read_ahead: int = 0,
    *,
    consume: bool = True,
    chunk_size: int = CHUNK,
) -> bytes:
    """Read a member fully, stopping as soon as a limit is crossed.

    `compressed` returns the compressed bytes really read so far for this
    member (None for stored data), of which up to `read_ahead` may have been read
    before the member started: the ratio is checked on every chunk against
    compressed + read_ahead, so a legitimate member is never flagged because of
    buffering, and a bomb is abandoned after at most
    ratio x (compressed + read_ahead) + one chunk of output.
    `consume` is False when the bytes were already counted against the budget
    (a metered tar stream).
    """
    limits = ctx.budget.limits
    out = bytearray()
    while True:
        chunk = fh.read(chunk_size)
        if not chunk:
            return bytes(out)
        out += chunk
        if consume:
            ctx.budget.consume(len(chunk))
        if len(out) > limits.max_member_bytes:
            raise LimitExceeded(f"member larger than {limits.max_member_bytes} bytes, not read")
        if compressed is not None and len(out) > limits.ratio_grace_bytes:
            used = max(compressed() + read_ahead, 1)
            if len(out) / used > limits.max_ratio:
                raise LimitExceeded(_ratio_error(limits.max_ratio))


def iter_archive(fh: BinaryIO, name: str, source: str, depth: int, ctx: WalkContext) -> Iterator[SourceItem]:
    """Members of one archive (`fh` positioned at its start); `depth` 1 for a top-level archive."""
    kind = archive_kind(name, _peek(fh))
    try:
        if kind == "zip":
            yield from _iter_zip(fh, source, depth, ctx)
        elif kind == "tar":
            yield from _iter_tar(fh, None, source, depth, ctx)
        elif kind == "tar.gz":
            yield from _iter_tar_gz(fh, source, depth, ctx)
        elif kind == "gz":
            yield from _iter_gzip(fh, name, source, depth, ctx)
        else:
            yield SourceItem(source, name, error="not a recognised archive")
    except LimitExceeded as exc:
        yield SourceItem(source, name, error=f"archive abandoned: {exc}")
    except _CorruptArchive as exc:
        yield SourceItem(source, name, error=f"corrupt or truncated archive ({exc})")
    except ARCHIVE_ERRORS as exc:
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
    if ctx.excluded(member) if nested else not ctx.wants(member):
        return
    if nested and depth >= ctx.budget.limits.max_depth:
        yield SourceItem(
            source, leaf, error=f"nested archive beyond the depth limit of {ctx.budget.limits.max_depth}"
        )
        return
    try:
        data = data_source()
    except ArchiveLimitExceeded:
        raise
    except LimitExceeded as exc:
        yield SourceItem(source, leaf, error=str(exc))
        return
    except MEMBER_ERRORS as exc:
        yield SourceItem(source, leaf, error=f"corrupt or unreadable member ({type(exc).__name__})")
        return
    if nested:
        yield from iter_archive(io.BytesIO(data), member, source, depth + 1, ctx)
    else:
        yield SourceItem(source, leaf, data=data, size=len(data))


def _iter_zip(fh: BinaryIO, source: str, depth: int, ctx: WalkContext) -> Iterator[SourceItem]:
    archive_size = fh.seek(0, io.SEEK_END)
    fh.seek(0)
    counted = _SeekableCounter(fh)
    produced = [0]  # bytes of all members so far: many members under the grace size are one bomb too
    with zipfile.ZipFile(counted) as zf:  # type: ignore[arg-type]
        for info in zf.infolist():
            member_source = f"{source}{MEMBER_SEP}{info.filename}"
            leaf = PurePosixPath(info.filename).name or info.filename
            if info.is_dir():
                if info.file_size or info.compress_size:  # a folder entry holding data hides it
                    yield SourceItem(member_source, leaf, error="folder entry holding data not scanned")
                continue
            problem = unsafe_name(info.filename)
            if problem is None and stat.S_ISLNK(info.external_attr >> 16):
                problem = "symbolic link member not followed"
            if problem is None and info.flag_bits & 0x1:
                problem = "encrypted member cannot be scanned"
            if problem:
                yield SourceItem(member_source, leaf, error=problem)
                continue

            def data(info: zipfile.ZipInfo = info) -> bytes:
                # the ratio is measured on the compressed bytes really read for this member, never on
                # the directory's compress_size (a lying one would let a bomb run to the member limit)
                with zf.open(info) as member:
                    start = counted.count
                    counted.cap = ZIP_READ_CAPS.get(info.compress_type, ZIP_READ_OTHER)
                    try:
                        content = read_limited(
                            member, ctx, lambda: counted.count - start, chunk_size=ZIP_READ
                        )
                    finally:
                        counted.cap = None
                produced[0] += len(content)
                _check_archive_ratio(produced[0], counted.count, ctx)
                return content

            for item in _member(data, info.filename, member_source, depth, ctx):
                item.disk_bytes = min(info.compress_size, archive_size) if depth == 1 else 0
                yield item


def _check_archive_ratio(produced: int, compressed: int, ctx: WalkContext) -> None:
    """The whole zip so far against the ratio, once past the grace size: each member may stay under
    the member grace (1 MB) while thousands of them expand a small file into gigabytes."""
    limits = ctx.budget.limits
    if (
        produced > limits.ratio_grace_bytes + TAR_STREAM_SLACK
        and produced / max(compressed, 1) > limits.max_ratio
    ):
        raise ArchiveLimitExceeded(_ratio_error(limits.max_ratio, " of the zip's members together"))


class _HeaderCap:
    """The tar stream, with a cap on what tarfile reads between two members.

    tarfile reads a member's headers (PAX records, GNU long names) whole into memory before it
    yields the member, and no member-size limit applies to them: a plain `.tar` holding a header of
    gigabytes would take that much memory. Between members it may read the previous member's data
    (skipped or read by us) and headers of up to `TAR_HEADER_CAP` bytes.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.allowed = TAR_HEADER_CAP
        self.read_since = 0

    def next_member(self, size: int) -> None:
        """A member of `size` bytes was yielded: its data and the next headers may follow."""
        self.allowed = -(-size // tarfile.BLOCKSIZE) * tarfile.BLOCKSIZE + TAR_HEADER_CAP
        self.read_since = 0

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.read_since += len(data)
        if self.read_since > self.allowed:
            raise ArchiveLimitExceeded(f"tar header larger than {TAR_HEADER_CAP // (1024 * 1024)} MB")
        return data


def _iter_tar(
    fh: BinaryIO, counter: _CountingReader | None, source: str, depth: int, ctx: WalkContext
) -> Iterator[SourceItem]:
    capped = _HeaderCap(fh)
    with tarfile.open(fileobj=capped, mode="r|") as tf:  # type: ignore[call-overload]
        mark = 0
        for member in tf:
            capped.next_member(member.size)
            if member.isdir():
                continue
            member_source = f"{source}{MEMBER_SEP}{member.name}"
            leaf = PurePosixPath(member.name).name or member.name
            problem = unsafe_name(member.name)
            if problem is None and (member.issym() or member.islnk()):
                problem = "symbolic or hard link member not followed"
            if problem is None and member.issparse():
                # a sparse map can expand a few KB into terabytes of zeros
                problem = "sparse member not read"
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
                # a compressed stream is metered (budget included) as tarfile reads it
                return read_limited(
                    extracted, ctx, ratio, READ_AHEAD if counter else 0, consume=counter is None
                )

            for item in _member(data, member.name, member_source, depth, ctx):
                position = counter.count if counter else tf.offset
                item.disk_bytes, mark = (position - mark if depth == 1 else 0), position
                yield item


def _iter_tar_gz(fh: BinaryIO, source: str, depth: int, ctx: WalkContext) -> Iterator[SourceItem]:
    counter = _CountingReader(fh)
    gz = gzip.GzipFile(fileobj=counter, mode="rb")
    stream = _MeteredStream(gz, counter, ctx)  # type: ignore[arg-type]
    yield from _iter_tar(stream, counter, source, depth, ctx)  # type: ignore[arg-type]


def _iter_gzip(fh: BinaryIO, name: str, source: str, depth: int, ctx: WalkContext) -> Iterator[SourceItem]:
    """A single gzip stream is one member named like the archive without `.gz`."""
    inner = name[:-3] if name.lower().endswith(".gz") else name + ".out"
    if inner.lower().endswith(".tar"):
        yield from _iter_tar_gz(fh, source, depth, ctx)
        return
    counter = _CountingReader(fh)
    gz = gzip.GzipFile(fileobj=counter, mode="rb")

    def data() -> bytes:
        # the member is the whole archive: a damaged stream is a corrupt archive, as for .zip and .tar
        try:
            out = read_limited(gz, ctx, lambda: counter.count, READ_AHEAD)
        except (EOFError, zlib.error, OSError) as exc:
            raise _CorruptArchive(type(exc).__name__) from exc
        if counter.count == 0:
            raise _CorruptArchive("empty file")
        return out

    for item in _member(data, inner, source, depth, ctx):
        item.disk_bytes = counter.count if depth == 1 else 0
        yield item
