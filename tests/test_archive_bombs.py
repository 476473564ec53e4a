"""Compression bombs that lie, hide in refused members or expand from sparse maps (synthetic, small).

Each walk gets its own `Budget`, so `budget.used` shows how much was really
decompressed before the archive or member was given up.
"""

from __future__ import annotations

import gzip
import io
import random
import tarfile
import zipfile
from collections.abc import Callable

import pytest

from classifier.batch.archives import WalkContext, iter_archive
from classifier.batch.items import SourceItem
from classifier.batch.limits import Budget, SourceLimits

MB = 1024 * 1024
TEXT = b'{"text": "synthetic line for the archive bomb tests"}\n'


def walk(
    data: bytes,
    name: str,
    limits: SourceLimits | None = None,
    wants: Callable[[str], bool] = lambda _name: True,
) -> tuple[list[SourceItem], Budget]:
    budget = Budget(limits or SourceLimits())
    found = list(iter_archive(io.BytesIO(data), name, name, 1, WalkContext(budget, wants)))
    return found, budget


def by_leaf(found: list[SourceItem]) -> dict[str, SourceItem]:
    return {i.source.rsplit("/", 1)[-1]: i for i in found}


class Zeros(io.RawIOBase):
    """`size` zero bytes, streamed (no big buffer while building a bomb)."""

    def __init__(self, size: int) -> None:
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        n = min(len(buffer), self.left)
        buffer[:n] = bytes(n)
        self.left -= n
        return n


def add(tf: tarfile.TarFile, name: str, data: bytes, **attrs: object) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    for key, value in attrs.items():
        setattr(info, key, value)
    tf.addfile(info, io.BytesIO(data))


def tar_bytes(build: Callable[[tarfile.TarFile], None], compressed: bool, **kw: object) -> bytes:
    buf = io.BytesIO()
    if compressed:
        kw = {"compresslevel": 6, **kw}
    with tarfile.open(fileobj=buf, mode="w:gz" if compressed else "w", **kw) as tf:  # type: ignore[call-overload]
        build(tf)
    return buf.getvalue()


