"""``passline demo`` seeds the demo restaurant; ``passline serve`` runs the server."""

from __future__ import annotations

import argparse
import sys

DEFAULT_DB = "var/passline.db"
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
    print(f"Demo restaurant {args.restaurant!r} {state} in {args.db}")
    for role, pin in demo.PINS.items():
        print(f"  {role:<8} PIN {pin}")
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

    class Server(BaseApplication):
        def load_config(self) -> None:
            options = {
                "bind": f"{args.host}:{args.port}",
                # One worker: the live hub lives in this process; more workers would each see
                # only their own writes.
                "workers": 1,
                "worker_class": "gthread",
                "threads": args.threads,
                "worker_connections": WORKER_CONNECTIONS,
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

            return create_app({"DATABASE": args.db})

    files = raise_open_file_limit()
    print(
        f"Passline serving http://{args.host}:{args.port}  (database {args.db},"
        f" {args.threads} threads, {files} open files)",
        flush=True,
    )
    Server().run()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="passline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="create the demo restaurant (idempotent)")
    demo.add_argument("--db", default=DEFAULT_DB)
    demo.add_argument("--restaurant", default="demo")
    demo.set_defaults(run=cmd_demo)

    serve = sub.add_parser("serve", help="run the server under gunicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--db", default=DEFAULT_DB)
    serve.add_argument("--threads", type=int, default=THREADS)
    serve.add_argument("--access-log", action="store_true")
    serve.set_defaults(run=cmd_serve)

    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
