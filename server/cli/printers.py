"""``passline printers add|list|test|remove``: the kitchen's network printers, for whoever
installs the box. ``test`` prints a test page at once, from here, and says what happened (a
printer that cannot be reached, or has no paper, says so)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from domain.errors import DomainError
from domain.timestamps import iso, utcnow

from ..printing import sender
from ..printing.printers import CODE_PAGES, test_page
from ..printing.worker import PrintWorker
from .options import database_option, for_restaurant, services


def _address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":") if text.count(":") == 1 else (text, "", "")
    if not port:
        return text, 9100
    if not port.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r}: HOST or HOST:PORT")
    return host, int(port)


def cmd_add(args: argparse.Namespace) -> int:
    svc = for_restaurant(args)
    if svc is None:
        return 1
    host, port = args.address
    data = {"name": args.name, "host": host, "port": port, "width": args.width,
            "code_page": args.code_page, "bill": args.bill, "z_report": args.z_report,
            "copies": args.copies,
            "stations": [s.strip() for s in args.stations.split(",") if s.strip()]}  # fmt: skip
    try:
        printer = svc.printers.add(args.restaurant, data)
    except DomainError as exc:
        print(f"{exc.field or 'printer'}: {exc.message}", file=sys.stderr)
        return 1
    print(f"printer {printer['id']} added: {host}:{port}, {printer['width']} mm, stations"
          f" {', '.join(printer['stations']) or '(none)'}{', bills' if printer['bill'] else ''}"
          f"{', Z report' if printer['z_report'] else ''}")  # fmt: skip
    print(f"  try it: passline printers test {args.restaurant} {printer['id']}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    printers = services(args.db).printers.list(args.restaurant)
    print(f"{'PRINTER':<20} {'ADDRESS':<22} {'MM':<3} {'STATIONS':<24} {'WAITING':<8} STATE")
    for p in printers:
        routes = ",".join(p["stations"]) + (" +bill" if p["bill"] else "") + (
            " +Z" if p["z_report"] else "")  # fmt: skip
        state = f"offline since {p['offline_since'][11:16]}: {p['last_error']}" if p[
            "offline_since"] else "ok"  # fmt: skip
        print(f"{p['id']:<20} {p['host'] + ':' + str(p['port']):<22} {p['width']:<3}"
              f" {routes[:24]:<24} {p['waiting']:<8} {state}")  # fmt: skip
    return 0


def cmd_test(args: argparse.Namespace) -> int:
    svc = services(args.db)
    try:
        printer = svc.printers.get(args.restaurant, args.printer)
    except DomainError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    worker = PrintWorker(svc.store.print_rows, utcnow, lambda r: "UTC")
    data = worker.render(args.restaurant, printer, {"doc": test_page(printer, iso(utcnow())),
                                                     "maybe_printed": False})  # fmt: skip
    outcome = sender.send(printer["host"], printer["port"], data)
    if not outcome.printed:
        print(f"printer {printer['id']} ({printer['host']}:{printer['port']}): {outcome.error}",
              file=sys.stderr)  # fmt: skip
        return 1
    print(f"test page sent to {printer['id']} ({printer['host']}:{printer['port']}, {len(data)}"
          " bytes): check the paper")  # fmt: skip
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    try:
        dropped = services(args.db).printers.remove(args.restaurant, args.printer)
    except DomainError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    print(f"printer {args.printer} removed" + (f" with {dropped} jobs not printed" if dropped
                                              else ""))  # fmt: skip
    return 0


def add_commands(sub: Any) -> None:
    printers = sub.add_parser("printers", help="kitchen printers: add, list, test, remove")
    actions = printers.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="a network (ESC/POS, port 9100) receipt printer")
    add.add_argument("restaurant")
    add.add_argument("name", help="what screens call it, e.g. Grill")
    add.add_argument("address", type=_address, help="HOST or HOST:PORT (port 9100 by default)")
    add.add_argument("--stations", default="", help="the stations whose tickets it prints,"
                     " comma-separated (pass: lines no station cooks; *: all)")  # fmt: skip
    add.add_argument("--bill", action="store_true", help="it prints guests' bills")
    add.add_argument("--z-report", action="store_true", help="it prints the day's Z report")
    add.add_argument("--width", type=int, default=80, choices=(58, 80), help="paper, mm")
    add.add_argument("--code-page", default="auto", choices=CODE_PAGES,
                     help="auto: chosen per character among the printer's own")  # fmt: skip
    add.add_argument("--copies", type=int, default=1, choices=range(1, 6))
    database_option(add)
    add.set_defaults(run=cmd_add)
    listing = actions.add_parser("list", help="the printers, their routes and their queues")
    listing.add_argument("restaurant")
    database_option(listing)
    listing.set_defaults(run=cmd_list)
    single = (("test", cmd_test, "print a test page now"),
              ("remove", cmd_remove, "remove a printer and its waiting jobs"))  # fmt: skip
    for name, run, what in single:
        action = actions.add_parser(name, help=what)
        action.add_argument("restaurant")
        action.add_argument("printer")
        database_option(action)
        action.set_defaults(run=run)
