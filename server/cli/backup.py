"""``passline backup``: a consistent copy of a SQLite database (or of one restaurant), while the
server runs."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from domain.errors import DomainError
from domain.timestamps import utcnow

from ..store import backup, is_postgres, pg_dump
from ..store.location import backup_folder
from .options import Progress, database_option, services


def cmd_backup(args: argparse.Namespace) -> int:
    if is_postgres(args.db):
        return postgres_backup(args)
    services(args.db)  # the schema is current before it is copied
    progress = Progress()
    try:
        path = backup.backup(
            args.db,
            backup_folder(args.db, args.to),
            utcnow(),
            None if args.all else args.restaurant,
            progress=lambda done, total: progress(f"copying: {done:,} of {total:,} pages"),
        )
    except DomainError as exc:
        print(f"refused: {exc.message}", file=sys.stderr)
        return 1
    finally:
        progress.done()
    print(f"backup written: {path} ({path.stat().st_size:,} bytes, integrity checked)")
    return 0


def postgres_backup(args: argparse.Namespace) -> int:
    """The whole database with ``pg_dump -Fc``, checked with ``pg_restore --list``."""
    if not args.all:
        print("on PostgreSQL a backup is of the whole database: use --all (one restaurant's"
              " share is a SQLite copy's feature)", file=sys.stderr)  # fmt: skip
        return 1
    folder = backup_folder(args.db, args.to) or "var/backups"
    progress = Progress()
    progress("pg_dump: dumping the whole database…")
    try:
        path = pg_dump.dump(args.db, folder, utcnow())
    except pg_dump.DumpFailed as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 1
    finally:
        progress.done()
    print(f"backup written: {path} ({path.stat().st_size:,} bytes, checked with pg_restore"
          " --list)")  # fmt: skip
    return 0


def add_commands(sub: Any) -> None:
    copy = sub.add_parser("backup", help="a consistent copy, while the server runs")
    which = copy.add_mutually_exclusive_group(required=True)
    which.add_argument("restaurant", nargs="?", help="one restaurant's data")
    which.add_argument("--all", action="store_true", help="the whole database")
    copy.add_argument("--to", default="",
                        help="folder (default: backups beside the database)")  # fmt: skip
    database_option(copy)
    copy.set_defaults(run=cmd_backup)
