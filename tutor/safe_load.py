"""Reading YAML and JSON from untrusted files (exercise files, submissions), within bounds.

    data = load_yaml(text)               # every scalar stays the text that was typed
    data = load_yaml(text, typed=True)   # plain scalars are null, bool, int, float or text
    data = load_json(text)               # numbers stay the text that was typed
    data = load_yaml(text, printable=True)   # text with control characters (ESC, ...) refused too

YAML is read from the event stream of the (C, where installed) parser, so no node is
ever built from a tag and nothing recurses: anchors and aliases (``&a``, ``*a``: the
alias bomb), explicit tags (``!!int``, ``!!timestamp``, ``!!python/...``, ``!x``),
nesting deeper than MAX_DEPTH, more than MAX_NODES values, more than one document,
duplicate keys and numbers longer than MAX_NUMBER_CHARS are refused. Dates stay text.
JSON's depth and size are checked before it is decoded. Mappings and lists know the
line they start on (``.line``; a list's ``.lines`` has each item's line). Whatever is
refused raises DocumentError with a one-line message and the line (0: unknown).
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (AliasEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent, ScalarEvent,
                         SequenceEndEvent, SequenceStartEvent)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from tutor.neutralise import CONTROL_CHARACTERS, terminal

MAX_DEPTH = 64  # nested lists and mappings
MAX_NODES = 1_000_000  # values (scalars, lists, mappings) in one document
MAX_NUMBER_CHARS = 100  # an unquoted number longer than this is refused (a 5000-digit int)

_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TYPED = ("tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_RESOLVERS = {first: [(tag, pattern) for tag, pattern in pairs if tag in _TYPED]
              for first, pairs in Resolver.yaml_implicit_resolvers.items()}
_CONSTRUCTOR = SafeConstructor()
_CONSTRUCT = {tag: SafeConstructor.yaml_constructors[tag] for tag in _TYPED}


class DocumentError(ValueError):
    """A document that cannot be read or is refused; ``line`` is 1-based (0: unknown)."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


class Located(dict):
    """A mapping that knows the line it starts on."""

    line = 0


class LocatedList(list):
    """A list that knows its line and the line of each item."""

    line = 0
    lines: tuple = ()


# -- YAML --------------------------------------------------------------------------------------------

def load_yaml(text: str, *, typed: bool = False, printable: bool = False, max_depth: int = MAX_DEPTH,
              max_nodes: int = MAX_NODES):
    """The one document of ``text`` (None if empty), built from parser events within the bounds."""
    builder = _Builder(typed, printable, max_depth, max_nodes)
    try:
        for event in yaml.parse(text, Loader=_PARSER):
            builder.feed(event)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise DocumentError(f"not valid YAML: {getattr(error, 'problem', None) or error}",
                            mark.line + 1 if mark else 0) from None
    return builder.root


