"""``passline devices list|revoke``: the signed-in devices, beside a running server (it notices a
revocation within a second and closes the device's socket)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .options import database_option, services


def cmd_list(args: argparse.Namespace) -> int:
    devices = services(args.db).devices.list(args.restaurant)
    print(f"{'DEVICE':<20} {'ROLE':<8} {'NAME':<24} {'CREATED':<20} {'LAST SEEN':<20} STATE")
    for d in devices:
        state = f"revoked ({d.revoked_why}) {d.revoked_at[:16]}" if d.revoked_at else "active"
        print(f"{d.id:<20} {d.role:<8} {d.name[:24]:<24} {d.created_at[:16]:<20}"
              f" {d.last_seen[:16]:<20} {state}")  # fmt: skip
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    devices = services(args.db).devices
    if devices.get(args.restaurant, args.device) is None:
        print(f"no device {args.device!r} in {args.restaurant!r}", file=sys.stderr)
        return 1
    if devices.revoke(args.restaurant, args.device):
        print(f"device {args.device} revoked; a running server closes its connection")
    else:
        print(f"device {args.device} was revoked already")
    return 0


def add_commands(sub: Any) -> None:
    devices = sub.add_parser("devices", help="signed-in devices")
    actions = devices.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="every device of a restaurant")
    listing.add_argument("restaurant")
    database_option(listing)
    listing.set_defaults(run=cmd_list)
    revoke = actions.add_parser("revoke", help="sign a device out for good")
    revoke.add_argument("restaurant")
    revoke.add_argument("device")
    database_option(revoke)
    revoke.set_defaults(run=cmd_revoke)
