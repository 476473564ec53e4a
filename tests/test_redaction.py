"""Every redaction mode, the keyed modes' key handling, and the encrypt -> decrypt round trip."""

from __future__ import annotations

import pytest

from classifier.findings import Category, Finding
from classifier.redaction import DecryptionError, RedactionError, Redactor, decrypt

TEXT = "Maria called 555-013-4477; later MARIA  called again."
#          0    5                             33


def _findings() -> list[Finding]:
    return [
        Finding(0, 5, "PERSON", Category.PII, 0.9, "t"),
        Finding(13, 25, "PHONE_NUMBER", Category.PII, 0.9, "t"),
        Finding(33, 38, "PERSON", Category.PII, 0.9, "t"),
    ]


def test_label() -> None:
    assert (
        Redactor("label").redact(TEXT, _findings())
        == "<PERSON> called <PHONE_NUMBER>; later <PERSON>  called again."
    )


def test_mask_keeps_length_and_nothing_else() -> None:
    out = Redactor("mask").redact(TEXT, _findings())
    assert len(out) == len(TEXT)
    assert out.startswith("***** called ************;")
    assert "Maria" not in out and "4477" not in out


def test_redact_removes_values() -> None:
    assert Redactor("redact").redact(TEXT, _findings()) == " called ; later   called again."


def test_hash_is_keyed_and_consistent() -> None:
    out = Redactor("hash", key="k1").redact(TEXT, _findings())
    first, second = out.split(" called ")[0], out.split("later ")[1].split(" ")[0]
    assert first == second and first.startswith("<PERSON:") and len(first) == len("<PERSON:>") + 16
    assert Redactor("hash", key="k1").redact_value("Maria", "PERSON") == first  # same key: linkable
    assert Redactor("hash", key="k2").redact_value("Maria", "PERSON") != first  # other key: not


@pytest.mark.parametrize("mode", ["hash", "encrypt"])
def test_keyed_modes_need_a_key(mode: str) -> None:
    with pytest.raises(RedactionError, match="needs a key"):
        Redactor(mode)


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(RedactionError, match="unknown redaction mode"):
        Redactor("shred")


def test_pseudonyms_are_consistent_within_a_redactor() -> None:
    redactor = Redactor("pseudonym")
    out = redactor.redact(TEXT, _findings())
    assert out == "<PERSON_1> called <PHONE_NUMBER_1>; later <PERSON_1>  called again."
    # the same Redactor (same record) keeps the numbering for speaker names and new people
    assert redactor.redact_value("maria", "PERSON") == "<PERSON_1>"
    assert redactor.redact_value("Dana Whitfield", "PERSON") == "<PERSON_2>"
    # a new Redactor (another record) starts again
    assert Redactor("pseudonym").redact_value("Dana Whitfield", "PERSON") == "<PERSON_1>"


def test_encrypt_decrypt_round_trip() -> None:
    out = Redactor("encrypt", key="correct horse").redact(TEXT, _findings())
    # whole values: a short piece such as "555" turns up in the random ciphertext now and then
    assert "Maria" not in out and "MARIA" not in out and "555-013-4477" not in out
    assert out.count("<ENC:PERSON:") == 2
    assert decrypt(out, "correct horse") == TEXT


def test_decrypt_with_wrong_key_fails_without_content() -> None:
    out = Redactor("encrypt", key="right").redact(TEXT, _findings())
    with pytest.raises(DecryptionError) as raised:
        decrypt(out, "wrong")
    assert "character 0" in str(raised.value) and "Maria" not in str(raised.value)


def test_decrypt_refuses_a_token_edited_out_of_its_shape() -> None:
    """A tag cut short no longer matched the token pattern: the token stayed as it was, exit 0."""
    out = Redactor("encrypt", key="right").redact(TEXT, _findings())
    damaged = out[: out.index(">")] + "x" + out[out.index(">") :]  # 17 characters of tag
    with pytest.raises(DecryptionError, match="character 0: it is not whole"):
        decrypt(damaged, "right")
    assert decrypt("no tokens here, <ENC is plain text", "right") == "no tokens here, <ENC is plain text"


def test_overlapping_findings_are_merged() -> None:
    findings = [
        Finding(0, 12, "EMAIL_ADDRESS", Category.PII, 0.9, "t"),
        Finding(0, 5, "PERSON", Category.PII, 0.8, "t"),
    ]
    assert Redactor("label").redact("maria@ex.org wrote", findings) == "<EMAIL_ADDRESS> wrote"
