"""A list of page elements kept in step with a list of values by key, touching the DOM as
little as possible: a value that did not change keeps its element, and when the order of keys
is what it was (or only grew at the end), nothing is moved.

Every call into the DOM from Python crosses into JavaScript; on a floor of a thousand orders a
per-row check on each render is what makes a screen stall. So the common cases (nothing
moved, something appended) are decided in Python, on the keys alone.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

# Builds the element for a value; returns it and what to release when it goes (click proxies).
Build = Callable[[Any], tuple[Any, list]]


class KeyedList:
    def __init__(self, parent: Any, build: Build) -> None:
        self.parent = parent
        self.build = build
        self._rows: dict[Hashable, tuple[Any, Any, list]] = {}  # key -> (node, value, proxies)
        self._keys: list[Hashable] = []

    def update(self, items: Sequence[tuple[Hashable, Any]]) -> None:
        """Show ``items`` (key, value) in this order. A value equal to the one shown keeps its
        element; any other is rebuilt."""
        keys = [k for k, _ in items]
        wanted = set(keys)
        for key in [k for k in self._rows if k not in wanted]:
            node, _, proxies = self._rows.pop(key)
            node.remove()
            _release(proxies)
        for key, value in items:
            row = self._rows.get(key)
            if row is None:
                node, proxies = self.build(value)
                self._rows[key] = (node, value, proxies)
            elif row[1] is not value and row[1] != value:
                node, proxies = self.build(value)
                row[0].replaceWith(node)
                _release(row[2])
                self._rows[key] = (node, value, proxies)
            elif row[1] is not value:
                self._rows[key] = (row[0], value, row[2])
        kept = [k for k in self._keys if k in wanted]
        if keys != kept or len(keys) != len(self._keys):
            self._place(keys, kept)
        self._keys = keys

    def _place(self, keys: list[Hashable], kept: list[Hashable]) -> None:
        if keys[: len(kept)] == kept:  # the old ones stay in order: only append the new
            for key in keys[len(kept) :]:
                self.parent.appendChild(self._rows[key][0])
            return
        previous = None
        for key in keys:
            node = self._rows[key][0]
            expected = previous.nextSibling if previous is not None else self.parent.firstChild
            if not expected or not expected.isSameNode(node):  # JS null arrives as falsy JsNull
                self.parent.insertBefore(node, expected)
            previous = node

    def node(self, key: Hashable) -> Any:
        return self._rows[key][0]

    def clear(self) -> None:
        self.update([])


def _release(proxies: list) -> None:
    for proxy in proxies:
        proxy.destroy()
