"""Which events deserve a system notification on this device while its page is in the
background, and what it says. Pure: ``browser.notify`` shows them.

A floor phone hears of an order for a table that has just turned ready at the pass; a manager's
device of stock running low or out (not of every ready order: that is the floor's job), and of a
device that needs a person (its health report: changes waiting, refused, an old app). Each
notice has a tag, so a second one about the same order or item replaces the first instead of
piling up, and the address tapping it opens.
"""

from __future__ import annotations

from dataclasses import dataclass

from ui.health_words import state_words
from ui.i18n import Translator

# The roles whose screens notify, and what: the header offers them the switch.
NOTIFYING_ROLES = frozenset({"floor", "manager"})
STOCK_EVENTS = ("stock_low", "stock_out")


@dataclass(frozen=True)
class Notice:
    tag: str
    title: str
    body: str
    url: str  # same-origin address, opened by the service worker on a tap


def notices(
    role: str, before: dict, after: dict, events: list[dict], t: Translator
) -> list[Notice]:
    """What ``events`` (folded from ``before`` into ``after``, both reducer states) notify."""
    out: list[Notice] = []
    if role == "floor":
        out += _ready(before, after, events, t)
    if role == "manager":
        out += _stock(events, t)
        out += _device_trouble(events, t)
    return out


def _ready(before: dict, after: dict, events: list[dict], t: Translator) -> list[Notice]:
    status = {order_id: o["status"] for order_id, o in before["orders"].items()}
    found: dict[str, Notice] = {}
    for event in events:
        if event["type"] not in ("order_created", "order_updated"):
            continue
        order = event["data"]
        was, status[order["id"]] = status.get(order["id"]), order["status"]
        table = after["tables"].get(order.get("table_id") or "")
        if order["status"] != "ready" or was == "ready" or table is None:
            continue  # take-away orders are called out at the counter, not on a phone
        found[order["id"]] = Notice(
            tag=f"ready-{order['id']}",
            title=t("notify.ready", table=table["name"]),
            body=t("notify.ready_body", number=order["number"], lines=_lines(order)),
            url=f"/#/floor/{table['id']}",
        )
    return list(found.values())


def _lines(order: dict) -> str:
    return ", ".join(
        f"{line['qty']}× {line.get('name') or line['item_id']}" for line in order["lines"]
    )


def _device_trouble(events: list[dict], t: Translator) -> list[Notice]:
    """A device needs a person now (``device_health`` with troubles): one notice a device,
    replaced when what it needs changes; "fine again" says nothing."""
    found: dict[str, Notice] = {}
    for event in events:
        data = event["data"]
        if event["type"] != "device_health" or not isinstance(data, dict):
            continue
        if not data.get("troubles"):
            found.pop(str(data.get("device")), None)
            continue
        name = str(data.get("name") or data.get("device"))
        found[str(data.get("device"))] = Notice(
            tag=f"device-{data.get('device')}",
            title=t("notify.device_trouble", name=name),
            body=state_words(list(data["troubles"]), t),
            url="/#/manage/health",
        )
    return list(found.values())


def _stock(events: list[dict], t: Translator) -> list[Notice]:
    found: dict[str, Notice] = {}
    for event in events:
        if event["type"] not in STOCK_EVENTS:
            continue
        item = event["data"]
        out = event["type"] == "stock_out"
        found[item["item_id"]] = Notice(
            tag=f"stock-{item['item_id']}",
            title=t("notify.stock_out" if out else "notify.stock_low", name=item["name"]),
            body=t("notify.stock_left", n=int(item.get("stock", 0))),
            url="/#/manage/menu",
        )
    return list(found.values())
