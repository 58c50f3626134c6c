"""``passline menu import|export``: the menu as a file (JSON, or a spreadsheet's CSV)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..files import menu_file
from .options import for_restaurant
from .plans import add_file_commands, plan_ask_apply, write_out


def cmd_import(args: argparse.Namespace) -> int:
    def read(svc: Any) -> menu_file.MenuDoc:
        currency = svc.accounts.settings(args.restaurant)["currency"]
        return menu_file.parse(Path(args.file), args.restaurant, currency)

    def apply(svc: Any, plan: Any, doc: menu_file.MenuDoc) -> None:
        svc.store.import_menu(args.restaurant, plan.categories, plan.items, doc.pictures)

    return plan_ask_apply(
        args,
        read=read,
        plan=lambda svc, doc: menu_file.plan(svc.store.menu(args.restaurant), doc),
        apply=apply,
        unchanged=lambda plan: f"nothing to change ({plan.unchanged} already as in the file)",
    )


def cmd_export(args: argparse.Namespace) -> int:
    svc = for_restaurant(args)
    if svc is None:
        return 1
    currency = svc.accounts.settings(args.restaurant)["currency"]
    menu = svc.store.menu(args.restaurant)
    if args.file and args.file.lower().endswith(".csv"):
        text, richer = menu_file.export_csv(menu, currency)
        if richer:
            print(f"note: {richer} item(s) have options, pictures, stock or availability the CSV "
                  "form does not carry (a CSV import keeps them); export JSON for everything",
                  file=sys.stderr)  # fmt: skip
    else:
        text = json.dumps(menu_file.export(menu), ensure_ascii=False, indent=2) + "\n"
    write_out(text, args.file)
    return 0


def add_commands(sub: Any) -> None:
    add_file_commands(
        sub, "menu", "the menu as a file (JSON or CSV)",
        adds="add or change categories and items from a file",
        writes="write the menu as a file",
        file_help="JSON, or CSV: category,name,price[,station,description]",
        out_help="*.csv for CSV; default: JSON on stdout",
        run_import=cmd_import, run_export=cmd_export,
    )  # fmt: skip
