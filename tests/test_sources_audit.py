"""Audit of the scan's sources: hostile or odd names and archives that used to stop the whole scan.

Synthetic inputs only, built in a temporary folder; no NER, one worker. Each test names what the
code before the fix did.
"""

from __future__ import annotations

import io
import json
import os
import tarfile
import zipfile
from pathlib import Path

import pytest

from classifier.batch.limits import SourceLimits
from classifier.batch.sources import Selection, Sources
from classifier.cli.main import main
from tests.resume_cut import scan_cut_and_resumed

PHONE_LINE = b'{"text": "call me at 415-555-0123", "account_id": "acme"}\n'
CLEAN_LINE = b'{"text": "the weather is lovely today", "account_id": "acme"}\n'


def scan(*args: str | Path) -> int:
    return main(["scan", *map(str, args), "--no-ner", "--workers", "1", "--quiet"])


def items(*inputs: Path, selection: Selection | None = None) -> list:
    return list(Sources([str(p) for p in inputs], selection or Selection(), SourceLimits()))


def documents(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]


def redacted_files(out: Path) -> list[Path]:
    return sorted(p for p in (out / "redacted").rglob("*") if p.is_file())


def zip_bytes(members: list[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def tar_bytes(members: list[tuple[str, bytes]], **options: object) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", **options) as tf:  # type: ignore[call-overload]
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def undecodable_zip() -> bytes:
    """A zip whose directory flags a name as UTF-8 that is not (zipfile raises UnicodeDecodeError)."""
    data = zip_bytes([("aaaé.jsonl", CLEAN_LINE)])
    return data.replace("aaaé".encode(), b"aaa\xff\xfe")


def newer_version_zip() -> bytes:
    """A zip whose directory claims a zip version zipfile does not support (NotImplementedError)."""
    data = bytearray(zip_bytes([("a.jsonl", CLEAN_LINE)]))
    central = data.rfind(b"PK\x01\x02")
    data[central + 6] = 99  # version needed to extract: 9.9
    return bytes(data)


def corrupt_lzma_zip() -> bytes:
    """An LZMA member with invalid properties (zipfile lets lzma.LZMAError through), then a good one."""
    data = bytearray(zip_bytes([("bad.jsonl", CLEAN_LINE), ("good.jsonl", CLEAN_LINE)], zipfile.ZIP_LZMA))
    # local header (30 bytes) + name, then zipfile's 4-byte LZMA header, then the properties
    props = 30 + len("bad.jsonl") + 4
    data[props] = 0xFF
    return bytes(data)


@pytest.mark.parametrize("make", [undecodable_zip, newer_version_zip], ids=["utf8-name", "version"])
def test_a_zip_zipfile_cannot_open_is_an_error_record_at_any_depth(tmp_path: Path, make) -> None:
    """Old code: UnicodeDecodeError / NotImplementedError out of `Sources` (is_slack_zip, then
    iter_archive caught neither), so one such zip stopped the whole scan with a traceback."""
    (tmp_path / "bad.zip").write_bytes(make())
    (tmp_path / "outer.tar").write_bytes(tar_bytes([("inner.zip", make()), ("ok.jsonl", CLEAN_LINE)]))
    found = {
        i.source[len(str(tmp_path)) + 1 :]: i for i in items(tmp_path / "bad.zip", tmp_path / "outer.tar")
    }
    assert sorted(found) == ["bad.zip", "outer.tar!/inner.zip", "outer.tar!/ok.jsonl"]
    assert "corrupt" in (found["bad.zip"].error or "")
    assert "corrupt" in (found["outer.tar!/inner.zip"].error or "")
    assert found["outer.tar!/ok.jsonl"].data == CLEAN_LINE


def test_a_corrupt_lzma_member_is_an_error_record_and_the_zip_goes_on(tmp_path: Path) -> None:
    """Old code: lzma.LZMAError out of `Sources` (not in the member's or the archive's error list)."""
    (tmp_path / "l.zip").write_bytes(corrupt_lzma_zip())
    found = {i.name: i for i in items(tmp_path / "l.zip")}
    assert "corrupt or unreadable member (LZMAError)" == found["bad.jsonl"].error
    assert found["good.jsonl"].data == CLEAN_LINE


def test_a_long_member_name_does_not_stop_the_scan(tmp_path: Path) -> None:
    """Old code: exit code 2, `cannot write the redacted copy ... (File name too long)`; a rerun with
    --resume fails the same way forever, since the name comes from the input."""
    data = tmp_path / "in"
    data.mkdir()
    names = ["x" * 300 + ".jsonl", "y" * 300 + ".jsonl", ("d" * 200 + "/") * 25 + "a.jsonl", "ok.jsonl"]
    (data / "long.tar").write_bytes(tar_bytes([(n, PHONE_LINE) for n in names], format=tarfile.GNU_FORMAT))
    out = tmp_path / "out"
    assert scan(data, "--out", out, "--redact", "mask") == 0
    assert len(documents(out)) == 4
    copies = redacted_files(out)
    assert len(copies) == 4
    for copy in copies:
        rel = copy.relative_to(out / "redacted")
        assert all(len(os.fsencode(part)) <= 255 for part in rel.parts)
        assert len(os.fsencode(str(rel))) < 2048 and rel.suffix == ".jsonl"
        assert b"415-555" not in copy.read_bytes()


def test_names_that_are_not_utf8_do_not_stop_the_scan(tmp_path: Path) -> None:
    """Old code: UnicodeEncodeError out of `main` while writing the parts (a Latin-1 file name on disk, or
    a Latin-1 tar member name, became a source with lone surrogates that UTF-8 outputs cannot hold)."""
    data = tmp_path / "in"
    data.mkdir()
    Path(os.fsdecode(os.fsencode(data) + b"/caf\xe9.jsonl")).write_bytes(PHONE_LINE)
    (data / "latin.tar").write_bytes(
        tar_bytes(
            [("caf\xe9.jsonl", PHONE_LINE), ("caf\xe8.jsonl", CLEAN_LINE)],
            encoding="latin-1",
            format=tarfile.GNU_FORMAT,
        )
    )
    out = tmp_path / "out"
    assert scan(data, "--out", out, "--redact", "mask") == 0
    docs = documents(out)
    assert len(docs) == 3 and all(d["complete"] for d in docs)
    assert len({d["source"] for d in docs}) == 3
    assert all("\ufffd" in d["source"] for d in docs)
    assert len(redacted_files(out)) == 3
    json.loads((out / "summary.json").read_text(encoding="utf-8"))


def test_a_link_under_redacted_is_a_clear_error_and_nothing_is_written_outside(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """Old code: ValueError traceback out of `main` (`refusing to write outside ...`) instead of the
    one-line output error with exit code 2 that a path taken by something else gets."""
    data = tmp_path / "in"
    (data / "sub").mkdir(parents=True)
    (data / "sub" / "g.jsonl").write_bytes(PHONE_LINE)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    (out / "redacted" / "in").mkdir(parents=True)
    os.symlink(elsewhere, out / "redacted" / "in" / "sub")  # left there by something else
    assert scan(data, "--out", out, "--redact", "mask") == 2
    err = capsys.readouterr().err
    assert "redacted/in/sub/g.jsonl" in err and "--resume" in err
    assert "Traceback" not in err and "415-555" not in err
    assert list(elsewhere.iterdir()) == []
    (out / "redacted" / "in" / "sub").unlink()
    assert scan(data, "--out", out, "--redact", "mask", "--resume") == 0
    assert len(documents(out)) == 1


def test_exclude_globs_reach_nested_archives_and_dotted_member_paths(tmp_path: Path) -> None:
    """Old code: a nested archive matching --exclude was opened all the same (only archives in folders
    were checked), and `./sub/a.jsonl` in a tar escaped `--exclude 'sub/*'` that `sub/a.jsonl` obeys."""
    inner = zip_bytes([("a.jsonl", CLEAN_LINE)])
    (tmp_path / "outer.zip").write_bytes(zip_bytes([("inner.zip", inner), ("b.jsonl", CLEAN_LINE)]))
    (tmp_path / "t.tar").write_bytes(
        tar_bytes([("./sub/a.jsonl", CLEAN_LINE), ("sub/b.jsonl", CLEAN_LINE), ("./c.jsonl", CLEAN_LINE)])
    )
    selection = Selection(exclude=["inner.zip", "sub/*"])
    found = sorted(
        i.source.split("!/", 1)[1]
        for i in items(tmp_path / "outer.zip", tmp_path / "t.tar", selection=selection)
    )
    assert found == ["./c.jsonl", "b.jsonl"]
    included = items(tmp_path / "t.tar", selection=Selection(include=["sub/*.jsonl"]))
    assert sorted(i.source.split("!/", 1)[1] for i in included) == ["./sub/a.jsonl", "sub/b.jsonl"]


def test_resume_after_these_errors_gives_every_record_once(tmp_path: Path) -> None:
    """Old code: the first run already stops (UnicodeDecodeError), so there is nothing to resume."""
    data = tmp_path / "in"
    data.mkdir()
    (data / "a.zip").write_bytes(undecodable_zip())
    (data / "b.zip").write_bytes(newer_version_zip())
    (data / "c.zip").write_bytes(corrupt_lzma_zip())
    (data / "d.tar").write_bytes(
        tar_bytes(
            [("caf\xe9.jsonl", PHONE_LINE), ("x" * 300 + ".jsonl", PHONE_LINE)],
            encoding="latin-1",
            format=tarfile.GNU_FORMAT,
        )
    )
    (data / "e.jsonl").write_bytes(PHONE_LINE)

    _, cut = scan_cut_and_resumed(data, tmp_path)  # documents and findings as in the whole scan
    docs = documents(cut)
    assert len(docs) == len({(d["source"], d["record_id"]) for d in docs}) == 7
    assert sum(1 for d in docs if not d["complete"]) == 3


def test_a_zip_folder_entry_holding_data_is_an_error_record(tmp_path: Path) -> None:
    """A name ending in `/` reads as a folder: its data was skipped without a record (nothing may be
    skipped silently)."""
    archive = tmp_path / "in.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("notes/", "my ssn is 123-45-6789\n")
        zf.writestr("empty/", "")
        zf.writestr("a.txt", "hello there\n")
    items = list(Sources([str(archive)]))
    errors = {item.source.rsplit("!/", 1)[-1]: item.error for item in items if item.error}
    assert errors == {"notes/": "folder entry holding data not scanned"}
    assert sorted(item.name for item in items) == ["a.txt", "notes"]
