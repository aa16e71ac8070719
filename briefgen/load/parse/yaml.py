"""YAML record files: the YAML 1.2 core schema, plain data only, located problems.

`no`, `on` and `012` stay what they look like (YAML 1.1, and PyYAML, read booleans and an
octal number). libyaml parses and composes the node tree when PyYAML has it; `_Plain` then
turns the nodes into plain data in one walk, refusing every tag but plain data, merge keys
and duplicate keys, and bounding the data an alias bomb or deep nesting could build. The
node tree is kept to find the line of a field path (JSON, being YAML, borrows it).

A file is read as every YAML tool reads it; its traps are told, not guessed around: a text
that a comma cut inside `{ }` is an error, a text that a ` #` or an indentation cut is a
warning (`warnings_of`, carried by the Source), and the parser's common errors are told in
plain words at the line of the mistake (`_explain`: a quote never closed, a tab, an
indentation that does not match).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import attrs
import yaml

from briefgen.errors import InputError, Problem, Severity
from briefgen.load.parse.source import TOO_DEEP, Locator, Source
from briefgen.model import FieldPath, format_path

__all__ = [
    "MAX_DEPTH",
    "MAX_NODES",
    "Loader",
    "compose",
    "node_locator",
    "parse",
    "warnings_of",
]

#: Most values aliases may add to a YAML file once expanded (`*a` repeats every value of
#: the list or mapping `&a` names). Values written out are bounded by the file size cap
#: (MAX_BYTES) and the record limits instead: only what aliases add can grow without bound.
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


def _flow_comma_problem(node: yaml.MappingNode) -> Problem | None:
    """The first text of a flow mapping that a comma cut in two, as a problem (None if none).

    In `{activity: aid, search and rescue, outcome: x}` a comma ends the plain value, so
    every YAML tool reads "search and rescue" as a key without a value. A plain key of several
    words without a value, after a plain value, can only be such a cut: the text needs quotes.
    """
    previous: tuple[yaml.Node, yaml.Node] | None = None
    for key, value in node.value:
        if (
            previous is not None
            and isinstance(previous[1], yaml.ScalarNode)
            and not previous[1].style
            and previous[1].value != ""
            and isinstance(key, yaml.ScalarNode)
            and not key.style
            and " " in key.value.strip()
            and isinstance(value, yaml.ScalarNode)
            and value.value == ""
            and not value.style
        ):
            owner = previous[0].value if isinstance(previous[0], yaml.ScalarNode) else "the value"
            start = previous[1].start_mark
            message = (
                f"invalid YAML: inside {{ }} a comma ends a text, so {key.value.strip()!r} is read "
                f"as a key without a value; put the text of {owner} in quotes "
                f"(column {start.column + 1})"
            )
            return Problem(source="", line=key.start_mark.line + 1, message=message)
        previous = (key, value)
    return None


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

    Collects flow mappings whose commas cut a text (`errors`), refuses merge keys, duplicate
    keys and every tag but plain data, and measures each list and mapping as if its aliases
    were expanded: when aliases repeat more than MAX_NODES values in all it raises
    _TooManyError (an alias bomb, refused without being expanded), past MAX_DEPTH levels
    _TooDeepError with the line of the list or mapping that goes too deep (for an alias,
    the one holding the alias). An alias gives the same object as its anchor, as with PyYAML.
    """

    def __init__(self, loader: _Constructor) -> None:
        self.loader = loader
        self.errors: list[Problem] = []  # each located, its source filled in by `parse`
        # A list or mapping already read: its value, values held and levels (aliases expanded).
        self.done: dict[int, tuple[Any, int, int]] = {}
        self.open: set[int] = set()
        # Values that aliases repeat (an alias to a scalar repeats one value, and costs the
        # two bytes of `*a`: only aliases to lists and mappings can multiply).
        self.aliased = 0

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
        else:  # an alias to a list or mapping read before: its values again
            self.aliased += known[1]
            if self.aliased > MAX_NODES:
                raise _TooManyError
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
            if node.flow_style and (cut := _flow_comma_problem(node)):
                self.errors.append(cut)
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
    """The data of a YAML text; InputError at the line and column of what cannot be read.

    The Source carries the warnings of `warnings_of` (texts a ` #` or an indentation cut).
    """
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        plain = _Plain(loader)
        data = plain.data(node) if node is not None else None
    except _TooManyError:
        message = (
            f"aliases (*name) repeat more than {MAX_NODES} values once expanded "
            "(an alias bomb?); refused"
        )
        raise InputError([Problem(source=name, message=message)]) from None
    except _TooDeepError as exc:
        line = exc.mark.line + 1 if exc.mark else None
        raise InputError([Problem(source=name, line=line, message=TOO_DEEP)]) from None
    except yaml.MarkedYAMLError as exc:
        raise InputError([_problem(exc, text, name)]) from None
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
    if plain.errors:
        raise InputError([attrs.evolve(p, source=name) for p in plain.errors])
    warnings = warnings_of(node, text, name) if node is not None else ()
    return Source(name, data, node_locator(node), warnings)


