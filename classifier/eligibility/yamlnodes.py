"""Reading YAML or JSON while keeping line numbers, for error messages that point at a line.

`yaml.safe_load` throws positions away; composing the node tree keeps a start
mark on every node. JSON is a subset of YAML, so manifests in JSON use the same
path. Mapping keys that appear twice are errors here (PyYAML would silently keep
the last one, which could hide a loosened rule).
"""

from __future__ import annotations

from pathlib import Path

import yaml


def line_of(node: yaml.Node) -> int:
    """1-based line where the node starts."""
    return node.start_mark.line + 1


def compose_file(path: Path, error: type[ValueError]) -> yaml.Node | None:
    """Compose a YAML/JSON file into nodes; raise `error` naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"{path}: cannot read file ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not UTF-8 text") from exc
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise error(f"{path}{where}: not valid YAML/JSON ({problem})") from exc


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
    seen: set[str] = set()
    for key_node, value_node in node.value:
        key = to_python(key_node)
        if not isinstance(key, str):
            raise error(f"{where}:{line_of(key_node)}: keys of {what} must be strings")
        if key in seen:
            raise error(f"{where}:{line_of(key_node)}: {key!r} appears twice in {what}")
        seen.add(key)
        items.append((key, key_node, value_node))
    return items
