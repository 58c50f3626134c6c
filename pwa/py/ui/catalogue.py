"""The menu to order from: category tabs and item cards (photo or colour swatch, name, price,
"sold out"). One component for the guest's kiosk and the waiter's phone; a tap on an item calls
``on_pick(item_id)``. Text goes in through ``textContent`` only."""

from __future__ import annotations

from collections.abc import Callable

from pyodide.ffi import create_proxy

from browser.dom import el, on_click
from ui.i18n import Translator
from ui.keyed import KeyedList


def _hue(text: str) -> int:
    return sum(ord(c) * (i + 1) for i, c in enumerate(text)) % 360


class Catalogue:
    def __init__(self, t: Translator, on_pick: Callable[[str], None], prefix: str = "") -> None:
        """``prefix`` keeps ids unique when two screens' catalogues share a page."""
        self.t, self.on_pick = t, on_pick
        self.category: str | None = None
        self._menu = None
        self._proxies: list = []
        self.tabs = el(
            "nav", id=f"{prefix}categories", cls="categories", role="tablist",
            aria_label=t("kiosk.categories"),
        )  # fmt: skip
        self.items = el("div", id=f"{prefix}items", cls="item-grid")
        self.cards = KeyedList(self.items, self._card)

    def render(self, menu) -> None:
        """Draw ``menu`` (the engine's catalogue: ``sorted_categories``, ``items_in``)."""
        self._menu = menu
        for proxy in self._proxies:
            proxy.destroy()
        self._proxies = []
        self.tabs.replaceChildren()
        cats = [c for c in menu.sorted_categories() if menu.items_in(c["id"])]
        if cats and self.category not in {c["id"] for c in cats}:
            self.category = cats[0]["id"]
        for cat in cats:
            tab = el("button", cat["name"], role="tab", type="button", data_category=cat["id"])
            tab.setAttribute("aria-selected", "true" if cat["id"] == self.category else "false")
            self._proxies.append(on_click(tab, lambda c=cat["id"]: self._pick_category(c)))
            self.tabs.appendChild(tab)
        items = menu.items_in(self.category) if self.category else []
        self.cards.update([(i["id"], i) for i in items])

    def reset(self) -> None:
        self.category = None

    def _pick_category(self, category_id: str) -> None:
        self.category = category_id
        if self._menu is not None:
            self.render(self._menu)

    def _card(self, item: dict) -> tuple:
        available = item.get("available", True)
        card = el("button", cls="item-card", type="button", data_item=item["id"])
        swatch = el("span", item["name"][:1], cls="swatch", aria_hidden="true")
        # Through the CSSOM, not a style attribute: the app's CSP allows no inline styles.
        swatch.style.background = f"hsl({_hue(item['id'])} 55% 85%)"
        proxies = []
        if item.get("image"):
            # The photo covers the swatch; a photo that cannot load (offline and never cached)
            # is removed, and the swatch shows again.
            photo = el("img", src=item["image"], alt="", loading="lazy", decoding="async")
            gone = create_proxy(lambda _e, p=photo: p.remove())
            photo.addEventListener("error", gone)
            swatch.appendChild(photo)
            proxies.append(gone)
        card.appendChild(swatch)
        card.appendChild(el("span", item["name"], cls="name"))
        card.appendChild(el("span", self.t.money(item["price"]), cls="price"))
        if not available:
            card.setAttribute("disabled", "")
            card.appendChild(el("span", self.t("kiosk.sold_out"), cls="sold-out"))
            return card, proxies
        return card, [*proxies, on_click(card, lambda i=item["id"]: self.on_pick(i))]

    def close(self) -> None:
        self.cards.clear()
        for proxy in self._proxies:
            proxy.destroy()
        self._proxies = []