# ---------------------------------------------------------------------------------------------
# Warnings: what a file probably does not mean as written.

#: A comment after a value on its line (` #` or a tab and #), and its text up to the line end.
_COMMENT = re.compile(r"([ \t]+)#([^\r\n\x85\u2028\u2029]*)")
#: A word that names rather than says: an id, a code, a file name (`draft`, `az-uz-2026`).
_ID_LIKE = re.compile(r"[a-z0-9][a-z0-9_./:+@-]*")
#: A line that starts like a list item.
_ITEM = re.compile(r"[ \t]*-(?:[ \t]|$)")
#: Line breaks as YAML counts them.
_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_STR = _TAG + "str"


def warnings_of(root: yaml.Node, text: str, name: str) -> tuple[Problem, ...]:
    """Warnings about plain texts of a node tree that YAML reads otherwise than they look.

    - A comment that starts inside running text (`- Propose exercise #2 on site`): YAML drops
      everything after ` #`. Only after a plain text of words: not after a quoted text, a
      number, a date or an id-like word (`status: draft # for now`); a single word only
      when the `#` is glued to what follows (`Exercise #2`). A comment set apart as comments
      are written (two spaces or a tab before `#`, a space after it) is taken as meant.
    - A list item indented one space too far (`   - next` under `  - first`): YAML folds it
      into the plain text above.
    Texts inside `{ }` or `[ ]` are not looked at: a comment there ends the line and breaks
    the brackets, which the parser reports.
    """
    found: list[tuple[int, str, str]] = []
    comments = "#" in text
    seen: set[int] = set()
    stack: list[tuple[FieldPath, yaml.Node]] = [((), root)]
    while stack:
        path, node = stack.pop()
        if id(node) in seen:  # an alias: its anchor was looked at
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode) and not node.flow_style:
            for key, value in reversed(node.value):  # reversed: a stack, read in file order
                part = key.value if isinstance(key, yaml.ScalarNode) else "?"
                stack.append(((*path, part), value))
        elif isinstance(node, yaml.SequenceNode) and not node.flow_style:
            stack.extend(
                ((*path, index), item) for index, item in reversed([*enumerate(node.value)])
            )
        elif isinstance(node, yaml.ScalarNode) and not node.style and node.tag == _STR:
            # The field path is formatted only for a warning: most texts have none.
            if comments and (cut := _comment_cut(node, text)):
                found.append((node.end_mark.line + 1, format_path(path), cut))
            if node.end_mark.line > node.start_mark.line:
                folded = _folded_items(node, text)
                found.extend((line, format_path(path), message) for line, message in folded)
    found.sort()
    return tuple(
        Problem(source=name, line=line, path=where, message=message, severity=Severity.WARNING)
        for line, where, message in found
    )


