"""``passline devices pair|list|revoke``: the restaurant's paired devices, beside a running server
(it notices a revocation within a second and closes the device's socket). ``pair`` prints a
one-time code: the very first manager device joins with one."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from domain.roles import ROLES

from ..access.pairing import LIFETIME_S
from .options import database_option, for_restaurant, services


def cmd_pair(args: argparse.Namespace) -> int:
    svc = for_restaurant(args)
    if svc is None:
        return 1
    code, made = svc.pairings.make(args.restaurant, args.role, args.name, "cli")
    print(f"Pairing code for one {args.role} device of {args.restaurant!r}: {code}")
    print(
        f"  On the device, open Passline and choose 'Join with a code' (restaurant"
        f" {args.restaurant!r}), or open /#/join?restaurant={args.restaurant}&code={code}"
    )
    print(f"  It works once, until {made.expires_at[11:16]} UTC ({LIFETIME_S // 60} minutes)."
          " Nobody else needs to see it.")  # fmt: skip
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    devices = services(args.db).devices.list(args.restaurant)
    print(f"{'DEVICE':<20} {'ROLE':<8} {'NAME':<24} {'CREATED':<20} {'LAST SEEN':<20} STATE")
    for d in devices:
        state = (f"revoked ({d.revoked_why}) {d.revoked_at[:16]}" if d.revoked_at
                 else "signed in" if d.signed_in else "paired, signed out")  # fmt: skip
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
    devices = sub.add_parser("devices", help="paired devices: pair, list, revoke")
    actions = devices.add_subparsers(dest="action", required=True)
    pair = actions.add_parser("pair", help="a one-time code that pairs one new device")
    pair.add_argument("restaurant")
    pair.add_argument("--role", required=True, choices=ROLES)
    pair.add_argument("--name", default="", help="what the device list calls it")
    database_option(pair)
    pair.set_defaults(run=cmd_pair)
    listing = actions.add_parser("list", help="every device of a restaurant")
    listing.add_argument("restaurant")
    database_option(listing)
    listing.set_defaults(run=cmd_list)
    revoke = actions.add_parser("revoke", help="sign a device out for good")
    revoke.add_argument("restaurant")
    revoke.add_argument("device")
    database_option(revoke)
    revoke.set_defaults(run=cmd_revoke)
