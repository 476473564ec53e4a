"""`classifier scan` inputs: repeated and clashing names, unreadable folders, its own outputs, exit codes.

Tiny synthetic inputs, no NER, one worker. Folders that cannot be listed are
simulated (tests may run as root, for whom permissions do not apply); one test
uses real permissions when not run as root.
"""

from __future__ import annotations

import io
import json
import os
import pathlib
import tarfile
import warnings
import zipfile
from pathlib import Path

import pytest

from classifier.batch.sources import Sources
from classifier.cli.main import main
from tests.resume_cut import scan_cut_and_resumed

SSN_LINE = b'{"text": "my SSN is 078-05-1120, call me", "account_id": "acme"}\n'
CLEAN_LINE = b'{"text": "the weather is lovely today", "account_id": "acme"}\n'
PHONE_LINE = b'{"text": "call me at 415-555-0123", "account_id": "acme"}\n'
CONSENT = (
    "account_id,ai_training_opt_in,explicit_consent,third_party_training,recorded_at\n"
    "acme,true,,true,2026-01-01T00:00:00Z\n"
)


def scan(*args: str | Path) -> int:
    return main(["scan", *map(str, args), "--no-ner", "--workers", "1", "--quiet"])


def documents(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]


def redacted_files(out: Path) -> list[str]:
    root = out / "redacted"
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def leftovers(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def write_zip(path: Path, members: list[tuple[str, bytes]]) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about a repeated name: that is the point
        with zipfile.ZipFile(path, "w") as zf:
            for name, data in members:
                zf.writestr(name, data)
    return path


def write_tar(path: Path, members: list[tuple[str, bytes]]) -> Path:
    with tarfile.open(path, "w") as tf:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


# -- 1. repeated member names ---------------------------------------------------------------------


def test_repeated_member_names_are_separate_records(tmp_path: Path) -> None:
    """Old code: one documents line per archive (the worker grouped both members under one source and
    the merge kept one line per key), so `len(lines) == 2` fails; the one line had the clean member's
    categories ([]) and outcome eligible, while findings.jsonl listed the SSN under the same record id."""
    data = tmp_path / "in"
    data.mkdir()
    write_zip(data / "dup.zip", [("a.jsonl", CLEAN_LINE), ("a.jsonl", SSN_LINE)])
    write_tar(data / "dup.tar", [("a.jsonl", SSN_LINE), ("./a.jsonl", CLEAN_LINE)])
    consent = tmp_path / "consent.csv"
    consent.write_text(CONSENT)
    out = tmp_path / "out"
    assert scan(data, "--out", out, "--consent", consent, "--redact", "mask") == 0
    docs = documents(out)
    findings = [json.loads(line) for line in (out / "findings.jsonl").read_text().splitlines()]
    for archive in ("dup.zip", "dup.tar"):
        lines = [d for d in docs if f"/{archive}!/" in d["source"]]
        assert len(lines) == 2, archive
        assert len({d["record_id"] for d in lines}) == 2
        assert len({d["source"] for d in lines}) == 2
        secret = [d for d in lines if "PII" in d["categories"]]
        clean = [d for d in lines if not d["categories"]]
        assert len(secret) == 1 and len(clean) == 1
        assert all(p["outcome"] != "eligible" for p in secret[0]["decisions"].values())
        assert all(p["outcome"] == "eligible" for p in clean[0]["decisions"].values())
        # every finding belongs to the record that has it
        ssn_ids = {
            f["record_id"] for f in findings if f["entity_type"] == "US_SSN" and archive in f["source"]
        }
        assert ssn_ids == {secret[0]["record_id"]}
    # the repeat is named after the member, numbered before the extension (globs on *.jsonl still match)
    assert {d["source"].rsplit("!/", 1)[1] for d in docs} == {"a.jsonl", "a #2.jsonl", "./a #2.jsonl"}
    assert redacted_files(out) == [
        "in/dup.tar/a #2.jsonl",
        "in/dup.tar/a.jsonl",
        "in/dup.zip/a #2.jsonl",
        "in/dup.zip/a.jsonl",
    ]
    copies = {p: (out / "redacted" / p).read_bytes() for p in redacted_files(out)}
    assert (
        copies["in/dup.zip/a.jsonl"] == CLEAN_LINE and b"078-05-1120" not in copies["in/dup.zip/a #2.jsonl"]
    )


# -- 2. clashing redacted paths --------------------------------------------------------------------


def clash_inputs(tmp_path: Path) -> Path:
    data = tmp_path / "in"
    data.mkdir()
    write_zip(
        data / "clash.zip",
        [
            ("d.jsonl", PHONE_LINE),
            ("d.jsonl/e.jsonl", PHONE_LINE),
            ("x/e.jsonl", PHONE_LINE),
            ("x", PHONE_LINE),
        ],
    )
    write_tar(data / "dots.tar", [("a.jsonl", PHONE_LINE), ("./a.jsonl", SSN_LINE), ("z.jsonl", PHONE_LINE)])
    return data


def test_clashing_member_paths_get_distinct_redacted_copies(tmp_path: Path) -> None:
    """Old code: FileExistsError / IsADirectoryError out of `main` (mkdir of redacted/in/clash.zip/d.jsonl
    over the copy of d.jsonl), no summary; and `./a.jsonl` overwrote the copy of `a.jsonl`."""
    data = clash_inputs(tmp_path)
    out = tmp_path / "out"
    assert scan(data, "--out", out, "--redact", "mask") in (0, 3)
    docs = documents(out)
    assert len(docs) == 7 and all(d["complete"] for d in docs)
    assert redacted_files(out) == [
        "in/clash.zip/d.jsonl",
        "in/clash.zip/d~2.jsonl/e.jsonl",
        "in/clash.zip/x/e.jsonl",
        "in/clash.zip/x~2",
        "in/dots.tar/a #2.jsonl",
        "in/dots.tar/a.jsonl",
        "in/dots.tar/z.jsonl",
    ]
    assert b"078-05-1120" not in (out / "redacted/in/dots.tar/a #2.jsonl").read_bytes()
    assert b"078-05-1120" not in (out / "redacted/in/dots.tar/a.jsonl").read_bytes()
    assert not leftovers(out)


def test_resume_finds_the_same_renamed_sources(tmp_path: Path) -> None:
    """Old code: the first run raises FileExistsError (the clash above), so there is nothing to resume."""
    # as if killed after the third task; documents and findings as in the whole scan
    whole, cut = scan_cut_and_resumed(clash_inputs(tmp_path), tmp_path)
    assert redacted_files(cut) == redacted_files(whole)
    assert len(documents(cut)) == 7


def test_a_redacted_copy_that_cannot_be_written_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """Old code: IsADirectoryError traceback out of `main` and a leftover `.tmp` file."""
    data = tmp_path / "in"
    data.mkdir()
    (data / "f.jsonl").write_bytes(PHONE_LINE)
    out = tmp_path / "out"
    (out / "redacted" / "in" / "f.jsonl").mkdir(parents=True)  # left there by someone else
    assert scan(data, "--out", out, "--redact", "mask") == 2
    err = capsys.readouterr().err
    assert "redacted/in/f.jsonl" in err and "Is a directory" in err and "--resume" in err
    assert "Traceback" not in err and "415-555" not in err
    assert not leftovers(out) and not (out / "documents.jsonl").exists()
    (out / "redacted" / "in" / "f.jsonl").rmdir()
    assert scan(data, "--out", out, "--redact", "mask", "--resume") == 0
    assert redacted_files(out) == ["in/f.jsonl"] and len(documents(out)) == 1


def test_unique_names_unit() -> None:
    """Old code: there is no `UniqueNames` (ImportError)."""
    from classifier.batch.sources import UniqueNames

    names = UniqueNames()
    got = [names.relpath(p) for p in ("i/d", "i/d/e.jsonl", "i/d/f.jsonl", "i/A.jsonl", "i/a.jsonl", "i/d~2")]
    assert got == ["i/d", "i/d~2/e.jsonl", "i/d~2/f.jsonl", "i/A.jsonl", "i/a~2.jsonl", "i/d~2~2"]
    assert names.source("x.zip!/a.jsonl") == ("x.zip!/a.jsonl", 1)
    assert names.source("x.zip!/./a.jsonl") == ("x.zip!/./a #2.jsonl", 2)
    assert names.source("x.zip!/a.jsonl") == ("x.zip!/a #3.jsonl", 3)
    assert names.source("x.zip!/logs.tar.gz") == ("x.zip!/logs.tar.gz", 1)
    assert names.source("x.zip!/logs.tar.gz") == ("x.zip!/logs #2.tar.gz", 2)


# -- 3. folders that cannot be listed or checked --------------------------------------------------


def make_tree(root: Path) -> Path:
    for folder in ("a", "locked", "unlisted", "z"):
        (root / folder).mkdir(parents=True)
        (root / folder / "f.jsonl").write_bytes(PHONE_LINE)
    return root


def deny(monkeypatch: pytest.MonkeyPatch, *, unlistable: Path, unsearchable: Path) -> None:
    """`unlistable` as with chmod 111 (no listing), `unsearchable` as with chmod 000 (no stat inside)."""
    real_scandir, real_is_file = os.scandir, pathlib.Path.is_file

    def scandir(path=None):
        if isinstance(path, (str, os.PathLike)) and Path(path) in (unlistable, unsearchable):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path) if path is not None else real_scandir()

    def is_file(self: pathlib.Path) -> bool:
        if self.parent == unsearchable:
            raise PermissionError(13, "Permission denied", str(self))
        return real_is_file(self)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(pathlib.Path, "is_file", is_file)


