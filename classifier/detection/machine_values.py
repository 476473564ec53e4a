"""Whole values a service generates that are never personal identifiers: skipped, not detected.

Telemetry is mostly timestamps, trace and request ids, session GUIDs and hashes;
the telemetry reader makes each string value its own text, so a scan of service
data would otherwise spend most of its detection time proving, recognizer by
recognizer, that `2026-03-14T09:12:33.123Z` or `4bf92f3577b34da6a3ce929d0e0e4736`
holds no name, phone number or date. Four shapes are taken as a whole, with
nothing around them:

* ISO 8601 timestamps with a `T` and a time (the date recognizer already leaves
  them alone: a date with a time of day to the second is a machine's record);
* UUIDs / GUIDs, with or without braces;
* hex ids and hashes: 16 to 128 hex digits in one case, with at least one
  letter (a run of digits alone may be a card or account number) and one digit
  (`deadbeefcafefeed` is a word game, not an id), `0x` allowed;
* dotted versions and builds that can be nothing else (`5.9.2.6942`,
  `10.0.19045.3803`): four to six groups of one to six digits, the first not
  starting with 0, with a group of one digit or of five or more (dotted phone
  numbers group their digits by twos to fours, as the phone recognizer reads
  them), and neither four groups of at most 255 (an IP address) nor a US number
  with its trunk (`1.555.013.4477`). Three groups are not enough: `1.2.2026` is a
  date, `123.45.6789` an SSN.

A value with anything else in it (`dob: 1990-03-14`, `id 4bf9...`, a number in a
URL, `v5.9.2.6942`) goes through detection as usual. Turn the rule off with the
config key `skip_machine_values: false`; tests/test_machine_values.py checks that
the engine finds nothing on such values without the rule, except the false
positives the rule removes (a UUID group `a1c6` read as the lab test A1C).
"""

from __future__ import annotations

import re

_HEX_LOWER = r"(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{16,128}"
_HEX_UPPER = r"(?=[0-9A-F]*[A-F])(?=[0-9A-F]*[0-9])[0-9A-F]{16,128}"
_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_ISO_TIMESTAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:[.,]\d{1,9})?)?(?:Z|[+-]\d\d(?::?\d\d)?)?"

MACHINE_VALUE = re.compile(
    rf"{_ISO_TIMESTAMP}|\{{{_UUID}\}}|{_UUID}|(?:0x)?{_HEX_LOWER}|(?:0x)?{_HEX_UPPER}", re.ASCII
)


_DOTTED_VERSION = re.compile(r"[1-9]\d{0,5}(?:\.\d{1,6}){3,5}", re.ASCII)
_US_PHONE_WITH_TRUNK = re.compile(r"1\.\d{3}\.\d{3}\.\d{4}", re.ASCII)


def is_machine_value(text: str) -> bool:
    """Whether the whole of `text` is a timestamp, UUID, hex id or version (see the module docstring)."""
    return MACHINE_VALUE.fullmatch(text) is not None or _is_version(text)


def _is_version(text: str) -> bool:
    if _DOTTED_VERSION.fullmatch(text) is None or _US_PHONE_WITH_TRUNK.fullmatch(text):
        return False
    groups = text.split(".")
    lengths = {len(group) for group in groups}
    if 1 not in lengths and max(lengths) < 5:
        return False  # 06.12.34.56.78, 4111.1111.1111.1111: phone and card groups
    return len(groups) != 4 or any(int(group) > 255 for group in groups)
