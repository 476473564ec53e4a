"""The scan's progress on stderr: files, records, MB, records/s, ETA and errors.

A tqdm bar over the input bytes on disk (so the ETA holds for archives too);
it turns itself off when stderr is not a terminal or with --quiet. The final
summary line is printed unless --quiet, terminal or not.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from tqdm import tqdm

from classifier.batch.archives import archive_kind
from classifier.batch.results import TaskResult
from classifier.batch.sources import Selection, path_identity

MB = 1024 * 1024


def input_bytes(
    inputs: Sequence[str | Path], skip: Path | None = None, selection: Selection | None = None
) -> int:
    """Bytes on disk of all inputs (symlinks not followed), the bar's total; the folder `skip` (the
    scan's own output folder, which the scan never reads) is left out, and so are the files and
    folders `selection` leaves out, as the scan does (archives are counted whole: their members are
    chosen inside)."""
    skipped = path_identity(skip, missing_ok=True) if skip is not None else None
    total = 0
    for given in inputs:
        path = Path(given)
        if path.is_symlink():
            continue
        if path.is_file():
            total += path.stat().st_size
        for dirpath, dirnames, filenames in os.walk(path, followlinks=False):
            here = Path(dirpath)
            dirnames[:] = [
                d
                for d in dirnames
                if not (skipped is not None and path_identity(here / d, missing_ok=True) == skipped)
                and not (selection and selection.excluded((here / d).relative_to(path).as_posix()))
            ]
            for name in filenames:
                file = here / name
                if selection and not _selected(selection, file.relative_to(path).as_posix()):
                    continue
                if not file.is_symlink() and file.is_file():
                    total += file.stat().st_size
    return total


def _selected(selection: Selection, relpath: str) -> bool:
    """Whether the scan reads a file of a folder: one `selection` wants, or an archive it does not
    exclude (by name here; the scan also knows archives by their first bytes)."""
    if archive_kind(relpath) is not None:
        return not selection.excluded(relpath)
    return selection.wants(relpath)


class Progress:
    """Counts what the workers finished and shows it."""

    def __init__(self, total_bytes: int, quiet: bool = False, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.files = 0
        self.records = 0
        self.errors = 0
        self.bytes = 0
        self.skipped = 0
        self.started = time.monotonic()
        self.bar = tqdm(
            total=total_bytes or None,
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            desc="scan",
            file=self.stream,
            disable=quiet or not self.stream.isatty(),
            dynamic_ncols=True,
        )

    def skip(self, disk_bytes: int) -> None:
        """An item already done in the run being resumed."""
        self.skipped += 1
        self.bar.update(disk_bytes)

    def update(self, result: TaskResult, disk_bytes: int) -> None:
        self.files += len(result.files)
        for stats in result.files:
            self.records += stats.records
            self.errors += stats.error_records
            self.bytes += stats.bytes
        rate = self.records / max(time.monotonic() - self.started, 1e-9)
        self.bar.set_postfix_str(
            f"files={self.files} records={self.records} {self.bytes / MB:.1f}MB "
            f"{rate:.0f}rec/s errors={self.errors}",
            refresh=False,
        )
        self.bar.update(disk_bytes)

    def complete(self) -> None:
        """Every input was read: the bar ends full, whatever its total could not tell apart (archive
        members left out by --include/--exclude, files known as archives only by their bytes)."""
        if self.bar.total and self.bar.n < self.bar.total:
            self.bar.update(self.bar.total - self.bar.n)

    def close(self) -> None:
        self.bar.close()

    def summary_line(self) -> str:
        elapsed = time.monotonic() - self.started
        resumed = f", {self.skipped} already done" if self.skipped else ""
        rate = self.records / max(elapsed, 1e-9)
        return (
            f"classifier: scanned {self.files} file(s){resumed}, {self.records} record(s), "
            f"{self.bytes / MB:.1f} MB in {elapsed:.1f}s ({rate:.0f} records/s), "
            f"{self.errors} error record(s)"
        )

    def finish(self) -> None:
        self.close()
        if not self.quiet:
            print(self.summary_line(), file=self.stream)
