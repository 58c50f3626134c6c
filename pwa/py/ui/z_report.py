"""The close of day's Z report (or the X report, the day so far) on receipt paper: what goes on
it, pure, as the receipt's rows (``ui.receipt``), so the screen shows and prints the same."""

from __future__ import annotations

from collections.abc import Callable

from ui.i18n import Translator, worded
from ui.receipt import Row

COUNTED = ("discounts", "voids", "comps", "write_offs", "refunds")


def rows(report: dict, t: Translator, clock: Callable[[str], str], printed: str,
         closed: bool) -> list[Row]:  # fmt: skip
    """Top to bottom. ``clock`` shows an instant as this device's clock does; ``closed`` says
    whether this is a closed day's Z report or the X report of the day still open."""
    cur = report["currency"]

    def money(minor: int) -> str:
        return t.money(minor, cur)

    out = [Row(t("z.z_title" if closed else "z.x_title"), report["day"], "head"),
           Row(t("z.span", start=clock(report["starts_at"]), end=clock(report["ends_at"]))),
           Row("", "", "rule"),
           Row(t("z.orders"), str(report["orders"])),
           Row(t("z.cancelled"), str(report["cancelled"]))]  # fmt: skip
    if report.get("first_number"):
        out.append(Row(t("z.numbers"), f"{report['first_number']} – {report['last_number']}"))
    out.append(Row("", "", "rule"))
    if report["by_category"]:
        out.append(Row(t("z.by_category"), "", "option"))
        out += [Row(f"{c['qty']} × {c['name']}", money(c["amount"])) for c in report["by_category"]]
        out.append(Row("", "", "rule"))
    out.append(Row(t("z.by_method"), "", "option"))
    out += [Row(worded(t, "pay.method", m), money(a))
            for m, a in sorted(report["by_payment_method"].items())]  # fmt: skip
    out.append(Row(t("z.revenue"), money(report["revenue"]), "total"))
    out += [Row(t("z.tax", rate=f"{int(r) / 100:g} %"), money(a))
            for r, a in report["tax_rates"].items()]  # fmt: skip
    for key in COUNTED:
        counted = report[key]
        out.append(Row(t(f"z.{key}", n=counted["count"]), money(counted["amount"])))
    out += [Row(t("z.tips"), money(report["tips"])), Row(t("z.service"), money(report["service"])),
            Row("", "", "rule")]  # fmt: skip
    drawers = report["cash"]
    for d in drawers["drawers"]:
        out.append(Row(d["name"], "", "option"))
        for key in ("float", "cash_in", "cash_out", "expected", "counted"):
            out.append(Row(t(f"drawer.fig.{key}"), money(d[key])))
        out.append(Row(t("drawer.fig.difference"), _signed(money, d["difference"])))
    if drawers["drawers"]:
        out.append(Row(t("z.over_short"), _signed(money, drawers["over_short"]), "total"))
    if drawers["outside_drawers"]:
        out.append(Row(t("z.outside"), money(drawers["outside_drawers"])))
    if report.get("by_person"):  # days closed before people signed in have none
        out.append(Row(t("z.by_person"), "", "option"))
        for p in report["by_person"]:
            out.append(Row(t("z.person", name=p["name"], n=p["orders"]), money(p["sales"])))
            out.append(Row(t("z.person_taken", tips=money(p["tips"])), money(p["payments"]),
                           "note"))  # fmt: skip
        out.append(Row("", "", "rule"))
    if report.get("carried"):
        out.append(Row("", "", "rule"))
        out.append(Row(t("z.carried", n=len(report["carried"])), "", "option"))
        out.append(Row(", ".join(report["carried"]), "", "note"))
    out.append(Row("", "", "rule"))
    out.append(Row(t("print.printed", time=printed), "", "option"))
    return out


def _signed(money: Callable[[int], str], amount: int) -> str:
    """Over with a plus, short with a minus: on paper the sign is the word."""
    return f"+{money(amount)}" if amount > 0 else f"−{money(-amount)}" if amount < 0 else money(0)
