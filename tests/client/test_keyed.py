"""KeyedList's bookkeeping, over a minimal element tree (the browser tests drive the real DOM).
What is checked here is what the page would hold, and how many DOM moves it took."""

from __future__ import annotations

import random

import pytest

from ui.keyed import KeyedList


class Node:  # named as in the DOM, which KeyedList talks to
    def __init__(self, text: str, parent: Parent | None = None) -> None:
        self.text, self.parent = text, parent

    def isSameNode(self, other: Node) -> bool:
        return self is other

    @property
    def nextSibling(self) -> Node | None:
        kids = self.parent.children
        i = kids.index(self) + 1
        return kids[i] if i < len(kids) else None

    def remove(self) -> None:
        self.parent.children.remove(self)
        self.parent = None

    def replaceWith(self, other: Node) -> None:
        kids = self.parent.children
        kids[kids.index(self)] = other
        other.parent, self.parent = self.parent, None


class Parent:
    def __init__(self) -> None:
        self.children: list[Node] = []
        self.moves = 0

    @property
    def firstChild(self) -> Node | None:
        return self.children[0] if self.children else None

    def appendChild(self, node: Node) -> None:
        self.insertBefore(node, None)

    def insertBefore(self, node: Node, before: Node | None) -> None:
        self.moves += 1
        if node.parent is not None:
            node.parent.children.remove(node)
        node.parent = self
        at = self.children.index(before) if before is not None else len(self.children)
        self.children.insert(at, node)


class Proxy:
    def __init__(self) -> None:
        self.destroyed = False

    def destroy(self) -> None:
        self.destroyed = True


@pytest.fixture
def page():
    parent = Parent()
    built: list[tuple[str, Proxy]] = []

    def build(value: str):
        proxy = Proxy()
        built.append((value, proxy))
        return Node(value), [proxy]

    return parent, KeyedList(parent, build), built


def shown(parent: Parent) -> list[str]:
    return [n.text for n in parent.children]


def test_unchanged_values_keep_their_elements_and_nothing_moves(page):
    parent, rows, built = page
    rows.update([("a", "A"), ("b", "B")])
    assert shown(parent) == ["A", "B"]
    parent.moves, built[:] = 0, []
    rows.update([("a", "A"), ("b", "B2"), ("c", "C")])
    assert shown(parent) == ["A", "B2", "C"]
    assert [v for v, _ in built] == ["B2", "C"] and parent.moves == 1  # C appended, B replaced


def test_removed_rows_release_their_proxies(page):
    parent, rows, built = page
    rows.update([("a", "A"), ("b", "B")])
    b_proxy = built[1][1]
    rows.update([("a", "A")])
    assert shown(parent) == ["A"] and b_proxy.destroyed


@pytest.mark.parametrize("seed", range(30))
def test_any_sequence_of_updates_shows_exactly_the_items_in_order(page, seed):
    parent, rows, _ = page
    rng = random.Random(seed)
    for _ in range(20):
        keys = rng.sample("abcdefghij", rng.randint(0, 10))
        items = [(k, f"{k}{rng.randint(0, 2)}") for k in keys]
        rows.update(items)
        assert shown(parent) == [v for _, v in items]
