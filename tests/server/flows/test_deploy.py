"""deploy/systemd: the units run commands this Passline has, with settings it reads."""

from __future__ import annotations

import re
import shlex

from server import cli
from tests.support.server_process import ROOT

SYSTEMD = ROOT / "deploy/systemd"


def test_the_unit_runs_passline_commands_that_exist():
    unit = (SYSTEMD / "passline@.service").read_text()
    for key in ("ExecStartPre", "ExecStart"):
        argv = shlex.split(re.search(rf"^{key}=(.+)$", unit, re.M).group(1).replace("%i", "8001"))
        assert argv[0] == "/opt/passline/.venv/bin/passline"
        args = cli.build_parser().parse_args(argv[1:])  # exits on an unknown option
        assert args.run in (cli.migrate.cmd_migrate, cli.serve.cmd_serve)
    assert "EnvironmentFile=/etc/passline/passline.env" in unit


def test_every_setting_in_the_environment_file_is_one_the_server_reads():
    server_code = "\n".join(p.read_text() for p in (ROOT / "server").glob("*.py"))
    env = (SYSTEMD / "passline.env").read_text()
    keys = re.findall(r"^(PASSLINE_[A-Z_]+)=", env, re.M)
    assert {"PASSLINE_DATABASE", "PASSLINE_BROKER"} <= set(keys)
    for key in keys:
        short = key.removeprefix("PASSLINE_")
        assert f'"{key}"' in server_code or f'("{short}",' in server_code, key
