"""The worker's mirror of the page (``browser.remote_dom``): one batch per turn, in order; what
Python wrote is read back without asking the page; what only the page knows is asked for after
the batch so far has gone; a tap comes back to its listener. The page's side
(``pwa/remote-dom.js``) is proven in the browser tests, which all run with Python in a worker."""

from __future__ import annotations

import gc

from browser.remote_dom import BODY, DOCUMENT, Dom


class Page:
    """The channel as the page's hands see it: batches kept in order, reads answered from a
    table, the end of the turn run when the test says."""

    def __init__(self) -> None:
        self.batches: list[list[list]] = []
        self.reads: list[tuple] = []
        self.answers: dict[tuple, object] = {}
        self.pending: list = []

    def apply(self, ops: list[list]) -> None:
        self.batches.append(ops)

    def read(self, ref: int, what: str, arg: object) -> object:
        self.reads.append((ref, what, arg, len(self.batches)))
        return self.answers.get((ref, what, arg))

    def later(self, flush) -> None:
        self.pending.append(flush)

    def end_turn(self) -> None:
        pending, self.pending = self.pending, []
        for flush in pending:
            flush()


def test_a_turns_drawing_goes_to_the_page_as_one_batch_in_order():
    page = Page()
    dom = Dom(page)
    card = dom.document.createElement("li")
    card.className = "ticket"
    card.setAttribute("data-order", "o1")
    title = dom.document.createElement("h3")
    title.textContent = "#12"
    card.appendChild(title)
    dom.body.appendChild(card)
    assert page.batches == [] and len(page.pending) == 1  # nothing sent mid-turn, one flush due
    page.end_turn()
    assert page.batches == [[
        ["new", card.ref, "li", ""], ["set", card.ref, "className", "ticket"],
        ["attr", card.ref, "data-order", "o1"], ["new", title.ref, "h3", ""],
        ["set", title.ref, "textContent", "#12"], ["insert", card.ref, title.ref, None],
        ["insert", BODY, card.ref, None],
    ]]  # fmt: skip
    page.end_turn()
    assert len(page.batches) == 1  # an empty turn sends nothing


def test_what_python_wrote_is_read_back_without_asking_the_page():
    page = Page()
    dom = Dom(page)
    form = dom.document.createElement("form")
    button = dom.document.createElement("button")
    button.textContent = "Bump"
    button.disabled = True
    button.className = "primary big"
    button.classList.remove("big")
    button.classList.add("wide")
    form.append(button, "and some words")
    assert button.textContent == "Bump" and button.disabled is True
    assert button.className == "primary wide" and button.classList.contains("wide")
    assert button.getAttribute("disabled") == "" and button.getAttribute("title") is None
    button.disabled = False
    assert not button.hasAttribute("disabled") and button.hidden is False
    assert form.textContent == "Bumpand some words" and form.children == [button]
    assert button.parentElement is form and form.firstChild is button
    assert button.nextSibling.textContent == "and some words"
    assert page.reads == []


def test_what_only_the_page_knows_is_read_after_the_batch_so_far():
    page = Page()
    dom = Dom(page)
    field = dom.document.createElement("input")
    field.value = "3"
    page.answers[(field.ref, "prop", "value")] = "12"  # the person typed over it
    assert field.value == "12"
    assert page.reads == [(field.ref, "prop", "value", 1)]  # asked after the batch went
    page.answers[(DOCUMENT, "byId", "app")] = [-1, "div"]
    app = dom.document.getElementById("app")
    assert app is dom.document.getElementById("app")  # one element, one object
    page.answers[(-1, "queryAll", ".row")] = [[-2, "li"], [-3, "li"]]
    assert [n.ref for n in app.querySelectorAll(".row")] == [-2, -3]
    page.answers[(-1, "prop", "focus")] = None
    app.focus()
    page.end_turn()
    assert page.batches[-1] == [["call", -1, "focus", []]]


def test_text_set_then_children_added_keeps_the_text_first():
    page = Page()
    dom = Dom(page)
    label = dom.document.createElement("label")
    label.textContent = "Amber after"
    field = dom.document.createElement("input")
    label.appendChild(field)
    assert label.textContent == "Amber after" and label.lastChild is field
    label.textContent = "Red after"  # replaces the children, as on the page
    assert label.childNodes == [] and field.parentElement is None


def test_moving_an_element_takes_it_from_its_old_place_and_replace_with_keeps_the_spot():
    page = Page()
    dom = Dom(page)
    column = dom.document.createElement("ol")
    a, b, c = (dom.document.createElement("li") for _ in range(3))
    column.append(a, b)
    column.insertBefore(c, b)
    assert column.childNodes == [a, c, b]
    column.appendChild(a)
    assert column.childNodes == [c, b, a]
    fresh = dom.document.createElement("li")
    b.replaceWith(fresh)
    assert column.childNodes == [c, fresh, a] and b.parentElement is None
    column.replaceChildren(b)
    assert column.childNodes == [b] and a.parentElement is None


def test_a_tap_reaches_its_listener_and_what_it_drew_goes_at_once():
    page = Page()
    dom = Dom(page)
    button = dom.document.createElement("button")
    taps: list = []

    def tapped(event) -> None:
        taps.append((event.type, event.target, event.ctrlKey))
        button.textContent = "Bumped"

    button.addEventListener("click", tapped)
    form = dom.document.createElement("form")
    form.addEventListener("submit", tapped)
    page.end_turn()
    listener = page.batches[-1][1]
    assert listener[:3] == ["on", button.ref, "click"] and listener[4] is None
    assert (
        page.batches[-1][3][4] is True and page.batches[-1][3][5] is False
    )  # a form's submit is always cancelled by the page
    dom.dispatch(listener[3], {"type": "click", "target": button.ref, "tag": "button"})
    assert taps == [("click", button, None)]
    assert page.batches[-1] == [["set", button.ref, "textContent", "Bumped"]]  # not a turn later
    button.removeEventListener("click", tapped)
    page.end_turn()
    assert page.batches[-1] == [["off", listener[3]]]
    dom.dispatch(listener[3], {"type": "click"})  # a tap already on its way: nobody hears it
    assert len(taps) == 1


def test_keys_the_page_cancels_are_said_when_the_listener_is_added():
    page = Page()
    dom = Dom(page)
    dom.document.addEventListener("keydown", lambda e: None, prevent=["Enter", " "])
    page.end_turn()
    assert page.batches[-1][0][1:3] == [DOCUMENT, "keydown"]
    assert page.batches[-1][0][4] == ["Enter", " "]


def test_an_element_python_forgets_is_forgotten_by_the_page_too():
    page = Page()
    dom = Dom(page)
    kept = dom.document.createElement("div")
    dom.body.appendChild(kept)
    gone = dom.document.createElement("span")
    ref = gone.ref
    del gone
    gc.collect()
    page.end_turn()
    assert ["free", ref] in page.batches[-1]
    assert ["free", kept.ref] not in page.batches[-1]  # the body holds it
