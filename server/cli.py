"""``passline demo`` seeds the demo restaurant; ``passline serve`` runs the server; ``passline pin``
and ``passline devices`` set PINs and revoke devices, beside a running server (they share the
database, and the server notices within a second)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from domain.roles import ROLES

# A SQLite file (the default, nothing to install) or a PostgreSQL URL when several processes
# serve; the environment's PASSLINE_DATABASE, else the file.
DEFAULT_DB = os.environ.get("PASSLINE_DATABASE") or "var/passline.db"
# One socket holds one gunicorn thread for its lifetime, so threads bound the live sockets.
# 2,000 screens plus room for REST; worker_connections must be above that or gunicorn drops
# connections silently (its default is 1,000).
THREADS = 2_200
WORKER_CONNECTIONS = 4_000


def cmd_demo(args: argparse.Namespace) -> int:
    from . import create_app, demo

    app = create_app({"DATABASE": args.db})
    created = demo.seed(app.extensions["passline"].store, args.restaurant)
    state = "created" if created else "already there"
    print(f"Demo restaurant {args.restaurant!r} {state} in {shown(args.db)}")
    for role, pin in demo.PINS.items():
        print(f"  {role:<8} PIN {pin}")
    print("These PINs are for the demo only: anyone who read this knows them. For a real"
          " restaurant, set your own with `passline pin set`.")  # fmt: skip
    return 0


def _services(db: str):
    from . import create_app

    return create_app({"DATABASE": db}).extensions["passline"]


def _for_restaurant(args: argparse.Namespace):
    """The services, once ``args.restaurant`` is known to exist in ``args.db``; else None,
    with the reason printed."""
    svc = _services(args.db)
    if not svc.accounts.restaurant_exists(args.restaurant):
        print(f"no restaurant {args.restaurant!r} in {shown(args.db)}", file=sys.stderr)
        return None
    return svc


def cmd_pin_set(args: argparse.Namespace) -> int:
    from domain.errors import DomainError

    svc = _for_restaurant(args)
    if svc is None:
        return 1
    try:
        revoked = svc.accounts.set_pin(args.restaurant, args.role, args.pin, keep=args.keep)
    except DomainError as exc:
        print(f"refused: {exc.message}", file=sys.stderr)
        return 1
    print(f"{args.role} PIN of {args.restaurant!r} set; {revoked} device(s) signed out")
    return 0


def cmd_restaurant_create(args: argparse.Namespace) -> int:
    from domain.errors import DomainError

    accounts = _services(args.db).accounts
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
    print(f"Next: set its PINs, e.g. passline pin set {args.id} manager <6-12 digits>"
          f" --db {shown(args.db)}")  # fmt: skip
    return 0


def _file_errors(file: str, errors: list[str]) -> int:
    print(f"{file}: nothing imported, {len(errors)} error(s):", file=sys.stderr)
    for error in errors:
        print(f"  {error}", file=sys.stderr)
    return 1


def _show_and_ask(plan, yes: bool, unchanged: str) -> int | None:
    """Print what an import adds (+), changes (~) and keeps (=); ask unless ``yes``. None to go
    on, else the exit code."""
    for sign, labels in (("+", plan.added), ("~", plan.changed), ("=", plan.kept)):
        for label in labels:
            print(f"{sign} {label}" + ("  (not in the file: kept)" if sign == "=" else ""))
    if not plan.changes_anything:
        print(unchanged)
        return 0
    if not yes:
        answer = input(f"apply {len(plan.added)} new and {len(plan.changed)} changed? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("nothing changed")
            return 1
    return None


def cmd_floor_import(args: argparse.Namespace) -> int:
    from . import floor_file

    svc = _for_restaurant(args)
    if svc is None:
        return 1
    try:
        areas = floor_file.parse(Path(args.file).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        print(f"cannot read {args.file}: {exc}", file=sys.stderr)
        return 1
    except floor_file.FileErrors as exc:
        return _file_errors(args.file, exc.errors)
    plan = floor_file.plan(svc.store.floor(args.restaurant), areas)
    decided = _show_and_ask(plan, args.yes, "nothing to change")
    if decided is not None:
        return decided
    svc.store.import_floor(args.restaurant, plan.areas, plan.tables)
    print(f"imported: {len(plan.added)} new, {len(plan.changed)} changed")
    return 0


def cmd_floor_export(args: argparse.Namespace) -> int:
    import json

    from . import floor_file

    svc = _for_restaurant(args)
    if svc is None:
        return 1
    text = json.dumps(floor_file.export(svc.store.floor(args.restaurant)), ensure_ascii=False,
                      indent=2)  # fmt: skip
    if args.file:
        Path(args.file).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0


def cmd_menu_import(args: argparse.Namespace) -> int:
    from domain.errors import DomainError

    from . import menu_file

    svc = _for_restaurant(args)
    if svc is None:
        return 1
    currency = svc.accounts.settings(args.restaurant)["currency"]
    try:
        doc = menu_file.parse(Path(args.file), args.restaurant, currency)
    except OSError as exc:
        print(f"cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 1
    except menu_file.FileErrors as exc:
        return _file_errors(args.file, exc.errors)
    plan = menu_file.plan(svc.store.menu(args.restaurant), doc)
    unchanged = f"nothing to change ({plan.unchanged} already as in the file)"
    decided = _show_and_ask(plan, args.yes, unchanged)
    if decided is not None:
        return decided
    try:
        svc.store.import_menu(args.restaurant, plan.categories, plan.items, doc.pictures)
    except DomainError as exc:  # e.g. an image URL this server never gave
        print(f"{args.file}: nothing imported: {exc.field or ''} {exc.message}", file=sys.stderr)
        return 1
    print(f"imported: {len(plan.added)} new, {len(plan.changed)} changed")
    return 0


def cmd_menu_export(args: argparse.Namespace) -> int:
    import json

    from . import menu_file

    svc = _for_restaurant(args)
    if svc is None:
        return 1
    currency = svc.accounts.settings(args.restaurant)["currency"]
    menu = svc.store.menu(args.restaurant)
    if args.file and args.file.lower().endswith(".csv"):
        text, richer = menu_file.export_csv(menu, currency)
        if richer:
            print(f"note: {richer} item(s) have options, pictures, stock or availability the CSV "
                  "form does not carry (a CSV import keeps them); export JSON for everything",
                  file=sys.stderr)  # fmt: skip
    else:
        text = json.dumps(menu_file.export(menu), ensure_ascii=False, indent=2) + "\n"
    if args.file:
        Path(args.file).write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from domain.errors import DomainError
    from domain.timestamps import utcnow

    from .backup import backup
    from .db import is_postgres

    if is_postgres(args.db):
        print("PostgreSQL is backed up with its own tools: pg_dump (see README, Scaling out)",
              file=sys.stderr)  # fmt: skip
        return 1
    _services(args.db)  # the schema is current before it is copied
    try:
        path = backup(args.db, args.to, utcnow(), None if args.all else args.restaurant)
    except DomainError as exc:
        print(f"refused: {exc.message}", file=sys.stderr)
        return 1
    print(f"backup written: {path} ({path.stat().st_size:,} bytes, integrity checked)")
    return 0


def cmd_prune(args: argparse.Namespace) -> int:
    from domain.timestamps import utcnow

    from . import retention

    done = retention.prune(_services(args.db).db, utcnow(), args.days)
    print(f"pruned what is older than {args.days} days: {done.events} events,"
          f" {done.orders} closed orders, {done.idempotency} idempotency records,"
          f" {done.order_numbers} order-number days")  # fmt: skip
    return 0


def cmd_devices_list(args: argparse.Namespace) -> int:
    devices = _services(args.db).devices.list(args.restaurant)
    print(f"{'DEVICE':<20} {'ROLE':<8} {'NAME':<24} {'CREATED':<20} {'LAST SEEN':<20} STATE")
    for d in devices:
        state = f"revoked ({d.revoked_why}) {d.revoked_at[:16]}" if d.revoked_at else "active"
        print(f"{d.id:<20} {d.role:<8} {d.name[:24]:<24} {d.created_at[:16]:<20}"
              f" {d.last_seen[:16]:<20} {state}")  # fmt: skip
    return 0


def cmd_devices_revoke(args: argparse.Namespace) -> int:
    devices = _services(args.db).devices
    if devices.get(args.restaurant, args.device) is None:
        print(f"no device {args.device!r} in {args.restaurant!r}", file=sys.stderr)
        return 1
    if devices.revoke(args.restaurant, args.device):
        print(f"device {args.device} revoked; a running server closes its connection")
    else:
        print(f"device {args.device} was revoked already")
    return 0


def raise_open_file_limit() -> int:
    """Every live socket is a file descriptor; many systems start at a soft limit of 1,024."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        wanted = hard if hard != resource.RLIM_INFINITY else max(soft, 65_536)
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        soft = wanted
    return soft


