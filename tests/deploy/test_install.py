"""``deploy/install.sh``, the one way onto a Debian box as services, written under a folder of
the test's own (``--root``) so this machine is not changed: the units it writes are ones
systemd accepts, the app it installs serves from its own copy, and Debian's Caddy service runs
its Caddyfile and takes a reload."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from server import cli
from tests.support.caddy import CaddyProcess
from tests.support.server_process import ROOT, ServerProcess, free_port

pytestmark = [
    pytest.mark.xdist_group("install"),  # one install, shared by the tests below
    pytest.mark.skipif(shutil.which("systemd-analyze") is None or shutil.which("caddy") is None,
                       reason="needs systemd-analyze (Debian's systemd) and caddy"),
]  # fmt: skip


def install(root: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(ROOT / "deploy/install.sh"), "--root", str(root), *options],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.fixture(scope="module")
def box(tmp_path_factory) -> Path:
    """A SQLite box, as `make install ADDRESS=192.168.1.20` writes it."""
    root = tmp_path_factory.mktemp("box")
    done = install(root, "--host", "192.168.1.20")
    assert done.returncode == 0, done.stderr[-3000:]
    return root


def env_file(path: Path) -> dict[str, str]:
    """The settings an environment file sets, each one the server reads."""
    lines = [line for line in path.read_text().splitlines() if line and line[0] != "#"]
    settings = dict(line.split("=", 1) for line in lines)
    server_code = "\n".join(p.read_text() for p in (ROOT / "server").rglob("*.py"))
    for key in settings:
        short = key.removeprefix("PASSLINE_")
        assert f'"{key}"' in server_code or f'("{short}",' in server_code, key
    return settings


@pytest.mark.parametrize("unit", ["passline.service", "passline@.service"])
def test_the_units_run_passline_commands_that_exist(unit):
    text = (ROOT / "deploy/systemd" / unit).read_text()
    for key in ("ExecStartPre", "ExecStart"):
        line = re.search(rf"^{key}=(.+)$", text, re.M).group(1).replace("%i", "8001")
        argv = shlex.split(line)
        assert argv[0] == "/opt/passline/.venv/bin/passline"
        args = cli.build_parser().parse_args(argv[1:])  # exits on an unknown option
        assert args.run in (cli.migrate.cmd_migrate, cli.serve.cmd_serve)
    assert "EnvironmentFile=/etc/passline/passline.env" in text


def systemd_verify(root: Path, *units: str) -> subprocess.CompletedProcess:
    """``systemd-analyze verify`` inside ``root``, with this machine's own system units (the
    targets ours name) copied in; any complaint is printed, so the test asks for silence."""
    system = root / "usr/lib/systemd/system"
    if not system.exists():
        shutil.copytree("/usr/lib/systemd/system", system, symlinks=True)
    return subprocess.run(
        ["systemd-analyze", "verify", f"--root={root}", *units],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_the_sqlite_box_has_an_absolute_database_and_units_systemd_accepts(box):
    settings = env_file(box / "etc/passline/passline.env")
    assert settings["PASSLINE_DATABASE"] == "/var/lib/passline/passline.db"
    assert settings["PASSLINE_TRUSTED_PROXIES"] == "1"
    assert (box / "etc/passline/passline.env").stat().st_mode & 0o077 == 0
    assert (box / "var/lib/passline").stat().st_mode & 0o077 == 0
    dropin = (box / "etc/systemd/system/caddy.service.d/passline.conf").read_text()
    assert "Environment=PASSLINE_HOST=192.168.1.20" in dropin
    assert '"PASSLINE_UPSTREAM=127.0.0.1:8000"' in dropin
    # Debian's own caddy.service, as the package installs it, with our drop-in.
    caddy = box / "usr/bin/caddy"
    caddy.parent.mkdir(parents=True, exist_ok=True)
    caddy.write_text("#!/bin/sh\n")
    caddy.chmod(0o755)
    verified = systemd_verify(box, "passline.service", "caddy.service")
    assert verified.returncode == 0 and verified.stderr == "", verified.stderr
    assert not (box / "etc/systemd/system/passline@.service").exists()
    # The wrapper runs commands as the service user with the service's settings.
    wrapper = (box / "usr/local/bin/passline").read_text()
    assert "runuser -u passline" in wrapper and ". /etc/passline/passline.env" in wrapper


def test_a_unit_systemd_would_ignore_a_line_of_is_caught(box, tmp_path):
    """The check can fail: a misspelt setting is only a warning to systemd, and a warning
    here is a failure."""
    bad = tmp_path / "root"
    shutil.copytree(box / "etc", bad / "etc")
    shutil.copytree(box / "opt/passline/.venv/bin", bad / "opt/passline/.venv/bin", symlinks=True)
    unit = bad / "etc/systemd/system/passline.service"
    unit.write_text(unit.read_text().replace("Restart=always", "Restart=allways"))
    verified = systemd_verify(bad, "passline.service")
    assert "Failed to parse service restart specifier" in verified.stderr


def test_the_installed_copy_serves_the_app_and_says_its_version(box, tmp_path):
    passline = box / "opt/passline/.venv/bin/passline"
    version = subprocess.run([str(passline), "--version"], capture_output=True, text=True)
    assert version.stdout.startswith("passline ")
    db = str(tmp_path / "passline.db")  # the box's /var/lib/passline is not this test's to use
    server = ServerProcess(db, program=(str(passline),), cwd=tmp_path).start()
    try:
        health = requests.get(server.url + "/api/v1/health", timeout=5).json()
        assert health["version"] == version.stdout.split()[1]
        shell = requests.get(server.url + "/", timeout=5)
        assert shell.ok and "Passline" in shell.text
        assert requests.get(server.url + "/vendor/app-py.zip", timeout=5).ok
        assert requests.get(server.url + "/service-worker.js", timeout=5).ok
    finally:
        server.kill()
    # Installed from its own copy, not from this checkout.
    assert "opt/passline" in subprocess.run(
        [str(box / "opt/passline/.venv/bin/python"), "-c", "import server; print(server.__file__)"],
        capture_output=True, text=True, cwd=tmp_path,
    ).stdout  # fmt: skip


def test_debians_caddy_service_runs_the_installed_caddyfile_and_a_reload_takes(box, tmp_path):
    """As caddy.service starts it (`caddy run --environ --config /etc/caddy/Caddyfile`), with
    its admin endpoint on (Debian's ExecReload needs it), then `systemctl reload caddy`'s
    command with a new upstream: the proxy goes from a plain file server to Passline."""
    files = ThreadingHTTPServer(("127.0.0.1", 0), SimpleHTTPRequestHandler)
    threading.Thread(target=files.serve_forever, daemon=True).start()
    server = ServerProcess(str(tmp_path / "passline.db")).start()
    caddy = CaddyProcess(files.server_port, tmp_path / "caddy", config=box / "etc/caddy/Caddyfile",
                         admin=f"127.0.0.1:{free_port()}")  # fmt: skip
    caddy.home.mkdir()
    try:
        caddy.start(healthy=False)
        before = requests.get(caddy.url + "/api/v1/health", verify=caddy.root_cert, timeout=10)
        assert before.status_code == 404  # the file server's answer
        reloaded = caddy.reload(server.port)
        assert reloaded.returncode == 0, reloaded.stderr
        after = requests.get(caddy.url + "/api/v1/health", verify=caddy.root_cert, timeout=10)
        assert after.ok and after.json()["status"] == "ok"
    finally:
        caddy.stop()
        server.kill()
        files.shutdown()


def test_several_processes_on_postgresql_get_one_unit_each_behind_caddy(tmp_path):
    root = tmp_path / "multi"
    done = install(root, "--host", "pos.local", "--processes", "3",
                   "--postgres", "postgresql://passline@127.0.0.1/passline",
                   "--broker", "redis://127.0.0.1:6379/0")  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    settings = env_file(root / "etc/passline/passline.env")
    assert settings["PASSLINE_DATABASE"] == "postgresql://passline@127.0.0.1/passline"
    assert settings["PASSLINE_BROKER"] == "redis://127.0.0.1:6379/0"
    dropin = (root / "etc/systemd/system/caddy.service.d/passline.conf").read_text()
    assert '"PASSLINE_UPSTREAM=127.0.0.1:8001 127.0.0.1:8002 127.0.0.1:8003"' in dropin
    verified = systemd_verify(root, "passline@8001.service", "passline@8003.service")
    assert verified.returncode == 0 and verified.stderr == "", verified.stderr
    # Installing again (an upgrade) keeps the operator's settings and the previous copy.
    (root / "etc/passline/passline.env").write_text("PASSLINE_DATABASE=postgresql://mine/db\n")
    again = install(root, "--host", "pos.local", "--processes", "3",
                    "--postgres", "postgresql://passline@127.0.0.1/passline",
                    "--broker", "redis://127.0.0.1:6379/0")  # fmt: skip
    assert again.returncode == 0, again.stderr[-3000:]
    assert env_file(root / "etc/passline/passline.env") == {
        "PASSLINE_DATABASE": "postgresql://mine/db"
    }
    assert (root / "opt/passline.previous/server").is_dir()


def test_the_installer_refuses_what_cannot_work(tmp_path):
    assert "--host is required" in install(tmp_path / "a").stderr
    refused = install(tmp_path / "b", "--host", "x", "--processes", "2")
    assert refused.returncode != 0 and "give --postgres" in refused.stderr
    assert not (tmp_path / "b").exists()  # refused before writing anything
