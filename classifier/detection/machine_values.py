"""Whole values a service generates that are never personal identifiers: skipped, not detected.

Telemetry is mostly timestamps, trace and request ids, session GUIDs and hashes;
the telemetry reader makes each string value its own text, so a scan of service
data would otherwise spend most of its detection time proving, recognizer by
recognizer, that `2026-03-14T09:12:33.123Z` or `4bf92f3577b34da6a3ce929d0e0e4736`
holds no name, phone number or date. Three shapes are taken as a whole, with
nothing around them:

* ISO 8601 timestamps with a `T` and a time (the date recognizer already leaves
  them alone: a date with a time of day to the second is a machine's record);
* UUIDs / GUIDs, with or without braces;
* hex ids and hashes: 16 to 128 hex digits in one case, with at least one
  letter (a run of digits alone may be a card or account number) and one digit
  (`deadbeefcafefeed` is a word game, not an id), `0x` allowed.

A value with anything else in it (`dob: 1990-03-14`, `id 4bf9...`, a number in a
URL) goes through detection as usual. Dotted versions are not skipped: `10.0.1.5`
is also an IP address and `1.2.2026` a date. Turn the rule off with the config key
`skip_machine_values: false`; tests/test_machine_values.py checks that the engine
finds nothing on such values without the rule, except the false positives the rule
removes (a UUID group `a1c6` read as the lab test A1C).
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


def is_machine_value(text: str) -> bool:
    """Whether the whole of `text` is a timestamp, UUID or hex id (see the module docstring)."""
    return MACHINE_VALUE.fullmatch(text) is not None
