"""What a `--resume` must share with the scan it finishes, so that one output never mixes two setups.

The options are not enough: a consent file edited in place, a threshold changed in the config
file or a recognizer added to a folder would give the records scanned after the resume other
findings or decisions than those scanned before it, under the same paths. So the fingerprint
holds the whole engine config and a digest of every file the scan reads besides its inputs
(consent, policy, manifest, the recognizer folders), and the versions of installed recognizer
packages. It holds no key and no content: digests only.
"""

from __future__ import annotations

import dataclasses
import hashlib
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from classifier.config import Config

#: bytes read at a time when hashing a file
_CHUNK = 1 << 20


def config_fingerprint(config: Config) -> dict[str, Any]:
    """Every field of `config` in JSON form, recognizer folders with a digest of their files."""
    values = dataclasses.asdict(config)
    values["categories"] = {name: str(category.value) for name, category in config.categories.items()}
    values["recognizer_dirs"] = [
        {"path": str(folder), "sha256": folder_digest(Path(folder))} for folder in config.recognizer_dirs
    ]
    values["recognizer_packages"] = recognizer_packages()
    return values


def file_digest(path: Path | None) -> dict[str, str | None] | None:
    """The path and SHA-256 of a file the scan reads (None when not given; no digest if unreadable,
    so that the scan itself reports the problem)."""
    if path is None:
        return None
    return {"path": str(path), "sha256": _sha256(path)}


def folder_digest(folder: Path) -> str | None:
    """SHA-256 over the names and contents of the files of a recognizer folder (not its sub-folders,
    which are not loaded either); None if it cannot be read."""
    digest = hashlib.sha256()
    try:
        files = sorted(path for path in folder.iterdir() if path.is_file())
    except OSError:
        return None
    for path in files:
        digest.update(path.name.encode("utf-8", "surrogateescape") + b"\0")
        digest.update((_sha256(path) or "unreadable").encode("ascii"))
    return digest.hexdigest()


def recognizer_packages() -> list[str]:
    """`name=module:attr (distribution version)` of each installed recognizer entry point."""
    from classifier.registry import ENTRY_POINT_GROUP

    found = []
    for point in entry_points(group=ENTRY_POINT_GROUP):
        dist = point.dist
        found.append(f"{point.name}={point.value} ({dist.name} {dist.version})" if dist else point.value)
    return sorted(found)


def _sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()
