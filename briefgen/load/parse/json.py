"""JSON record files: duplicate keys refused, lines found through the YAML node tree.

The json module keeps no positions, but JSON is YAML: when a problem needs a line, the text
is composed once by the YAML parser and its node tree locates the field (and the lines of a
repeated key). A file without problems is never composed twice.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from briefgen.errors import InputError, Problem
from briefgen.load.parse.source import TOO_DEEP, Locator, Source
from briefgen.load.parse.yaml import compose, node_locator
from briefgen.model import FieldPath

__all__ = ["parse"]


def parse(text: str, name: str) -> Source:
    """The data of a JSON text; InputError at the line and column of what cannot be read."""
    try:
        data = json.loads(text, object_pairs_hook=_pairs)
    except RecursionError:
        raise InputError([Problem(source=name, message=TOO_DEEP)]) from None
    except json.JSONDecodeError as exc:
        message = f"invalid JSON: {exc.msg} (column {exc.colno})"
        raise InputError([Problem(source=name, line=exc.lineno, message=message)]) from None
    except ValueError as exc:  # a duplicate key: json keeps no positions, YAML does
        repeated, first = _duplicate_key_lines(text)
        where = f", first at line {first}" if first else ""
        message = f"invalid JSON: {exc}{where}"
        raise InputError([Problem(source=name, line=repeated, message=message)]) from None
    return Source(name, data, _locator(text))


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _locator(text: str) -> Locator:
    """Lines for JSON, found through its YAML node tree; built only when a problem needs one."""
    located: list[Locator] = []

    def locate(path: FieldPath) -> int | None:
        if not located:
            located.append(node_locator(compose(text)))
        return located[0](path)

    return locate


def _duplicate_key_lines(text: str) -> tuple[int | None, int | None]:
    """The lines of the earliest repeated key of a JSON text and of its first use, if found."""
    root = compose(text)
    found: list[tuple[int, int]] = []
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                line = key.start_mark.line + 1
                if isinstance(key, yaml.ScalarNode) and key.value in seen:
                    found.append((line, seen[key.value]))
                seen.setdefault(key.value, line)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return min(found) if found else (None, None)
