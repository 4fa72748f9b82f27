"""Validation of category files against ``schema/category.schema.json``.

The JSON Schema is the one definition of the file format: editors can use it, the README
documents it, and this module interprets it. Only the subset of JSON Schema the format needs
is supported (``type``, ``properties``, ``required``, ``additionalProperties``,
``propertyNames``, ``items``, ``minItems``, ``pattern``, ``enum``, ``anyOf``, ``format``,
local ``$ref``), plus ``errorMessage`` for a friendlier message when a ``pattern`` fails.
Messages are written for contributors, not for schema authors.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import json
import re
import unicodedata
from functools import cache
from importlib import resources
from typing import Any, Iterator
from urllib.parse import quote, urlsplit

from .model import Coded, code_of

Path = tuple  # a JSON path: ('papers', 3, 'authors')

_TYPE_NAMES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping (key: value)",
    "null": "nothing",
}


@cache
def category_schema() -> dict:
    """The JSON Schema of a category file's front matter."""
    text = resources.files("mkdocs_diffusion").joinpath("schema/category.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def field_names() -> tuple[frozenset, frozenset]:
    """(the front matter's keys, an entry's keys), as the schema names them."""
    schema = category_schema()
    validator = Validator(schema)
    entry = validator._resolve(schema["properties"]["papers"]["items"])
    return frozenset(schema["properties"]), frozenset(entry.get("properties", {}))


def type_name(value: Any) -> str:
    """How a YAML value is called in messages."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int):
        return f"an integer ({value})"
    if isinstance(value, float):
        return f"a number ({value})"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _is_type(value: Any, name: str) -> bool:
    if name == "string":
        return isinstance(value, str)
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "array":
        return isinstance(value, list)
    if name == "object":
        return isinstance(value, dict)
    if name == "null":
        return value is None
    raise ValueError(f"unsupported schema type {name!r}")


def _short(value: Any, width: int = 80) -> str:
    """``repr`` of a value for a message, long text cut to ``width`` characters."""
    if isinstance(value, str) and len(value) > width:
        value = value[: width - 1] + "…"
    return repr(value)


_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
MIN_YEAR = 1900  # no paper in a list of research papers is older; earlier years are typos


def check_date(value: str, allow_month: bool) -> str | None:
    """``None`` when ``value`` is a real date (or month) from ``MIN_YEAR`` on, else what is wrong with it."""
    m = _DATE_RE.match(value)
    if m:
        try:
            _dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError as exc:
            return f"{value!r} is not a real date ({exc})"
        return _check_year(value, m[1])
    if allow_month:
        m = _MONTH_RE.match(value)
        if m:
            if 1 <= int(m[2]) <= 12:
                return _check_year(value, m[1])
            return f"{value!r} is not a real month"
        return f"{_short(value)} is not a date: write YYYY-MM-DD or YYYY-MM"
    return f"{_short(value)} is not a date: write YYYY-MM-DD"


def _check_year(value: str, year: str) -> str | None:
    if int(year) < MIN_YEAR:
        return f"{value!r} is before {MIN_YEAR}: check the year"
    return None


# -- characters ------------------------------------------------------------------------------

_ASTRAL_NONCHARACTERS = "".join(rf"\U{plane:04x}fffe\U{plane:04x}ffff" for plane in range(1, 17))


def _forbidden_class(allow_cr: bool, astral: str = _ASTRAL_NONCHARACTERS) -> str:
    c0 = r"\x00-\x08\x0b\x0c\x0e-\x1f" if allow_cr else r"\x00-\x08\x0b-\x1f"
    # C0 (but tab and newline), DEL and C1 controls; line/paragraph separators (YAML counts them
    # as line breaks); bidirectional embeddings, overrides and isolates; lone surrogates;
    # Unicode noncharacters (``astral``: those above U+FFFF).
    return "[" + c0 + r"\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff" + astral + "]"


class _CharFinder:
    """``search(text, pos=0)``: the first forbidden character, as ``pattern.search`` finds it,
    in a tenth of the time.

    ``re`` tests each character against the ranges above U+FFFF one by one (the 32
    noncharacters of planes 1 to 16), which made every search ten times slower than one with
    a single range there. So the search is done with the one range U+1FFFE to U+10FFFF, and a
    character found in it is kept only when it is a noncharacter (U+xFFFE, U+xFFFF)."""

    def __init__(self, allow_cr: bool):
        self.pattern = re.compile(_forbidden_class(allow_cr))
        self._screen = re.compile(_forbidden_class(allow_cr, r"\U0001fffe-\U0010ffff"))

    def search(self, text: str, pos: int = 0) -> re.Match | None:
        screen = self._screen.search
        while True:
            match = screen(text, pos)
            if match is None or match.group() <= "\uffff" or ord(match.group()) & 0xFFFE == 0xFFFE:
                return match
            pos = match.end()


FORBIDDEN_CHARS = _CharFinder(allow_cr=False)
"""Characters that are never allowed in the text of a category file's front matter."""
FORBIDDEN_BODY_CHARS = _CharFinder(allow_cr=True)
"""The same for the Markdown body, where carriage returns of CRLF line ends are fine."""
FORBIDDEN_CHAR_RE = FORBIDDEN_CHARS.pattern
FORBIDDEN_BODY_CHAR_RE = FORBIDDEN_BODY_CHARS.pattern

_CONTROL_NAMES = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x0B: "VERTICAL TAB",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
}