def _comment_cut(node: yaml.ScalarNode, text: str) -> str | None:
    """The warning for a comment that cuts the running text of a plain scalar, if it does."""
    match = _COMMENT.match(text, node.end_mark.index)
    if match is None or not match[2].strip():
        return None
    glued = not match[2][0].isspace()  # `#2`, `#priority`: no comment is written so
    if not glued and (len(match[1]) > 1 or "\t" in match[1]):
        return None  # `text  # note`: set apart as comments are, not as prose runs on
    words = node.value.split()
    lettered = [word for word in words if any(char.isalpha() for char in word)]
    if len(lettered) < 2 and not (
        len(words) == 1 and lettered and glued and not _ID_LIKE.fullmatch(words[0])
    ):
        return None  # not prose: a number with a unit, a date in words, an id
    dropped = _short("#" + match[2].rstrip())
    return (
        f"text after # is a comment; put the text in quotes ({dropped} is not part of "
        f"{_short(node.value)})"
    )


def _folded_items(node: yaml.ScalarNode, text: str) -> list[tuple[int, str]]:
    """Warnings for the continuation lines of a plain scalar that look like list items."""
    lines = _BREAK.split(text[node.start_mark.index : node.end_mark.index])
    first = node.start_mark.line + 1
    return [
        (
            first + offset,
            "this '- ' line is read as more of the text above, not as a new list item: "
            "line up its '-' with the one above (or put the text in quotes)",
        )
        for offset, line in enumerate(lines)
        if offset and _ITEM.match(line)
    ]


def _short(text: str) -> str:
    """A text as a message quotes it: repr, cut after 40 characters."""
    return repr(text if len(text) <= 40 else text[:37] + "...")


# ---------------------------------------------------------------------------------------------
# Parser errors in plain sentences.

#: A line of a quoted text that looks like YAML's own structure (a key, a list item).
_STRUCTURE_LINE = re.compile(r"[ \t]*(?:-[ \t]+)?[^\s#\"'][^:#]*:(?:[ \t]|$)|[ \t]*-[ \t]")
#: How far into a text the Python scanner looks for a quote never closed (about 1 s).
_RESCAN_LIMIT = 256 * 1024


def _problem(exc: yaml.MarkedYAMLError, text: str, name: str) -> Problem:
    """A parser error as a Problem: in plain words where it is a common one, at the line where
    the mistake is (a quote opened, a bracket not closed), not where the parser noticed it."""
    mark = exc.problem_mark or exc.context_mark
    if _is_depth_error(exc):
        return Problem(source=name, line=mark.line + 1 if mark else None, message=TOO_DEEP)
    explained = None
    if not isinstance(exc, yaml.constructor.ConstructorError):
        explained = _explain(exc, text)
    if explained is not None:
        return Problem(source=name, line=explained[0], message=f"invalid YAML: {explained[1]}")
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
    return Problem(source=name, line=line, message=f"invalid YAML: {what}{column}{context}")


