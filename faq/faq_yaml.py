"""YAML side of the FAQ loader: records with the line each one starts on."""

from pathlib import Path
from typing import Any

import yaml


def read_yaml_records(file: Path, error: type[ValueError]) -> list[tuple[int, dict[str, object]]]:
    """Mappings of a YAML list (or of its `entries` key), each with its 1-based start line."""
    try:
        root = yaml.compose(file.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else 1
        raise error(f"{file.name}:{line}: invalid YAML ({e.problem})") from e
    except UnicodeDecodeError as e:
        raise error(f"{file.name}:1: not UTF-8 text ({e.reason})") from e
    if isinstance(root, yaml.MappingNode):
        root = next((v for k, v in root.value if k.value == "entries"), None)
    if not isinstance(root, yaml.SequenceNode):
        raise error(f"{file.name}:1: expected a list of entries")
    records = []
    for node in root.value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            raise error(f"{file.name}:{line}: an entry must be a mapping")
        records.append((line, {k.value: _value(v, file, error) for k, v in node.value}))
    return records


def write_yaml(rows: list[dict[str, Any]], path: Path) -> None:
    """Dump entries as a readable UTF-8 YAML list."""
    text = yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=99)
    path.write_text(text, encoding="utf-8")


def _value(node: yaml.Node, file: Path, error: type[ValueError]) -> object:
    if isinstance(node, yaml.ScalarNode):
        return None if node.tag.endswith(":null") else node.value
    if isinstance(node, yaml.SequenceNode) and all(
        isinstance(n, yaml.ScalarNode) for n in node.value
    ):
        return [n.value for n in node.value]
    raise error(f"{file.name}:{node.start_mark.line + 1}: expected text or a list of text")
