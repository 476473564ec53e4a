"""Crash-safe, resumable scan outputs: one atomic part per task, a done-manifest, a final merge.

Each task's lines are written to temporary files, fsynced and renamed into
DIR/.scan/parts/; only then is a line naming the task's sources appended (and
fsynced) to DIR/.scan/done.jsonl. After a crash or `kill -9`, `--resume` keeps
exactly the parts the manifest names, deletes the others and skips their
sources, so every input is processed exactly once. The final outputs are a
k-way merge of the sorted parts, deduplicated by key, hence in one
deterministic order whatever the executor, the worker count or the resumes.

Should an output not be writable (a full disk, a path taken by a file or
folder left there), the scan stops with an `OutputError` naming the path under
DIR and the system's reason, and leaves no temporary file behind: the task was
not recorded as done, so `--resume` redoes it once the cause is fixed.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from classifier.batch.results import FileStats, TaskResult
from classifier.failures import os_reason
from classifier.textio import visible

WORK_DIR = ".scan"
#: Version of what the parts hold, kept in the resume fingerprint: a scan interrupted under another
#: version (files.jsonl without decision counts, say) is not resumed into a wrong summary.
#: 3: sources and redacted paths are unique per scan (repeated members get ` #2`, clashing paths `~2`).
PARTS_FORMAT = 3
KINDS = ("documents", "findings", "files")
MAX_OPEN_PARTS = 128


class ResumeError(Exception):
    """--resume on an output folder that holds a scan of other inputs/options, or of another version."""


class OutputError(Exception):
    """An output under DIR could not be written; the message names it (relative to DIR) and the reason."""


def _fsync_write(path: Path, lines: Iterable[str]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            for line in lines:
                fh.write(line)
                fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


#: (sort key, line) of an output line (`results.keyed_line`)
Keyed = tuple[list[Any], str]


def _key(line: str) -> list[Any]:
    return json.loads(line.split("\t", 1)[0])


class ScanStore:
    """The output folder of one scan and its resume state."""

    def __init__(self, out: Path, fingerprint: dict[str, Any], resume: bool = False) -> None:
        self.out = out
        self.work = out / WORK_DIR
        self.parts = self.work / "parts"
        self.done_path = self.work / "done.jsonl"
        self.fingerprint_path = self.work / "scan.json"
        #: where a redacted copy is written before it is renamed into place (never below redacted/,
        #: where the name could be another copy's)
        self.redacting = self.work / "redacted-copy.tmp"
        self.owner: dict[str, int] = {}
        self.done_parts: list[int] = []
        fingerprint = {**fingerprint, "parts_format": PARTS_FORMAT}
        #: True when --resume found an interrupted scan; False when it started from the beginning
        self.resumed = resume and self.fingerprint_path.is_file()
        if self.resumed:
            self._load(fingerprint)
            with contextlib.suppress(FileNotFoundError):
                self.redacting.unlink()
        else:
            shutil.rmtree(self.work, ignore_errors=True)
            self.parts.mkdir(parents=True)
            _fsync_write(self.fingerprint_path, [json.dumps(fingerprint, sort_keys=True)])
            self.done_path.touch()
        self._next = max(self.done_parts, default=-1) + 1
        self._done = open(self.done_path, "a", encoding="utf-8", newline="\n")  # noqa: SIM115 - kept open

    def _load(self, fingerprint: dict[str, Any]) -> None:
        try:
            earlier = json.loads(self.fingerprint_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise self._damaged(self.fingerprint_path.name) from None
        if earlier != json.loads(json.dumps(fingerprint, sort_keys=True)):
            raise ResumeError(
                f"{self.out}: the interrupted scan used other inputs or options, or another version of"
                " classifier; rerun without --resume"
            )
        valid = 0
        with open(self.done_path, "rb") as fh:
            for number, raw in enumerate(fh, start=1):
                if not raw.endswith(b"\n"):
                    break  # a line cut by the crash: its part is redone
                part, sources = self._done_entry(raw, number)
                self.done_parts.append(part)
                for source in sources:
                    self.owner.setdefault(source, part)
                valid += len(raw)
        with open(self.done_path, "r+b") as fh:
            fh.truncate(valid)
        keep = {f"{p:06d}" for p in self.done_parts}
        for path in self.parts.iterdir():
            if path.name.split(".", 1)[0] not in keep or path.name.endswith(".tmp"):
                path.unlink()

    def _done_entry(self, raw: bytes, number: int) -> tuple[int, list[str]]:
        """A whole line of done.jsonl: its part number and sources, whose part files must all be there.

        Lines are fsynced whole after their parts, so a complete line that cannot be read, or whose
        parts are gone, means the folder was changed by something else: resuming from it could
        drop or repeat records, so the scan stops and says how to start again.
        """
        try:
            entry = json.loads(raw)
            part, sources = entry["part"], entry["sources"]
            if isinstance(part, bool) or not isinstance(part, int) or not isinstance(sources, list):
                raise ValueError
            if not all(isinstance(source, str) for source in sources):
                raise ValueError
        except (ValueError, TypeError, KeyError):
            raise self._damaged(f"{self.done_path.name} line {number}") from None
        if not all((self.parts / f"{part:06d}.{kind}.jsonl").is_file() for kind in KINDS):
            raise self._damaged(f"the parts of {self.done_path.name} line {number}")
        return part, sources

    def _damaged(self, what: str) -> ResumeError:
        return ResumeError(
            f"{self.out}: the saved state of the interrupted scan is damaged ({what} in .scan/ cannot be"
            " read); rerun without --resume to scan from the beginning"
        )

    def is_done(self, source: str) -> bool:
        return source in self.owner

    def commit(self, result: TaskResult) -> None:
        """Write one task's outputs durably, then record it as done (in that order)."""
        part = self._next
        self._next += 1
        stem = f"{part:06d}"
        lines = {
            "documents": sorted(result.documents, key=_key),
            "findings": sorted(result.findings, key=_key),
            "files": [json.dumps(f.to_dict(), sort_keys=True) for f in result.files],
        }
        for kind in KINDS:
            path = self.parts / f"{stem}.{kind}.jsonl"
            try:
                _fsync_write(path, lines[kind])
            except OSError as exc:
                raise OutputError(f"cannot write {path.relative_to(self.out)} ({os_reason(exc)})") from None
        for relpath, data in result.redacted:
            self._write_redacted(relpath, data)
        _fsync_dir(self.parts)
        self._done.write(json.dumps({"part": part, "sources": result.sources}) + "\n")
        self._done.flush()
        os.fsync(self._done.fileno())
        self.done_parts.append(part)
        for source in result.sources:
            self.owner.setdefault(source, part)

    def _write_redacted(self, relpath: str, data: bytes) -> None:
        """Write one redacted copy atomically; `OutputError` (no traceback, no leftover) if it cannot be."""
        root = (self.out / "redacted").resolve()
        if root not in Path(os.path.normpath(root / relpath)).parents:
            raise ValueError(f"refusing to write outside {root}")
        target = (root / relpath).resolve()
        if root not in target.parents:  # a link left under redacted/ by something else leads outside it
            raise OutputError(
                f"cannot write the redacted copy redacted/{visible(relpath)} (a link leads outside redacted/)"
            )
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(self.redacting, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(self.redacting, target)
        except OSError as exc:
            with contextlib.suppress(OSError):
                self.redacting.unlink()
            reason = os_reason(exc)
            raise OutputError(
                f"cannot write the redacted copy redacted/{visible(relpath)} ({reason})"
            ) from None

    # -- final outputs ------------------------------------------------------------------------

    def _owned(self, part: int, kind: str) -> Iterator[Keyed]:
        for key, line in _read_lines(self.parts / f"{part:06d}.{kind}.jsonl"):
            if self.owner.get(key[0]) == part:
                yield key, line

    def merge(self, kind: str, target: Path) -> int:
        """Merge the parts of `kind` into `target` in key order, once per key; returns the line count."""
        streams: list[Iterator[Keyed]] = [self._owned(p, kind) for p in self.done_parts]
        spill: list[Path] = []
        while len(streams) > MAX_OPEN_PARTS:
            group, streams = streams[:MAX_OPEN_PARTS], streams[MAX_OPEN_PARTS:]
            path = self.work / f"merge-{kind}-{len(spill)}.tmp"
            try:
                _fsync_write(path, (line for _, line in _dedupe(heapq.merge(*group, key=_first))))
            except OSError as exc:  # a full disk in a scan of many parts: one line, like any output
                _remove(spill)
                where = path.relative_to(self.out)
                raise OutputError(f"cannot write {where} ({os_reason(exc)})") from None
            spill.append(path)
            streams.append(_read_lines(path))
        try:
            return self._write_merged(streams, target)
        finally:
            _remove(spill)

    def _write_merged(self, streams: list[Iterator[Keyed]], target: Path) -> int:
        """Write the merged streams to `target` atomically; `OutputError` if it cannot be written."""
        count = 0
        tmp = target.with_name(target.name + ".tmp")
        try:
            with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
                for _, line in _dedupe(heapq.merge(*streams, key=_first)):
                    fh.write(line.split("\t", 1)[1])
                    fh.write("\n")
                    count += 1
            os.replace(tmp, target)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise OutputError(f"cannot write {target.name} ({os_reason(exc)})") from None
        return count

    def file_stats(self) -> list[FileStats]:
        """Per-item stats of all done parts, each item once."""
        stats: list[FileStats] = []
        for part in self.done_parts:
            with open(self.parts / f"{part:06d}.files.jsonl", encoding="utf-8") as fh:
                for line in fh:
                    data = json.loads(line)
                    if self.owner.get(data["source"]) == part:
                        stats.append(FileStats(**data))
        return sorted(stats, key=lambda s: s.source)

    def close(self) -> None:
        self._done.close()


def _read_lines(path: Path) -> Iterator[Keyed]:
    """The lines of a part or spill file with their keys, each key parsed once."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            yield _key(line), line


def _remove(paths: Iterable[Path]) -> None:
    """Delete merge spill files, also after a failed merge (none is left behind in DIR/.scan)."""
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def _first(keyed: Keyed) -> list[Any]:
    return keyed[0]


def _dedupe(lines: Iterable[Keyed]) -> Iterator[Keyed]:
    """Drop lines whose key equals the previous one (the same record produced twice)."""
    for _, group in itertools.groupby(lines, key=_first):
        yield next(group)
