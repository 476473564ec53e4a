"""Shared by the format tests: the synthetic people in the fixtures and a deterministic fake analyzer.

The fake analyzer finds exactly the listed values, so round-trip tests check
the readers and writers, not the recognizers (the end-to-end test uses the real
engine). No tests live here.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from classifier.findings import Category, Finding
from classifier.records import Record

FIXTURES = Path(__file__).parent / "fixtures" / "formats"

#: Every synthetic identifier in the fixtures, with the entity type it is.
SENSITIVE: dict[str, str] = {
    **dict.fromkeys(
        [
            "Maria Gonzalez",
            "Kwame Mensah",
            "张伟",
            "José Ñúñez",
            "Ingrid Solberg",
            "Dmitri Volkov",
            "Aisha Bello",
            "Tomasz Nowak",
            "Priya Raman",
            "Zhang Wei",
            "Maria G",
            "Maria",
            "Kwame",
            "Ingrid",
            "Dmitri",
            "Aisha",
            "Tomasz",
            "Priya",
            "José",
            "Gonzalez",
            "Mensah",
            "Zhang",
            "Wei",
            "Reminder Bot",
        ],
        "PERSON",
    ),
    **dict.fromkeys(
        [
            "kwame.mensah@example.com",
            "zhang.wei@example.net",
            "jose.nunez@example.org",
            "dmitri.volkov@example.com",
            "priya.raman@example.net",
            "aisha.bello@example.org",
            "maria.gonzalez@example.org",
            "ingrid.solberg@example.org",
        ],
        "EMAIL_ADDRESS",
    ),
    **dict.fromkeys(
        [
            "415-555-0132",
            "212-555-0187",
            "(646) 555-0199",
            "415-555-0171",
            "646-555-0142",
            "415-555-0177",
        ],
        "PHONE_NUMBER",
    ),
    **dict.fromkeys(["S-20417733"], "STUDENT_ID"),
    **dict.fromkeys(["jdoe", "isolberg", "mgonzalez", "kmensah", "zwei"], "USERNAME"),
    **dict.fromkeys(
        [
            "1f0e4b2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b@72f988bf-86f1-41af-91ab-2d7cd011db47",
            "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d@72f988bf-86f1-41af-91ab-2d7cd011db47",
        ],
        "USERNAME",
    ),
}

#: What must not survive redaction: names (full and parts), emails, phones, ids.
MUST_NOT_REMAIN = list(SENSITIVE)


def _pattern(value: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![^\W_]){re.escape(value)}(?![^\W_])", re.IGNORECASE)


_PATTERNS = [
    (_pattern(value), entity) for value, entity in sorted(SENSITIVE.items(), key=lambda kv: -len(kv[0]))
]


class FakeAnalyzer:
    """Finds every listed value in every segment, like a perfect recognizer would."""

    def __init__(self) -> None:
        self.calls = 0

    def analyze_record(self, record: Record) -> list[list[Finding]]:
        self.calls += 1
        return [self.find(segment.text) for segment in record.segments]

    @staticmethod
    def find(text: str) -> list[Finding]:
        found = []
        for pattern, entity in _PATTERNS:
            for match in pattern.finditer(text):
                found.append(Finding(match.start(), match.end(), entity, Category.PII, 1.0, "fake"))
        return found


def remaining(text: str, values: list[str] = MUST_NOT_REMAIN) -> list[str]:
    """The sensitive values still present in `text` (also URL-decoded and with JSON slashes)."""
    variants = [text, unquote(text), text.replace("\\/", "/")]
    return [value for value in values if any(_pattern(value).search(variant) for variant in variants)]


#: Every single-file fixture with the format it is detected as.
SINGLE_FILES = [
    ("zoom_transcript.vtt", "zoom_vtt"),
    ("teams_transcript.vtt", "teams_vtt"),
    ("teams_legacy.vtt", "teams_vtt"),
    ("captions.vtt", "webvtt"),
    ("subtitles.srt", "srt"),
    ("zoom_chat_v1.txt", "zoom_chat"),
    ("zoom_chat_v2.txt", "zoom_chat"),
    ("zoom_chat_v3.txt", "zoom_chat"),
    ("notes.txt", "text"),
    ("messages.jsonl", "jsonl"),
    ("telemetry.jsonl", "telemetry"),
    ("diagnostic.json", "telemetry"),
]
