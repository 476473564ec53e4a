"""Whole timestamps, UUIDs, hex ids and dotted versions are not scanned (synthetic values only)."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator

import pytest
from presidio_analyzer import Pattern

from classifier.config import Config
from classifier.detection.machine_values import is_machine_value
from classifier.engine import Classifier
from classifier.findings import Category
from classifier.registry.pattern import CategorizedPatternRecognizer


@pytest.mark.parametrize(
    "value",
    [
        "2026-03-14T09:12:33Z",
        "2026-03-14T09:12:33.123Z",
        "2026-03-14T09:12:33,5+01:00",
        "2026-03-14T09:12-0500",
        "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "{3FA85F64-5717-4562-B3FC-2C963F66AFA6}",
        "4bf92f3577b34da6a3ce929d0e0e4736",
        "0x7ffe4a3b2c1d9e80",
        "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",
        "5.9.2.6942",
        "10.0.19045.3803",
        "4.14.5.29870",
        "8.8.8.8.8",
        "300.1.2.3",
    ],
)
def test_machine_values(value: str) -> None:
    assert is_machine_value(value)


@pytest.mark.parametrize(
    "value",
    [
        "2026-03-14",  # a date, maybe a birth date
        "2026-03-14 09:12:33",
        "4111111111111111",  # digits only: a card number
        "deadbeefcafefeed",  # no digit
        "4bf92f3577b34da",  # 15 hex digits
        "4BF92f3577b34da6a3ce929d0e0e4736",  # mixed case
        "id 4bf92f3577b34da6a3ce929d0e0e4736",
        "4bf92f3577b34da6a3ce929d0e0e4736 ",
        "3fa85f64-5717-4562-b3fc-2c963f66afa",
        "10.0.1.5",  # a version, or an IP address
        "1.555.013.4477",  # a US number with its trunk
        "06.12.34.56.78",  # a French number
        "44.20.7946.0958",  # groups of two to four digits: a phone number's
        "4111.1111.1111.1111",
        "10.0.19045",  # three groups: 1.2.2026 is a date, 123.45.6789 an SSN
        "5.9.2.6942.1.2.3",  # more groups than a version has
        "5.9.2.1234567",
        "v5.9.2.6942",
        "f" * 64 + "1" * 65,  # longer than any hash
    ],
)
def test_other_values(value: str) -> None:
    assert not is_machine_value(value)


class Everything(CategorizedPatternRecognizer):
    """Finds every text: shows which texts reach the recognizers."""

    def __init__(self) -> None:
        super().__init__("DEVICE_ID", Category.PII, name="Everything", patterns=[Pattern("all", r".+", 0.9)])


def _values(count: int, seed: int = 7) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        yield f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00Z"
        yield str(uuid.UUID(int=rng.getrandbits(128)))
        yield f"{rng.getrandbits(128) | 1 << 127:032x}"
        yield _version(rng)


def _version(rng: random.Random) -> str:
    """A random dotted number the rule takes for a version: four to six groups of one to six
    digits, some with leading zeros, drawn until one passes."""
    while True:
        groups = [str(rng.randrange(10 ** rng.randint(1, 6))) for _ in range(rng.randint(4, 6))]
        groups = [
            group.zfill(rng.randint(len(group), 6)) if rng.random() < 0.2 else group for group in groups
        ]
        value = ".".join(groups)
        if is_machine_value(value):
            return value


def test_machine_values_skip_detection_unless_turned_off() -> None:
    values = list(_values(5))
    on = Classifier(Config(use_ner=False), recognizers=[Everything()])
    off = Classifier(Config(use_ner=False, skip_machine_values=False), recognizers=[Everything()])
    assert on.analyze_batch(values) == [[] for _ in values]
    assert all(len(found) == 1 for found in off.analyze_batch(values))
    assert on.analyze_batch(["at 2026-03-14T09:12:33Z"]) != [[]]


def test_the_builtin_recognizers_find_no_identifier_in_them() -> None:
    """Without the rule, the recognizers find nothing in such values anyway, except a UUID group
    read as the lab test "A1C" (the false positive the rule removes)."""
    engine = Classifier(Config(use_ner=False, skip_machine_values=False))
    values = list(_values(150)) + [_version(random.Random(seed)) for seed in range(3000)]
    found = [
        (value, finding.entity_type)
        for value, findings in zip(values, engine.analyze_batch(values), strict=True)
        for finding in findings
    ]
    assert {entity for _, entity in found} <= {"LAB_RESULT"}
    assert all(value.count("-") == 4 for value, _ in found)


def test_near_misses_are_still_detected() -> None:
    engine = Classifier(Config(use_ner=False))
    card, date, phone, ip = engine.analyze_batch(
        ["4111111111111111", "2026-03-14", "1.555.013.4477", "10.0.1.5"]
    )
    assert [f.entity_type for f in card] == ["CREDIT_CARD"]
    assert [f.entity_type for f in date] == ["DATE"]
    assert [f.entity_type for f in phone] == ["PHONE_NUMBER"]
    assert [f.entity_type for f in ip] == ["IP_ADDRESS"]


def test_the_config_key() -> None:
    assert Config.from_dict({"skip_machine_values": False}).skip_machine_values is False
    assert Config().skip_machine_values is True
