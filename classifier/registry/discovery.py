"""Find every recognizer the engine should run: built-in packs, folders, installed plugins.

Sources, in this order:
  1. built-in packs `recognizers.pii`, `recognizers.phi`, `recognizers.edu`: every
     `*.yaml` in the pack folder and every Python module in it;
  2. each folder of `Config.recognizer_dirs` (`--recognizers DIR`): `*.py`, then
     `*.yaml` / `*.yml` (Python first, so a validator a module registers can be
     named by a YAML file next to it);
  3. installed packages, through the entry-point group `classifier.recognizers`.

Presidio `PatternRecognizer`s from folders and plugins, including subclasses that
override `analyze`, are put under the engine's time limit too (see `limits.py`).

Python convention: a module's own, public, concrete subclasses of Presidio's
`EntityRecognizer` are instantiated with no arguments and must declare a class
attribute `category`. An entry point may name a recognizer class, an instance, or
a callable returning one recognizer or a list of them.

Every recognizer gets `category` (a `Category`) and `source` (where it came
from); duplicate names are an error naming both sources.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import inspect
import sys
from collections.abc import Callable, Iterable
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

from presidio_analyzer import EntityRecognizer

from classifier.config import Config
from classifier.failures import FAILURES
from classifier.findings import Category
from classifier.registry.errors import RecognizerLoadError
from classifier.registry.limits import limit_pattern_recognizer
from classifier.registry.pattern import CategorizedPatternRecognizer
from classifier.registry.yaml_loader import load_yaml_file

BUILTIN_PACKS: tuple[str, ...] = ("pii", "phi", "edu")
ENTRY_POINT_GROUP = "classifier.recognizers"
YAML_SUFFIXES = (".yaml", ".yml")


def is_yaml(path: Path) -> bool:
    """Whether a file is a YAML recognizer file by its suffix, in any case (`District.YAML` too: a
    file the user put in the folder must not be skipped without a word)."""
    return path.suffix.lower() in YAML_SUFFIXES


def build_recognizers(config: Config) -> list[EntityRecognizer]:
    """The enabled recognizers for `config`, each with `category` and `source` set."""
    return [r for r in discover_recognizers(config) if config.is_enabled(r.name)]


def discover_recognizers(config: Config) -> list[EntityRecognizer]:
    """Every recognizer from every source, enabled or not (for `classifier recognizers list`)."""
    found: list[EntityRecognizer] = []
    for pack in BUILTIN_PACKS:
        found.extend(_load_pack(pack, config))
    external = [r for folder in config.recognizer_dirs for r in load_folder(Path(folder), config)]
    external.extend(_load_entry_points(config))
    for recognizer in external:
        limit_pattern_recognizer(recognizer, config.regex_timeout)
    found.extend(external)
    _check_unique(found)
    for recognizer in found:
        _apply_category_override(recognizer, config)
        if isinstance(recognizer, CategorizedPatternRecognizer):
            recognizer.regex_timeout = config.regex_timeout
    return found


def category_for(recognizer: EntityRecognizer, entity_type: str, config: Config) -> Category:
    """Category of one entity type found by `recognizer`: the config's override, else the recognizer's."""
    return config.categories.get(entity_type) or Category(recognizer.category)


def load_folder(folder: Path, config: Config) -> list[EntityRecognizer]:
    """Python and YAML recognizers of one user folder (not its sub-folders); source = file path."""
    if not folder.is_dir():
        raise RecognizerLoadError([f"{folder}: recognizer folder not found"])
    return _load_dir(folder, config, import_file, str)


def load_python_file(path: Path) -> list[EntityRecognizer]:
    """The recognizers one Python file defines; source = the file path."""
    return tag_recognizers(module_recognizers(import_file(path)), str(path))


def _load_dir(
    folder: Path,
    config: Config,
    import_module: Callable[[Path], ModuleType],
    source_of: Callable[[Path], str],
) -> list[EntityRecognizer]:
    files, problems = folder_files(folder)
    if problems:
        raise RecognizerLoadError(problems)
    recognizers: list[EntityRecognizer] = []
    for path in files:
        if path.suffix == ".py":
            recognizers.extend(tag_recognizers(module_recognizers(import_module(path)), source_of(path)))
        else:
            recognizers.extend(load_yaml_file(path, config.regex_timeout, source_of(path)))
    return recognizers


def folder_files(folder: Path) -> tuple[list[Path], list[str]]:
    """The recognizer files of `folder` in load order, and the problems that stop it from loading.

    Order: `*.py` (not `_*.py`), then `*.yaml` / `*.yml`, each sorted; Python first so that a
    validator a module registers can be named by a YAML file next to it. `validate` uses the
    same list, so it checks exactly what the engine would load.

    A file that resolves outside the folder (a symlink to another place) is a problem, not a
    file: only what is in the folder the user named may run or count as a recognizer.
    """
    root = folder.resolve()
    python = sorted(p for p in folder.glob("*.py") if not p.name.startswith("_"))
    yaml_files = sorted(p for p in folder.iterdir() if is_yaml(p))
    files, problems = [], []
    for path in [*python, *yaml_files]:
        if path.resolve().parent != root:
            problems.append(
                f"{path}: links to a file outside {folder}; copy the file into the folder to use it"
            )
        else:
            files.append(path)
    return files, problems


def module_recognizers(module: ModuleType) -> list[EntityRecognizer]:
    """Instances of the recognizer classes a module defines itself (imported ones are skipped)."""
    instances = []
    for name, cls in vars(module).items():
        if (
            inspect.isclass(cls)
            and issubclass(cls, EntityRecognizer)
            and cls.__module__ == module.__name__
            and not name.startswith("_")
            and not inspect.isabstract(cls)
        ):
            # name the file, not the private module name `import_file` gives it
            where = f"{getattr(module, '__file__', None) or module.__name__}: class {name}"
            instances.append(_instantiate(cls, where))
    return instances


def _load_pack(pack: str, config: Config) -> list[EntityRecognizer]:
    try:
        package = importlib.import_module(f"recognizers.{pack}")
    except ModuleNotFoundError as exc:
        if exc.name in ("recognizers", f"recognizers.{pack}"):
            return []
        raise
    return _load_dir(
        Path(package.__file__).parent,
        config,
        lambda path: importlib.import_module(f"recognizers.{pack}.{path.stem}"),
        lambda path: f"builtin:{pack}",
    )


def import_file(path: Path) -> ModuleType:
    """Import a recognizer file from a user folder under a private, path-unique module name."""
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:10]
    name = f"classifier_user_recognizers_{digest}_{path.stem}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise RecognizerLoadError([f"{path}: cannot import this file"])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except FAILURES as exc:  # `sys.exit("...")` at import too: a load error, not the end of the run
        del sys.modules[name]
        line = _traceback_line(exc, path)
        raise RecognizerLoadError([f"{path}{line}: importing failed: {type(exc).__name__}: {exc}"]) from exc
    return module


def _traceback_line(exc: BaseException, path: Path) -> str:
    if isinstance(exc, SyntaxError) and exc.lineno:
        return f":{exc.lineno}"
    tb = exc.__traceback__
    line = ""
    while tb is not None:
        if Path(tb.tb_frame.f_code.co_filename) == path:
            line = f":{tb.tb_lineno}"
        tb = tb.tb_next
    return line


def _load_entry_points(config: Config) -> list[EntityRecognizer]:
    recognizers: list[EntityRecognizer] = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        dist = getattr(ep, "dist", None)
        source = f"entry-point:{ep.name}" + (f" ({dist.name})" if dist is not None else "")
        try:
            target = ep.load()
            items = _from_entry_point(target, source)
        except RecognizerLoadError:
            raise
        except FAILURES as exc:  # `sys.exit(...)` in a plugin too: a load error, not the end of the run
            raise RecognizerLoadError(
                [f"{source} ({ep.value}): loading failed: {type(exc).__name__}: {exc}"]
            ) from exc
        recognizers.extend(tag_recognizers(items, source))
    return recognizers


def _from_entry_point(target: Any, source: str) -> list[EntityRecognizer]:
    if inspect.isclass(target) and issubclass(target, EntityRecognizer):
        return [_instantiate(target, source)]
    if isinstance(target, EntityRecognizer):
        return [target]
    if callable(target):
        produced = target()
        items = produced if isinstance(produced, Iterable) else [produced]
        items = list(items)
        if all(isinstance(item, EntityRecognizer) for item in items):
            return items
    raise RecognizerLoadError(
        [f"{source}: must name an EntityRecognizer class, an instance, or a callable returning recognizers"]
    )


def _instantiate(cls: type[EntityRecognizer], where: str) -> EntityRecognizer:
    try:
        return cls()
    except FAILURES as exc:  # `sys.exit(...)` in `__init__` too: a load error, not the end of the run
        raise RecognizerLoadError(
            [f"{where}: cannot create the recognizer with no arguments: {type(exc).__name__}: {exc}"]
        ) from exc


def tag_recognizers(recognizers: list[EntityRecognizer], source: str) -> list[EntityRecognizer]:
    """Set `source` and check `category`, entities and context words of each recognizer.

    Every problem of every recognizer is reported at once (`RecognizerLoadError`).
    """
    problems = []
    for recognizer in recognizers:
        recognizer.source = source
        raw = getattr(recognizer, "category", None)
        try:
            recognizer.category = Category(str(getattr(raw, "value", raw)).upper())
        except ValueError:
            problems.append(
                f"{source}: recognizer {recognizer.name!r} must declare `category` as PII, PHI or EDU"
            )
        problems.extend(f"{source}: recognizer {recognizer.name!r}: {p}" for p in _shape_problems(recognizer))
    if problems:
        raise RecognizerLoadError(problems)
    return recognizers


def _shape_problems(recognizer: EntityRecognizer) -> list[str]:
    """Entity types and context words given as one string instead of a list of strings.

    Python iterates a string by character, so `context="student"` would silently become the
    context words s, t, u, d... (and "s" or "t" anywhere near a match would raise its score).
    """
    problems = []
    entities = getattr(recognizer, "supported_entities", None)
    if not _string_list(entities) or not entities or not all(entities):
        problems.append("`supported_entities` must be a non-empty list of entity type names")
    if not _string_list(getattr(recognizer, "context", None) or []):
        problems.append("`context` must be a list of words, not a single string")
    return problems


def _string_list(value: object) -> bool:
    return isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value)


def _check_unique(recognizers: list[EntityRecognizer]) -> None:
    seen: dict[str, EntityRecognizer] = {}
    problems = []
    for recognizer in recognizers:
        first = seen.setdefault(recognizer.name, recognizer)
        if first is not recognizer:
            problems.append(
                f"duplicate recognizer name {recognizer.name!r}: "
                f"defined in {first.source} and in {recognizer.source}"
            )
    if problems:
        raise RecognizerLoadError(problems)


def _apply_category_override(recognizer: EntityRecognizer, config: Config) -> None:
    """When the config overrides the category of every entity the recognizer finds, use it."""
    overrides = {config.categories[e] for e in recognizer.supported_entities if e in config.categories}
    if len(overrides) == 1 and all(e in config.categories for e in recognizer.supported_entities):
        recognizer.category = overrides.pop()
