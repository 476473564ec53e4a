"""Load YAML recognizer files (a superset of Presidio's YAML recognizer format).

    recognizers:
      - name: DistrictStudentIdRecognizer
        supported_entity: STUDENT_ID
        category: EDU
        patterns: [{name: district id, regex: '\\bD\\d{7}[\\dX]\\b', score: 0.5}]
        context: [student, id]
        validator: mod11
        exclusions: ['\\bD0{7}\\d\\b']
        flags: [IGNORECASE]
        examples: {match: ["student D12345679"], no_match: ["room D12"]}

The file is composed (not just loaded) so every problem can name its file and
line; unknown keys are rejected with the known ones listed; every regex is
compiled here, at load time, not on the first record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
import yaml
from presidio_analyzer import Pattern

from classifier.findings import Category
from classifier.registry.errors import RecognizerLoadError
from classifier.registry.pattern import DEFAULT_FLAGS, FLAG_NAMES, CategorizedPatternRecognizer, Examples
from classifier.registry.validators import validator_names

RECOGNIZER_KEYS: dict[str, str] = {
    "name": "unique recognizer name (required)",
    "supported_entity": "entity type, e.g. STUDENT_ID (required, or supported_entities with one item)",
    "supported_entities": "Presidio's plural form; exactly one entity type",
    "category": "PII, PHI or EDU (required)",
    "supported_language": "language code, default en",
    "patterns": "list of {name, regex, score}",
    "context": "words that raise the score when near the match (whole words)",
    "deny_list": "exact words or phrases to find",
    "deny_list_score": "score of a deny-list match, default 1.0",
    "validator": "check-digit validator name",
    "exclusions": "regexes; a match inside an exclusion match is dropped",
    "flags": "regex flag names; replace the default DOTALL, MULTILINE, IGNORECASE",
    "examples": "{match: [...], no_match: [...]} run by `classifier recognizers test`",
    "description": "free text",
    "version": "free text",
}
PATTERN_KEYS = ("name", "regex", "score")
EXAMPLE_KEYS = ("match", "no_match")

#: What `_FileChecker.value` returns for a node PyYAML cannot turn into a value (already reported).
_UNREADABLE = object()


@dataclass(frozen=True)
class PatternSpec:
    name: str
    regex: str
    score: float
    line: int


@dataclass(frozen=True)
class RecognizerSpec:
    """One recognizer entry of a YAML file, checked, with the line it starts on."""

    name: str
    supported_entity: str
    category: Category
    path: Path
    line: int
    patterns: tuple[PatternSpec, ...] = ()
    supported_language: str = "en"
    context: tuple[str, ...] = ()
    deny_list: tuple[str, ...] = ()
    deny_list_score: float = 1.0
    validator: str | None = None
    exclusions: tuple[PatternSpec, ...] = ()
    flags: int = DEFAULT_FLAGS
    examples: Examples = field(default_factory=Examples)
    version: str = "0.0.1"

    def build(self, regex_timeout: float, source: str) -> CategorizedPatternRecognizer:
        return CategorizedPatternRecognizer(
            supported_entity=self.supported_entity,
            category=self.category,
            name=self.name,
            patterns=[Pattern(p.name, p.regex, p.score) for p in self.patterns],
            deny_list=list(self.deny_list) or None,
            context=list(self.context),
            supported_language=self.supported_language,
            deny_list_score=self.deny_list_score,
            validator=self.validator,
            exclusions=[x.regex for x in self.exclusions],
            flags=self.flags,
            regex_timeout=regex_timeout,
            examples=self.examples,
            source=source,
            version=self.version,
            path=self.path,
        )


@dataclass
class ParsedFile:
    """Everything found in one file: usable specs and the problems (each `file:line: message`)."""

    path: Path
    specs: list[RecognizerSpec] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def load_yaml_file(
    path: Path, regex_timeout: float = 1.0, source: str | None = None
) -> list[CategorizedPatternRecognizer]:
    """Recognizers of one YAML file; `RecognizerLoadError` lists every problem with file and line."""
    parsed = parse_yaml_file(path)
    if parsed.problems:
        raise RecognizerLoadError(parsed.problems)
    recognizers = []
    for spec in parsed.specs:
        try:
            recognizers.append(spec.build(regex_timeout, source or str(path)))
        except (ValueError, TypeError) as exc:  # Presidio's own checks, after ours
            raise RecognizerLoadError([f"{path}:{spec.line}: recognizer {spec.name!r}: {exc}"]) from exc
    return recognizers


def parse_yaml_file(path: Path) -> ParsedFile:
    """Read and check a YAML recognizer file without raising: problems are collected."""
    path = Path(path)
    parsed = ParsedFile(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        parsed.problems.append(f"{path}: cannot read recognizer file ({exc})")
        return parsed
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        parsed.problems.append(f"{path}{where}: not valid YAML ({problem})")
        return parsed
    _FileChecker(path, parsed).check_root(root)
    return parsed


def _name_hint(node: yaml.Node) -> str | None:
    """The recognizer's `name`, if readable, so that even key errors can name it."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if (
                isinstance(key, yaml.ScalarNode)
                and key.value == "name"
                and isinstance(value, yaml.ScalarNode)
            ):
                return value.value
    return None


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class _FileChecker:
    """Walks the composed node tree, turning nodes into specs and collecting problems."""

    def __init__(self, path: Path, parsed: ParsedFile) -> None:
        self.path = path
        self.parsed = parsed
        self._constructor = yaml.SafeLoader("")

    def problem(self, node: yaml.Node, message: str, recognizer: str | None = None) -> None:
        who = f"recognizer {recognizer!r}: " if recognizer else ""
        self.parsed.problems.append(f"{self.path}:{_line(node)}: {who}{message}")

    def value(self, node: yaml.Node, what: str, recognizer: str | None) -> Any:
        """The Python value of a scalar `node`, or `_UNREADABLE` after reporting a problem.

        PyYAML raises on scalars its resolver accepts but cannot build (`2024-13-45` is a
        timestamp with month 13) and on unknown tags (`!secret`): a problem, not a traceback.
        """
        try:
            return self._constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            # a failed build leaves the node marked "in progress": forget it, or the next read fails too
            self._constructor.recursive_objects.clear()
            reason = getattr(exc, "problem", None) or type(exc).__name__
            self.problem(node, f"{what} cannot be read ({reason}); quote it to make it a string", recognizer)
            return _UNREADABLE

    def mapping(
        self,
        node: yaml.Node,
        known: tuple[str, ...] | dict[str, str],
        what: str,
        recognizer: str | None = None,
    ) -> dict[str, yaml.Node] | None:
        """Keys to value nodes; unknown or repeated keys are problems that list the known keys."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} must be a mapping", recognizer)
            return None
        result: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):  # `? [a, b]`: unhashable, never a known key
                self.problem(key_node, f"keys of {what} must be plain words", recognizer)
                continue
            key = self.value(key_node, f"a key of {what}", recognizer)
            if key is _UNREADABLE:
                continue
            if key not in known:
                self.problem(
                    key_node, f"unknown key {key!r} in {what}; known keys: {', '.join(known)}", recognizer
                )
            elif key in result:
                self.problem(key_node, f"key {key!r} appears twice in {what}", recognizer)
            else:
                result[key] = value_node
        return result

    def scalar(
        self, node: yaml.Node, kind: type | tuple[type, ...], what: str, recognizer: str | None
    ) -> Any:
        value = self.value(node, what, recognizer) if isinstance(node, yaml.ScalarNode) else None
        if value is _UNREADABLE:
            return None
        if isinstance(value, bool) or not isinstance(value, kind):
            expected = "a number" if kind == (int, float) else "a string"
            self.problem(node, f"{what} must be {expected}", recognizer)
            return None
        return value

    def strings(self, node: yaml.Node, what: str, recognizer: str | None) -> list[tuple[str, yaml.Node]]:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{what} must be a list of strings", recognizer)
            return []
        items = []
        for item in node.value:
            text = self.scalar(item, str, f"each item of {what}", recognizer)
            if text is not None:
                items.append((text, item))
        return items

    def check_root(self, root: yaml.Node | None) -> None:
        if root is None:
            self.parsed.problems.append(f"{self.path}: empty file; expected a `recognizers:` list")
            return
        top = self.mapping(root, ("recognizers",), "the file")
        if top is None:
            return
        if "recognizers" not in top:
            self.problem(root, "missing the `recognizers:` list")
            return
        entries = top["recognizers"]
        if not isinstance(entries, yaml.SequenceNode):
            self.problem(entries, "`recognizers` must be a list")
            return
        first_line: dict[str, int] = {}
        for entry in entries.value:
            spec = self.check_recognizer(entry)
            if spec is None:
                continue
            if spec.name in first_line:
                self.problem(
                    entry,
                    f"duplicate recognizer name (first defined on line {first_line[spec.name]})",
                    spec.name,
                )
                continue
            first_line[spec.name] = spec.line
            self.parsed.specs.append(spec)

    def check_recognizer(self, node: yaml.Node) -> RecognizerSpec | None:
        before = len(self.parsed.problems)
        keys = self.mapping(node, RECOGNIZER_KEYS, "a recognizer", _name_hint(node))
        if keys is None:
            return None
        name = self.scalar(keys["name"], str, "name", None) if "name" in keys else None
        if "name" not in keys:
            self.problem(node, "a recognizer needs a `name`")
        who = name
        entity = self._entity(node, keys, who)
        category = self._category(node, keys, who)
        flags = self._flags(keys, who)
        patterns = self._patterns(keys, flags, who)
        deny_list = (
            [t for t, _ in self.strings(keys["deny_list"], "deny_list", who)] if "deny_list" in keys else []
        )
        if "patterns" not in keys and not deny_list:
            self.problem(node, "a recognizer needs `patterns` or a non-empty `deny_list`", who)
        options: dict[str, Any] = {}
        if "supported_language" in keys:
            options["supported_language"] = self.scalar(
                keys["supported_language"], str, "supported_language", who
            )
        if "version" in keys:  # a scalar only: building a nested value could expand aliases without end
            version = self.scalar(keys["version"], (str, int, float), "version", who)
            options["version"] = str(version)
        if "description" in keys:
            self.scalar(keys["description"], str, "description", who)
        if "context" in keys:
            options["context"] = tuple(t for t, _ in self.strings(keys["context"], "context", who))
        if "deny_list_score" in keys:
            options["deny_list_score"] = self._score(keys["deny_list_score"], "deny_list_score", who)
        if "validator" in keys:
            options["validator"] = self._validator(keys["validator"], who)
        if "exclusions" in keys:
            options["exclusions"] = tuple(
                self._regex(text, item, flags, "exclusion", who, f"exclusion {i}", 0.0)
                for i, (text, item) in enumerate(self.strings(keys["exclusions"], "exclusions", who), start=1)
            )
        if "examples" in keys:
            options["examples"] = self._examples(keys["examples"], who)
        if len(self.parsed.problems) > before or name is None or entity is None or category is None:
            return None
        return RecognizerSpec(
            name=name,
            supported_entity=entity,
            category=category,
            path=self.path,
            line=_line(node),
            patterns=tuple(patterns),
            deny_list=tuple(deny_list),
            flags=flags,
            **options,
        )

    def _entity(self, node: yaml.Node, keys: dict[str, yaml.Node], who: str | None) -> str | None:
        if "supported_entity" in keys and "supported_entities" in keys:
            self.problem(node, "give `supported_entity` or `supported_entities`, not both", who)
            return None
        if "supported_entity" in keys:
            return self.scalar(keys["supported_entity"], str, "supported_entity", who)
        if "supported_entities" in keys:
            items = self.strings(keys["supported_entities"], "supported_entities", who)
            if len(items) != 1:
                self.problem(
                    keys["supported_entities"], "a pattern recognizer supports exactly one entity", who
                )
                return None
            return items[0][0]
        self.problem(node, "a recognizer needs a `supported_entity`", who)
        return None

    def _category(self, node: yaml.Node, keys: dict[str, yaml.Node], who: str | None) -> Category | None:
        if "category" not in keys:
            self.problem(node, "a recognizer needs a `category` (PII, PHI or EDU)", who)
            return None
        value = self.scalar(keys["category"], str, "category", who)
        if value is None:
            return None
        try:
            return Category(value.upper())
        except ValueError:
            self.problem(keys["category"], f"unknown category {value!r}; use PII, PHI or EDU", who)
            return None

    def _flags(self, keys: dict[str, yaml.Node], who: str | None) -> int:
        if "flags" not in keys:
            return DEFAULT_FLAGS
        flags = 0
        for text, item in self.strings(keys["flags"], "flags", who):
            if text.upper() not in FLAG_NAMES:
                self.problem(item, f"unknown regex flag {text!r}; known flags: {', '.join(FLAG_NAMES)}", who)
            else:
                flags |= FLAG_NAMES[text.upper()]
        return flags

    def _score(self, node: yaml.Node, what: str, who: str | None) -> float:
        score = self.scalar(node, (int, float), what, who)
        if score is None:
            return 0.0
        if not 0 <= score <= 1:
            self.problem(node, f"{what} must be between 0 and 1", who)
        return float(score)

    def _regex(
        self, text: str, node: yaml.Node, flags: int, what: str, who: str | None, name: str, score: float
    ) -> PatternSpec:
        try:
            regex.compile(text, flags)
        except regex.error as exc:
            self.problem(node, f"{what} {name!r} does not compile: {exc}", who)
        return PatternSpec(name, text, score, _line(node))

    def _patterns(self, keys: dict[str, yaml.Node], flags: int, who: str | None) -> list[PatternSpec]:
        if "patterns" not in keys:
            return []
        node = keys["patterns"]
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.problem(node, "`patterns` must be a non-empty list of {name, regex, score}", who)
            return []
        specs = []
        for item in node.value:
            fields_ = self.mapping(item, PATTERN_KEYS, "a pattern", who)
            if fields_ is None:
                continue
            missing = [k for k in PATTERN_KEYS if k not in fields_]
            if missing:
                self.problem(item, f"a pattern needs {', '.join(missing)}", who)
                continue
            name = self.scalar(fields_["name"], str, "pattern name", who)
            text = self.scalar(fields_["regex"], str, "regex", who)
            score = self._score(fields_["score"], "score", who)
            if name is not None and text is not None:
                specs.append(self._regex(text, fields_["regex"], flags, "pattern", who, name, score))
        return specs

    def _validator(self, node: yaml.Node, who: str | None) -> str | None:
        name = self.scalar(node, str, "validator", who)
        if name is not None and name not in validator_names():
            self.problem(
                node, f"unknown validator {name!r}; known validators: {', '.join(validator_names())}", who
            )
            return None
        return name

    def _examples(self, node: yaml.Node, who: str | None) -> Examples:
        keys = self.mapping(node, EXAMPLE_KEYS, "examples", who) or {}
        found: dict[str, list[tuple[str, yaml.Node]]] = {
            key: self.strings(keys[key], f"examples.{key}", who) for key in EXAMPLE_KEYS if key in keys
        }
        return Examples(
            match=tuple(text for text, _ in found.get("match", [])),
            no_match=tuple(text for text, _ in found.get("no_match", [])),
            match_lines=tuple(_line(item) for _, item in found.get("match", [])),
            no_match_lines=tuple(_line(item) for _, item in found.get("no_match", [])),
        )
