"""A user recognizer that loops in Python (stands for any recognizer that hangs), written to a folder."""

from __future__ import annotations

from pathlib import Path

_SOURCE = '''
import time

from presidio_analyzer import EntityRecognizer


class SpinningRecognizer(EntityRecognizer):
    """Loops in Python for SECONDS s on texts that contain WORD (on every text if WORD is empty)."""

    category = "PII"

    def __init__(self):
        super().__init__(supported_entities=["DEVICE_ID"], name="SpinningRecognizer")

    def load(self):
        pass

    def analyze(self, text, entities, nlp_artifacts=None):
        end = time.monotonic() + (SECONDS if WORD in text else 0)
        while time.monotonic() < end:
            pass
        return []
'''


def write_spinning_recognizer(folder: Path, seconds: float, word: str = "") -> Path:
    """`folder/spinner.py`: spins `seconds` on texts containing `word` (every text if it is empty)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "spinner.py"
    source = _SOURCE.replace("SECONDS", repr(seconds)).replace("WORD", repr(word))
    path.write_text(source, encoding="utf-8")
    return path
