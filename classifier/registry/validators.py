"""Check-digit validators that YAML recognizers name with `validator:`.

A validator receives the matched text and returns True (valid: the score is
raised to 1.0, as Presidio does) or False (the match is dropped). Register your
own, spaCy-style, by name:

    @register_validator("my_check")
    def my_check(text: str) -> bool: ...

A check digit is strong evidence, hence the 1.0. Some rules only rule values
out (a US SSN never starts with 666, but most 9-digit numbers pass): register
those with `raises_score=False`, so a pass keeps the pattern's score and only a
failure changes anything (Presidio's `invalidate_result` semantics).

Validators read only the characters they need (digits, letters) so that
separators such as spaces or dashes in the match do not matter.
"""

from __future__ import annotations

from collections.abc import Callable

Validator = Callable[[str], bool]

_VALIDATORS: dict[str, Validator] = {}
_FILTER_ONLY: set[str] = set()


def register_validator(name: str, raises_score: bool = True) -> Callable[[Validator], Validator]:
    """Decorator: make `func` available to YAML recognizers as `validator: name`."""

    def decorate(func: Validator) -> Validator:
        existing = _VALIDATORS.get(name)
        if existing is not None and existing is not func:
            raise ValueError(f"a validator named {name!r} is already registered ({existing.__module__})")
        _VALIDATORS[name] = func
        if not raises_score:
            _FILTER_ONLY.add(name)
        return func

    return decorate


def raises_score(name: str) -> bool:
    """Whether a pass of validator `name` raises the score to 1.0 (False: it only filters)."""
    return name not in _FILTER_ONLY


def get_validator(name: str) -> Validator:
    """The validator registered as `name`; the error lists the known names."""
    try:
        return _VALIDATORS[name]
    except KeyError:
        raise KeyError(
            f"unknown validator {name!r}; known validators: {', '.join(validator_names())}"
        ) from None


def validator_names() -> list[str]:
    return sorted(_VALIDATORS)


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _alnum(text: str) -> str:
    return "".join(c for c in text if c.isalnum()).upper()


def luhn_checksum_ok(digits: str) -> bool:
    """True when the digit string passes the Luhn (mod 10) check."""
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = int(char)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


@register_validator("luhn")
def luhn(text: str) -> bool:
    """Credit cards, IMEIs and many institutional IDs end with a Luhn check digit."""
    digits = _digits(text)
    return len(digits) >= 2 and luhn_checksum_ok(digits)


@register_validator("npi")
def npi(text: str) -> bool:
    """US National Provider Identifier: 10 digits, Luhn over the `80840` prefix plus the NPI."""
    digits = _digits(text)
    return len(digits) == 10 and luhn_checksum_ok("80840" + digits)


_DEA_REGISTRANT = set("ABCDEFGHJKLMPRSTUX")


@register_validator("dea")
def dea(text: str) -> bool:
    """US DEA registration number: registrant letter, letter or 9, seven digits with a check digit."""
    chars = _alnum(text)
    if len(chars) != 9 or chars[0] not in _DEA_REGISTRANT or not (chars[1].isalpha() or chars[1] == "9"):
        return False
    digits = chars[2:]
    if not digits.isdigit():
        return False
    d = [int(c) for c in digits]
    check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10
    return check == d[6]


@register_validator("aba_routing")
def aba_routing(text: str) -> bool:
    """US ABA routing number: 9 digits, weights 3-7-1, sum divisible by 10, not all zeros."""
    digits = _digits(text)
    if len(digits) != 9 or set(digits) == {"0"}:
        return False
    d = [int(c) for c in digits]
    total = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])
    return total % 10 == 0


@register_validator("mod11")
def mod11(text: str) -> bool:
    """Generic mod-11 check digit (ISBN-10 style): weights 2, 3, 4... from the right; 10 is written X.

    The check digit is the last character; it makes the weighted sum (check
    digit weight 1) divisible by 11. Letters before the digits (a prefix such
    as `D`) are ignored.
    """
    chars = _alnum(text)
    payload_end = len(chars) - 1
    if payload_end < 1:
        return False
    check_char = chars[-1]
    start = payload_end
    while start > 0 and chars[start - 1].isdigit():
        start -= 1
    payload = chars[start:payload_end]
    if not payload or not (check_char.isdigit() or check_char == "X"):
        return False
    total = sum(int(c) * w for w, c in enumerate(reversed(payload), start=2))
    expected = (11 - total % 11) % 11
    check = 10 if check_char == "X" else int(check_char)
    return check == expected


@register_validator("iban")
def iban(text: str) -> bool:
    """IBAN: two letters, two check digits, up to 30 alphanumerics; the mod-97 remainder must be 1."""
    chars = _alnum(text)
    if not 15 <= len(chars) <= 34 or not chars[:2].isalpha() or not chars[2:4].isdigit():
        return False
    rearranged = chars[4:] + chars[:4]
    numeric = "".join(str(int(c, 36)) for c in rearranged)
    return int(numeric) % 97 == 1


@register_validator("us_ssn", raises_score=False)
def us_ssn(text: str) -> bool:
    """US SSN: area not 000, 666 or 9xx; group not 00; serial not 0000 (SSA rules).

    Filter only: most 9-digit numbers pass, so a pass is no evidence of an SSN.
    """
    digits = _digits(text)
    if len(digits) != 9:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area not in ("000", "666") and not area.startswith("9") and group != "00" and serial != "0000"
