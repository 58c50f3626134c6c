"""``passline floor import|export``: areas and tables as a file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..files import floor_file
from .options import for_restaurant
from .plans import add_file_commands, plan_ask_apply, write_out


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
    add_file_commands(
        sub, "floor", "areas and tables as a file",
        adds="add or change areas and tables from a file",
        writes="write areas and tables as a file", file_help=None,
        out_help="default: standard output", run_import=cmd_import, run_export=cmd_export,
    )  # fmt: skip
