"""The page's elements as Python in a worker sees them: what is done to an element is recorded
and sent to the page in one batch per turn of the event loop, and the page's hands
(``pwa/remote-dom.js``) carry it out.

Why: with Python off the main thread, PyScript lets the worker reach each page object through a
synchronous proxy, and each such call costs a round trip (measured: ~2.6 ms per element
operation, 13 s to draw 1,000 small elements; the same drawn from one batch: 40 ms). So the
views keep their DOM-shaped code (``el()``, ``appendChild``, ``textContent = …``), and what they
build here is a mirror: each element knows its tag, its children, the attributes and properties
it was given, so reading back what Python wrote costs nothing. What only the page knows (what a
person typed, whether a ``<details>`` is open, a size) is read from it synchronously, after the
batch so far has been applied, so a read always sees every write before it.

Taps come back as ``dispatch(listener, event)`` calls. A listener in a worker runs after the
page's event has finished, so it cannot cancel it: what is cancelled is said when the listener
is added (``prevent``): a form's submit always, and keys by name.

Pure: no browser import. The channel to the page is passed in, so this runs under CPython.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, Protocol

from browser.remote_element import DOCUMENT, Document, Element

ROOT, BODY = 2, 3  # with DOCUMENT, the ids the page's hands know from the start
FIRST_ID = 16
__all__ = ["BODY", "DOCUMENT", "ROOT", "Channel", "Dom", "Element", "Event"]


class Channel(Protocol):
    def apply(self, ops: list[list]) -> None:
        """Carry out ``ops`` on the page, in order, before returning."""

    def read(self, ref: int, what: str, arg: Any) -> Any:
        """What the page says of element ``ref`` (``what``: a property, or a query)."""

    def later(self, flush: Callable[[], None]) -> None:
        """Call ``flush`` once this turn of the event loop is over."""


class Dom:
    """One page's elements: the ops waiting to be sent, the mirror, the listeners."""

    def __init__(self, channel: Channel) -> None:
        self.channel = channel
        self._ops: list[list] = []
        self._next = FIRST_ID
        self._nodes: weakref.WeakValueDictionary[int, Element] = weakref.WeakValueDictionary()
        self._listeners: dict[int, Callable[[Any], object]] = {}
        self._adopted: dict[int, Element] = {}  # the page's own elements: kept while it lives
        self.document = Document(self)
        self.documentElement = self.adopt(ROOT, "html")
        self.body = self.adopt(BODY, "body")

    # -- the batch ------------------------------------------------------------------------------

    def op(self, *op: Any) -> None:
        if not self._ops:
            self.channel.later(self.flush)
        self._ops.append(list(op))

    def flush(self) -> None:
        if self._ops:
            ops, self._ops = self._ops, []
            self.channel.apply(ops)

    def read(self, ref: int, what: str, arg: Any = None) -> Any:
        self.flush()
        return self.channel.read(ref, what, arg)

    # -- elements -------------------------------------------------------------------------------

    def new_id(self) -> int:
        self._next += 1
        return self._next

    def create(self, tag: str, ns: str = "") -> Element:
        node = Element(self, self.new_id(), tag.lower(), known=True)
        self.op("new", node.ref, tag, ns)
        weakref.finalize(node, self.op, "free", node.ref)
        return node

    def text(self, content: str) -> Element:
        node = Element(self, self.new_id(), "#text", known=True)
        object.__setattr__(node, "_text", content)
        self.op("text", node.ref, content)
        weakref.finalize(node, self.op, "free", node.ref)
        return node

    def adopt(self, ref: int | None, tag: str = "") -> Element | None:
        """The element the page calls ``ref`` (one of its own, or one a query found)."""
        if ref is None:
            return None
        found = self._nodes.get(ref)
        if found is None:
            found = self._adopted[ref] = Element(self, ref, tag, known=False)
        return found

    def found(self, answer: Any) -> Any:
        """A query's answer: [ref, tag] pairs (or one pair, or None) as elements."""
        if answer is None:
            return None
        if answer and isinstance(answer[0], list):
            return [self.adopt(ref, tag) for ref, tag in answer]
        if not answer:
            return []
        return self.adopt(answer[0], answer[1])

    # -- listeners ------------------------------------------------------------------------------

    def listen(
        self, target: Element, kind: str, handler: Any, prevent: Any, capture: bool = False
    ) -> None:
        action = getattr(handler, "unwrap", None)
        hid = self.new_id()
        self._listeners[hid] = action() if callable(action) else handler
        target._on.append((kind, handler, hid))
        self.op("on", target.ref, kind, hid, prevent, capture)

    def unlisten(self, target: Element, kind: str, handler: Any) -> None:
        for entry in target._on:
            if entry[0] == kind and entry[1] is handler:
                target._on.remove(entry)
                self._listeners.pop(entry[2], None)
                self.op("off", entry[2])
                return

    def dispatch(self, hid: int, info: dict) -> None:
        """A listener's event, as the page's hands describe it."""
        handler = self._listeners.get(hid)
        if handler is not None:
            try:
                handler(Event(self, info))
            finally:
                self.flush()  # what the tap drew shows now, not a turn later


class Event:
    """What a listener is handed: the event's facts, its target as an element."""

    def __init__(self, dom: Dom, info: dict) -> None:
        self._info = info
        self.type = str(info.get("type", ""))
        self.key = info.get("key")
        self.target = dom.adopt(info.get("target"), str(info.get("tag", "")))
        self.currentTarget = dom.adopt(info.get("current"), "")
        self.detail = info.get("detail")

    def __getattr__(self, name: str) -> Any:
        return self._info.get(name)  # ctrlKey, repeat, clientX …: what the page sent, or None

    def preventDefault(self) -> None:
        """Already done by the page when the listener was added to prevent it (see above)."""

    def stopPropagation(self) -> None:
        pass
