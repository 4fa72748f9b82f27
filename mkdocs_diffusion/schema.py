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
from functools import lru_cache
from importlib import resources
from typing import Any, Iterator
from urllib.parse import urlsplit

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


@lru_cache(maxsize=None)
def category_schema() -> dict:
    """The JSON Schema of a category file's front matter."""
    text = resources.files("mkdocs_diffusion").joinpath("schema/category.schema.json").read_text("utf-8")
    return json.loads(text)


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


_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def check_date(value: str, allow_month: bool) -> str | None:
    """``None`` when ``value`` is a real date (or month), else what is wrong with it."""
    m = _DATE_RE.match(value)
    if m:
        try:
            _dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError as exc:
            return f"{value!r} is not a real date ({exc})"
        return None
    if allow_month:
        m = _MONTH_RE.match(value)
        if m:
            if 1 <= int(m[2]) <= 12:
                return None
            return f"{value!r} is not a real month"
        return f"{value!r} is not a date: write YYYY-MM-DD or YYYY-MM"
    return f"{value!r} is not a date: write YYYY-MM-DD"


def check_http_url(value: str) -> str | None:
    """``None`` for an absolute http(s) URL, else what is wrong with it."""
    if value != value.strip() or any(c.isspace() for c in value):
        return f"malformed URL {value!r}: it contains spaces"
    try:
        parts = urlsplit(value)
    except ValueError as exc:
        return f"malformed URL {value!r}: {exc}"
    if not parts.scheme:
        return f"malformed URL {value!r}: it must start with https:// or http://"
    if parts.scheme.lower() not in ("http", "https"):
        return f"URL scheme {parts.scheme + ':'!r} is not allowed, only http and https"
    if not parts.netloc or not parts.hostname:
        return f"malformed URL {value!r}: no host name"
    try:
        parts.port
    except ValueError:
        return f"malformed URL {value!r}: bad port"
    return None


_FORMATS = {
    "date": lambda v: check_date(v, allow_month=False),
    "date-or-month": lambda v: check_date(v, allow_month=True),
    "http-url": check_http_url,
}


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

    def errors(self, value: Any, schema: dict | None = None, path: Path = ()) -> Iterator[tuple[Path, str]]:
        schema = self._resolve(schema if schema is not None else self.root)

        if "anyOf" in schema:
            options = [self._resolve(s) for s in schema["anyOf"]]
            matching = [s for s in options if "type" not in s or _is_type(value, s["type"])]
            if not matching:
                yield path, f"expected {self.describe(schema)}, got {type_name(value)}"
                return
            # The value has the type of an alternative: report that alternative's problems.
            yield from self.errors(value, matching[0], path)
            return

        if "enum" in schema and value not in schema["enum"]:
            yield path, f"{value!r} is not allowed; expected {self.describe(schema)}"
            return

        kind = schema.get("type")
        if kind is not None:
            kinds = kind if isinstance(kind, list) else [kind]
            if not any(_is_type(value, k) for k in kinds):
                yield path, f"expected {self.describe(schema)}, got {type_name(value)}"
                return

        if isinstance(value, str):
            pattern = schema.get("pattern")
            if pattern is not None and not self._pattern(pattern).search(value):
                yield path, schema.get("errorMessage", f"must match {pattern!r}")
            fmt = schema.get("format")
            if fmt is not None:
                problem = _FORMATS[fmt](value)
                if problem:
                    yield path, problem

        elif isinstance(value, list):
            if len(value) < schema.get("minItems", 0):
                yield path, "must not be empty"
            items = schema.get("items")
            if items is not None:
                for i, item in enumerate(value):
                    yield from self.errors(item, items, path + (i,))

        elif isinstance(value, dict):
            properties = schema.get("properties", {})
            for name in schema.get("required", ()):
                if name not in value:
                    yield path + (name,), "required field is missing"
            names = schema.get("propertyNames")
            additional = schema.get("additionalProperties", True)
            for key, item in value.items():
                if names is not None:
                    for _, message in self.errors(key, names, path + (key,)):
                        yield path + (key,), f"label {key!r}: {message}"
                if key in properties:
                    yield from self.errors(item, properties[key], path + (key,))
                elif additional is False:
                    yield path + (key,), unknown_field_message(key, properties)
                elif isinstance(additional, dict):
                    yield from self.errors(item, additional, path + (key,))


def unknown_field_message(key: Any, known: dict | list) -> str:
    """'unknown field' with a 'did you mean' hint when a known field is close."""
    names = sorted(known)
    guess = difflib.get_close_matches(str(key), names, n=1, cutoff=0.6)
    hint = f" (did you mean {guess[0]!r}?)" if guess else f"; known fields: {', '.join(names)}"
    return f"unknown field {str(key)!r}{hint}"