def _explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str] | None:
    """(line, sentence) for the scanner and parser errors an officer meets, None for others.

    libyaml and PyYAML's Python parser word their errors a little differently: both match.
    """
    mark, started = exc.problem_mark, exc.context_mark
    if mark is None:
        return None
    problem, context = exc.problem or "", exc.context or ""
    line, column = mark.line + 1, f"(column {mark.column + 1})"
    char = text[mark.index] if 0 <= mark.index < len(text) else ""
    if "quoted scalar" in context and "end of stream" in problem and started is not None:
        return started.line + 1, (
            f"a quoted text starting on line {started.line + 1} is never closed "
            f"(column {started.column + 1})"
        )
    runaway = _runaway_quote(text, mark)
    if runaway is not None:
        opened, closed = runaway.start_mark, runaway.end_mark
        quote = runaway.style
        return opened.line + 1, (
            f"a quoted text starting on line {opened.line + 1} is never closed: it runs on to "
            f"the {quote} on line {closed.line + 1}; close it on line {opened.line + 1} "
            f"(column {opened.column + 1})"
        )
    if "tab" in problem or ("cannot start any token" in problem and char == "\t"):
        return line, f"a tab character is not allowed for indentation; indent with spaces {column}"
    if "cannot start any token" in problem:
        return line, f"a text cannot start with {char}; put the text in quotes {column}"
    if "mapping values are not allowed" in problem:
        before = text[text.rfind("\n", 0, mark.index) + 1 : mark.index]
        if ": " in before or ":\t" in before:
            return line, (
                f"a colon followed by a space makes a mapping, and this text already is a "
                f"value; put the text in quotes {column}"
            )
        return line, f"the indentation of this line does not match the lines above {column}"
    if "expected ':'" in problem and started is not None:
        return started.line + 1, (
            "this line is not `key: value` (a colon and a space are missing), nor indented "
            f"under the line above as more of its text (column {started.column + 1})"
        )
    if ("flow mapping" in context or "flow sequence" in context) and started is not None:
        opening, closing = ("{", "}") if "mapping" in context else ("[", "]")
        return started.line + 1, (
            f"the {opening} on line {started.line + 1} is not closed with {closing} (or a "
            f"comma is missing between its entries) (column {started.column + 1})"
        )
    if "expected key" in problem or "indicator" in problem or "<block end>" in problem:
        before = text[text.rfind("\n", 0, mark.index) + 1 : mark.index].rstrip()
        if before.endswith(("'", '"')):
            hint = " (inside '...' write an apostrophe as '')" if before[-1] == "'" else ""
            return line, (
                f"text follows the closing {before[-1]} of a quoted text; put the whole text in "
                f"quotes{hint} {column}"
            )
        listed = ""
        if "block collection" in context and started is not None:
            listed = f"; the list above starts on line {started.line + 1}"
        return line, f"the indentation of this line does not match the lines above{listed} {column}"
    if "alias" in context or "anchor" in context or "undefined alias" in problem:
        at = (
            started if started is not None and ("alias" in context or "anchor" in context) else mark
        )
        return at.line + 1, (
            f"a text cannot start with * or &; put the text in quotes (column {at.column + 1})"
        )
    if "escape" in problem:
        return line, (
            "a backslash in a text in double quotes starts an escape (\\n, \\t); write \\\\ "
            f"for a backslash, or use single quotes {column}"
        )
    if "another document" in problem:
        return line, "a second document starts here (a line ---); a record file holds one"
    return None


def _runaway_quote(text: str, mark: yaml.Mark) -> yaml.ScalarToken | None:
    """The quoted text that swallowed the lines after it, when one ends just before `mark`.

    A quote never closed runs on to the next quote of the file, taking keys and list items
    for text, and the parser notices only there. Found by scanning the text again (in
    Python, which keeps the tokens read before the error): the last quoted text that ends on
    the error's line, starts on an earlier one, and holds lines that look like keys or items.
    """
    before = text[text.rfind("\n", 0, mark.index) + 1 : mark.index]
    if mark.index > _RESCAN_LIMIT or not ('"' in before or "'" in before):
        return None  # no quote closes on the error's line before it: nothing ran on
    scanner = yaml.SafeLoader(text)
    found: yaml.ScalarToken | None = None
    try:
        while scanner.check_token():
            token = scanner.get_token()  # type: ignore[no-untyped-call]
            if token.start_mark.index >= mark.index:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ("'", '"')
                and token.start_mark.line < token.end_mark.line == mark.line
            ):
                inner = _BREAK.split(text[token.start_mark.index : token.end_mark.index])[1:]
                if any(_STRUCTURE_LINE.match(line) for line in inner):
                    found = token
    except yaml.YAMLError:
        pass
    finally:
        scanner.dispose()
    return found
