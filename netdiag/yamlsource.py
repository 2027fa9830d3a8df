"""Safe YAML with line numbers, so that rule errors can read `file:line: message`.

load_yaml composes the document with a SafeLoader subclass, walks the node graph once to record
the line of every mapping key and sequence item (and to refuse duplicate keys, recursive aliases
and alias bombs), then constructs the data with the SafeLoader's own constructor: only the YAML
core types, never a python/* tag.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import yaml

from .errors import RuleError

MAX_YAML_BYTES = 1024 * 1024
MAX_ALIASES = 1000
MAX_EXPANSION = 100_000  # nodes that aliases may add to the document once expanded

_MERGE_TAG = "tag:yaml.org,2002:merge"


class YamlError(ValueError):
    """A YAML document that cannot be used; str() reads `path:line: message`."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = path, line, message
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


class _Loader(yaml.SafeLoader):
    """A SafeLoader that counts alias nodes while composing and stops at MAX_ALIASES."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.aliases = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise yaml.composer.ComposerError(None, None, f"more than {MAX_ALIASES} aliases", mark)
        return super().compose_node(parent, index)


def safe_load(text: str) -> object:
    """yaml.safe_load through libyaml when present (ten times faster), for documents whose errors
    need no line of our own (shipped data, simple user lists)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader


def load_yaml(text: str, path: str) -> tuple[object, dict[tuple, int]]:
    """The data of one YAML document, and the 1-based line of each location path in it.

    A location path is a tuple of mapping keys and sequence indexes, e.g. ("parameters",
    "min_calls", "default") or ("tests", 0, "expect"); a mapping key maps to the key's line.
    """
    if len(text.encode("utf-8", errors="surrogatepass")) > MAX_YAML_BYTES:
        raise YamlError(path, 1, f"YAML document larger than {MAX_YAML_BYTES // (1024 * 1024)} MB")
    loader = None
    try:
        loader, node = _compose(text)
        if node is None:
            return None, {}
        lines = _walk(node, loader, path)
        return loader.construct_document(node), lines
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        parts = [p for p in (exc.context, exc.problem) if p]
        raise YamlError(path, mark.line + 1 if mark else None, "invalid YAML: " + ", ".join(parts)) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise YamlError(path, line, f"invalid YAML: unacceptable character #x{exc.character:04x}") from None
    except yaml.YAMLError as exc:
        raise YamlError(path, None, f"invalid YAML: {exc}") from None
    except RecursionError:
        line, depth = _deepest(text)
        raise YamlError(path, line, f"YAML nested too deeply ({depth} levels)") from None
    finally:
        if loader is not None:
            loader.dispose()


def _deepest(text: str) -> tuple[int | None, int]:
    """The line where the document nests deepest, and how deep: from its events, which the parser
    gives without recursing (composing them into nodes is what recursed too deep)."""
    depth, deepest, line = 0, 0, None
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > deepest:
                    deepest, line = depth, event.start_mark.line + 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:  # what the document says after its deepest point does not matter here
        pass
    return line, deepest


# libyaml composes ten times faster; its tree is used when it is a plain tree (no alias: _Loader
# counts those) no deeper than _SHALLOW, of characters PyYAML's reader accepts. Anything else is
# composed again in Python, so that limits and errors read the same.
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
_SHALLOW = 50


def _compose(text: str) -> tuple[yaml.SafeLoader, yaml.Node | None]:
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None and not _NON_PRINTABLE.search(text):
        loader = fast(text)
        try:
            node = loader.get_single_node()
            if node is None or _plain_tree(node):
                return loader, node
        except Exception:  # noqa: BLE001 - the Python loader below gives the error its usual words
            pass
        loader.dispose()
    loader = _Loader(text)
    return loader, loader.get_single_node()


def _plain_tree(root: yaml.Node) -> bool:
    """No node reached twice (an alias) and none deeper than _SHALLOW; stops at the first of either."""
    seen: set[int] = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen or depth > _SHALLOW:
            return False
        seen.add(id(node))
        stack.extend((child, depth + 1) for child in _children(node))
    return True


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _walk(root: yaml.Node, loader: yaml.SafeLoader, path: str) -> dict[tuple, int]:
    """Lines of every key and item; refuses duplicate keys, recursive aliases, alias bombs.

    Iterative depth-first walk in document order: a node met again after it is finished is an
    alias (not walked twice), one met again while still open is a recursive alias. Nodes walked
    with loc None (keys, merged mappings) are counted but give no lines.
    """
    lines: dict[tuple, int] = {}
    size: dict[int, int] = {}  # id(node) -> its node count with aliases expanded
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, tuple | None, bool]] = [(root, (), False)]
    while stack:
        node, loc, done = stack.pop()
        if done:
            size[id(node)] = min(1 + sum(size[id(c)] for c in _children(node)), 10**12)
            open_nodes.discard(id(node))
            if size[id(node)] - len(size) > MAX_EXPANSION:
                raise YamlError(path, node.start_mark.line + 1, "aliases expand the document too much")
            continue
        if id(node) in size:
            continue
        if id(node) in open_nodes:
            raise YamlError(path, node.start_mark.line + 1, "recursive alias")
        open_nodes.add(id(node))
        stack.append((node, loc, True))
        children: list[tuple[yaml.Node, tuple | None]] = []
        if isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                child_loc = None if loc is None else (*loc, i)
                if child_loc is not None:
                    lines[child_loc] = item.start_mark.line + 1
                children.append((item, child_loc))
        elif isinstance(node, yaml.MappingNode):
            seen: set = set()
            for key_node, value_node in node.value:
                children.append((key_node, None))
                if key_node.tag == _MERGE_TAG:
                    children.append((value_node, None))
                    continue
                line = key_node.start_mark.line + 1
                key = loader.construct_object(key_node, deep=True)
                try:
                    duplicate = key in seen
                    seen.add(key)
                except TypeError:
                    raise YamlError(path, line, "a mapping key must be a plain value") from None
                if duplicate:
                    raise YamlError(path, line, f"duplicate key {key!r}")
                child_loc = None if loc is None else (*loc, key)
                if child_loc is not None:
                    lines[child_loc] = line
                children.append((value_node, child_loc))
        stack.extend((child, child_loc, False) for child, child_loc in reversed(children))
    return lines


def line_of(lines: dict[tuple, int], loc: Sequence) -> int | None:
    """The line of the longest prefix of loc that has one (pydantic locs may add entries)."""
    loc = tuple(loc)
    for end in range(len(loc), 0, -1):
        try:
            line = lines.get(loc[:end])
        except TypeError:  # an unhashable entry: no prefix this long can match
            continue
        if line is not None:
            return line
    return None


def read_yaml_file(path: Path, what: str, max_bytes: int) -> tuple[object, dict[tuple, int]]:
    """A UTF-8 YAML file of ours (a rule file, a profile) with its line map; errors as `file:line:`."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RuleError(f"{name}:1: cannot read the {what} ({exc.strerror})") from exc
    if len(raw) > max_bytes:
        raise RuleError(f"{name}:1: {what} larger than {max_bytes // 1024} KiB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RuleError(f"{name}:1: a {what} is UTF-8 ({exc.reason} at byte {exc.start})") from exc
    try:
        return load_yaml(text, name)
    except YamlError as exc:
        raise RuleError(str(exc)) from exc
