"""Replacing findings in text: label, mask, redact, hash, pseudonym or encrypt.

One `Redactor` serves one record, so that pseudonyms stay consistent within it
("Maria" is `<PERSON_1>` in every segment and in the speaker field) without
linking people across records. `hash` links values across records on purpose,
and only for whoever holds the key. `encrypt` is reversible with the key:
`decrypt(text, key)` restores the original text.

Modes:
  label      `<PERSON>`
  mask       `*` for every character of the value
  redact     the value is removed
  hash       `<PERSON:1f2e...>`: HMAC-SHA256 of the normalised value (first 16 hex digits), needs a key
  pseudonym  `<PERSON_1>`, `<PERSON_2>`...: the same value gets the same pseudonym
  encrypt    `<ENC:PERSON:...:tag>`: AES-256-CBC via presidio-anonymizer, needs a key; the tag
             (truncated HMAC) makes a wrong key or an edited token fail loudly instead of
             decrypting to garbage
"""

from __future__ import annotations

import binascii
import functools
import hashlib
import hmac
from collections.abc import Iterable

import regex

from classifier.findings import Finding

MODES: tuple[str, ...] = ("label", "mask", "redact", "hash", "pseudonym", "encrypt")
KEYED_MODES: frozenset[str] = frozenset({"hash", "encrypt"})
HASH_HEX_DIGITS = 16

#: `<ENC:ENTITY_TYPE:urlsafe-base64:tag>` as written by the encrypt mode.
_TOKEN_BODY = r"([A-Z0-9_]+):([A-Za-z0-9_\-]+=*):([0-9a-f]{16})>"
ENCRYPTED_TOKEN = regex.compile("<ENC:" + _TOKEN_BODY)
#: The start of a token edited out of its shape (a tag cut or lengthened): it would stay encrypted.
_BROKEN_TOKEN = regex.compile("<ENC:(?!" + _TOKEN_BODY + ")")

#: Fixed salt: the derived key must be reproducible from the passphrase alone.
_KDF_SALT = b"classifier/encrypt/v1"
_KDF_ITERATIONS = 200_000


class RedactionError(ValueError):
    """A redaction mode or key that cannot be used; the message never contains the key."""


def _normalise(value: str) -> str:
    """Case and spacing do not make a different person ("Maria  Gonzalez" == "maria gonzalez")."""
    return " ".join(value.split()).casefold()


@functools.lru_cache(maxsize=8)
def _derived_keys(key: str) -> tuple[bytes, bytes]:
    """A 256-bit AES key and a MAC key from any passphrase (PBKDF2, once per key per process)."""
    material = hashlib.pbkdf2_hmac("sha256", key.encode("utf-8"), _KDF_SALT, _KDF_ITERATIONS, dklen=64)
    return material[:32], material[32:]


def _tag(mac_key: bytes, entity_type: str, ciphertext: str) -> str:
    message = f"{entity_type}:{ciphertext}".encode("ascii")
    return hmac.new(mac_key, message, hashlib.sha256).hexdigest()[:16]


class Redactor:
    """Replaces findings in the texts of one record."""

    def __init__(self, mode: str = "label", key: str | None = None):
        if mode not in MODES:
            raise RedactionError(f"unknown redaction mode {mode!r}; choose one of {', '.join(MODES)}")
        if mode in KEYED_MODES and not key:
            raise RedactionError(
                f"mode {mode!r} needs a key: pass --key-file FILE, --key KEY or set CLASSIFIER_KEY"
            )
        self.mode = mode
        self._key = key
        self._pseudonyms: dict[tuple[str, str], str] = {}
        self._counters: dict[str, int] = {}

    def redact(self, text: str, findings: Iterable[Finding]) -> str:
        """`text` with every finding replaced; overlapping findings are merged into one span."""
        pieces: list[str] = []
        position = 0
        for start, end, entity_type in _merge(findings, len(text)):
            pieces.append(text[position:start])
            pieces.append(self.redact_value(text[start:end], entity_type))
            position = end
        pieces.append(text[position:])
        return "".join(pieces)

    def redact_value(self, value: str, entity_type: str) -> str:
        """The replacement for one value (also used for speaker names and profile fields)."""
        if self.mode == "label":
            return f"<{entity_type}>"
        if self.mode == "mask":
            return "*" * len(value)
        if self.mode == "redact":
            return ""
        if self.mode == "hash":
            assert self._key is not None
            digest = hmac.new(self._key.encode("utf-8"), _normalise(value).encode("utf-8"), hashlib.sha256)
            return f"<{entity_type}:{digest.hexdigest()[:HASH_HEX_DIGITS]}>"
        if self.mode == "pseudonym":
            return self._pseudonym(value, entity_type)
        assert self._key is not None
        from presidio_anonymizer.operators import Encrypt  # 2 s to import: only for this mode

        aes_key, mac_key = _derived_keys(self._key)
        ciphertext = Encrypt().operate(value, {"key": aes_key})
        return f"<ENC:{entity_type}:{ciphertext}:{_tag(mac_key, entity_type, ciphertext)}>"

    def _pseudonym(self, value: str, entity_type: str) -> str:
        slot = (entity_type, _normalise(value))
        if slot not in self._pseudonyms:
            self._counters[entity_type] = self._counters.get(entity_type, 0) + 1
            self._pseudonyms[slot] = f"<{entity_type}_{self._counters[entity_type]}>"
        return self._pseudonyms[slot]


def _merge(findings: Iterable[Finding], length: int) -> list[tuple[int, int, str]]:
    """Sorted, non-overlapping (start, end, entity_type) spans; a merged span keeps the first type."""
    spans: list[list] = []
    for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
        start, end = max(finding.start, 0), min(finding.end, length)
        if end <= start:
            continue
        if spans and start < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
            continue
        spans.append([start, end, finding.entity_type])
    return [(s, e, t) for s, e, t in spans]


class DecryptionError(ValueError):
    """A token that cannot be decrypted (wrong key or damaged); names the position, never content."""


def decrypt(text: str, key: str) -> str:
    """Restore every `<ENC:TYPE:...>` token in `text` written by the encrypt mode with `key`."""
    if not key:
        raise RedactionError(
            "decrypt needs the key used to encrypt: --key-file FILE, --key KEY or CLASSIFIER_KEY"
        )
    from presidio_anonymizer.operators import Decrypt  # 2 s to import: only when decrypting

    aes_key, mac_key = _derived_keys(key)
    operator = Decrypt()

    def restore(match: regex.Match[str]) -> str:
        entity_type, ciphertext, tag = match.groups()
        try:
            if not hmac.compare_digest(tag, _tag(mac_key, entity_type, ciphertext)):
                raise ValueError("tag mismatch")
            return operator.operate(ciphertext, {"key": aes_key})
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise DecryptionError(
                f"cannot decrypt the token at character {match.start()}: wrong key or damaged text"
            ) from None

    broken = _BROKEN_TOKEN.search(text)
    if broken:
        raise DecryptionError(f"cannot decrypt the token at character {broken.start()}: it is not whole")
    return ENCRYPTED_TOKEN.sub(restore, text)
