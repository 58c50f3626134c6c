"""A form on the manager screen: labelled fields, each with its error beside it, in a sheet
that the screen's redraws leave alone (a render must never eat what is being typed)."""

from __future__ import annotations

from collections.abc import Callable

import js
from pyodide.ffi import to_js

from browser.dom import el, on_click
from domain.errors import DomainError
from ui.i18n import Translator, error_text


class Sheet:
    """A dialog-like panel with a title, fields, and Save / Cancel."""

    def __init__(
        self,
        t: Translator,
        title: str,
        on_save: Callable,
        on_cancel: Callable,
        sheet_id: str = "edit-sheet",
    ) -> None:
        self.t = t
        self.node = el(
            "form",
            cls="sheet manage-sheet",
            id=sheet_id,
            role="dialog",
            aria_label=title,
            novalidate="",
        )
        self.node.appendChild(el("h3", title))
        self.fields = el("div", cls="fields")
        self.node.appendChild(self.fields)
        self.errors: dict[str, object] = {}
        self.message = el("p", cls="error", role="alert", id="sheet-error")
        self.node.appendChild(self.message)
        actions = el("div", cls="actions")
        save = el("button", t("manage.save"), type="button", cls="primary", id="sheet-save")
        cancel = el("button", t("app.cancel"), type="button", id="sheet-cancel")
        actions.appendChild(save)
        actions.appendChild(cancel)
        self.node.appendChild(actions)
        self.proxies = [on_click(save, on_save), on_click(cancel, on_cancel)]

    def field(self, name: str, label: str, node, parent=None, hint: str = ""):
        """``node`` (an input, select, textarea) under its label, with an error slot."""
        wrap = el("label", cls="field", data_field=name)
        wrap.appendChild(el("span", label, cls="label"))
        node.setAttribute("name", name)
        wrap.appendChild(node)
        if hint:
            wrap.appendChild(el("span", hint, cls="hint"))
        error = el("span", cls="field-error", id=f"error-{name}", role="alert")
        wrap.appendChild(error)
        node.setAttribute("aria-describedby", f"error-{name}")
        self.errors[name] = error
        (parent if parent is not None else self.fields).appendChild(wrap)
        return node

    def error_slot(self, name: str, parent) -> None:
        """An error line for a part of the form that is not one input (an option group)."""
        error = el("p", cls="field-error", id=f"error-{name}", role="alert")
        parent.appendChild(error)
        self.errors[name] = error

    def show(self, problems: dict[str, DomainError]) -> bool:
        """Errors beside their fields (those without a field above the buttons); True if
        there were none."""
        for error in self.errors.values():
            error.textContent = ""
        self.message.textContent = ""
        for name, exc in problems.items():
            slot = self.errors.get(name, self.message)
            slot.textContent = error_text(self.t, exc)
        first = self.node.querySelector(".field-error:not(:empty)")
        if first:
            first.scrollIntoView(to_js({"block": "nearest"}, dict_converter=js.Object.fromEntries))
        return not problems

    def close(self) -> None:
        for proxy in self.proxies:
            proxy.destroy()
        self.proxies = []
        self.node.remove()


def text_input(value: str = "", **attrs: str):
    node = el("input", type="text", autocomplete="off", **attrs)
    node.value = value
    return node


def number_input(value: object = "", **attrs: str):
    node = el("input", type="number", inputmode="numeric", **attrs)
    node.value = "" if value is None else str(value)
    return node


def as_int(text: str) -> int | str:
    """A whole number from a field, or the text itself (the spec then names what is wrong)."""
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        return text
