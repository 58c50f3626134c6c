"""The page's elements as the worker mirrors them (``browser.remote_dom`` holds the batch
and the listeners): each knows its tag, its children, the attributes and properties Python gave
it, and records every change as an op for the page's hands. Pure: no browser import."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from browser.remote_dom import Dom

DOCUMENT = 1  # the id the page's hands know the document by
# Properties that are their attribute (the mirror keeps the attribute), and properties only
# Python sets (kept as set). Everything else is read from the page (``value``, ``checked``,
# ``open``, ``files``, sizes): a person or the browser changes it.
REFLECTED = {"className": "class", "id": "id", "title": "title", "htmlFor": "for",
             "type": "type", "name": "name", "alt": "alt", "placeholder": "placeholder",
             "lang": "lang", "min": "min", "max": "max", "step": "step", "download": "download",
             "autocomplete": "autocomplete", "inputMode": "inputmode"}  # fmt: skip
FLAGS = {"hidden": "hidden", "disabled": "disabled", "inert": "inert", "required": "required",
         "readOnly": "readonly", "multiple": "multiple"}  # fmt: skip
MIRRORED = frozenset({"href", "src", "tabIndex", "draggable", "colSpan", "rowSpan"})
CALLS = frozenset({"focus", "blur", "click", "select", "scrollIntoView", "showModal", "show",
                   "close", "requestSubmit", "reset", "setSelectionRange"})  # fmt: skip


def _plain(value: Any) -> Any:
    """Options given the browser's way (``to_js`` of a dict) or as a dict: a dict either way."""
    to_py = getattr(value, "to_py", None)
    return to_py() if callable(to_py) else value


class ClassList:
    def __init__(self, node: Element) -> None:
        self._node = node

    def _names(self) -> list[str]:
        return str(self._node.className or "").split()

    def _set(self, names: list[str]) -> None:
        self._node.className = " ".join(names)

    def add(self, *names: str) -> None:
        self._set(self._names() + [n for n in names if n not in self._names()])

    def remove(self, *names: str) -> None:
        self._set([n for n in self._names() if n not in names])

    def contains(self, name: str) -> bool:
        return name in self._names()

    def toggle(self, name: str, force: bool | None = None) -> bool:
        on = (name not in self._names()) if force is None else bool(force)
        (self.add if on else self.remove)(name)
        return on


class Style:
    def __init__(self, node: Element) -> None:
        object.__setattr__(self, "_node", node)

    def __setattr__(self, name: str, value: Any) -> None:
        self._node._dom.op("style", self._node.ref, name, value)

    def setProperty(self, name: str, value: str) -> None:
        self._node._dom.op("style", self._node.ref, name, value)

    def removeProperty(self, name: str) -> None:
        self._node._dom.op("style", self._node.ref, name, "")


