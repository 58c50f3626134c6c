"""An item's choices on its edit sheet: groups (a name, how few and how many) of options (a
name, a price above or below the item's), added and dropped in place, and read back as the
``modifiers`` the item's spec wants."""

from __future__ import annotations

from browser.dom import el, on_click
from domain.money import parse_price, plain_price
from screens.manage import edits
from screens.manage.form import Sheet, as_int, number_input, text_input
from ui.i18n import Translator


class OptionGroups:
    def __init__(self, sheet: Sheet, t: Translator, currency: str, box) -> None:
        self.sheet, self.t, self.currency, self.box = sheet, t, currency, box
        self.groups: list[dict] = []

    def add(self, group: dict | None) -> None:
        """A group on the sheet, with its options (a new group starts with one empty option)."""
        t, index = self.t, len(self.groups)
        box = el("fieldset", cls="group", data_group=str(index))
        box.appendChild(el("legend", t("manage.group")))
        sheet = self.sheet
        entry = {"id": (group or {}).get("id", ""), "box": box, "options": []}
        entry["name"] = sheet.field(
            f"group-{index}-name",
            t("manage.group_name"),
            text_input((group or {}).get("name", ""), maxlength="60"),
            parent=box,
        )
        entry["min"] = sheet.field(
            f"group-{index}-min",
            t("manage.group_min"),
            number_input((group or {}).get("min", 0), min="0"),
            parent=box,
        )
        entry["max"] = sheet.field(
            f"group-{index}-max",
            t("manage.group_max"),
            number_input((group or {}).get("max", 1), min="1"),
            parent=box,
        )
        entry["list"] = el("div", cls="options")
        box.appendChild(entry["list"])
        add = el("button", t("manage.add_option"), type="button", cls="small add-option")
        sheet.proxies.append(on_click(add, lambda e=entry: self._add_option(e, None)))
        box.appendChild(add)
        drop = el("button", t("manage.remove_group"), type="button", cls="small danger")
        sheet.proxies.append(on_click(drop, lambda e=entry: self._drop_group(e)))
        box.appendChild(drop)
        sheet.error_slot(f"modifiers[{index}]", box)
        self.groups.append(entry)
        self.box.appendChild(box)
        for option in (group or {}).get("options", []) or ([] if group else [None]):
            self._add_option(entry, option)

    def _add_option(self, entry: dict, option: dict | None) -> None:
        t, currency = self.t, self.currency
        row = el("div", cls="option-row")
        name = text_input(
            (option or {}).get("name", ""),
            maxlength="60",
            aria_label=t("manage.option_name"),
            placeholder=t("manage.option_name"),
        )
        delta = (option or {}).get("price_delta", 0)
        price = text_input(
            plain_price(delta, currency) if delta else "",
            inputmode="decimal",
            aria_label=t("manage.option_price"),
            placeholder="+0.00",
        )
        drop = el("button", "✕", type="button", cls="small", aria_label=t("manage.remove_option"))
        option_entry = {
            "id": (option or {}).get("id", ""),
            "name": name,
            "price": price,
            "row": row,
        }
        self.sheet.proxies.append(on_click(drop, lambda: self._drop_option(entry, option_entry)))
        for node in (name, price, drop):
            row.appendChild(node)
        entry["options"].append(option_entry)
        entry["list"].appendChild(row)

    def _drop_option(self, entry: dict, option: dict) -> None:
        entry["options"].remove(option)
        option["row"].remove()

    def _drop_group(self, entry: dict) -> None:
        entry["box"].remove()
        entry["removed"] = True

    def read(self) -> list[dict]:
        """The groups as the ``modifiers`` of ``save_item``: ids made from names where new;
        DomainError naming the group whose price is not a price."""
        currency = self.currency
        taken: set[str] = set()
        groups = []
        for g, entry in enumerate(e for e in self.groups if not e.get("removed")):
            name = entry["name"].value.strip()
            group_id = entry["id"] or edits.new_id(name, taken)
            taken.add(group_id)
            options = []
            for option in entry["options"]:
                label = option["name"].value.strip()
                if not label:
                    continue
                option_id = option["id"] or edits.new_id(label, taken)
                taken.add(option_id)
                options.append(
                    {
                        "id": option_id,
                        "name": label,
                        "price_delta": _signed_price(
                            option["price"].value, currency, f"modifiers[{g}]"
                        ),
                    }
                )
            low, high = as_int(entry["min"].value), as_int(entry["max"].value)
            groups.append(
                {
                    "id": group_id,
                    "name": name,
                    "min": low,
                    "max": high,
                    "required": isinstance(low, int) and low > 0,
                    "options": options,
                }
            )
        return groups


def _signed_price(text: str, currency: str, field: str) -> int:
    text = text.strip().replace("+", "")
    if not text:
        return 0
    if text.startswith("-"):
        return -parse_price(text[1:], currency, field)
    return parse_price(text, currency, field)
