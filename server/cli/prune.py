"""``passline prune``: delete what is older than the retention period (the server also does it
once a day)."""

from __future__ import annotations

import argparse
from typing import Any

from domain.timestamps import utcnow

from ..store import retention
from .options import database_option, services


def cmd_prune(args: argparse.Namespace) -> int:
    done = retention.prune(services(args.db).db, utcnow(), args.days)
    print(f"pruned what is older than {args.days} days: {done.events} events,"
          f" {done.orders} closed orders, {done.idempotency} idempotency records,"
          f" {done.order_numbers} order-number days")  # fmt: skip
    return 0


def add_commands(sub: Any) -> None:
    prune = sub.add_parser("prune", help="delete what is older than the retention period")
    prune.add_argument("--days", type=int, default=90, help="keep this many days (default 90)")
    database_option(prune)
    prune.set_defaults(run=cmd_prune)
