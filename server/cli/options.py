"""What every command shares: the database option, the services over it, and a URL fit to
print."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any
from urllib.parse import urlsplit, urlunsplit

# A SQLite file (the default, nothing to install) or a PostgreSQL URL when several processes
# serve; the environment's PASSLINE_DATABASE, else the file.
DEFAULT_DB = os.environ.get("PASSLINE_DATABASE") or "var/passline.db"


def database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", "--db", dest="db", default=DEFAULT_DB, metavar="URL",
                        help="SQLite file or postgresql://… (default: $PASSLINE_DATABASE,"
                        " else var/passline.db)")  # fmt: skip


def services(db: str) -> Any:
    """The server's services over ``db`` (opening it brings its schema up to date)."""
    from .. import create_app

    return create_app({"DATABASE": db}).extensions["passline"]


def for_restaurant(args: argparse.Namespace) -> Any:
    """The services, once ``args.restaurant`` is known to exist in ``args.db``; else None,
    with the reason printed."""
    svc = services(args.db)
    if not svc.accounts.restaurant_exists(args.restaurant):
        print(f"no restaurant {args.restaurant!r} in {shown(args.db)}", file=sys.stderr)
        return None
    return svc


def shown(url: str) -> str:
    """A database URL fit for a log line: any password left out."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    netloc = f"{parts.username or ''}:***@{parts.hostname}" + (
        f":{parts.port}" if parts.port else ""
    )
    return urlunsplit(parts._replace(netloc=netloc))
