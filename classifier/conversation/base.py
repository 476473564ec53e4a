"""The shared shape of a conversation post-processor and the registry that orders them.

Recognizers look at one segment at a time; what a conversation adds is the
neighbourhood (who is speaking, what the previous cue said).  Each
post-processor is one small step, `process(context, per_segment) -> per_segment`,
registered by name (spaCy style) so that a user can switch one off with
`disabled: [conversation.spoken_numbers]` in the config file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from classifier.config import Config
from classifier.conversation.spans import add_new
from classifier.findings import Category, Finding
from classifier.records import Record

PerSegment = list[list[Finding]]
PostProcessor = Callable[["ConversationContext", PerSegment], PerSegment]

_REGISTRY: dict[str, PostProcessor] = {}


#: formats whose segments are the fields of one event rather than turns said one after another
FIELD_FORMATS = frozenset({"telemetry"})


@dataclass
class ConversationContext:
    """What every post-processor may read: the record, the config and the engine.

    `classifier` is the engine that called us, for steps of your own that need
    `analyze_batch` (the built-in steps never re-analyse text: they work on the
    recognizers' findings and cheap patterns); `cache` lets steps share derived
    data (such as the known names) without recomputing it.
    """

    record: Record
    config: Config
    classifier: Any = None
    cache: dict[str, Any] = field(default_factory=dict)

    @functools.cached_property
    def turns(self) -> bool:
        """Whether neighbouring segments follow each other in one exchange (cues, messages), so
        that a number or a keyword may run from one into the next. The segments of a telemetry
        event are its fields, which do not: "5.9.2.6942" and "iOS 17.4" are no split number."""
        return self.record.format not in FIELD_FORMATS

    @functools.cached_property
    def fields(self) -> list[bool]:
        """Whether each segment is the value of a field rather than a turn: every segment of a
        telemetry event, and in a record of turns the other fields of a JSON line (`$.email`)."""
        if not self.turns:
            return [True for _ in self.record.segments]
        return [is_field_id(segment.segment_id) for segment in self.record.segments]

    @functools.cached_property
    def field_labels(self) -> list[str]:
        """The name of the field each segment is the value of, as words ("meeting id"); '' for turns."""
        segments = self.record.segments
        return [
            field_label(s.segment_id) if field else "" for s, field in zip(segments, self.fields, strict=True)
        ]

    @functools.cached_property
    def texts(self) -> list[str]:
        return [segment.text or "" for segment in self.record.segments]

    @functools.cached_property
    def lowered(self) -> list[str]:
        """Lower-cased texts for the cheap pre-checks (case-sensitive patterns on them are ~3x faster
        than IGNORECASE ones); offsets may differ for rare characters, so never map spans from them."""
        return [text.lower() for text in self.texts]

    def category_for(self, entity_type: str, default: Category = Category.PII) -> Category:
        """The configured category of an entity type (the config may override the default)."""
        return self.config.categories.get(entity_type, default)

    def threshold_for(self, entity_type: str) -> float:
        return self.config.threshold_for(entity_type)


#: The built-in steps in the order they run: first the steps that add findings, then the guards
#: that lower or drop them; steps registered by users run after these, and the threshold last.
ORDER: tuple[str, ...] = (
    "conversation.known_speakers",
    "conversation.spoken_numbers",
    "conversation.spelled_addresses",
    "conversation.spoken_dates",
    "conversation.spoken_streets",
    "conversation.spoken_scores",
    "conversation.split_digits",
    "conversation.cross_context",
    "conversation.field_values",
    "conversation.health_statements",
    "conversation.fact_subjects",
    "conversation.vocatives",
    "conversation.name_propagation",
    "conversation.value_propagation",
    "conversation.quoted_messages",
    "conversation.spoken_ages",
    "conversation.negation",
    "conversation.fiction",
    "conversation.generic_health",
    "conversation.precision",
    "conversation.public_figures",
)
LAST = "conversation.threshold"
#: The built-in steps that only lower, drop or settle the findings they are given: on a record
#: without any finding they have nothing to do (most telemetry events), so the chain skips them.
GUARDS = frozenset(
    {
        "conversation.negation",
        "conversation.fiction",
        "conversation.generic_health",
        "conversation.precision",
        "conversation.public_figures",
        LAST,
    }
)


def register(name: str) -> Callable[[PostProcessor], PostProcessor]:
    """Register a post-processor under `name` (spaCy-style registration by name)."""

    def wrap(func: PostProcessor) -> PostProcessor:
        if name in _REGISTRY:
            raise ValueError(f"conversation post-processor {name!r} is registered twice")
        _REGISTRY[name] = func
        return func

    return wrap


def registered() -> list[str]:
    """Names of all registered post-processors, in the order the chain runs them."""
    return _in_order(_REGISTRY)


def _in_order(names: Iterable[str]) -> list[str]:
    names = list(names)
    extra = [name for name in names if name not in ORDER and name != LAST]
    ordered = [name for name in ORDER if name in names] + extra
    return ordered + [LAST] if LAST in names else ordered


def chain(config: Config) -> list[tuple[str, PostProcessor]]:
    """The post-processors that run under `config` (all but those listed in `disabled`)."""
    return list(_chain(tuple(_REGISTRY.items()), frozenset(config.disabled)))


@functools.lru_cache(maxsize=64)  # asked once per record, of a registry that hardly ever changes
def _chain(
    steps: tuple[tuple[str, PostProcessor], ...], disabled: frozenset[str]
) -> tuple[tuple[str, PostProcessor], ...]:
    by_name = dict(steps)
    return tuple((name, by_name[name]) for name in _in_order(by_name) if name not in disabled)


def make_finding(
    context: ConversationContext,
    text: str,
    start: int,
    end: int,
    entity_type: str,
    score: float,
    recognizer: str,
    category: Category = Category.PII,
    why: str = "",
) -> Finding:
    """A new finding with the configured category and the matched text as `value`."""
    return Finding(
        start,
        end,
        entity_type,
        context.category_for(entity_type, category),
        score,
        recognizer,
        text[start:end],
        (why,) if why else (),
    )


#: Longest text whose pre-check verdict `remembered` keeps, and how many it keeps: what repeats
#: from record to record is short (log levels, event names, "ok thanks").
REMEMBERED_MAX_CHARS = 200
REMEMBERED_MAX_TEXTS = 5_000


class Remembered:
    """`check`, a pure function of one text, with its verdicts on short texts remembered.

    The pre-checks of the steps run on every segment of every record; telemetry repeats the
    same values in every event, so most of them are answered from memory. The memory is
    per process and cleared when full.
    """

    def __init__(self, check: Callable[[str], bool]):
        self.check = check
        self.verdicts: dict[str, bool] = {}
        functools.update_wrapper(self, check)

    def __call__(self, text: str) -> bool:
        if len(text) > REMEMBERED_MAX_CHARS:
            return self.check(text)
        verdict = self.verdicts.get(text)
        if verdict is None:
            if len(self.verdicts) >= REMEMBERED_MAX_TEXTS:
                self.verdicts.clear()
            verdict = self.verdicts[text] = self.check(text)
        return verdict

    def many(self, texts: list[str]) -> list[bool]:
        """The verdicts on all of a record's texts: remembered ones looked up in one pass, without
        a call per text (the usual telemetry event is answered from memory alone)."""
        known: list[bool | None] = list(map(self.verdicts.get, texts))
        if None not in known:
            return known  # type: ignore[return-value]
        return [self(text) if seen is None else seen for text, seen in zip(texts, known, strict=True)]


def remembered(check: Callable[[str], bool]) -> Remembered:
    """Decorator form of `Remembered`."""
    return Remembered(check)


def pre_check(pattern: re.Pattern[str]) -> Remembered:
    """The usual pre-check of a step: whether `pattern` occurs in the (lower-cased) segment,
    with its verdicts remembered (`remembered`). Build it once per step, at import: each call
    makes a new memory."""
    return remembered(lambda lowered: pattern.search(lowered) is not None)


#: `find(i, text, findings)` -> new findings for segment `i`.
SegmentFinder = Callable[[int, str, list[Finding]], list[Finding]]


def add_where(
    context: ConversationContext,
    per_segment: PerSegment,
    worth_reading: Callable[[str], bool],
    find: SegmentFinder,
) -> PerSegment:
    """Add what `find` returns for each segment whose lower-cased text passes `worth_reading`.

    The cheap pre-check keeps the slower finder off the many segments it cannot concern; what the
    finder returns is merged with `add_new`, so the recognizers' own findings keep precedence.
    """
    lowered = context.lowered
    if isinstance(worth_reading, Remembered):
        verdicts = worth_reading.many(lowered)
    else:
        verdicts = [worth_reading(text) for text in lowered]
    result = list(per_segment)
    if len(result) != len(lowered):
        raise ValueError(f"{len(result)} finding lists for {len(lowered)} segments")
    for i, verdict in enumerate(verdicts):
        if verdict:
            new = find(i, context.texts[i], result[i])
            if new:
                result[i] = add_new(result[i], new)
    return result


def previous_text(context: ConversationContext, i: int) -> str:
    """What was said right before segment `i`: the previous cue ('' for the first) or, for the
    value of a field, the field's name, which says what the value is ("mrn", "meeting id")."""
    if not context.turns or context.fields[i]:
        return context.field_labels[i]
    return context.texts[i - 1] if i else ""


_LAST_KEY = re.compile(r"\.([^.\[\]]+)(?:\[\d+\])*$")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


#: How the JSON readers name the segment of a value, a key or a number (`formats.jsondata`).
_FIELD_ID_PREFIXES = ("$", "{key}$", "{number}$")


def is_field_id(segment_id: str | None) -> bool:
    """Whether a segment id is the JSON path of a field's value, key or number."""
    return segment_id is not None and segment_id.startswith(_FIELD_ID_PREFIXES)


@functools.lru_cache(maxsize=4096)  # telemetry repeats the same paths in every event
def field_label(segment_id: str | None) -> str:
    """ "$.client.meetingId" -> "meeting id": the last key of a JSON path, as lower-case words."""
    match = _LAST_KEY.search(segment_id or "")
    if not match:
        return ""
    return " ".join(re.split(r"[\s_-]+", _CAMEL.sub(" ", match.group(1)))).strip().lower()
