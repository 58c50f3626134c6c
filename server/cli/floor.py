"""``passline floor import|export``: areas and tables as a file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..files import floor_file
from .options import database_option, for_restaurant
from .plans import plan_ask_apply, write_out


def cmd_import(args: argparse.Namespace) -> int:
    def apply(svc: Any, plan: Any, areas: Any) -> None:
        svc.store.import_floor(args.restaurant, plan.areas, plan.tables)

    return plan_ask_apply(
        args,
        read=lambda svc: floor_file.parse(Path(args.file).read_text(encoding="utf-8-sig")),
        plan=lambda svc, areas: floor_file.plan(svc.store.floor(args.restaurant), areas),
        apply=apply,
    )


def cmd_export(args: argparse.Namespace) -> int:
    svc = for_restaurant(args)
    if svc is None:
        return 1
    document = floor_file.export(svc.store.floor(args.restaurant))
    write_out(json.dumps(document, ensure_ascii=False, indent=2) + "\n", args.file)
    return 0


def add_commands(sub: Any) -> None:
    floor = sub.add_parser("floor", help="areas and tables as a file").add_subparsers(
        dest="action", required=True
    )
    floor_import = floor.add_parser("import", help="add or change areas and tables from a file")
    floor_import.add_argument("restaurant")
    floor_import.add_argument("file")
    floor_import.add_argument("--yes", action="store_true", help="apply without asking")
    database_option(floor_import)
    floor_import.set_defaults(run=cmd_import)
    floor_export = floor.add_parser("export", help="write areas and tables as a file")
    floor_export.add_argument("restaurant")
    floor_export.add_argument("file", nargs="?", help="default: standard output")
    database_option(floor_export)
    floor_export.set_defaults(run=cmd_export)
