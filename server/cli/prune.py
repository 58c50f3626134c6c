"""``passline prune``: delete what is older than the retention period (the server also does it
once a day)."""

from __future__ import annotations

import argparse
from typing import Any

from domain.timestamps import utcnow

from ..store import retention
from .options import database_option, services


def days(text: str) -> int:
    """A retention period of a whole number of days, at least one (argparse's type)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if value < 1:
        raise argparse.ArgumentTypeError("the retention period is at least one day")
    return value


def cmd_prune(args: argparse.Namespace) -> int:
    done = retention.prune(services(args.db).db, utcnow(), args.days)
    print(f"pruned what is older than {args.days} days: {done.events} events,"
          f" {done.orders} closed orders, {done.idempotency} idempotency records,"
          f" {done.order_numbers} order-number days")  # fmt: skip
    return 0


def add_commands(sub: Any) -> None:
    prune = sub.add_parser("prune", help="delete what is older than the retention period")
    prune.add_argument("--days", type=days, default=90, help="keep this many days (default 90)")
    database_option(prune)
    prune.set_defaults(run=cmd_prune)
