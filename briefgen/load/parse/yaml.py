"""YAML record files: the YAML 1.2 core schema, plain data only, located problems.

`no`, `on` and `012` stay what they look like (YAML 1.1, and PyYAML, read booleans and an
octal number). libyaml parses and composes the node tree when PyYAML has it; `_Plain` then
turns the nodes into plain data in one walk, refusing every tag but plain data, merge keys
and duplicate keys, and bounding the data an alias bomb or deep nesting could build. The
node tree is kept to find the line of a field path (JSON, being YAML, borrows it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from briefgen.errors import InputError, Problem
from briefgen.load.parse.source import TOO_DEEP, Locator, Source
from briefgen.model import FieldPath

__all__ = ["MAX_DEPTH", "MAX_NODES", "Loader", "compose", "node_locator", "parse"]

#: Largest YAML node tree (counting every alias expansion) we agree to build.
MAX_NODES = 200_000
#: Deepest nesting of lists and mappings read (records nest a handful of levels).
MAX_DEPTH = 200


class _Resolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core schema scalars (plus YAML 1.1 timestamps, which dates need)."""


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:timestamp",
    re.compile(
        r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
        |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
         (?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
         (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        re.X,
    ),
    list("0123456789"),
)


class _Constructor(yaml.constructor.SafeConstructor):
    """PyYAML's safe scalar readers, with YAML 1.2 integers and dates that may stay text.

    Lists and mappings are built by `_Plain`.
    """

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        """YAML 1.2 core integers: `012` is twelve (YAML 1.1, and PyYAML, read it as octal ten)."""
        text = str(self.construct_scalar(node))
        sign = -1 if text.startswith("-") else 1
        digits = text.lstrip("+-")
        if digits.startswith("0o"):
            return sign * int(digits[2:], 8)
        if digits.startswith("0x"):
            return sign * int(digits[2:], 16)
        return sign * int(digits, 10)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """A date-like scalar that is no real date (`2025-13-01`) stays text for the converter.

        PyYAML would raise a bare ValueError with no line; as text it is reported, located,
        by the date hook ("expected a date (YYYY-MM-DD), got text '2025-13-01'").
        """
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


try:
    from yaml._yaml import CParser as _Parser  # libyaml: parsing and composing in C
except ImportError:  # pragma: no cover - PyYAML built without libyaml

    class _Parser(  # type: ignore[no-redef]
        yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)


class Loader(_Parser, _Constructor, _Resolver):
    """The fast parser with our resolver and constructor."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Constructor.__init__(self)
        _Resolver.__init__(self)


def _rejoin_flow_commas(node: yaml.MappingNode, text: str) -> None:
    """Read `{activity: aid, search and rescue, outcome: x}` as the author meant it.

    In a flow mapping a comma ends a plain value, so YAML reads "search and rescue" as a key
    without a value. Such an entry (a plain key of several words, no value, on the same line
    as a plain value before it) can only be the rest of that value: it is joined back, with
    the text exactly as written. A one-word key is left alone, to be reported if unknown.
    """
    merged: list[tuple[yaml.Node, yaml.Node]] = []
    for key, value in node.value:
        previous = merged[-1][1] if merged else None
        if (
            previous is not None
            and isinstance(previous, yaml.ScalarNode)
            and not previous.style
            and previous.tag == "tag:yaml.org,2002:str"
            and isinstance(key, yaml.ScalarNode)
            and not key.style
            and " " in key.value.strip()
            and isinstance(value, yaml.ScalarNode)
            and value.value == ""
            and not value.style
            and key.start_mark.line == previous.end_mark.line
        ):
            previous.value = text[previous.start_mark.index : key.end_mark.index]
            previous.end_mark = key.end_mark
            continue
        merged.append((key, value))
    node.value = merged


_TAG = "tag:yaml.org,2002:"
#: How each scalar tag a record may hold is read (a plain text is the node's value as is).
_SCALARS: dict[str, Callable[[_Constructor, yaml.ScalarNode], Any]] = {
    _TAG + "null": _Constructor.construct_yaml_null,
    _TAG + "bool": _Constructor.construct_yaml_bool,
    _TAG + "int": _Constructor.construct_yaml_int,
    _TAG + "float": _Constructor.construct_yaml_float,
    _TAG + "timestamp": _Constructor.construct_yaml_timestamp,
}


class _TooManyError(Exception):
    """More values than MAX_NODES once aliases are expanded."""


class _TooDeepError(Exception):
    """Lists and mappings nested more than MAX_DEPTH levels (aliases expanded), and where."""

    def __init__(self, mark: yaml.Mark | None) -> None:
        super().__init__("nested too deeply")
        self.mark = mark


def _is_depth_error(exc: yaml.MarkedYAMLError) -> bool:
    """Whether a parser error is the parser's own nesting limit.

    libyaml 0.2.6 (in PyYAML 6.0.4's wheels) refuses more than 1,000 levels itself, with
    "exceeded maximum nesting depth"; it is the same fact as our MAX_DEPTH, told in our words.
    """
    return "nesting depth" in str(exc.problem or "")


class _Plain:
    """Plain data from a node tree in one walk (PyYAML's constructor is generic and slow).

    Rejoins flow commas, refuses merge keys, duplicate keys and every tag but plain data, and
    measures each list and mapping as if its aliases were expanded: past MAX_NODES values it
    raises _TooManyError (an alias bomb, refused without being expanded), past MAX_DEPTH
    levels _TooDeepError with the line of the list or mapping that goes too deep (for an
    alias, the one holding the alias). An alias gives the same object as its anchor, as with
    PyYAML.
    """

    def __init__(self, loader: _Constructor, text: str) -> None:
        self.loader = loader
        self.text = text
        self.flows = "{" in text  # only a flow mapping can need its commas rejoined
        # A list or mapping already read: its value, values held and levels (aliases expanded).
        self.done: dict[int, tuple[Any, int, int]] = {}
        self.open: set[int] = set()

    def data(self, node: yaml.Node) -> Any:
        return self.value(node, 1)[0]

    def value(self, node: yaml.Node, depth: int) -> tuple[Any, int, int]:
        """(the value of `node` at level `depth`, how many values it holds, how many levels)."""
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            if tag == _TAG + "str":
                return node.value, 1, 1
            return self.scalar(node), 1, 1
        known = self.done.get(id(node))
        if known is None:
            known = self.done[id(node)] = self.container(node, depth)
        if depth + known[2] - 1 > MAX_DEPTH:
            raise _TooDeepError(None)  # an alias: located by the list or mapping holding it
        return known

    def container(self, node: yaml.Node, depth: int) -> tuple[Any, int, int]:
        if depth > MAX_DEPTH:
            raise _TooDeepError(node.start_mark)
        if id(node) in self.open:
            raise yaml.constructor.ConstructorError(
                None, None, "an alias refers to a list or mapping that holds it", node.start_mark
            )
        self.open.add(id(node))
        try:
            result, count, levels = self.children(node, depth)
        except _TooDeepError as exc:
            if exc.mark is None:
                exc.mark = node.start_mark
            raise
        if count > MAX_NODES:
            raise _TooManyError
        self.open.discard(id(node))
        return result, count, levels

    def children(self, node: yaml.Node, depth: int) -> tuple[Any, int, int]:
        count, levels = 1, 1
        result: list[Any] | dict[Any, Any]
        if isinstance(node, yaml.SequenceNode) and node.tag == _TAG + "seq":
            result = []
            for child in node.value:
                item, size, height = self.value(child, depth + 1)
                result.append(item)
                count, levels = count + size, max(levels, height + 1)
        elif isinstance(node, yaml.MappingNode) and node.tag == _TAG + "map":
            if self.flows and node.flow_style:
                _rejoin_flow_commas(node, self.text)
            result = {}
            keys: dict[Any, yaml.Node] = {}
            for key_node, value_node in node.value:
                key, key_size, key_height = self.value(key_node, depth + 1)
                self.check_key(node, key_node, key, keys)
                keys[key] = key_node
                result[key], size, height = self.value(value_node, depth + 1)
                count += key_size + size
                levels = max(levels, key_height + 1, height + 1)
        else:
            raise _not_allowed(node)
        return result, count, levels

    def scalar(self, node: yaml.ScalarNode) -> Any:
        make = _SCALARS.get(node.tag)
        if make is None:
            raise _not_allowed(node)
        try:
            return make(self.loader, node)
        except ValueError:  # an explicit tag on a value it does not fit: !!int abc
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"{node.value!r} is not a valid {node.tag.replace(_TAG, '!!')}",
                node.start_mark,
            ) from None

    @staticmethod
    def check_key(
        mapping: yaml.Node, key_node: yaml.Node, key: Any, keys: dict[Any, yaml.Node]
    ) -> None:
        if key_node.tag == _TAG + "merge":
            raise yaml.constructor.ConstructorError(
                None, None, "merge keys (<<) are not supported", key_node.start_mark
            )
        try:
            first = keys.get(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a list or mapping cannot be a key", key_node.start_mark
            ) from None
        if first is not None:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping",
                mapping.start_mark,
                f"duplicate key {key!r}, first at line {first.start_mark.line + 1}",
                key_node.start_mark,
            )


def _not_allowed(node: yaml.Node) -> yaml.constructor.ConstructorError:
    tag = node.tag.replace(_TAG, "!!")
    return yaml.constructor.ConstructorError(
        None, None, f"tag {tag} is not allowed; only plain data is read", node.start_mark
    )


def node_locator(root: yaml.Node | None) -> Locator:
    """Lines of field paths in a node tree: the key's line, or the nearest enclosing one."""

    def locate(path: FieldPath) -> int | None:
        if root is None:
            return None
        node: yaml.Node = root
        line = node.start_mark.line + 1
        for part in path:
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                for key_node, value_node in node.value:
                    if key_node.value == part:
                        line = key_node.start_mark.line + 1
                        node = value_node
                        break
                else:
                    return line
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    return line
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                return line
        return line

    return locate


def compose(text: str) -> yaml.Node | None:
    """The node tree of a text (JSON's, for its lines), or None when YAML cannot read it."""
    loader = Loader(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
    except yaml.YAMLError:
        node = None
    finally:
        loader.dispose()
    return node


def parse(text: str, name: str) -> Source:
    """The data of a YAML text; InputError at the line and column of what cannot be read."""
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        data = _Plain(loader, text).data(node) if node is not None else None
    except _TooManyError:
        message = (
            f"more than {MAX_NODES} values once aliases are expanded (an alias bomb?); refused"
        )
        raise InputError([Problem(source=name, message=message)]) from None
    except _TooDeepError as exc:
        line = exc.mark.line + 1 if exc.mark else None
        raise InputError([Problem(source=name, line=line, message=TOO_DEEP)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if _is_depth_error(exc):
            line = mark.line + 1 if mark else None
            raise InputError([Problem(source=name, line=line, message=TOO_DEEP)]) from None
        line = mark.line + 1 if mark else None
        what = exc.problem or "invalid YAML"
        column = f" (column {mark.column + 1})" if mark else ""
        context = ""
        started = exc.context_mark
        if (  # the parser notices late; where the broken list or mapping starts helps most
            not isinstance(exc, yaml.constructor.ConstructorError)
            and exc.context
            and started is not None
            and mark is not None
            and started.line != mark.line
        ):
            context = f"; {exc.context} that starts at line {started.line + 1}"
        message = f"invalid YAML: {what}{column}{context}"
        raise InputError([Problem(source=name, line=line, message=message)]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, by position
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        message = f"invalid YAML: character {what} is not allowed (column {column}); remove it"
        raise InputError([Problem(source=name, line=line, message=message)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(source=name, message=f"invalid YAML: {exc}")]) from None
    except RecursionError:  # the pure-Python composer (PyYAML without libyaml) recurses
        raise InputError([Problem(source=name, message=TOO_DEEP)]) from None
    finally:
        loader.dispose()
    return Source(name, data, node_locator(node))
