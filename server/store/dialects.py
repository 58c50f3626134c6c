"""What differs between SQLite and PostgreSQL in the SQL Passline writes, in one place.

The queries are written once, in the subset both engines share, with ``?`` placeholders. The few
things that cannot be shared (reading a field of a JSON document, the placeholder style, column
types in the schema) are asked of the connection's ``dialect``. Pure: tested without a server.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache


def json_path(path: str) -> list[str]:
    """``$.history[#-1].what`` as its steps: ``['history', '-1', 'what']``."""
    if not path.startswith("$"):
        raise ValueError(f"a JSON path starts with $: {path!r}")
    steps = []
    for name, index in re.findall(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[#?(-?\d+)\]", path[1:]):
        steps.append(name or index)
    return steps


@dataclass(frozen=True)
class Dialect:
    name: str

    def json_value(self, column: str, path: str) -> str:
        """SQL for the value at ``path`` in the JSON text ``column``: a number, string or null
        as itself; a list or object as ``decode`` turns it back into Python."""
        if self.name == "sqlite":
            return f"json_extract({column}, '{path}')"
        return f"({column}::jsonb #> '{{{','.join(json_path(path))}}}')"

    def json_text(self, column: str, path: str) -> str:
        """SQL for the string at ``path``, to compare with a parameter."""
        if self.name == "sqlite":
            return f"json_extract({column}, '{path}')"
        return f"({column}::jsonb #>> '{{{','.join(json_path(path))}}}')"

    def decode(self, value: object) -> object:
        """A list or object read by ``json_value``, as Python. SQLite hands back its JSON text;
        psycopg has decoded ``jsonb`` already."""
        return json.loads(value) if self.name == "sqlite" and isinstance(value, str) else value


SQLITE = Dialect("sqlite")
POSTGRESQL = Dialect("postgresql")


@lru_cache(maxsize=2048)
def to_pyformat(sql: str) -> str:
    """A ``?``-placeholder statement in psycopg's style: ``%s``, and any literal ``%`` doubled.
    A ``?`` inside a quoted literal stays itself."""
    out = []
    quote = ""
    for ch in sql:
        if ch == "%":
            out.append("%%")
        elif quote:
            out.append(ch)
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        else:
            out.append(ch)
    return "".join(out)
