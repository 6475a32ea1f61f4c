"""JSON and YAML documents whose mappings and lists know the line they start on.

JSON numbers stay as written (1.50e-3 stays "1.50e-3"). YAML is read with a safe loader
in which every scalar stays text (007 stays "007", yes stays "yes"). A document that
cannot be read raises TableError with its line.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re

import yaml

from tutor.grading.tables import TableError


def located_error(message: str, line: int) -> TableError:
    error = TableError(message)
    error.line = line
    return error


def json_document(text: str):
    try:
        return _json_decoder(text).decode(text)
    except json.JSONDecodeError as error:
        raise located_error(f"not valid JSON: {error.msg} (column {error.colno})", error.lineno) from None


def yaml_document(text: str):
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 -- a safe loader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise located_error(f"not valid YAML: {getattr(error, 'problem', None) or error}",
                            mark.line + 1 if mark else 0) from None


class _Located(dict):
    """A JSON or YAML mapping that knows the line it starts on."""

    line = 0


class _LocatedList(list):
    """A JSON or YAML list that knows its line and, from YAML, the line of each item."""

    line = 0
    lines: tuple = ()


def _json_decoder(text: str) -> json.JSONDecoder:
    """A decoder whose objects carry their line, and whose numbers stay as written."""
    newlines = [m.start() for m in re.finditer("\n", text)]
    decoder = json.JSONDecoder(parse_float=str, parse_int=str)

    def line_of(position: int) -> int:
        return bisect.bisect_left(newlines, position) + 1

    def parse_object(s_and_end, *args):
        value, end = json.decoder.JSONObject(s_and_end, *args)
        located = _Located(value)
        located.line = line_of(s_and_end[1] - 1)
        return located, end

    def parse_array(s_and_end, scan_once):
        starts = []

        def scan_item(string, index):  # called once per item of this array (nested values use scan_once)
            starts.append(index)
            return scan_once(string, index)

        value, end = json.decoder.JSONArray(s_and_end, scan_item)
        located = _LocatedList(value)
        located.line, located.lines = line_of(s_and_end[1] - 1), tuple(map(line_of, starts))
        return located, end

    decoder.parse_object = parse_object
    decoder.parse_array = parse_array
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    return decoder


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe YAML in which every scalar stays text (so 007 stays 007 and yes stays yes)."""

    yaml_implicit_resolvers: dict = {}


def _yaml_mapping(loader, node):
    mapping = _Located()
    mapping.line = node.start_mark.line + 1
    yield mapping
    mapping.update(loader.construct_mapping(node))


def _yaml_sequence(loader, node):
    sequence = _LocatedList()
    sequence.line = node.start_mark.line + 1
    sequence.lines = tuple(item.start_mark.line + 1 for item in node.value)
    yield sequence
    sequence.extend(loader.construct_sequence(node))


_Loader.add_constructor("tag:yaml.org,2002:map", _yaml_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _yaml_sequence)
