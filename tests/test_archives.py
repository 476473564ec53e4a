"""Archive and folder sources: streamed, and safe against hostile archives (synthetic inputs only)."""

from __future__ import annotations

import gzip
import io
import os
import random
import tarfile
import zipfile
from pathlib import Path

import pytest

from classifier.batch.limits import SourceLimits
from classifier.batch.sources import Selection, Sources

TEXT = b'{"text": "synthetic line for the archive tests"}\n'


def items(*inputs: Path, limits: SourceLimits | None = None, selection: Selection | None = None):
    return list(Sources([str(p) for p in inputs], selection or Selection(), limits or SourceLimits()))


def by_leaf(found):
    return {i.source.rsplit("/", 1)[-1]: i for i in found}


def make_zip(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def add_tar(tf: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tf.addfile(info, io.BytesIO(data))


def test_folder_walk_is_sorted_recursive_and_filtered(tmp_path: Path) -> None:
    root = tmp_path / "in"
    (root / "b").mkdir(parents=True)
    (root / "a.jsonl").write_bytes(TEXT)
    (root / "b" / "c.vtt").write_bytes(b"WEBVTT\n")
    (root / "b" / "skip.log").write_bytes(b"x")
    found = items(root, selection=Selection(include=["*.jsonl", "*.vtt"], exclude=["skip*"]))
    assert [i.source for i in found] == [f"{root}/a.jsonl", f"{root}/b/c.vtt"]
    assert all(i.error is None and i.path for i in found)


def test_folder_symlinks_are_reported_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    outside = tmp_path / "secret.txt"
    outside.write_bytes(b"outside the input folder")
    os.symlink(outside, root / "link.txt")
    os.symlink(tmp_path, root / "dirlink")
    found = by_leaf(items(root))
    assert found["link.txt"].error and "symbolic link" in found["link.txt"].error
    assert found["dirlink"].error and found["link.txt"].data is None
    assert not any("secret" in i.source for i in found.values())


def test_zip_tar_tgz_gz_members_are_streamed(tmp_path: Path) -> None:
    make_zip(tmp_path / "a.zip", {"x/one.jsonl": TEXT})
    with tarfile.open(tmp_path / "b.tar.gz", "w:gz") as tf:
        add_tar(tf, "two.jsonl", TEXT)
    with tarfile.open(tmp_path / "c.tar", "w") as tf:
        add_tar(tf, "three.jsonl", TEXT)
    (tmp_path / "four.jsonl.gz").write_bytes(gzip.compress(TEXT))
    found = items(tmp_path)
    sources = sorted(i.source for i in found)
    assert sources == sorted(
        [
            f"{tmp_path}/a.zip!/x/one.jsonl",
            f"{tmp_path}/b.tar.gz!/two.jsonl",
            f"{tmp_path}/c.tar!/three.jsonl",
            f"{tmp_path}/four.jsonl.gz",
        ]
    )
    assert all(i.data == TEXT and i.error is None for i in found)
    assert by_leaf(found)["four.jsonl.gz"].name == "four.jsonl"


def test_path_traversal_and_absolute_members_are_reported(tmp_path: Path) -> None:
    make_zip(tmp_path / "evil.zip", {"../escape.jsonl": TEXT, "/etc/abs.jsonl": TEXT, "ok.jsonl": TEXT})
    with tarfile.open(tmp_path / "evil.tar", "w") as tf:
        add_tar(tf, "../../up.jsonl", TEXT)
    found = items(tmp_path / "evil.zip", tmp_path / "evil.tar")
    errors = {i.source: i.error for i in found if i.error}
    assert len(errors) == 3
    assert all("escapes" in e or "absolute" in e for e in errors.values())
    assert [i.name for i in found if not i.error] == ["ok.jsonl"]
    assert not (tmp_path.parent / "escape.jsonl").exists()


def test_symlink_members_are_not_followed(tmp_path: Path) -> None:
    with tarfile.open(tmp_path / "links.tar", "w") as tf:
        link = tarfile.TarInfo("passwd")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        tf.addfile(link)
    zpath = tmp_path / "links.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        info = zipfile.ZipInfo("shadow")
        info.external_attr = 0o120777 << 16
        zf.writestr(info, "/etc/shadow")
    found = items(tmp_path / "links.tar", zpath)
    assert len(found) == 2
    assert all(i.error and "link" in i.error and i.data is None for i in found)


def test_zip_bomb_by_ratio_is_reported_without_expanding(tmp_path: Path) -> None:
    bomb = make_zip(tmp_path / "bomb.zip", {"zeros.jsonl": b"\0" * (40 * 1024 * 1024), "ok.jsonl": TEXT})
    limits = SourceLimits(max_member_bytes=1024**3)
    found = by_leaf(items(bomb, limits=limits))
    assert "ratio" in (found["zeros.jsonl"].error or "")
    assert found["zeros.jsonl"].data is None
    assert found["ok.jsonl"].data == TEXT


def test_gzip_bomb_is_stopped_while_streaming(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl.gz"
    with gzip.open(path, "wb") as fh:
        for _ in range(64):
            fh.write(b"\0" * 1024 * 1024)
    found = items(path)
    assert len(found) == 1 and "ratio" in (found[0].error or "")


def test_tgz_bomb_member_is_stopped_and_normal_members_pass(tmp_path: Path) -> None:
    """Per-member ratio in a compressed tar: buffering must neither hide a bomb nor flag text."""
    rng = random.Random(3)
    words = [b"meeting", b"notes", b"budget", b"review", b"launch", b"thursday", b"client"]
    text = b" ".join(rng.choice(words) for _ in range(400_000))  # ~3 MB, compresses about 5:1
    with tarfile.open(tmp_path / "mixed.tgz", "w:gz") as tf:
        add_tar(tf, "a.jsonl", text)
        add_tar(tf, "small.jsonl", TEXT)
        add_tar(tf, "zeros.jsonl", b"\0" * (64 * 1024 * 1024))
    found = by_leaf(items(tmp_path / "mixed.tgz"))
    assert found["a.jsonl"].data == text and found["small.jsonl"].data == TEXT
    assert "ratio" in (found["zeros.jsonl"].error or "")


def test_lying_zip_header_does_not_raise_the_limit(tmp_path: Path) -> None:
    """A header that claims a small uncompressed size must not let a bomb through."""
    path = make_zip(tmp_path / "liar.zip", {"z.jsonl": b"\0" * (8 * 1024 * 1024)})
    data = bytearray(path.read_bytes())
    # patch the uncompressed size in the central directory record to 10 bytes
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    found = items(path, limits=SourceLimits(ratio_grace_bytes=1024))
    assert found[0].error is not None and found[0].data is None


def test_total_size_limit_stops_reading(tmp_path: Path) -> None:
    members = {f"m{i}.jsonl": os.urandom(200_000) for i in range(5)}
    path = make_zip(tmp_path / "many.zip", members, compression=zipfile.ZIP_STORED)
    found = items(path, limits=SourceLimits(max_total_bytes=500_000))
    read = [i for i in found if i.data is not None]
    errors = [i for i in found if i.error]
    assert 1 <= len(read) <= 2
    assert errors and "total uncompressed size limit" in errors[0].error


def test_encrypted_member_is_reported(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "enc.zip", {"secret.jsonl": TEXT})
    data = bytearray(path.read_bytes())
    # set the "encrypted" general-purpose flag in the local header and the central directory
    data[6] |= 0x1
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 0x1
    path.write_bytes(bytes(data))
    found = items(path)
    assert len(found) == 1 and "encrypted" in (found[0].error or "")


def test_nesting_depth_limit(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("deep.jsonl", TEXT)
    middle = io.BytesIO()
    with zipfile.ZipFile(middle, "w") as zf:
        zf.writestr("inner.zip", inner.getvalue())
        zf.writestr("mid.jsonl", TEXT)
    make_zip(tmp_path / "outer.zip", {"middle.zip": middle.getvalue()})
    found = by_leaf(items(tmp_path / "outer.zip"))
    assert found["mid.jsonl"].data == TEXT
    assert found["mid.jsonl"].source.endswith("outer.zip!/middle.zip!/mid.jsonl")
    assert "depth" in (found["inner.zip"].error or "")
    deeper = by_leaf(items(tmp_path / "outer.zip", limits=SourceLimits(max_depth=3)))
    assert deeper["deep.jsonl"].data == TEXT


@pytest.mark.parametrize("payload", [b"PK\x03\x04 truncated", b"\x1f\x8b\x08 not gzip"])
def test_corrupt_archives_are_errors(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / ("bad.zip" if payload.startswith(b"PK") else "bad.gz")
    path.write_bytes(payload)
    found = items(path)
    assert len(found) == 1 and found[0].error and "corrupt" in found[0].error


def test_zipped_slack_export_is_one_item(tmp_path: Path) -> None:
    path = make_zip(
        tmp_path / "workspace.zip",
        {"users.json": b"[]", "channels.json": b"[]", "general/2026-01-05.json": b"[]"},
    )
    found = items(path)
    assert len(found) == 1 and found[0].fmt == "slack" and found[0].path == str(path)