class Element:
    """A page element as the worker knows it. ``known``: created here, so its children and
    text are all in the mirror; otherwise (the page's own, or found by a query) they are read."""

    def __init__(self, dom: Dom, ref: int, tag: str, *, known: bool) -> None:
        set_ = object.__setattr__
        set_(self, "_dom", dom)
        set_(self, "ref", ref)
        set_(self, "tagName", tag.upper())
        set_(self, "_known", known)
        set_(self, "_kids", [])
        set_(self, "_parent", None)
        set_(self, "_attrs", {})
        set_(self, "_props", {})
        set_(self, "_text", "")
        set_(self, "_on", [])
        if ref:  # 0: a text the page holds that Python never addresses (see ``_place``)
            dom._nodes[ref] = self

    # -- properties -----------------------------------------------------------------------------

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "textContent":
            self._drop_kids()
            object.__setattr__(self, "_text", "" if value is None else str(value))
        elif name in REFLECTED:
            self._attrs[REFLECTED[name]] = str(value)
        elif name in FLAGS:
            if value:
                self._attrs[FLAGS[name]] = ""
            else:
                self._attrs.pop(FLAGS[name], None)
        else:
            self._props[name] = value
        self._dom.op("set", self.ref, name, value)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name in CALLS:
            return lambda *args: self._dom.op("call", self.ref, name, [_plain(a) for a in args])
        if self._known and name in REFLECTED:
            return self._attrs.get(REFLECTED[name], "")
        if self._known and name in FLAGS:
            return FLAGS[name] in self._attrs
        if self._known and name in MIRRORED:
            return self._props.get(name, "")
        answer = self._dom.read(self.ref, "prop", name)
        if isinstance(answer, dict) and answer.get("function"):
            return lambda *args: self._dom.read(self.ref, "call", [name, [_plain(a) for a in args]])
        return answer

    @property
    def textContent(self) -> str:
        if self.tagName == "#TEXT" or (self._known and not self._kids):
            return self._text
        if self._known:
            return "".join(kid.textContent for kid in self._kids)
        return str(self._dom.read(self.ref, "prop", "textContent") or "")

    @property
    def classList(self) -> ClassList:
        return ClassList(self)

    @property
    def style(self) -> Style:
        return Style(self)

    # -- attributes -----------------------------------------------------------------------------

    def setAttribute(self, name: str, value: Any) -> None:
        self._attrs[name] = str(value)
        self._dom.op("attr", self.ref, name, str(value))

    def removeAttribute(self, name: str) -> None:
        self._attrs.pop(name, None)
        self._dom.op("unattr", self.ref, name)

    def toggleAttribute(self, name: str, force: bool | None = None) -> bool:
        on = (not self.hasAttribute(name)) if force is None else bool(force)
        self.setAttribute(name, "") if on else self.removeAttribute(name)
        return on

    def getAttribute(self, name: str) -> str | None:
        if name in self._attrs:
            return self._attrs[name]
        if self._known:
            return None
        return self._dom.read(self.ref, "attr", name)

    def hasAttribute(self, name: str) -> bool:
        return self.getAttribute(name) is not None

    # -- the tree -------------------------------------------------------------------------------

    def _drop_kids(self) -> None:
        for kid in self._kids:
            object.__setattr__(kid, "_parent", None)
        self._kids.clear()

    def _detach(self) -> None:
        parent = self._parent
        if parent is not None:
            parent._kids.remove(self)
            object.__setattr__(self, "_parent", None)

    def _place(self, child: Element | str, before: Element | None) -> Element:
        node = self._dom.text(child) if isinstance(child, str) else child
        node._detach()
        if self._known and not self._kids and self._text:  # what textContent put there stays
            self._kids.append(Element(self._dom, 0, "#text", known=True))
            object.__setattr__(self._kids[0], "_text", self._text)
            object.__setattr__(self._kids[0], "_parent", self)
            object.__setattr__(self, "_text", "")
        at = self._kids.index(before) if before is not None and before in self._kids else None
        self._kids.insert(len(self._kids) if at is None else at, node)
        object.__setattr__(node, "_parent", self)
        self._dom.op("insert", self.ref, node.ref, None if before is None else before.ref)
        return node

    def appendChild(self, child: Element) -> Element:
        return self._place(child, None)

    def append(self, *children: Element | str) -> None:
        for child in children:
            self._place(child, None)

    def prepend(self, *children: Element | str) -> None:
        first = self.firstChild
        for child in children:
            self._place(child, first)

    def insertBefore(self, child: Element, before: Element | None) -> Element:
        return self._place(child, before)

    def replaceChildren(self, *children: Element | str) -> None:
        self._drop_kids()
        object.__setattr__(self, "_text", "")
        self._dom.op("clear", self.ref)
        for child in children:
            self._place(child, None)

    def remove(self) -> None:
        self._detach()
        self._dom.op("remove", self.ref)

    def replaceWith(self, other: Element) -> None:
        parent = self._parent
        if parent is None:
            self._dom.op("replace", self.ref, other.ref)
            return
        parent._place(other, self)
        self.remove()

    def before(self, other: Element) -> None:
        if self._parent is not None:
            self._parent._place(other, self)

    def after(self, other: Element) -> None:
        if self._parent is not None:
            self._parent._place(other, self.nextSibling)

    @property
    def parentElement(self) -> Element | None:
        return self._parent

    parentNode = parentElement

    @property
    def childNodes(self) -> list[Element]:
        return list(self._kids)

    @property
    def children(self) -> list[Element]:
        return [kid for kid in self._kids if kid.tagName != "#TEXT"]

    @property
    def childElementCount(self) -> int:
        return len(self.children)

    @property
    def firstChild(self) -> Element | None:
        return self._kids[0] if self._kids else None

    @property
    def lastChild(self) -> Element | None:
        return self._kids[-1] if self._kids else None

    @property
    def firstElementChild(self) -> Element | None:
        kids = self.children
        return kids[0] if kids else None

    @property
    def nextSibling(self) -> Element | None:
        parent = self._parent
        if parent is None:
            return None
        at = parent._kids.index(self) + 1
        return parent._kids[at] if at < len(parent._kids) else None

    @property
    def isConnected(self) -> bool:
        node = self
        while node._parent is not None:
            node = node._parent
        return not node._known

    def contains(self, other: Element | None) -> bool:
        while other is not None:
            if other is self:
                return True
            other = other._parent
        return False

    def querySelector(self, selector: str) -> Element | None:
        return self._dom.found(self._dom.read(self.ref, "query", selector))

    def querySelectorAll(self, selector: str) -> list[Element]:
        return self._dom.found(self._dom.read(self.ref, "queryAll", selector)) or []

    # -- listeners ------------------------------------------------------------------------------

    def addEventListener(
        self, kind: str, handler: Any, capture: bool = False, prevent: Any = None
    ) -> None:
        """``prevent``: the keys whose default the page cancels (see the module)."""
        self._dom.listen(self, kind, handler, True if kind == "submit" else prevent, capture)

    def removeEventListener(self, kind: str, handler: Any) -> None:
        self._dom.unlisten(self, kind, handler)

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"<{self.tagName.lower()} #{self.ref}>"


class Document(Element):
    """The page's document: where elements are made and the page's own ones are found."""

    def __init__(self, dom: Dom) -> None:
        super().__init__(dom, DOCUMENT, "#document", known=False)
        dom._adopted[DOCUMENT] = self

    def createElement(self, tag: str) -> Element:
        return self._dom.create(tag)

    def createElementNS(self, ns: str, tag: str) -> Element:
        return self._dom.create(tag, ns)

    def createTextNode(self, text: str) -> Element:
        return self._dom.text(text)

    def getElementById(self, id_: str) -> Element | None:
        return self._dom.found(self._dom.read(DOCUMENT, "byId", id_))

    @property
    def documentElement(self) -> Element:
        return self._dom.documentElement

    @property
    def body(self) -> Element:
        return self._dom.body
