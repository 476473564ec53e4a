"""Recognizer infrastructure: YAML schema, validators, time-limited pattern recognizer, discovery.

Call `build_recognizers(config)` to get every enabled recognizer (built-in packs,
`Config.recognizer_dirs`, installed plugins), each with `category` and `source`.
"""

from classifier.registry.discovery import (
    ENTRY_POINT_GROUP,
    build_recognizers,
    category_for,
    discover_recognizers,
    load_folder,
)
from classifier.registry.errors import RecognizerError, RecognizerLoadError, RecognizerTimeoutError
from classifier.registry.pattern import CategorizedPatternRecognizer, CompiledPattern, Examples
from classifier.registry.validators import get_validator, register_validator, validator_names
from classifier.registry.yaml_loader import load_yaml_file, parse_yaml_file

__all__ = [
    "ENTRY_POINT_GROUP",
    "CategorizedPatternRecognizer",
    "CompiledPattern",
    "Examples",
    "RecognizerError",
    "RecognizerLoadError",
    "RecognizerTimeoutError",
    "build_recognizers",
    "category_for",
    "discover_recognizers",
    "get_validator",
    "load_folder",
    "load_yaml_file",
    "parse_yaml_file",
    "register_validator",
    "validator_names",
]
