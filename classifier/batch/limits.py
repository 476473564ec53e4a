"""Safety limits for reading untrusted folders and archives.

Archives come from customers and may be hostile (zip bombs, path traversal,
symlinks). Every limit is enforced on the bytes actually produced while
streaming, never on sizes claimed by headers, and every breach becomes an error
record (fail closed) instead of stopping the scan.
"""

from __future__ import annotations

from dataclasses import dataclass

GB = 1024**3
MB = 1024**2


class LimitExceeded(Exception):
    """Raised while streaming when a member or the whole scan exceeds a limit."""


class ArchiveLimitExceeded(LimitExceeded):
    """A limit whose breach abandons the whole archive being read, not just one member.

    The scan-wide total, and the ratio of a compressed tar stream as a whole (its
    skipped and refused members included): once crossed, going on to the next
    member would mean decompressing more of the same stream.
    """


@dataclass(frozen=True)
class SourceLimits:
    """How far the scan will go into archives and how much it will decompress."""

    #: total uncompressed bytes produced by all archives of one scan
    max_total_bytes: int = 50 * GB
    #: uncompressed:compressed ratio allowed per member, and per compressed tar stream as a whole
    #: (zip bombs reach 1000:1); compressed bytes are those really read, never a header's sizes
    max_ratio: float = 200.0
    #: members (and tar streams) smaller than this are not ratio-checked (tiny repetitive files
    #: compress well)
    ratio_grace_bytes: int = 1 * MB
    #: archives inside archives are opened down to this depth (top-level archive = 1)
    max_depth: int = 2
    #: a member is parsed in memory; larger members are reported instead of read
    max_member_bytes: int = 512 * MB


class Budget:
    """The scan-wide count of decompressed bytes, shared by every archive reader."""

    def __init__(self, limits: SourceLimits) -> None:
        self.limits = limits
        self.used = 0

    def consume(self, n: int) -> None:
        self.used += n
        if self.used > self.limits.max_total_bytes:
            raise ArchiveLimitExceeded(
                f"total uncompressed size limit of {self.limits.max_total_bytes} bytes reached "
                "(raise it with --max-total-bytes)"
            )
