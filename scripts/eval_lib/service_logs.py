"""Seeded service-generated events (the data `--no-ner` is for), with the identifiers they carry.

Each event is one JSON line like a product's diagnostic log: a timestamp, level,
service, event name, trace id, duration, region, client version, OS build, status
and a short message. A share `density` of events also carries one identifier
(an email, a client IP, a display name, a Windows profile path with the user's
name, or an email inside a URL-encoded referrer). Timestamps, versions, OS builds
and hex trace ids are the machine values a detector must leave alone.

The telemetry reader makes every string value its own segment; `segments`
returns them in that shape with the gold identifier spans, so that the speed
and the recall of the `--no-ner` path are measured on the same texts.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from urllib.parse import quote

SERVICES = ("media-router", "auth", "billing-api", "web-gateway", "scheduler", "recording-svc")
EVENTS = (
    "rtp.stats",
    "http.request",
    "job.finished",
    "cache.miss",
    "meeting.join",
    "client.crash",
    "login.success",
    "config.reload",
)
MESSAGES = (
    "packet loss above threshold on stream {n}",
    "request completed",
    "retrying upstream call after timeout",
    "worker pool resized to {n} threads",
    "cache entry expired",
    "disk usage at {n} percent",
    "connection reset by peer",
    "token refreshed",
    "slow query took {n} ms",
    "feature flag evaluated",
)
OS_BUILDS = (
    "Windows 10.0.19045",
    "Windows 11 10.0.22631",
    "macOS 14.4.1",
    "Linux 6.5.0-41-generic",
    "iOS 17.4",
)
FIRST = ("Maria", "Jamal", "Priya", "Tom", "Aiko", "Diego", "Fatima", "Lukas", "Grace", "Omar")
LAST = ("Lopez", "Okafor", "Sharma", "Becker", "Tanaka", "Silva", "Haddad", "Novak", "Kim", "Reyes")


@dataclass
class Event:
    """One JSON line and, per identifier it carries, (field, value, entity type)."""

    line: str
    identifiers: list[tuple[str, str, str]]


def _identifier(rng: random.Random) -> tuple[str, str, str, str]:
    """(field, JSON value, identifier inside it, entity type)."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    email = f"{first.lower()}.{last.lower()}{rng.randrange(100)}@example.com"
    kind = rng.randrange(5)
    if kind == 0:
        return "user", email, email, "EMAIL_ADDRESS"
    if kind == 1:
        ip = f"{rng.randint(11, 220)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        return "client_ip", ip, ip, "IP_ADDRESS"
    if kind == 2:
        return "display_name", f"{first} {last}", f"{first} {last}", "PERSON"
    if kind == 3:
        user = f"{first.lower()}{last[0].lower()}"
        return "dump_path", f"C:\\Users\\{user}\\AppData\\Local\\app\\crash.dmp", user, "USERNAME"
    url = f"https://app.example.com/join?email={quote(email)}&src=invite"
    return "referrer", url, email, "EMAIL_ADDRESS"


def event(rng: random.Random, density: float) -> Event:
    """One event; with probability `density` it carries one identifier."""
    fields: dict[str, object] = {
        "ts": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:"
        f"{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}.{rng.randint(0, 999):03d}Z",
        "level": rng.choice(("INFO", "INFO", "INFO", "WARN", "ERROR", "DEBUG")),
        "service": rng.choice(SERVICES),
        "event": rng.choice(EVENTS),
        "trace_id": f"{rng.getrandbits(128):032x}",
        "duration_ms": rng.randint(1, 5000),
        "region": rng.choice(("us-east-1", "eu-west-1", "ap-south-1")),
        "client": {
            "version": ".".join(str(rng.randint(*r)) for r in ((4, 6), (0, 20), (0, 9), (1000, 40000))),
            "os": rng.choice(OS_BUILDS),
        },
        "msg": rng.choice(MESSAGES).format(n=rng.randint(1, 99)),
        "status": rng.choice((200, 200, 200, 204, 404, 500, 503)),
    }
    identifiers = []
    if rng.random() < density:
        field, value, identifier, entity_type = _identifier(rng)
        fields[field] = value
        identifiers.append((field, identifier, entity_type))
    return Event(json.dumps(fields), identifiers)


def events(count: int, density: float = 0.1, seed: int = 11) -> list[Event]:
    rng = random.Random(seed)
    return [event(rng, density) for _ in range(count)]


def segments(items: list[Event]) -> tuple[list[str], list[list[tuple[int, int, str]]]]:
    """Every value as its own text, as the telemetry reader makes them (string values with
    URL-encoded ones decoded, value-like keys, long integers), and the gold spans per text."""
    from classifier.formats import jsondata

    texts: list[str] = []
    gold: list[list[tuple[int, int, str]]] = []
    for item in items:
        wanted = {field: (identifier, entity_type) for field, identifier, entity_type in item.identifiers}
        for segment in jsondata.value_segments(json.loads(item.line), None):
            text, path = segment.text, segment.location.path
            spans = []
            if path and path[-1] in wanted:
                identifier, entity_type = wanted[path[-1]]
                start = text.find(identifier)
                if start >= 0:
                    spans.append((start, start + len(identifier), entity_type))
            texts.append(text)
            gold.append(spans)
    return texts, gold
