"""``passline migrate`` (the schema up to this version), ``migrate-to`` (the whole database into
another, e.g. SQLite into PostgreSQL) and ``new-epoch`` (after restoring an older copy by hand)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..store import SCHEMA_VERSION, open_database
from ..store.transfer import TargetNotEmpty, copy_all, new_epochs
from .options import Progress, database_option, shown, where


def cmd_migrate(args: argparse.Namespace) -> int:
    db = open_database(args.db)  # opening migrates, one process at a time
    print(f"{where(args.db)}: schema version {db.schema_version()} (this Passline: "
          f"{SCHEMA_VERSION})")  # fmt: skip
    db.close()
    return 0


def cmd_migrate_to(args: argparse.Namespace) -> int:
    if args.target == args.db:
        print("the target is the database itself", file=sys.stderr)
        return 1
    source, target = open_database(args.db), open_database(args.target)
    progress = Progress()
    try:
        counts = copy_all(source, target, lambda table, n: progress(f"copying {table}: {n:,} rows"))
    except TargetNotEmpty as exc:
        print(f"refused: {exc}; nothing copied", file=sys.stderr)
        return 1
    finally:
        progress.done()
        source.close()
        target.close()
    print(f"copied {shown(args.db)} into {shown(args.target)}: {counts['restaurants']}"
          f" restaurant(s), {counts['events']:,} events, {counts['orders']:,} orders,"
          f" {counts['devices']} devices (still signed in). Serve from it with"
          f" --database {shown(args.target)}; devices resume from their cursors.")  # fmt: skip
    return 0


def cmd_new_epoch(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    count = new_epochs(db)
    db.close()
    print(f"{count} restaurant log(s) given a new epoch: screens take a fresh snapshot when"
          " they reconnect")  # fmt: skip
    return 0


def add_commands(sub: Any) -> None:
    migrate = sub.add_parser("migrate", help="bring the database's schema up to this version")
    database_option(migrate)
    migrate.set_defaults(run=cmd_migrate)

    moving = sub.add_parser(
        "migrate-to", help="copy the whole database (log, cursors, devices) into an empty one"
    )
    moving.add_argument("target", metavar="URL", help="postgresql://… (or a SQLite file)")
    database_option(moving)
    moving.set_defaults(run=cmd_migrate_to)

    epoch = sub.add_parser(
        "new-epoch", help="after restoring an older copy by hand (pg_restore): screens reload"
    )
    database_option(epoch)
    epoch.set_defaults(run=cmd_new_epoch)
