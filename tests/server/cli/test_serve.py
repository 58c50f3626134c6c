"""``passline serve``: what it asks of the machine and its defaults. The command itself runs
under every server the suite starts (``tests/support/server_process.py``)."""

from __future__ import annotations

import resource

from server.cli import build_parser
from server.cli.serve import THREADS, WORKER_CONNECTIONS, raise_open_file_limit


def test_the_open_file_limit_is_raised_to_what_the_machine_allows():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))
        raised = raise_open_file_limit()
        assert raised == resource.getrlimit(resource.RLIMIT_NOFILE)[0] > 256
        assert raised == hard or hard == resource.RLIM_INFINITY
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_a_worker_holds_more_connections_than_sockets_it_serves():
    assert WORKER_CONNECTIONS > THREADS  # else gunicorn drops connections without a word
    args = build_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1" and args.run.__name__ == "cmd_serve"