def cmd_serve(args: argparse.Namespace) -> int:
    from gunicorn.app.base import BaseApplication

    from .db import is_postgres

    class Server(BaseApplication):
        def load_config(self) -> None:
            options = {
                "bind": f"{args.host}:{args.port}",
                # Each worker has its own hub; they see each other's events through the broker
                # (Redis) or, without one, by reading the log (server.relay).
                "workers": args.workers,
                "worker_class": "gthread",
                "threads": args.threads,
                # Above the threads, or gunicorn refuses sockets the threads could serve.
                "worker_connections": max(WORKER_CONNECTIONS, args.threads + 1_000),
                "backlog": 4_096,
                "keepalive": 5,
                "timeout": 60,
                "graceful_timeout": 3,
                "accesslog": "-" if args.access_log else None,
                "errorlog": "-",
                "loglevel": "info",
                "control_socket_disable": True,  # a fixed path: parallel servers would clash
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            # Called in the worker after the fork: SQLite connections and threads must not be
            # inherited from the arbiter.
            from . import create_app

            return create_app({"DATABASE": args.db, "BROKER": args.broker})

    if args.workers > 1 and not is_postgres(args.db):
        print("note: several workers on one SQLite file take turns to write; PostgreSQL scales"
              " further (README, Scaling out)", file=sys.stderr)  # fmt: skip
    if args.workers > 1 and not args.broker:
        print("note: without --broker, workers see each other's events by reading the log"
              " (a fifth of a second later)", file=sys.stderr)  # fmt: skip
    files = raise_open_file_limit()
    print(
        f"Passline serving http://{args.host}:{args.port}  (database {shown(args.db)},"
        f" broker {shown(args.broker) or 'none'}, {args.workers} worker(s) of {args.threads}"
        f" threads, {files} open files)",
        flush=True,
    )
    Server().run()
    return 0


def _database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", "--db", dest="db", default=DEFAULT_DB, metavar="URL",
                        help="SQLite file or postgresql://… (default: $PASSLINE_DATABASE,"
                        " else var/passline.db)")  # fmt: skip


