"""What every command shares: the database option, the services over it, and a URL fit to
print."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..store.location import (
    DEVELOPMENT_DB,
    INSTALLED_DIR,
    absolute,
    default_database,
    is_file,
    is_relative_file,
)


def database_option(parser: argparse.ArgumentParser) -> None:
    # A SQLite file (the default, nothing to install) or a PostgreSQL URL when several
    # processes serve.
    parser.add_argument("--database", "--db", dest="db", default=default_database(),
                        metavar="URL", help="SQLite file or postgresql://… (default:"
                        f" $PASSLINE_DATABASE, else {INSTALLED_DIR}/passline.db on an installed"
                        f" box, else {DEVELOPMENT_DB} in this folder)")  # fmt: skip


class NoDatabase(SystemExit):
    """A command that reads a restaurant's data was pointed at a file that is not there:
    it must not quietly create an empty database in whatever folder it was run from."""

    def __init__(self, db: str) -> None:
        print(f"no database at {absolute(db)}: give --db (or set PASSLINE_DATABASE), or run"
              " this from the folder that holds var/; `passline migrate` creates a new one",
              file=sys.stderr)  # fmt: skip
        super().__init__(1)


def services(db: str, create: bool = False) -> Any:
    """The server's services over ``db`` (opening it brings its schema up to date). A SQLite
    file must exist already unless the command is one that ``create``s it."""
    from .. import create_app

    if not create and is_file(db) and not os.path.exists(db):
        raise NoDatabase(db)
    return create_app({"DATABASE": db}).extensions["passline"]


def where(db: str) -> str:
    """The database as a person must read it: a file's absolute path, and a relative one said
    to be a development default."""
    if is_relative_file(db):
        return (
            f"{absolute(db)} (relative to this folder: for development; an installed box"
            f" uses {INSTALLED_DIR})"
        )
    return shown(db)


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


class Progress:
    """Plain counts on one line of a terminal's stderr as a long command works ("copying
    events: 120,000 rows"), nothing when the output is a file or a pipe: a script's log gets
    the final line only. Plain counts, not a library: a line that rewrites itself is all."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream or sys.stderr
        self.shown = False

    def __call__(self, text: str) -> None:
        if not self.stream.isatty():
            return
        self.stream.write(f"\r{text}\033[K")
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
