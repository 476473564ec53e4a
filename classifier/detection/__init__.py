"""The detection chain for one text: run recognizers, enhance with context, resolve overlaps.

Long texts are split first (`chunking`), so every step works on pieces spaCy accepts.
"""

from classifier.detection.chunking import split_text
from classifier.detection.context import ContextEnhancer
from classifier.detection.resolve import resolve
from classifier.detection.runner import DetectionError, Hit, RecognizerRunner

__all__ = ["ContextEnhancer", "DetectionError", "Hit", "RecognizerRunner", "resolve", "split_text"]
