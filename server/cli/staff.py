"""``passline staff add|list|pin|deactivate|activate|job``: the people who sign in as
themselves, and the restaurant's own jobs.
A PIN is asked for (twice, not shown) or read from standard input, never given on the command
line, where the shell's history and the process list would keep it; and it is never shown."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from domain.errors import DomainError
from domain.staff import BASES, RIGHTS

from .options import database_option, for_restaurant


def _read_pin(args: argparse.Namespace) -> str | None:
    """The PIN from standard input (one line) when it is not a terminal, else asked twice."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().strip()
    first = getpass.getpass("PIN: ")
    if getpass.getpass("PIN again: ") != first:
        print("refused: the two PINs differ", file=sys.stderr)
        return None
    return first


def _run(args: argparse.Namespace, act: Any) -> int:
    svc = for_restaurant(args)
    if svc is None:
        return 1
    try:
        return act(svc)
    except DomainError as exc:
        print(f"refused: {exc.message}", file=sys.stderr)
        return 1


def cmd_add(args: argparse.Namespace) -> int:
    def act(svc: Any) -> int:
        pin = _read_pin(args)
        if pin is None:
            return 1
        member = svc.staff.add(args.restaurant, args.name, args.job, pin)
        print(f"{member.name} added as {member.job} (id {member.id})")
        return 0

    return _run(args, act)


def cmd_pin(args: argparse.Namespace) -> int:
    def act(svc: Any) -> int:
        pin = _read_pin(args)
        if pin is None:
            return 1
        member = svc.staff.set_pin(args.restaurant, args.person, pin)
        print(f"{member.name}'s PIN changed")
        return 0

    return _run(args, act)


def cmd_list(args: argparse.Namespace) -> int:
    def act(svc: Any) -> int:
        members = svc.staff.list(args.restaurant)
        for m in members:
            state = "active" if m.active else "deactivated"
            print(f"{m.id}  {m.name:<24} {m.job:<10} {state}")
        if not members:
            print("no staff members yet: passline staff add RESTAURANT NAME --job JOB")
        return 0

    return _run(args, act)


def cmd_job(args: argparse.Namespace) -> int:
    def act(svc: Any) -> int:
        rights = [r.strip() for r in args.rights.split(",") if r.strip()]
        limit = round(args.discount_limit * 100) if args.discount_limit is not None else None
        made = svc.staff.put_job(args.restaurant, args.id, args.name, args.base, rights, limit)
        print(f"job {made.id} ({made.name}, on {made.base}): {', '.join(sorted(made.rights))}")
        return 0

    return _run(args, act)


def cmd_active(args: argparse.Namespace) -> int:
    def act(svc: Any) -> int:
        member = svc.staff.set_active(args.restaurant, args.person, args.active)
        print(f"{member.name} {'activated' if member.active else 'deactivated'}")
        return 0

    return _run(args, act)


def add_commands(sub: Any) -> None:
    staff = sub.add_parser("staff", help="people who sign in with their own PIN").add_subparsers(
        dest="action", required=True
    )
    add = staff.add_parser("add", help="enrol a person (the PIN is asked for, or read from stdin)")
    add.add_argument("restaurant")
    add.add_argument("name")
    add.add_argument(
        "--job",
        default="floor",
        help="floor, kitchen, manager, or one of the restaurant's own (staff job)",
    )
    add.set_defaults(run=cmd_add)
    listing = staff.add_parser("list", help="the restaurant's people, active or not")
    listing.add_argument("restaurant")
    listing.set_defaults(run=cmd_list)
    pin = staff.add_parser("pin", help="a new PIN for a person (asked for, or read from stdin)")
    pin.add_argument("restaurant")
    pin.add_argument("person", help="the person's id (passline staff list)")
    pin.set_defaults(run=cmd_pin)
    for action, active in (("deactivate", False), ("activate", True)):
        command = staff.add_parser(action, help=f"{action} a person")
        command.add_argument("restaurant")
        command.add_argument("person")
        command.set_defaults(run=cmd_active, active=active)
    job = staff.add_parser("job", help="a job of the restaurant's own, new or changed")
    job.add_argument("restaurant")
    job.add_argument("id", help="e.g. head-waiter")
    job.add_argument("--name", required=True)
    job.add_argument("--base", required=True, choices=BASES)
    job.add_argument("--rights", default="", help=f"comma-separated, of: {', '.join(RIGHTS)}")
    job.add_argument(
        "--discount-limit",
        type=float,
        default=None,
        help="percent it discounts without asking (default: the restaurant's)",
    )
    job.set_defaults(run=cmd_job)
    for command in (add, listing, pin, *staff.choices.values()):
        if not any(a.dest == "db" for a in command._actions):
            database_option(command)