def zip_bytes(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def lie_about_compressed_size(data: bytes) -> bytes:
    """Patch the first central directory record to claim a ~4 GB compressed size."""
    patched = bytearray(data)
    central = patched.find(b"PK\x01\x02")
    patched[central + 20 : central + 24] = (0xFFFFFFF0).to_bytes(4, "little")
    return bytes(patched)


# -- zip: the ratio is measured on the compressed bytes really read ---------------------------------


def test_zip_with_a_lying_compressed_size_is_abandoned_at_the_ratio() -> None:
    bomb = 16 * MB  # of zeros: ~16 KB deflated
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("bomb.jsonl", bytes(bomb), compress_type=zipfile.ZIP_DEFLATED)
        # stored noise after the bomb, so that reading past its real end finds data, not EOF (the
        # old reader kept up to 1 MB of compressed data read ahead)
        zf.writestr("pad.bin", random.Random(1).randbytes(MB + MB // 4))
        zf.writestr("ok.jsonl", TEXT)
    honest = buf.getvalue()
    found, budget = walk(lie_about_compressed_size(honest), "liar.zip")
    items = by_leaf(found)
    assert (
        items["bomb.jsonl"].error == "compression ratio above 200:1 (possible compression bomb), not expanded"
    )
    assert items["bomb.jsonl"].data is None
    assert items["ok.jsonl"].data == TEXT
    # the old reader trusted the 4 GB claim and expanded all 16 MB (up to the 512 MB member limit)
    assert budget.used < bomb // 2
    # and the liar goes no further than the same bomb with an honest directory, give or take
    # zipfile's read-ahead of 16 KB
    _, honest_budget = walk(honest, "honest.zip")
    assert budget.used <= honest_budget.used + 200 * 16 * 1024 + MB


@pytest.mark.parametrize("compression", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA, zipfile.ZIP_STORED])
def test_zip_members_of_every_method_still_read_whole(compression: int) -> None:
    rng = random.Random(compression)
    text = rng.randbytes(150_000) + TEXT * 2000
    found, _ = walk(zip_bytes({"a.jsonl": text, "b.jsonl": TEXT}, compression), "m.zip")
    assert [(i.name, i.data) for i in found] == [("a.jsonl", text), ("b.jsonl", TEXT)]


# -- tar: sparse members are never expanded -----------------------------------------------------------


def sparse_pax_01(tf: tarfile.TarFile) -> None:
    info = tarfile.TarInfo("sparse.jsonl")
    info.size = len(TEXT)
    real = 16 * MB
    info.pax_headers = {
        "GNU.sparse.size": str(real),
        "GNU.sparse.numblocks": "1",
        "GNU.sparse.map": f"{real - len(TEXT)},{len(TEXT)}",
    }
    tf.addfile(info, io.BytesIO(TEXT))
    add(tf, "ok.jsonl", TEXT)


def sparse_pax_10(tf: tarfile.TarFile) -> None:
    real = 16 * MB
    sparse_map = f"1\n{real - len(TEXT)}\n{len(TEXT)}\n".encode().ljust(512, b"\0")
    info = tarfile.TarInfo("GNUSparseFile.0/sparse.jsonl")
    info.pax_headers = {
        "GNU.sparse.major": "1",
        "GNU.sparse.minor": "0",
        "GNU.sparse.name": "sparse.jsonl",
        "GNU.sparse.realsize": str(real),
    }
    info.size = len(sparse_map) + len(TEXT)
    tf.addfile(info, io.BytesIO(sparse_map + TEXT))
    add(tf, "ok.jsonl", TEXT)


@pytest.mark.parametrize("compressed", [False, True], ids=["tar", "tar.gz"])
@pytest.mark.parametrize("build", [sparse_pax_01, sparse_pax_10], ids=["pax-0.1", "pax-1.0"])
def test_sparse_tar_member_is_an_error_not_expanded(build, compressed: bool) -> None:
    data = tar_bytes(build, compressed, format=tarfile.PAX_FORMAT)
    assert len(data) < 64 * 1024
    found, budget = walk(data, "sparse.tar.gz" if compressed else "sparse.tar")
    items = by_leaf(found)
    assert items["sparse.jsonl"].error == "sparse member not read"
    assert items["sparse.jsonl"].data is None
    assert items["ok.jsonl"].data == TEXT
    assert budget.used < 1 * MB  # the old reader expanded the 16 MB map


# -- tar.gz: refused members are decompressed too, so they are metered -------------------------------


def bomb_tgz(refused: str, size: int, ok_first: bool = False, **attrs: object) -> bytes:
    def build(tf: tarfile.TarFile) -> None:
        if ok_first:
            add(tf, "first.jsonl", TEXT)
        info = tarfile.TarInfo(refused)
        info.size = size
        for key, value in attrs.items():
            setattr(info, key, value)
        tf.addfile(info, io.BufferedReader(Zeros(size), MB))
        add(tf, "ok.jsonl", TEXT)

    return tar_bytes(build, compressed=True)


@pytest.mark.parametrize(
    ("refused", "attrs", "wants"),
    [
        ("../evil.bin", {}, None),
        ("excluded.bin", {}, lambda name: not name.endswith(".bin")),
        ("odd.bin", {"type": b"Z"}, None),  # an unknown type: tarfile skips its data
    ],
    ids=["unsafe-name", "excluded", "not-a-regular-file"],
)
def test_tgz_bomb_in_a_refused_member_abandons_the_archive(refused, attrs, wants) -> None:
    data = bomb_tgz(refused, 64 * MB, ok_first=True, **attrs)
    assert len(data) < 200 * 1024
    found, budget = walk(data, "skip.tar.gz", wants=wants or (lambda _name: True))
    items = by_leaf(found)
    assert items["first.jsonl"].data == TEXT
    error = items["skip.tar.gz"].error or ""
    assert error.startswith("archive abandoned: compression ratio of the tar stream above 200:1")
    assert "ok.jsonl" not in items
    # the old reader decompressed all 64 MB of the refused member to reach ok.jsonl
    assert budget.used < 3 * MB


def test_tgz_refused_members_count_against_the_total_budget() -> None:
    rng = random.Random(5)
    noise = rng.randbytes(600_000)  # incompressible: no ratio alarm

    def build(tf: tarfile.TarFile) -> None:
        add(tf, "../refused.bin", noise)
        add(tf, "ok.jsonl", TEXT)

    found, budget = walk(
        tar_bytes(build, compressed=True), "big.tar.gz", SourceLimits(max_total_bytes=300_000)
    )
    items = by_leaf(found)
    assert "escapes" in (items["refused.bin"].error or "")
    assert "total uncompressed size limit of 300000 bytes" in (items["big.tar.gz"].error or "")
    assert "ok.jsonl" not in items
    assert budget.used < 400_000


def test_tgz_with_a_refused_member_of_normal_size_goes_on() -> None:
    """A refused member that is no bomb does not stop the walk (as before), and is counted once."""
    rng = random.Random(7)
    words = [b"agenda", b"minutes", b"invoice", b"ticket", b"deploy", b"review"]
    normal = b" ".join(rng.choices(words, k=300_000))  # ~2 MB, compresses ~5:1

    def build(tf: tarfile.TarFile) -> None:
        add(tf, "../escape.jsonl", normal)
        add(tf, "link.jsonl", b"", type=tarfile.SYMTYPE, linkname="/etc/passwd")
        add(tf, "ok.jsonl", normal)

    found, budget = walk(tar_bytes(build, compressed=True), "normal.tar.gz")
    items = by_leaf(found)
    assert "escapes" in (items["escape.jsonl"].error or "")
    assert "link" in (items["link.jsonl"].error or "")
    assert items["ok.jsonl"].data == normal
    assert "normal.tar.gz" not in items
    # every decompressed byte counted once: both members, headers and padding
    assert 2 * len(normal) <= budget.used < 2 * len(normal) + 64 * 1024


def test_tgz_skip_bomb_inside_a_zip_abandons_only_the_inner_archive() -> None:
    inner = bomb_tgz("../evil.bin", 64 * MB)
    outer = zip_bytes({"inner.tar.gz": inner, "top.jsonl": TEXT}, zipfile.ZIP_STORED)
    found, budget = walk(outer, "outer.zip")
    items = by_leaf(found)
    assert "compression ratio of the tar stream" in (items["inner.tar.gz"].error or "")
    assert items["top.jsonl"].data == TEXT
    assert budget.used < 3 * MB


# -- legitimate compressible text is never flagged ----------------------------------------------------


def test_repetitive_text_under_the_grace_and_normal_text_pass_in_every_format() -> None:
    repetitive = TEXT * (1_000_000 // len(TEXT))  # < 1 MB, compresses several hundred to one
    rng = random.Random(11)
    words = [b"call", b"notes", b"customer", b"order", b"shipped", b"refund", b"hello", b"thanks"]
    picks = rng.choices(words, k=12 * 25_000)
    normal = b"\n".join(
        b'{"text": "' + b" ".join(picks[i : i + 12]) + b'"}' for i in range(0, len(picks), 12)
    )  # ~2 MB of JSONL
    assert len(normal) / len(gzip.compress(normal)) > 4

    def build(tf: tarfile.TarFile) -> None:
        add(tf, "rep.jsonl", repetitive)
        add(tf, "normal.jsonl", normal)

    for data, name in [
        (tar_bytes(build, compressed=True), "mixed.tar.gz"),
        (zip_bytes({"rep.jsonl": repetitive, "normal.jsonl": normal}), "mixed.zip"),
        (gzip.compress(repetitive, 6), "rep.jsonl.gz"),
        (gzip.compress(normal, 6), "normal.jsonl.gz"),
    ]:
        found, _ = walk(data, name)
        assert all(i.error is None for i in found), (name, [i.error for i in found])
        assert sorted(len(i.data or b"") for i in found) == sorted(
            len(x)
            for x in ([repetitive, normal] if "mixed" in name else [repetitive if "rep" in name else normal])
        )


# -- gzip: empty or truncated is a corrupt archive, as for .zip and .tar ------------------------------


@pytest.mark.parametrize(
    ("payload", "why"),
    [
        (b"", "empty file"),
        (gzip.compress(TEXT * 100)[:-12], "EOFError"),
        (gzip.compress(TEXT)[:10], "EOFError"),
    ],
    ids=["empty", "truncated", "header-only"],
)
@pytest.mark.parametrize("name", ["x.gz", "notes.jsonl.gz"])
def test_empty_or_truncated_gzip_is_a_corrupt_archive(payload: bytes, why: str, name: str) -> None:
    found, _ = walk(payload, name)
    assert [(i.name, i.data, i.error) for i in found] == [
        (name, None, f"corrupt or truncated archive ({why})")
    ]


def test_empty_gzip_member_of_a_zip_is_an_error() -> None:
    found, _ = walk(zip_bytes({"empty.gz": b"", "ok.jsonl": TEXT}), "outer.zip")
    items = by_leaf(found)
    assert items["empty.gz"].error == "corrupt or truncated archive (empty file)"
    assert items["ok.jsonl"].data == TEXT


def test_a_valid_gzip_of_nothing_is_still_an_empty_record() -> None:
    found, _ = walk(gzip.compress(b""), "blank.jsonl.gz")
    assert [(i.name, i.data, i.error) for i in found] == [("blank.jsonl", b"", None)]


def test_zip_of_many_small_bombs_is_abandoned_as_a_whole() -> None:
    """Each member stays under the 1 MB grace of the member check; together they are one bomb."""
    members = {f"part{i:03d}.jsonl": bytes(900 * 1024) for i in range(40)}  # 36 MB of zeros
    members["zz_ok.jsonl"] = TEXT
    found, budget = walk(zip_bytes(members), "many.zip")
    errors = [i.error for i in found if i.error]
    assert errors == [
        "archive abandoned: compression ratio of the zip's members together above 200:1"
        " (possible compression bomb), not expanded"
    ]
    assert sum(1 for i in found if i.data is not None) < 5  # abandoned after a few members
    assert budget.used < 5 * MB


def test_zip_of_many_normal_members_is_read_whole() -> None:
    rng = random.Random(3)
    words = ["meeting", "notes", "alpha", "ship", "the", "deploy", "green", "review", "lunch", "call"]
    members = {
        f"chat{i:03d}.jsonl": "".join(
            f'{{"id": "m{j}", "text": "{" ".join(rng.choice(words) for _ in range(12))}"}}\n'
            for j in range(2000)
        ).encode()
        for i in range(8)
    }
    found, _ = walk(zip_bytes(members), "chats.zip")
    assert [i.error for i in found] == [None] * 8
    assert all(i.data == members[i.source.rsplit("/", 1)[-1]] for i in found)


@pytest.mark.parametrize("compressed", [False, True])
def test_a_tar_header_past_the_cap_abandons_the_archive(monkeypatch, compressed: bool) -> None:
    """tarfile reads a member's PAX records whole before yielding it: a plain `.tar` with a header of
    gigabytes took that much memory, since no member-size limit applies to headers."""
    from classifier.batch import archives

    monkeypatch.setattr(archives, "TAR_HEADER_CAP", 1 * MB)
    # member data past the cap is no header (random hex: a compressed tar stays under the ratio)
    big = b'{"text": "' + random.Random(7).randbytes(3 * MB // 2).hex().encode() + b'"}\n'

    def build(tf: tarfile.TarFile) -> None:
        add(tf, "a.jsonl", TEXT)
        add(tf, "big.jsonl", big)
        add(tf, "b.jsonl", TEXT, pax_headers={"comment": "x" * (2 * MB)})
        add(tf, "c.jsonl", TEXT)

    found, _ = walk(
        tar_bytes(build, compressed, format=tarfile.PAX_FORMAT), "x.tgz" if compressed else "x.tar"
    )
    assert [(i.name, i.error) for i in found[:2]] == [("a.jsonl", None), ("big.jsonl", None)]
    assert found[1].data == big
    assert len(found) == 3 and found[2].error == "archive abandoned: tar header larger than 1 MB"
