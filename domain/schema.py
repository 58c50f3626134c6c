"""Declarative payload specs: one definition validates input and documents it as JSON Schema.

The REST API, the live socket and the OpenAPI document all read the same specs, so a limit
changed here is enforced and documented everywhere at once. Standard library only: this module
also runs in the browser.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any, Union

from .errors import DomainError


@dataclass(frozen=True)
class Str:
    max_len: int
    min_len: int = 0
    pattern: str | None = None
    choices: tuple[str, ...] | None = None
    description: str = ""
    format: str | None = None  # "date": a real calendar date, YYYY-MM-DD


@dataclass(frozen=True)
class Int:
    minimum: int
    maximum: int
    description: str = ""
    choices: tuple[int, ...] | None = None


@dataclass(frozen=True)
class Bool:
    description: str = ""


@dataclass(frozen=True)
class Anything:
    """Any JSON value; its size is bounded by the body or frame limit, not here."""

    description: str = ""


@dataclass(frozen=True)
class List:
    item: Spec
    max_items: int
    min_items: int = 0
    description: str = ""


@dataclass(frozen=True)
class Field:
    spec: Spec
    required: bool = True
    nullable: bool = False
    default: Any = None


@dataclass(frozen=True)
class Obj:
    """An object; unknown keys are dropped so that newer clients still reach older servers."""

    fields: Mapping[str, Field] = field(default_factory=dict)
    description: str = ""
    open: bool = False  # keep unknown keys as they are (free-form data)
    # At least one of these optional fields must be given, not null nor an empty list (a drawer
    # is counted by its total or by its denominations).
    one_of_these: tuple[str, ...] = ()


@dataclass(frozen=True)
class OneOf:
    """An object whose ``tag`` field says which of ``variants`` it is (an approval's ``op``
    says which change it carries): validated, and documented, as that variant exactly."""

    tag: str
    variants: Mapping[str, Obj]
    description: str = ""


Spec = Union[Str, Int, Bool, Anything, List, Obj, OneOf]  # noqa: UP007 - a runtime alias


def _fail(code: str, message: str, path: str) -> DomainError:
    return DomainError(code, message, field=path or None)


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


# Kept although they are format characters: emoji sequences (family, flags with tags) and
# scripts that need joiners. Everything else invisible goes: bidi overrides and isolates (they
# make a ticket read backwards), zero-width spaces, soft hyphens, BOMs.
KEPT_FORMAT = frozenset("\u200c\u200d")
KEPT_CONTROLS = frozenset("\n\t")


def clean_text(value: str) -> str:
    """``value`` as it may be stored and shown: lone surrogates, control and invisible format
    characters removed (newline and tab stay), then NFC, so the same words are the same text.
    Turkish letters and emoji come through unchanged."""
    if value.isascii() and value.isprintable():
        return value  # nearly every id, name and note: nothing to do
    kept = "".join(char for char in value if not _dropped(char))
    return unicodedata.normalize("NFC", kept)


def _dropped(char: str) -> bool:
    category = unicodedata.category(char)
    if category == "Cs":  # a lone surrogate: not a character at all
        return True
    if category == "Cc":
        return char not in KEPT_CONTROLS
    return category == "Cf" and char not in KEPT_FORMAT and not _is_tag(char)


def _is_tag(char: str) -> bool:
    """Tag characters spell subdivision flags (🏴 + tags for Scotland); harmless in a flag."""
    return 0xE0020 <= ord(char) <= 0xE007F


def validate(spec: Spec, value: Any, path: str = "") -> Any:
    """Return ``value`` checked against ``spec`` with defaults filled in, or raise DomainError."""
    where = path or "body"
    if isinstance(spec, Anything):
        return value
    if isinstance(spec, Str):
        if not isinstance(value, str):
            raise _fail("wrong_type", f"{where} must be a string", path)
        raw, value = value, clean_text(value)
        if len(value) > spec.max_len:
            raise _fail("too_long", f"{where} is longer than {spec.max_len} characters", path)
        if len(value) < spec.min_len or (spec.min_len and not value.strip()):
            raise _fail("too_short", f"{where} needs at least {spec.min_len} characters", path)
        if spec.choices is not None and value not in spec.choices:
            allowed = ", ".join(spec.choices)
            raise _fail("invalid_value", f"{where} must be one of: {allowed}", path)
        # A pattern says what may be sent: checked on the text as it came, before cleaning.
        if spec.pattern is not None and not re.fullmatch(spec.pattern, raw):
            raise _fail("invalid_value", f"{where} has characters that are not allowed", path)
        if spec.format == "date" and not _is_date(value):
            raise _fail("invalid_value", f"{where} is not a date (YYYY-MM-DD)", path)
        return value
    if isinstance(spec, Bool):
        if not isinstance(value, bool):
            raise _fail("wrong_type", f"{where} must be true or false", path)
        return value
    if isinstance(spec, Int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # JSON has one kind of number: 30.0 is the whole number 30
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail("wrong_type", f"{where} must be a whole number", path)
        if not spec.minimum <= value <= spec.maximum:
            raise _fail(
                "out_of_range", f"{where} must be between {spec.minimum} and {spec.maximum}", path
            )
        if spec.choices is not None and value not in spec.choices:
            allowed = ", ".join(str(c) for c in spec.choices)
            raise _fail("invalid_value", f"{where} must be one of: {allowed}", path)
        return value
    if isinstance(spec, OneOf):
        if not isinstance(value, dict):
            raise _fail("wrong_type", f"{where} must be an object", path)
        kind = value.get(spec.tag)
        sub = _join(path, spec.tag)
        if kind is None:
            raise _fail("missing_field", f"{sub} is required", sub)
        if not isinstance(kind, str) or kind not in spec.variants:
            allowed = ", ".join(spec.variants)
            raise _fail("invalid_value", f"{sub} must be one of: {allowed}", sub)
        return validate(spec.variants[kind], value, path)
    if isinstance(spec, List):
        if not isinstance(value, list):
            raise _fail("wrong_type", f"{where} must be a list", path)
        if len(value) > spec.max_items:
            raise _fail("too_many", f"{where} holds more than {spec.max_items} entries", path)
        if len(value) < spec.min_items:
            raise _fail("too_few", f"{where} needs at least {spec.min_items} entries", path)
        return [validate(spec.item, v, _join(path, i)) for i, v in enumerate(value)]
    if isinstance(spec, Obj):
        if not isinstance(value, dict):
            raise _fail("wrong_type", f"{where} must be an object", path)
        out = dict(value) if spec.open else {}
        for name, f in spec.fields.items():
            sub = _join(path, name)
            if name not in value:
                if f.required:
                    raise _fail("missing_field", f"{sub} is required", sub)
                out[name] = f.default() if callable(f.default) else f.default
                continue
            item = value[name]
            if item is None:
                if not f.nullable:
                    raise _fail("wrong_type", f"{sub} may not be null", sub)
                out[name] = None
                continue
            out[name] = validate(f.spec, item, sub)
        if spec.one_of_these and all(out.get(name) in (None, []) for name in spec.one_of_these):
            first = _join(path, spec.one_of_these[0])
            raise _fail("missing_field", f"give {' or '.join(spec.one_of_these)}", first)
        return out
    raise TypeError(f"not a spec: {spec!r}")


@cache
def kept_char() -> str:
    """A JSON Schema pattern (unanchored): at least one character ``clean_text`` keeps that is
    not a space. What a required text must hold, said in its document: controls and invisible
    format characters are dropped, so a text of only those (or of spaces) is empty. Made once,
    from the same Unicode database ``clean_text`` reads."""
    dropped: list[tuple[int, int]] = []
    # The Basic Multilingual Plane without surrogates: the escapes every JSON Schema regex
    # dialect reads (ECMA's, Python's, Rust's); the few astral format characters are left out.
    for code in (*range(0xD800), *range(0xE000, 0x10000)):
        if _dropped(chr(code)):
            if dropped and dropped[-1][1] == code - 1:
                dropped[-1] = (dropped[-1][0], code)
            else:
                dropped.append((code, code))

    def escaped(code: int) -> str:
        return f"\\u{code:04x}"

    ranges = "".join(escaped(a) if a == b else f"{escaped(a)}-{escaped(b)}" for a, b in dropped)
    return f"[^\\s{ranges}]"  # and not a space: a required text of spaces is empty too


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _tagged(tag: str, kind: str, variant: Obj) -> dict:
    out = json_schema(variant)
    out["properties"] = {**out["properties"], tag: {"const": kind}}
    return out


def json_schema(spec: Spec) -> dict:
    """The JSON Schema (OpenAPI 3.1 dialect) that ``validate`` enforces for ``spec``."""
    out: dict[str, Any]
    if isinstance(spec, Anything):
        out = {}
    elif isinstance(spec, Str):
        out = {"type": "string", "maxLength": spec.max_len}
        if spec.min_len:
            out["minLength"] = spec.min_len
        if spec.pattern:
            out["pattern"] = f"^(?:{spec.pattern})$"
        elif spec.min_len and spec.choices is None:
            out["pattern"] = kept_char()  # unanchored: some character that is kept
        if spec.choices is not None:
            out["enum"] = list(spec.choices)
        if spec.format:
            out["format"] = spec.format
    elif isinstance(spec, Bool):
        out = {"type": "boolean"}
    elif isinstance(spec, Int):
        out = {"type": "integer", "minimum": spec.minimum, "maximum": spec.maximum}
        if spec.choices is not None:
            out["enum"] = list(spec.choices)
    elif isinstance(spec, OneOf):
        out = {"oneOf": [_tagged(spec.tag, kind, variant)
                         for kind, variant in spec.variants.items()]}  # fmt: skip
    elif isinstance(spec, List):
        out = {"type": "array", "items": json_schema(spec.item), "maxItems": spec.max_items}
        if spec.min_items:
            out["minItems"] = spec.min_items
    elif isinstance(spec, Obj):
        props = {}
        for name, f in spec.fields.items():
            sub = json_schema(f.spec)
            if f.nullable:
                sub = {"anyOf": [sub, {"type": "null"}]}
            if not f.required and f.default is not None and not callable(f.default):
                sub["default"] = f.default
            props[name] = sub
        out = {"type": "object", "properties": props}
        required = [n for n, f in spec.fields.items() if f.required]
        if required:
            out["required"] = required
        if spec.one_of_these:  # given: not null, and a list not empty
            out["anyOf"] = [
                {"required": [name], "properties": {name: (
                    {"type": "array", "minItems": 1} if isinstance(spec.fields[name].spec, List)
                    else {"not": {"type": "null"}})}}
                for name in spec.one_of_these
            ]  # fmt: skip
    else:
        raise TypeError(f"not a spec: {spec!r}")
    if spec.description:
        out["description"] = spec.description
    return out