class _Builder:
    """Plain data from a stream of YAML events, refusing what a safe document has no need of."""

    def __init__(self, typed: bool, printable: bool, max_depth: int, max_nodes: int):
        self.typed, self.printable, self.max_depth, self.max_nodes = typed, printable, max_depth, max_nodes
        self.root = None
        self.stack: list = []  # [container, pending key or _NO_KEY, item lines]
        self.nodes = 0
        self.documents = 0

    def feed(self, event) -> None:
        kind = type(event)
        line = event.start_mark.line + 1
        if kind is DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise DocumentError("more than one YAML document (a second ---)", line)
        elif kind is ScalarEvent:
            self._check(event, line)
            self._add(self._scalar(event, line), line)
        elif kind is SequenceStartEvent or kind is MappingStartEvent:
            self._check(event, line)
            if len(self.stack) >= self.max_depth:
                raise DocumentError(f"nested more than {self.max_depth} levels deep", line)
            container = LocatedList() if kind is SequenceStartEvent else Located()
            container.line = line
            self._add(container, line)
            self.stack.append([container, _NO_KEY, []])
        elif kind is SequenceEndEvent or kind is MappingEndEvent:
            container, _, lines = self.stack.pop()
            if kind is SequenceEndEvent:
                container.lines = tuple(lines)
        elif kind is AliasEvent:
            raise DocumentError(f"aliases (*{event.anchor}) are not allowed: write the value out", line)

    def _check(self, event, line: int) -> None:
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise DocumentError(f"more than {self.max_nodes} values in one document", line)
        if event.anchor is not None:
            raise DocumentError(f"anchors (&{event.anchor}) and aliases are not allowed: write the value out", line)
        if event.tag is not None:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            raise DocumentError(f"tags ({tag[:40]}) are not allowed: quote the value if it is text", line)

    def _scalar(self, event, line: int):
        value = event.value
        if self.printable:
            control = CONTROL_CHARACTERS.search(value)
            if control:
                raise DocumentError(f"a control character ({terminal(control.group())}) in the text", line)
        if not self.typed or not event.implicit[0]:  # not plain (quoted, literal or folded): text
            return value
        for tag, pattern in _RESOLVERS.get(value[:1], ()):
            if pattern.match(value):
                if tag.endswith((":int", ":float")) and len(value) > MAX_NUMBER_CHARS:
                    raise DocumentError(f"a number of {len(value)} characters (limit {MAX_NUMBER_CHARS})", line)
                try:
                    return _CONSTRUCT[tag](_CONSTRUCTOR, ScalarNode(tag, value))
                except (ValueError, OverflowError) as error:
                    raise DocumentError(f"cannot read the number {value[:20]!r}: {error}", line) from None
        return value

    def _add(self, value, line: int) -> None:
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        container, key, lines = top
        if isinstance(container, list):
            container.append(value)
            lines.append(line)
        elif key is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise DocumentError("a mapping key must be a single value, not a list or mapping", line)
            if value in container:
                raise DocumentError(f"the key {str(value)[:40]!r} appears twice in one mapping", line)
            top[1] = value
        else:
            container[key] = value
            top[1] = _NO_KEY


_NO_KEY = object()


# -- JSON --------------------------------------------------------------------------------------------

_JSON_STRING = re.compile(r'"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"')  # possessive: no backtracking memory
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def load_json(text: str, *, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES):
    """The JSON value of ``text``; numbers (and NaN, Infinity) stay the text that was typed."""
    _check_json_shape(text, max_depth, max_nodes)
    try:
        return _json_decoder(text).decode(text)
    except json.JSONDecodeError as error:
        raise DocumentError(f"not valid JSON: {error.msg} (column {error.colno})", error.lineno) from None
    except RecursionError:  # cannot happen within max_depth; kept as a last guard
        raise DocumentError("nested too deeply", 0) from None


def _check_json_shape(text: str, max_depth: int, max_nodes: int) -> None:
    """Refuse nesting deeper than ``max_depth`` or more than ``max_nodes`` values, before decoding."""
    bare = _JSON_STRING.sub('""', text)
    if bare.count(",") + bare.count(":") > max_nodes:
        raise DocumentError(f"more than {max_nodes} values in one document", 0)
    depth = 0
    for match in _JSON_BRACKET.finditer(bare):
        depth += 1 if match.group() in "[{" else -1
        if depth > max_depth:
            line = bare.count("\n", 0, match.start()) + 1  # strings hold no raw newline: lines match
            raise DocumentError(f"nested more than {max_depth} levels deep", line)


def _json_decoder(text: str) -> json.JSONDecoder:
    """A decoder whose objects carry their line, and whose numbers stay as written."""
    newlines = [m.start() for m in re.finditer("\n", text)]
    decoder = json.JSONDecoder(parse_float=str, parse_int=str, parse_constant=str)

    def line_of(position: int) -> int:
        return bisect.bisect_left(newlines, position) + 1

    def parse_object(s_and_end, *args):
        value, end = json.decoder.JSONObject(s_and_end, *args)
        located = Located(value)
        located.line = line_of(s_and_end[1] - 1)
        return located, end

    def parse_array(s_and_end, scan_once):
        starts = []

        def scan_item(string, index):  # called once per item of this array (nested values use scan_once)
            starts.append(index)
            return scan_once(string, index)

        value, end = json.decoder.JSONArray(s_and_end, scan_item)
        located = LocatedList(value)
        located.line, located.lines = line_of(s_and_end[1] - 1), tuple(map(line_of, starts))
        return located, end

    decoder.parse_object = parse_object
    decoder.parse_array = parse_array
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    return decoder
