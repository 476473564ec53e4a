"""Context enhancement: a recognizer's context words near a match raise its score.

Presidio's `LemmaContextAwareEnhancer` matches context words as substrings by
default, so the driver-licence context "lic" fires on "duplicate" and "public".
Here a context word must match whole words (a plain trailing "s" is allowed, so
"phone" also matches "phones"), within `window` tokens before or after the match.
Multi-word context ("student id") and words spaCy splits ("e-mail") work because
the words are matched on the window's text, not token by token.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

import regex
from presidio_analyzer import EntityRecognizer
from presidio_analyzer.nlp_engine import NlpArtifacts

from classifier.detection.runner import Hit

#: Tokens looked at on each side of a match.
DEFAULT_WINDOW = 5
#: Score added when a context word is found (Presidio's default factor).
DEFAULT_BOOST = 0.35

#: a recognizer's context words as one whole-word alternation, and their screen (`_compile`)
_Patterns = tuple[regex.Pattern[str], regex.Pattern[str]]


class ContextEnhancer:
    """Raises hit scores when a context word of their recognizer is close by."""

    def __init__(self, window: int = DEFAULT_WINDOW, boost: float = DEFAULT_BOOST):
        self.window = window
        self.boost = boost
        self._patterns: dict[int, _Patterns | None] = {}

    def _pattern_for(self, recognizer: EntityRecognizer) -> _Patterns | None:
        """Per recognizer, built on first use: its context words as one whole-word alternation,
        and the screen for them (`_compile`)."""
        key = id(recognizer)
        if key not in self._patterns:
            self._patterns[key] = _compile(recognizer.context or ())
        return self._patterns[key]

    def may_raise(self, recognizer: EntityRecognizer, text: str) -> bool:
        """Whether a context word of `recognizer` may be near a match in `text` (or in a part of it:
        the screen looks for the first word of each context phrase anywhere)."""
        patterns = self._pattern_for(recognizer)
        return patterns is not None and patterns[1].search(text) is not None

    def enhance(self, text: str, hits: list[Hit], artifacts: NlpArtifacts) -> None:
        """Rescore `hits` in place; the tokens are only read if some hit may need them."""
        starts: list[int] | None = None
        for hit in hits:
            if hit.context_enhanced or hit.score >= 1.0:
                continue
            patterns = self._pattern_for(hit.recognizer)
            if patterns is None:
                continue
            pattern, screen = patterns
            if screen.search(text) is None:
                continue  # no context word can be in any window of this text: no need for tokens
            if starts is None:
                starts, tokens = artifacts.tokens_indices, artifacts.tokens
            if not starts:
                return
            first = max(bisect.bisect_right(starts, hit.start) - 1, 0)
            last = max(bisect.bisect_left(starts, hit.end) - 1, first)
            before_start = starts[max(first - self.window, 0)]
            after_token = tokens[min(last + self.window, len(starts) - 1)]
            after_end = after_token.idx + len(after_token.text)
            window_text = f"{text[before_start : hit.start]} \n {text[hit.end : after_end]}"
            found = pattern.search(window_text.lower())
            if found:
                old = hit.score
                hit.score = min(1.0, hit.score + self.boost)
                hit.context_enhanced = True
                hit.explanation.append(f"context word {found.group(0)!r}: score {old:.2f} -> {hit.score:.2f}")


def _compile(words: Iterable[str]) -> _Patterns | None:
    """Whole-word, case-insensitive alternation of the context words (longest first), and its screen:
    the first word of each phrase as a plain substring in any case.

    A window is made of two substrings of the text joined by whitespace, and a phrase's
    first word holds no whitespace, so every match in a window starts with a first word
    found somewhere in the text (full case folding covers what `lower()` of a window
    gives). Without any, the window need not be built, which saves tokenizing texts that
    have no tokens yet (`--no-ner`).
    """
    cleaned = sorted({w.strip().lower() for w in words if w and w.strip()}, key=len, reverse=True)
    if not cleaned:
        return None
    phrases = [r"\s+".join(regex.escape(part) for part in word.split()) for word in cleaned]
    firsts = sorted({word.split()[0] for word in cleaned}, key=len, reverse=True)
    return (
        regex.compile(r"(?<!\w)(?:" + "|".join(phrases) + r")s?(?!\w)"),
        regex.compile("|".join(regex.escape(first) for first in firsts), regex.IGNORECASE | regex.FULLCASE),
    )