def describe_char(char: str) -> str:
    """'U+001B (ESCAPE, a control character)', for messages."""
    point = ord(char)
    code = f"U+{point:04X}"
    if point < 0x20 or 0x7F <= point <= 0x9F:
        name = _CONTROL_NAMES.get(point)
        return f"{code} ({name}, a control character)" if name else f"{code} (a control character)"
    if 0xD800 <= point <= 0xDFFF:
        return f"{code} (a lone surrogate: broken UTF-16)"
    if 0x202A <= point <= 0x202E or 0x2066 <= point <= 0x2069:
        return f"{code} ({unicodedata.name(char)}, a bidirectional control that changes how text is displayed)"
    if 0xFDD0 <= point <= 0xFDEF or point & 0xFFFE == 0xFFFE:
        return f"{code} (a Unicode noncharacter)"
    name = unicodedata.name(char, "")
    return f"{code} ({name})" if name else code


def check_text(value: str) -> str | None:
    """``None`` when ``value`` has no forbidden character (``FORBIDDEN_CHAR_RE``), else a message
    naming the first one. Tabs and newlines are fine (one-line fields collapse whitespace)."""
    match = FORBIDDEN_CHARS.search(value)
    if match is None:
        return None
    return f"contains {describe_char(match.group())} at character {match.start() + 1}: delete it"


# -- URLs ------------------------------------------------------------------------------------

# Characters that would change the Markdown or HTML a URL is written into.
_URL_BAD_RE = re.compile(r'["`<>\\\s\x00-\x1f\x7f-\x9f]')
_URL_CHAR_NAMES = {'"': "a double quote", "`": "a backtick", "<": "'<'", ">": "'>'", "\\": "a backslash", " ": "a space"}


# The common URL, which the checks below accept: lowercase http(s), a host of letters, digits,
# dots and hyphens (no port, no user), then printable ASCII but for the characters _URL_BAD_RE
# refuses. Tried first: most URLs need no more.
_PLAIN_URL_RE = re.compile(r"https?://[A-Za-z0-9.-]+(?:[/?#][!#-;=?-\[\]-_a-~]*)?")


def check_http_url(value: str) -> str | None:
    """``None`` for an absolute http(s) URL that can be written into a page as is, else what is wrong with it."""
    if _PLAIN_URL_RE.fullmatch(value):
        return None
    return _url_problem(value)


def _url_problem(value: str) -> str | None:
    if value != value.strip():
        return f"malformed URL {_short(value)}: it contains spaces"
    try:
        parts = urlsplit(value)
    except ValueError as exc:
        return f"malformed URL {_short(value)}: {exc}"
    if not parts.scheme:
        return f"malformed URL {_short(value)}: it must start with https:// or http://"
    if parts.scheme.lower() not in ("http", "https"):
        return f"URL scheme {_short(parts.scheme + ':')} is not allowed, only http and https"
    match = _URL_BAD_RE.search(value)
    if match is not None:
        char = match.group()
        what = _URL_CHAR_NAMES.get(char) or describe_char(char)
        if char in _URL_CHAR_NAMES:
            what += f" (U+{ord(char):04X})"
        return f"URL {_short(value)} contains {what} at character {match.start() + 1}: percent-encode it ({quote(char, safe='')})"
    text_problem = check_text(value)
    if text_problem:
        return f"URL {_short(value)} {text_problem}"
    if not parts.netloc or not parts.hostname:
        return f"malformed URL {_short(value)}: no host name"
    try:
        _ = parts.port  # raises for a bad port
    except ValueError:
        return f"malformed URL {_short(value)}: bad port"
    return None


_FORMATS = {
    "date": lambda v: check_date(v, allow_month=False),
    "date-or-month": lambda v: check_date(v, allow_month=True),
    "http-url": check_http_url,
}


_FORMAT_CODES = {"date": "invalid-date", "date-or-month": "invalid-date", "http-url": "invalid-url"}