def test_folders_that_cannot_be_listed_become_error_items(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Old code: PermissionError out of `is_slack_export` for `locked` (chmod 000); without it,
    `unlisted` (chmod 111) is silently missing: the error items asserted below do not exist."""
    root = make_tree(tmp_path / "in")
    deny(monkeypatch, unlistable=root / "unlisted", unsearchable=root / "locked")
    found = list(Sources([str(root)]))
    monkeypatch.undo()
    errors = {i.source.rsplit("/", 1)[-1]: i.error for i in found if i.error}
    assert errors == {
        "locked": "cannot check folder (Permission denied)",
        "unlisted": "cannot list folder (Permission denied)",
    }
    # in walk order: a folder is checked when its parent is listed, listed when the walk reaches it
    assert [i.source.split("/in/", 1)[1] for i in found] == ["locked", "a/f.jsonl", "unlisted", "z/f.jsonl"]


def test_an_unreadable_folder_does_not_stop_the_scan(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Old code: PermissionError traceback out of `main` (rc 1, no outputs)."""
    root = make_tree(tmp_path / "in")
    top = tmp_path / "top"  # a top-level input that cannot be searched (chmod 000)
    top.mkdir()
    deny(monkeypatch, unlistable=root / "unlisted", unsearchable=top)
    out = tmp_path / "out"
    assert scan(root, top, "--out", out) == 3
    monkeypatch.undo()
    sources = sorted(d["source"].removeprefix(f"{tmp_path}/") for d in documents(out))
    assert sources == ["in/a/f.jsonl", "in/locked/f.jsonl", "in/unlisted", "in/z/f.jsonl", "top"]
    failed = [d for d in documents(out) if not d["complete"]]
    assert sorted(d["source"].rsplit("/", 1)[-1] for d in failed) == ["top", "unlisted"]
    assert all(p["outcome"] == "ineligible" for d in failed for p in d["decisions"].values())
    summary = json.loads((out / "summary.json").read_text())
    messages = {e["source"].rsplit("/", 1)[-1]: e["messages"] for e in summary["errors"]}
    assert messages == {
        "top": ["cannot check folder (Permission denied)"],
        "unlisted": ["cannot list folder (Permission denied)"],
    }


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="permissions do not apply to root"
)
def test_real_permissions(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "in")
    (root / "locked").chmod(0o000)
    (root / "unlisted").chmod(0o111)
    try:
        out = tmp_path / "out"
        assert scan(root, "--out", out) == 3
        failed = sorted(d["source"].rsplit("/", 1)[-1] for d in documents(out) if not d["complete"])
        assert failed == ["locked", "unlisted"]
    finally:
        (root / "locked").chmod(0o755)
        (root / "unlisted").chmod(0o755)


