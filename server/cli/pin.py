"""``passline pin set``: a role's PIN; devices signed in with the old one are signed out (a
running server notices within a second)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from domain.errors import DomainError
from domain.roles import ROLES

from .options import database_option, for_restaurant


def cmd_set(args: argparse.Namespace) -> int:
    svc = for_restaurant(args)
    if svc is None:
        return 1
    try:
        revoked = svc.accounts.set_pin(args.restaurant, args.role, args.pin, keep=args.keep)
    except DomainError as exc:
        print(f"refused: {exc.message}", file=sys.stderr)
        return 1
    print(f"{args.role} PIN of {args.restaurant!r} set; {revoked} device(s) signed out")
    return 0


def add_commands(sub: Any) -> None:
    pin = sub.add_parser("pin", help="role PINs").add_subparsers(dest="action", required=True)
    pin_set = pin.add_parser(
        "set", help="set a role's PIN; devices signed in with the old one are signed out"
    )
    pin_set.add_argument("restaurant")
    pin_set.add_argument("role", choices=ROLES)
    pin_set.add_argument("pin")
    pin_set.add_argument("--keep", action="append", default=[], metavar="DEVICE",
                         help="a device that stays signed in (repeat for more)")  # fmt: skip
    database_option(pin_set)
    pin_set.set_defaults(run=cmd_set)
