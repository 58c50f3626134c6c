"""Plan, ask, apply: how a file changes the restaurant. The file is read into a plan (what it
adds, changes and keeps), the plan is shown, the person says yes (or ``--yes`` did), and only
then is it applied, in one commit. The menu and the floor plan both import this way."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any, Protocol

from domain.errors import DomainError

from ..files.floor_file import FileErrors
from .options import database_option, for_restaurant


class Plan(Protocol):
    added: list[str]
    changed: list[str]
    kept: list[str]

    @property
    def changes_anything(self) -> bool: ...


def plan_ask_apply(
    args: argparse.Namespace,
    read: Callable[[Any], Any],
    plan: Callable[[Any, Any], Plan],
    apply: Callable[[Any, Plan, Any], None],
    unchanged: Callable[[Plan], str] = lambda plan: "nothing to change",
) -> int:
    """``read(services)`` the file ``args.file`` into a document, ``plan(services, document)``
    what it would do, show it, ask, and ``apply(services, plan, document)``. The exit code."""
    svc = for_restaurant(args)
    if svc is None:
        return 1
    try:
        document = read(svc)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"cannot read {args.file}: {getattr(exc, 'strerror', None) or exc}",
              file=sys.stderr)  # fmt: skip
        return 1
    except FileErrors as exc:
        print(f"{args.file}: nothing imported, {len(exc.errors)} error(s):", file=sys.stderr)
        for error in exc.errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    planned = plan(svc, document)
    for sign, labels in (("+", planned.added), ("~", planned.changed), ("=", planned.kept)):
        for label in labels:
            print(f"{sign} {label}" + ("  (not in the file: kept)" if sign == "=" else ""))
    if not planned.changes_anything:
        print(unchanged(planned))
        return 0
    if not args.yes:
        answer = input(f"apply {len(planned.added)} new and {len(planned.changed)} changed? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("nothing changed")
            return 1
    try:
        apply(svc, planned, document)
    except DomainError as exc:  # e.g. a menu's image URL this server never gave
        print(f"{args.file}: nothing imported: {exc.field or ''} {exc.message}", file=sys.stderr)
        return 1
    print(f"imported: {len(planned.added)} new, {len(planned.changed)} changed")
    return 0


def write_out(text: str, file: str | None) -> None:
    """An export: to ``file``, or to standard output."""
    if file:
        from pathlib import Path

        Path(file).write_text(text, encoding="utf-8")
    else:
        print(text, end="")


def add_file_commands(
    sub: Any, name: str, about: str, *, adds: str, writes: str, file_help: str | None,
    out_help: str, run_import: Callable[[argparse.Namespace], int],
    run_export: Callable[[argparse.Namespace], int],
) -> None:  # fmt: skip
    """``passline NAME import RESTAURANT FILE [--yes]`` and ``NAME export RESTAURANT [FILE]``."""
    group = sub.add_parser(name, help=about).add_subparsers(dest="action", required=True)
    importing = group.add_parser("import", help=adds)
    importing.add_argument("restaurant")
    importing.add_argument("file", help=file_help)
    importing.add_argument("--yes", action="store_true", help="apply without asking")
    database_option(importing)
    importing.set_defaults(run=run_import)
    exporting = group.add_parser("export", help=writes)
    exporting.add_argument("restaurant")
    exporting.add_argument("file", nargs="?", help=out_help)
    database_option(exporting)
    exporting.set_defaults(run=run_export)
