"""``passline``: set a restaurant up and run it. ``demo`` seeds the demo restaurant, ``serve``
runs the server; ``restaurant``, ``pin``, ``staff``, ``menu``, ``floor`` and ``devices`` set up
and look after a restaurant beside a running server (they share the database, and the server
notices within a second); ``backup``, ``prune``, ``migrate``, ``migrate-to`` and ``new-epoch``
look after the database. One module per command group, each adding its commands to the parser;
imports that plan, ask and apply (``plans``).

May import: every part of the server (it sits on top, beside ``http``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import Any

from ..http.openapi import VERSION
from . import (
    backup,
    demo,
    devices,
    floor,
    menu,
    migrate,
    pin,
    printers,
    prune,
    restaurant,
    serve,
    staff,
)
from .examples import epilog

GROUPS = (demo, serve, migrate, pin, staff, devices, printers, restaurant, menu, floor, backup,
          prune)  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="passline", description="Set a restaurant up and run it (see the README)."
    )
    parser.add_argument("--version", action="version", version=f"passline {VERSION}")
    sub = parser.add_subparsers(dest="command", required=True)
    for group in GROUPS:
        group.add_commands(sub)
    for path, command in commands(parser):
        command.epilog = epilog(path)
        command.formatter_class = argparse.RawDescriptionHelpFormatter
    return parser


def commands(parser: argparse.ArgumentParser, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every command a person runs (``staff add``, ``backup``) with its parser."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, parser
        return
    for name, child in subs[0].choices.items():
        yield from commands(child, f"{path} {name}".strip())


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


def run() -> int:
    """The ``passline`` program: the log set up (``http.logs``: what the store says while a
    command works, an upgrade's copy for one), then the command."""
    import logging.config

    from ..http import logs

    try:
        logging.config.dictConfig(logs.config())
    except ValueError as exc:  # a PASSLINE_LOG_FORMAT that is not one
        print(exc.__cause__ or exc, file=sys.stderr)
        return 2
    return main()