# -- 4. the output folder inside an input ---------------------------------------------------------


def test_an_output_folder_inside_the_input_is_never_scanned(tmp_path: Path) -> None:
    """Old code: the first run already scans out/.scan/scan.json and done.jsonl (created before the walk),
    the second also documents.jsonl, report.html and the redacted copies: the source checks fail."""
    data = tmp_path / "in"
    data.mkdir()
    (data / "f.jsonl").write_bytes(PHONE_LINE)
    out = data / "out"
    for run in (1, 2):
        assert scan(data, "--out", out, "--redact", "mask") == 0, run
        assert [d["source"] for d in documents(out)] == [f"{data}/f.jsonl"], run
        assert redacted_files(out) == ["in/f.jsonl"], run
    # spelled another way, it is still the same folder
    assert scan(f"{data}/.", "--out", f"{data}/../in/out") == 0
    assert [d["source"] for d in documents(out)] == [f"{data}/./f.jsonl"]


# -- 5. exit codes ----------------------------------------------------------------------------------


def test_a_missing_input_is_a_usage_error_an_unreadable_file_a_failed_record(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """Old code: rc 3 for the missing input (an error record "no such file or folder"), not the 2
    that --help promises, with the output folder (and its resume state) already written.
    The second half (3 for a file found by the walk that cannot be read) is unchanged."""
    data = tmp_path / "in"
    data.mkdir()
    (data / "f.jsonl").write_bytes(PHONE_LINE)
    os.mkfifo(data / "pipe.jsonl")
    out = tmp_path / "out"
    assert scan(data, tmp_path / "typo", "--out", out) == 2
    err = capsys.readouterr().err
    assert "no such file or folder" in err and "typo" in err
    assert not out.exists()
    assert scan(data, "--out", out) == 3
    failed = [d["source"] for d in documents(out) if not d["complete"]]
    assert failed == [f"{data}/pipe.jsonl"]


def test_an_input_inside_the_output_folder_is_a_usage_error(tmp_path: Path) -> None:
    """Old code: rc 0, the earlier outputs scanned as inputs."""
    data = tmp_path / "in"
    data.mkdir()
    (data / "f.jsonl").write_bytes(PHONE_LINE)
    out = tmp_path / "out"
    assert scan(data, "--out", out, "--redact", "mask") == 0
    assert scan(out / "redacted", "--out", out) == 2
    assert scan(out, "--out", out) == 2


def test_resume_without_state_scans_from_the_beginning(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Old code: rc 2, "no interrupted scan to resume" (killed before .scan/scan.json existed)."""
    data = tmp_path / "in"
    data.mkdir()
    (data / "f.jsonl").write_bytes(PHONE_LINE)
    out = tmp_path / "out"
    (out / ".scan" / "parts").mkdir(parents=True)  # what a kill in the first instant leaves
    assert main(["scan", str(data), "--out", str(out), "--no-ner", "--workers", "1", "--resume"]) == 0
    assert "scanning from the beginning" in capsys.readouterr().err
    assert len(documents(out)) == 1


def test_help_states_the_exit_codes(capsys: pytest.CaptureFixture) -> None:
    """Old code: the shared epilog ("2 bad usage or unreadable input") without the scan's cases."""
    with pytest.raises(SystemExit):
        main(["scan", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "INPUT that does not exist" in text
    assert "files or folders that cannot be read" in text
    assert "never scanned" in text


def test_progress_total_leaves_out_the_output_folder(tmp_path: Path) -> None:
    from classifier.batch.progress import input_bytes

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes(b"x" * 100)
    out = tmp_path / "in" / "out"
    out.mkdir()
    (out / "documents.jsonl").write_bytes(b"y" * 5000)
    assert input_bytes([tmp_path / "in"]) == 5100
    assert input_bytes([tmp_path / "in"], skip=out) == 100


def test_progress_total_leaves_out_what_include_and_exclude_leave_out(tmp_path: Path) -> None:
    from classifier.batch.progress import Progress, input_bytes
    from classifier.batch.sources import Selection

    data = tmp_path / "in"
    (data / "logs").mkdir(parents=True)
    (data / "a.jsonl").write_bytes(b"x" * 100)
    (data / "notes.txt").write_bytes(b"x" * 1000)
    (data / "logs" / "b.jsonl").write_bytes(b"x" * 10)
    (data / "old.zip").write_bytes(b"x" * 7)  # an archive: its members are chosen inside
    assert input_bytes([data]) == 1117
    assert input_bytes([data], selection=Selection(include=["*.jsonl"])) == 117
    assert input_bytes([data], selection=Selection(include=["*.jsonl"], exclude=["logs"])) == 107
    assert input_bytes([data], selection=Selection(exclude=["*.zip", "*.txt"])) == 110

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    progress = Progress(117, stream=Terminal())
    progress.bar.update(100)
    progress.complete()  # a scan that ended: the bar is full whatever the estimate missed
    assert progress.bar.n == 117


def test_a_scan_that_finds_no_input_file_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "in"
    data.mkdir()
    (data / "a.jsonl").write_bytes(CLEAN_LINE)
    args = ["scan", str(data), "--no-ner", "--workers", "1"]
    assert main([*args, "--out", str(tmp_path / "unmatched"), "--include", "*.vtt"]) == 0
    assert "nothing was scanned: no input file matches --include/--exclude" in capsys.readouterr().err
    (data / "a.jsonl").unlink()
    assert main([*args, "--out", str(tmp_path / "empty")]) == 0
    assert "nothing was scanned: no input file was found" in capsys.readouterr().err
    (data / "a.jsonl").write_bytes(CLEAN_LINE)
    assert main([*args, "--out", str(tmp_path / "found")]) == 0
    assert "nothing was scanned" not in capsys.readouterr().err


def test_resume_from_damaged_state_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    data = tmp_path / "in"
    data.mkdir()
    (data / "a.jsonl").write_bytes(PHONE_LINE)
    (data / "b.jsonl").write_bytes(CLEAN_LINE)
    for damage in ("line", "parts", "fingerprint"):
        out = tmp_path / damage
        args = [data, "--out", out]
        assert scan(*args) == 0
        state = out / ".scan"
        if damage == "line":
            with open(state / "done.jsonl", "a", encoding="utf-8") as fh:
                fh.write('{"part": "x"}\n')
        elif damage == "parts":
            for part in (state / "parts").iterdir():
                part.unlink()
        else:
            (state / "scan.json").write_text("{", encoding="utf-8")
        capsys.readouterr()
        assert scan(*args, "--resume") == 2, damage
        err = capsys.readouterr().err
        assert "saved state of the interrupted scan is damaged" in err and "rerun without --resume" in err
        assert "Traceback" not in err
