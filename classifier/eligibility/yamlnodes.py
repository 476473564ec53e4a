"""Reading YAML or JSON while keeping line numbers, for error messages that point at a line.

`yaml.safe_load` throws positions away; composing the node tree keeps a start
mark on every node. JSON is a subset of YAML, so manifests in JSON use the same
path. Mapping keys that appear twice are errors here (PyYAML would silently keep
the last one, which could hide a loosened rule).

Messages repeat a key, or a word quoted by PyYAML, only when it is `showable`:
an unknown key or an alias can be personal data ("Maria Lopez", an email).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from classifier.eligibility.errors import name_or, showable

#: A quoted part of a PyYAML problem (`found undefined alias 'X'`): text copied from the file.
_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
#: Quoted parts that are YAML syntax, not content: punctuation, token names, escaped characters.
_SYNTAX = re.compile(r"[^\w\s]{1,2}|<[a-z ]+>|\\[a-z0-9]{1,4}")


def line_of(node: yaml.Node) -> int:
    """1-based line where the node starts."""
    return node.start_mark.line + 1


def compose_file(path: Path, error: type[ValueError]) -> yaml.Node | None:
    """Compose a YAML/JSON file into nodes; raise `error` naming the file and line.

    The whole document is also constructed once here: a Python tag, a nesting deeper than the
    recursion limit or an impossible date would otherwise escape later as a traceback.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"{path}: cannot read file ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not UTF-8 text") from exc
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        if root is not None:
            to_python(root)  # once for the whole file, so later `to_python` calls on its parts cannot fail
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise error(f"{path}{where}: not valid YAML/JSON ({_problem(exc)})") from None
    except RecursionError:
        raise error(f"{path}: not valid YAML/JSON (nested too deeply)") from None
    except (ValueError, OverflowError):  # a date or number that matches YAML's pattern but not Python's
        raise error(f"{path}: not valid YAML/JSON (a date or number out of range)") from None
    return root


def _problem(exc: yaml.YAMLError) -> str:
    """PyYAML's problem with quoted file text left out unless it is syntax or `showable`."""
    if isinstance(exc, yaml.reader.ReaderError):  # its message would quote the character
        return "a control character YAML does not allow"
    problem = getattr(exc, "problem", None) or "syntax error"
    return _QUOTED.sub(_shown_quote, problem)


def _shown_quote(match: re.Match[str]) -> str:
    inner = match.group()[1:-1]
    return match.group() if showable(inner) or _SYNTAX.fullmatch(inner) else "(not shown)"


def to_python(node: yaml.Node) -> object:
    """The plain Python value of a node (same result as safe_load for that part)."""
    return yaml.SafeLoader("").construct_document(node)


def mapping_items(
    node: yaml.Node, where: str, error: type[ValueError], what: str
) -> list[tuple[str, yaml.Node, yaml.Node]]:
    """(key, key node, value node) of a mapping node with string keys, in file order."""
    if not isinstance(node, yaml.MappingNode):
        raise error(f"{where}:{line_of(node)}: {what} must be a mapping")
    items: list[tuple[str, yaml.Node, yaml.Node]] = []
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = to_python(key_node)
        if not isinstance(key, str):
            raise error(f"{where}:{line_of(key_node)}: keys of {what} must be strings")
        if key in seen:
            shown = name_or(key, f"the key of line {seen[key]}")
            raise error(f"{where}:{line_of(key_node)}: {shown} appears twice in {what}")
        seen[key] = line_of(key_node)
        items.append((key, key_node, value_node))
    return items
