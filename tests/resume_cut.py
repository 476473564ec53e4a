"""A scan killed after some tasks and resumed, next to the same scan run whole (for resume tests)."""

from __future__ import annotations

from pathlib import Path


def scan_cut_and_resumed(data: Path, tmp_path: Path, tasks_done: int = 3) -> tuple[Path, Path]:
    """Output folders of a whole `--no-ner --redact mask` scan of `data` (one item per task) and of
    the same scan cut as if killed after `tasks_done` tasks (the manifest names only those, later
    parts and the merged outputs are lost), then resumed; the two give the same documents and
    findings."""
    from classifier.batch.scan import ScanOptions, run_scan
    from classifier.batch.worker import ScanSettings
    from classifier.config import Config

    def run(out: Path, resume: bool = False) -> None:
        settings = ScanSettings(config=Config(use_ner=False), redact="mask")
        options = ScanOptions([str(data)], out, settings, workers=1, resume=resume, quiet=True, task_items=1)
        run_scan(options)

    whole, cut = tmp_path / "whole", tmp_path / "cut"
    run(whole)
    run(cut)
    done = cut / ".scan" / "done.jsonl"
    kept = done.read_text(encoding="utf-8").splitlines(keepends=True)[:tasks_done]
    done.write_text("".join(kept), encoding="utf-8")
    for part in (cut / ".scan" / "parts").iterdir():
        if int(part.name.split(".")[0]) >= tasks_done:
            part.unlink()
    (cut / "documents.jsonl").unlink()
    run(cut, resume=True)
    for name in ("documents.jsonl", "findings.jsonl"):
        assert (cut / name).read_bytes() == (whole / name).read_bytes()
    return whole, cut
