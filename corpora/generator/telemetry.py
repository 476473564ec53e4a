"""Service-generated telemetry: JSON lines where identifiers hide in fields, paths and query strings."""

from __future__ import annotations

import random
from typing import Any

from corpora.generator import decoys, values
from corpora.generator.model import Conversation, Fill, Part, Segment, render
from corpora.generator.people import Person, make_people

EVENTS = (
    "meeting.join",
    "meeting.leave",
    "client.crash",
    "audio.device_changed",
    "share.start",
    "login.success",
)


def _line(rng: random.Random, person: Person) -> list[Part]:
    """One event; which identifier-bearing fields it carries varies by event."""
    event = rng.choice(EVENTS)
    parts: list[Part] = ['{"ts": "', decoys.timestamp(rng, "telemetry"), f'", "event": "{event}", ']
    parts += ['"client_version": "', decoys.version(rng), '", ']
    if event.startswith("meeting"):
        parts += ['"meeting_id": "', decoys.meeting_id(rng, "telemetry"), '", ']
    if rng.random() < 0.6:
        local, domain, tld = values.email_parts(rng, person)
        parts += ['"user": "', Fill(f"{local}@{domain}.{tld}", "EMAIL_ADDRESS"), '", ']
    if rng.random() < 0.5:
        parts += ['"display_name": "', Fill(person.full, "PERSON"), '", ']
    if rng.random() < 0.6:
        parts += ['"client_ip": "', Fill(values.ip_address(rng), "IP_ADDRESS"), '", ']
    if event == "client.crash":
        parts += [
            '"dump_path": "C:\\\\Users\\\\',
            Fill(person.handle(), "USERNAME"),
            '\\\\AppData\\\\Local\\\\Zoom\\\\logs\\\\crash.dmp", ',
            '"build": "',
            decoys.git_hash(rng),
            '", ',
        ]
    if event == "audio.device_changed":
        parts += ['"mac": "', Fill(values.mac_address(rng), "MAC_ADDRESS"), '", ']
        parts += ['"device_serial": "', Fill(values.device_serial(rng), "DEVICE_ID"), '", ']
    if event == "login.success" and rng.random() < 0.5:
        local, domain, tld = values.email_parts(rng, person)
        parts += [
            '"referrer": "https://app.example.com/join?email=',
            Fill(f"{local}%40{domain}.{tld}", "EMAIL_ADDRESS"),
            '", ',
        ]
    parts.append('"ok": true}')
    return parts


def build(conv_id: str, rng: random.Random) -> dict[str, Any]:
    """A batch of 4-9 telemetry lines from two or three users; no speakers."""
    people = make_people(rng, rng.randint(2, 3))
    conv = Conversation(conv_id, "telemetry", "telemetry", "service_generated")
    for _ in range(rng.randint(4, 9)):
        conv.segments.append(Segment(None, _line(rng, rng.choice(people))))
    return render(conv, lambda text: text, lambda fill: fill.value)