def shown(url: str) -> str:
    """A database URL fit for a log line: any password left out."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if not parts.password:
        return url
    netloc = f"{parts.username or ''}:***@{parts.hostname}" + (
        f":{parts.port}" if parts.port else ""
    )
    return urlunsplit(parts._replace(netloc=netloc))


def cmd_migrate(args: argparse.Namespace) -> int:
    from .db import open_database
    from .migrations import SCHEMA_VERSION

    db = open_database(args.db)  # opening migrates, one process at a time
    print(f"{shown(args.db)}: schema version {db.schema_version()} (this Passline: "
          f"{SCHEMA_VERSION})")  # fmt: skip
    db.close()
    return 0


def cmd_migrate_to(args: argparse.Namespace) -> int:
    from .db import open_database
    from .transfer import TargetNotEmpty, copy_all

    if args.target == args.db:
        print("the target is the database itself", file=sys.stderr)
        return 1
    source, target = open_database(args.db), open_database(args.target)
    try:
        counts = copy_all(source, target)
    except TargetNotEmpty as exc:
        print(f"refused: {exc}; nothing copied", file=sys.stderr)
        return 1
    finally:
        source.close()
        target.close()
    print(f"copied {shown(args.db)} into {shown(args.target)}: {counts['restaurants']}"
          f" restaurant(s), {counts['events']:,} events, {counts['orders']:,} orders,"
          f" {counts['devices']} devices (still signed in). Serve from it with"
          f" --database {shown(args.target)}; devices resume from their cursors.")  # fmt: skip
    return 0


def cmd_new_epoch(args: argparse.Namespace) -> int:
    from .db import open_database
    from .transfer import new_epochs

    db = open_database(args.db)
    count = new_epochs(db)
    db.close()
    print(f"{count} restaurant log(s) given a new epoch: screens take a fresh snapshot when"
          " they reconnect")  # fmt: skip
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="passline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="create the demo restaurant (idempotent)")
    _database_option(demo)
    demo.add_argument("--restaurant", default="demo")
    demo.set_defaults(run=cmd_demo)

    migrate = sub.add_parser("migrate", help="bring the database's schema up to this version")
    _database_option(migrate)
    migrate.set_defaults(run=cmd_migrate)

    moving = sub.add_parser(
        "migrate-to", help="copy the whole database (log, cursors, devices) into an empty one"
    )
    moving.add_argument("target", metavar="URL", help="postgresql://… (or a SQLite file)")
    _database_option(moving)
    moving.set_defaults(run=cmd_migrate_to)

    epoch = sub.add_parser(
        "new-epoch", help="after restoring an older copy by hand (pg_restore): screens reload"
    )
    _database_option(epoch)
    epoch.set_defaults(run=cmd_new_epoch)

    serve = sub.add_parser("serve", help="run the server under gunicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    _database_option(serve)
    serve.add_argument("--threads", type=int, default=THREADS, help="per worker")
    serve.add_argument("--broker", default=os.environ.get("PASSLINE_BROKER", ""), metavar="URL",
                       help="redis://… : events between server processes (default:"
                       " $PASSLINE_BROKER, else none)")  # fmt: skip
    serve.add_argument("--workers", type=int, default=1, choices=range(1, 65), metavar="N",
                       help="processes (default 1); more want PostgreSQL and a broker")  # fmt: skip
    serve.add_argument("--access-log", action="store_true")
    serve.set_defaults(run=cmd_serve)

    pin = sub.add_parser("pin", help="role PINs").add_subparsers(dest="action", required=True)
    pin_set = pin.add_parser(
        "set", help="set a role's PIN; devices signed in with the old one are signed out"
    )
    pin_set.add_argument("restaurant")
    pin_set.add_argument("role", choices=ROLES)
    pin_set.add_argument("pin")
    pin_set.add_argument("--keep", action="append", default=[], metavar="DEVICE",
                         help="a device that stays signed in (repeat for more)")  # fmt: skip
    _database_option(pin_set)
    pin_set.set_defaults(run=cmd_pin_set)

    devices = sub.add_parser("devices", help="signed-in devices")
    actions = devices.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="every device of a restaurant")
    listing.add_argument("restaurant")
    _database_option(listing)
    listing.set_defaults(run=cmd_devices_list)
    revoke = actions.add_parser("revoke", help="sign a device out for good")
    revoke.add_argument("restaurant")
    revoke.add_argument("device")
    _database_option(revoke)
    revoke.set_defaults(run=cmd_devices_revoke)

    restaurant = sub.add_parser("restaurant", help="restaurants").add_subparsers(
        dest="action", required=True
    )
    create = restaurant.add_parser("create", help="a new restaurant, empty")
    create.add_argument("id")
    create.add_argument("--name", required=True)
    create.add_argument("--tz", default="Europe/Istanbul", help="IANA time zone")
    create.add_argument("--currency", default="TRY", help="ISO 4217 code")
    _database_option(create)
    create.set_defaults(run=cmd_restaurant_create)

    menu = sub.add_parser("menu", help="the menu as a file (JSON or CSV)").add_subparsers(
        required=True
    )
    menu_import = menu.add_parser("import", help="add or change categories and items from a file")
    menu_import.add_argument("restaurant")
    menu_import.add_argument("file", help="JSON, or CSV: category,name,price[,station,description]")
    menu_import.add_argument("--yes", action="store_true", help="apply without asking")
    _database_option(menu_import)
    menu_import.set_defaults(run=cmd_menu_import)
    menu_export = menu.add_parser("export", help="write the menu as a file")
    menu_export.add_argument("restaurant")
    menu_export.add_argument("file", nargs="?", help="*.csv for CSV; default: JSON on stdout")
    _database_option(menu_export)
    menu_export.set_defaults(run=cmd_menu_export)
    floor = sub.add_parser("floor", help="areas and tables as a file").add_subparsers(
        dest="action", required=True
    )
    floor_import = floor.add_parser("import", help="add or change areas and tables from a file")
    floor_import.add_argument("restaurant")
    floor_import.add_argument("file")
    floor_import.add_argument("--yes", action="store_true", help="apply without asking")
    _database_option(floor_import)
    floor_import.set_defaults(run=cmd_floor_import)
    floor_export = floor.add_parser("export", help="write areas and tables as a file")
    floor_export.add_argument("restaurant")
    floor_export.add_argument("file", nargs="?", help="default: standard output")
    _database_option(floor_export)
    floor_export.set_defaults(run=cmd_floor_export)

    backup = sub.add_parser("backup", help="a consistent copy, while the server runs")
    which = backup.add_mutually_exclusive_group(required=True)
    which.add_argument("restaurant", nargs="?", help="one restaurant's data")
    which.add_argument("--all", action="store_true", help="the whole database")
    backup.add_argument("--to", default="var/backups", help="folder (default var/backups)")
    _database_option(backup)
    backup.set_defaults(run=cmd_backup)

    prune = sub.add_parser("prune", help="delete what is older than the retention period")
    prune.add_argument("--days", type=int, default=90, help="keep this many days (default 90)")
    _database_option(prune)
    prune.set_defaults(run=cmd_prune)
    return parser


if __name__ == "__main__":
    sys.exit(main())
