"""How each style writes text: ASR lowercases, chat drops into shorthand and typos.

Only literal words get shorthand and typos; gold values are only lowercased
(ASR, sometimes chat), so that the span is the value itself.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from corpora.generator.model import Fill

SHORTHAND = {
    "you": "u",
    "please": "pls",
    "thanks": "thx",
    "are": "r",
    "because": "bc",
    "tomorrow": "tmrw",
    "okay": "ok",
    "with": "w/",
    "i'm": "im",
    "don't": "dont",
    "about": "abt",
}
WORD = re.compile(r"[A-Za-z']+")


def _swap_letters(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def literal_styler(style: str, rng: random.Random) -> Callable[[str], str]:
    if style == "asr":
        return str.lower
    if style != "chat":
        return lambda text: text

    def chat(text: str) -> str:
        def repl(match: re.Match[str]) -> str:
            word = match.group(0)
            roll = rng.random()
            if word.lower() in SHORTHAND and roll < 0.4:
                return SHORTHAND[word.lower()]
            if roll > 0.97:
                return _swap_letters(word, rng)
            return word

        return WORD.sub(repl, text)

    return chat


def value_styler(style: str, rng: random.Random) -> Callable[[Fill], str]:
    if style == "asr":
        return lambda fill: fill.value.lower()
    if style == "chat":
        return lambda fill: (
            fill.value.lower() if fill.entity_type == "PERSON" and rng.random() < 0.3 else fill.value
        )
    return lambda fill: fill.value
