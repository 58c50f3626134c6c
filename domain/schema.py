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
from typing import Any, Union

from .errors import DomainError


@dataclass(frozen=True)
class Str:
    max_len: int
    min_len: int = 0
    pattern: str | None = None
    choices: tuple[str, ...] | None = None
    description: str = ""


@dataclass(frozen=True)
class Int:
    minimum: int
    maximum: int
    description: str = ""


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


Spec = Union[Str, Int, Bool, Anything, List, Obj]  # noqa: UP007 - a runtime alias, py3.11-safe


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
    kept = []
    for char in value:
        category = unicodedata.category(char)
        if category == "Cs":  # a lone surrogate: not a character at all
            continue
        if category == "Cc" and char not in KEPT_CONTROLS:
            continue
        if category == "Cf" and char not in KEPT_FORMAT and not _is_tag(char):
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


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
        value = clean_text(value)
        if len(value) > spec.max_len:
            raise _fail("too_long", f"{where} is longer than {spec.max_len} characters", path)
        if len(value) < spec.min_len:
            raise _fail("too_short", f"{where} needs at least {spec.min_len} characters", path)
        if spec.choices is not None and value not in spec.choices:
            allowed = ", ".join(spec.choices)
            raise _fail("invalid_value", f"{where} must be one of: {allowed}", path)
        if spec.pattern is not None and not re.fullmatch(spec.pattern, value):
            raise _fail("invalid_value", f"{where} has characters that are not allowed", path)
        return value
    if isinstance(spec, Bool):
        if not isinstance(value, bool):
            raise _fail("wrong_type", f"{where} must be true or false", path)
        return value
    if isinstance(spec, Int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail("wrong_type", f"{where} must be a whole number", path)
        if not spec.minimum <= value <= spec.maximum:
            raise _fail(
                "out_of_range", f"{where} must be between {spec.minimum} and {spec.maximum}", path
            )
        return value
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
        return out
    raise TypeError(f"not a spec: {spec!r}")


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
        if spec.choices is not None:
            out["enum"] = list(spec.choices)
    elif isinstance(spec, Bool):
        out = {"type": "boolean"}
    elif isinstance(spec, Int):
        out = {"type": "integer", "minimum": spec.minimum, "maximum": spec.maximum}
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
    else:
        raise TypeError(f"not a spec: {spec!r}")
    if spec.description:
        out["description"] = spec.description
    return out
