"""``passline restaurant create``: a new, empty restaurant; ``delete``: one gone with all its
data, after a backup of it; ``rotate-key``: new signatures for its tokens."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from domain.errors import DomainError
from domain.timestamps import utcnow

from ..store import backup, is_postgres, pg_dump
from ..store.location import backup_folder
from ..store.transfer import remove_restaurant
from .options import database_option, for_restaurant, services, shown


def cmd_create(args: argparse.Namespace) -> int:
    accounts = services(args.db, create=True).accounts
    try:
        created = accounts.ensure_restaurant(args.id, args.name, args.tz, args.currency)
    except DomainError as exc:
        print(f"refused: {exc.message}", file=sys.stderr)
        return 1
    if not created:
        print(f"restaurant {args.id!r} exists already in {shown(args.db)}; nothing changed",
              file=sys.stderr)  # fmt: skip
        return 1
    print(f"restaurant {args.id!r} created ({args.name}, {args.tz}, {args.currency}).")
    print("Next: enrol its manager, then pair the manager's tablet:")
    print(f"  passline staff add {args.id} 'Your Name' --job manager --db {shown(args.db)}")
    print(f"  passline devices pair {args.id} --role manager --db {shown(args.db)}")
    print(f"(or set a manager PIN for the role: passline pin set {args.id} manager <6-12 digits>)")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    svc = for_restaurant(args)
    if svc is None:
        return 1
    name = args.restaurant
    if not args.yes:
        if not sys.stdin.isatty():
            print("refused: deleting a restaurant asks first; add --yes to say so in a script",
                  file=sys.stderr)  # fmt: skip
            return 1
        typed = input(f"Everything of restaurant {name!r} (orders, menu, staff, devices) goes."
                      f" Type its id to go on: ")  # fmt: skip
        if typed.strip() != name:
            print("not deleted", file=sys.stderr)
            return 1
    if is_postgres(args.db):
        if not args.without_backup:  # the whole database: pg_dump has no one restaurant's
            try:
                kept = pg_dump.dump(args.db, backup_folder(args.db, args.to) or "var/backups",
                                    utcnow())  # fmt: skip
            except pg_dump.DumpFailed as exc:
                print(f"refused: no backup could be taken ({exc}); nothing deleted",
                      file=sys.stderr)  # fmt: skip
                return 1
            print(f"backup of the whole database written first: {kept} (restore: README"
                  " 'Backups and restoring')")  # fmt: skip
    else:
        kept = backup.backup(args.db, backup_folder(args.db, args.to), utcnow(), name)
        print(f"backup of {name!r} written first: {kept} (restore: README 'Backups')")
    counts = remove_restaurant(svc.db, name)
    events, orders = counts.get("events", 0), counts.get("orders", 0)
    print(f"restaurant {name!r} deleted: {sum(counts.values()):,} rows ({events:,} events,"
          f" {orders:,} orders). Its devices are refused from their next request.")  # fmt: skip
    return 0


def cmd_rotate_key(args: argparse.Namespace) -> int:
    svc = for_restaurant(args)
    if svc is None:
        return 1
    svc.accounts.rotate_key(args.restaurant)
    print(f"restaurant {args.restaurant!r} signs with a new key: every access token and"
          " approval it gave is refused from now on (a running server notices within a second)."
          " Its devices get new tokens with their credential by themselves; nothing is paired"
          " again.")  # fmt: skip
    return 0


def add_commands(sub: Any) -> None:
    restaurant = sub.add_parser("restaurant", help="restaurants").add_subparsers(
        dest="action", required=True
    )
    create = restaurant.add_parser("create", help="a new restaurant, empty")
    create.add_argument("id")
    create.add_argument("--name", required=True)
    create.add_argument("--tz", default="Europe/Istanbul", help="IANA time zone")
    create.add_argument("--currency", default="TRY", help="ISO 4217 code")
    database_option(create)
    create.set_defaults(run=cmd_create)
    delete = restaurant.add_parser(
        "delete",
        help="a restaurant and all its data, after a backup of it",
    )
    delete.add_argument("restaurant")
    delete.add_argument("--yes", action="store_true", help="do not ask (scripts)")
    delete.add_argument("--to", default="",
                        help="folder (default: backups beside the database)")  # fmt: skip
    delete.add_argument("--without-backup", action="store_true",
                        help="PostgreSQL: no pg_dump first (you took one yourself)")  # fmt: skip
    database_option(delete)
    delete.set_defaults(run=cmd_delete)
    rotate = restaurant.add_parser(
        "rotate-key", help="a new key for the restaurant's tokens (devices renew theirs)"
    )
    rotate.add_argument("restaurant")
    database_option(rotate)
    rotate.set_defaults(run=cmd_rotate_key)