class Validator:
    """Validates a value against a schema; yields ``(path, message)`` pairs."""

    def __init__(self, schema: dict | None = None):
        self.root = schema if schema is not None else category_schema()
        self._patterns: dict[str, re.Pattern] = {}

    def _resolve(self, schema: dict) -> dict:
        ref = schema.get("$ref")
        if ref is None:
            return schema
        if not ref.startswith("#/"):
            raise ValueError(f"only local $ref supported, got {ref!r}")
        node: Any = self.root
        for part in ref[2:].split("/"):
            node = node[part]
        return node

    def _pattern(self, pattern: str) -> re.Pattern:
        compiled = self._patterns.get(pattern)
        if compiled is None:
            compiled = self._patterns[pattern] = re.compile(pattern)
        return compiled

    def describe(self, schema: dict) -> str:
        """A short description of what a schema accepts, for 'expected ...' messages."""
        schema = self._resolve(schema)
        if "anyOf" in schema:
            return " or ".join(self.describe(s) for s in schema["anyOf"])
        if "enum" in schema:
            return "one of " + ", ".join(repr(v) for v in schema["enum"])
        kind = schema.get("type")
        if kind == "array" and "items" in schema and self._resolve(schema["items"]).get("type") != "object":
            inner = self.describe(schema["items"])
            return "a list of " + re.sub(r"^an? ", "", inner) + "s"
        if isinstance(kind, list):
            return " or ".join(_TYPE_NAMES[k] for k in kind)
        if kind == "string" and schema.get("format") == "http-url":
            return "an http(s) URL"
        return _TYPE_NAMES.get(kind, "a value")

    def _string_errors(self, value: str, schema: dict, path: Path) -> list[tuple[Path, str]]:
        """``pattern`` and ``format`` of a string schema."""
        found = []
        pattern = schema.get("pattern")
        if pattern is not None and not self._pattern(pattern).search(value):
            found.append((path, Coded(schema.get("errorMessage", f"must match {pattern!r}"), "invalid-text")))
        fmt = schema.get("format")
        if fmt is not None:
            problem = _FORMATS[fmt](value)
            if problem:
                found.append((path, Coded(problem, code_of(problem, _FORMAT_CODES[fmt]))))
        return found

    def _plain(self, schema: dict) -> dict | None:
        """``schema`` resolved when it checks a string by its ``pattern`` and ``format`` alone
        (no ``anyOf``, no ``enum``, type string or none), else None: a string is then checked
        without the generic walk, with the same result."""
        schema = self._resolve(schema)
        if "anyOf" in schema or "enum" in schema or schema.get("type", "string") != "string":
            return None
        return schema

    def errors(self, value: Any, schema: dict | None = None, path: Path = ()) -> Iterator[tuple[Path, str]]:
        schema = self._resolve(schema if schema is not None else self.root)

        if "anyOf" in schema:
            options = [self._resolve(s) for s in schema["anyOf"]]
            matching = [s for s in options if "type" not in s or _is_type(value, s["type"])]
            if not matching:
                yield path, Coded(f"expected {self.describe(schema)}, got {type_name(value)}", "wrong-type")
                return
            # The value has the type of an alternative: report that alternative's problems.
            yield from self.errors(value, matching[0], path)
            return

        if "enum" in schema and value not in schema["enum"]:
            yield path, Coded(f"{_short(value)} is not allowed; expected {self.describe(schema)}", "not-allowed")
            return

        kind = schema.get("type")
        if kind is not None:
            kinds = kind if isinstance(kind, list) else [kind]
            if not any(_is_type(value, k) for k in kinds):
                yield path, Coded(f"expected {self.describe(schema)}, got {type_name(value)}", "wrong-type")
                return

        if isinstance(value, str):
            yield from self._string_errors(value, schema, path)

        elif isinstance(value, list):
            if len(value) < schema.get("minItems", 0):
                yield path, Coded("must not be empty", "empty-list")
            items = schema.get("items")
            if items is not None:
                plain = self._plain(items)
                for i, item in enumerate(value):
                    if plain is not None and isinstance(item, str):  # authors, tags: without the generic walk
                        yield from self._string_errors(item, plain, path + (i,))
                    else:
                        yield from self.errors(item, items, path + (i,))

        elif isinstance(value, dict):
            properties = schema.get("properties", {})
            for name in schema.get("required", ()):
                if name not in value:
                    yield path + (name,), Coded("required field is missing", "missing-field")
            names = schema.get("propertyNames")
            plain_names = self._plain(names) if names is not None else None
            additional = schema.get("additionalProperties", True)
            plain_additional = self._plain(additional) if isinstance(additional, dict) else None
            for key, item in value.items():
                if names is not None:
                    found = (self._string_errors(key, plain_names, path + (key,)) if plain_names is not None and isinstance(key, str)
                             else self.errors(key, names, path + (key,)))
                    for _, message in found:
                        yield path + (key,), Coded(f"label {_short(key)}: {message}", "invalid-label")
                if key in properties:
                    sub = properties[key]
                    plain = self._plain(sub) if isinstance(item, str) else None
                    if plain is not None:  # the common case, without the generic walk
                        yield from self._string_errors(item, plain, path + (key,))
                    else:
                        yield from self.errors(item, sub, path + (key,))
                elif additional is False:
                    yield path + (key,), Coded(unknown_field_message(key, properties), "unknown-field")
                elif isinstance(additional, dict):
                    if plain_additional is not None and isinstance(item, str):  # link URLs
                        yield from self._string_errors(item, plain_additional, path + (key,))
                    else:
                        yield from self.errors(item, additional, path + (key,))


def unknown_field_message(key: Any, known: dict | list) -> str:
    """'unknown field' with a 'did you mean' hint when a known field is close."""
    names = sorted(known)
    guess = difflib.get_close_matches(str(key), names, n=1, cutoff=0.6)
    hint = f" (did you mean {guess[0]!r}?)" if guess else f"; known fields: {', '.join(names)}"
    return f"unknown field {_short(str(key))}{hint}"
