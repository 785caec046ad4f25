"""The one way the project reads YAML: safe, and strict about YAML 1.1's surprises.

PyYAML follows YAML 1.1, where an unquoted ``no``, ``yes``, ``on`` or ``off`` becomes a
boolean, as a key too. That once turned the catalogue key ``no`` into ``False`` and made
every spoken "no" crash. This loader refuses such values (only ``true``/``false`` are
booleans), any mapping key that is not a string, and a key given twice in one mapping (PyYAML
would keep the last silently), naming the file and line.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_PLAIN_BOOLEANS = {"true", "false"}


class StrictYamlError(ValueError):
    """A YAML document uses a construct this project does not allow."""


class _StrictLoader(yaml.SafeLoader):
    def construct_yaml_bool(self, node: yaml.ScalarNode) -> bool:
        if node.value.lower() not in _PLAIN_BOOLEANS:
            raise StrictYamlError(
                f"unquoted {node.value!r} at {node.start_mark}: quote it (YAML 1.1 reads it as a boolean)"
            )
        return super().construct_yaml_bool(node)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[str] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                raise StrictYamlError(
                    f"mapping key {key!r} at {key_node.start_mark} is not a string: quote it"
                )
            if key in seen:
                raise StrictYamlError(f"key {key!r} at {key_node.start_mark} is given twice in one mapping")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_StrictLoader.add_constructor("tag:yaml.org,2002:bool", _StrictLoader.construct_yaml_bool)


def load_yaml_text(text: str) -> Any:
    """Parse one YAML document strictly; an empty document is ``None``."""
    return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass


def load_yaml(path: Path) -> Any:
    """Read and parse one YAML file strictly."""
    with Path(path).open(encoding="utf-8") as handle:  # a stream, so errors name the file
        return yaml.load(handle, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
