"""The Dockerfile and compose.yaml: read as Docker would where Docker is not running here, and
built and run where it is."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time

import pytest
import requests
import yaml

from tests.support.server_process import ROOT, free_port

DOCKERFILE = (ROOT / "Dockerfile").read_text()
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())


def instructions(text: str) -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n\s*", " ", text)
    lines = [line.strip() for line in joined.splitlines() if line.strip() and line[0] != "#"]
    return [(line.split()[0].upper(), line.partition(" ")[2]) for line in lines]


def test_the_image_is_slim_not_root_and_checks_its_own_health():
    steps = instructions(DOCKERFILE)
    bases = [arg for op, arg in steps if op == "FROM"]
    assert bases[-1] == "python:3.11-slim-bookworm"  # what runs; node only builds the app
    users = [arg for op, arg in steps if op == "USER"]
    assert users and users[-1] not in ("root", "0")
    health = next(arg for op, arg in steps if op == "HEALTHCHECK")
    assert "/api/v1/health" in health
    assert next(arg for op, arg in steps if op == "ENTRYPOINT") == '["passline"]'
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", "node_modules", "var"} <= set(ignored)  # no secrets, no databases


def test_compose_puts_caddy_in_front_and_has_a_postgresql_and_redis_profile():
    services = COMPOSE["services"]
    assert "ports" not in services["passline"]  # only Caddy is reachable from the network
    caddy = services["caddy"]
    mounts = [v.split(":")[:2] for v in caddy["volumes"]]
    assert ["./deploy/Caddyfile", "/etc/caddy/Caddyfile"] in mounts
    assert ["./deploy/caddy.d", "/etc/caddy/caddy.d"] in mounts
    for source, _ in mounts:
        assert not source.startswith("./") or (ROOT / source).exists(), source
    assert caddy["environment"]["PASSLINE_UPSTREAM"] == "passline:8000"
    assert caddy["depends_on"]["passline"]["condition"] == "service_healthy"
    assert services["postgres"]["profiles"] == ["scale"] == services["redis"]["profiles"]
    scale = dict(line.split("=", 1) for line in (ROOT / "deploy/scale.env").read_text()
                 .splitlines() if line and line[0] != "#")  # fmt: skip
    assert scale["COMPOSE_PROFILES"] == "scale"
    assert scale["PASSLINE_DATABASE"].startswith("postgresql://passline:")
    assert "@postgres:5432/" in scale["PASSLINE_DATABASE"]
    assert scale["PASSLINE_BROKER"] == "redis://redis:6379/0"


def docker_runs() -> bool:
    if shutil.which("docker") is None:
        return False
    return subprocess.run(["docker", "info"], capture_output=True, timeout=30).returncode == 0


@pytest.mark.skipif(not docker_runs(),
                    reason="no Docker daemon on this machine: the image is checked as text only")  # fmt: skip
def test_the_image_builds_runs_as_its_user_and_becomes_healthy():
    tag = "passline:test"
    built = subprocess.run(["docker", "build", "-t", tag, str(ROOT)], capture_output=True,
                           text=True, timeout=1200)  # fmt: skip
    assert built.returncode == 0, built.stderr[-3000:]
    port = free_port()
    container = subprocess.run(
        ["docker", "run", "-d", "--rm", "-p", f"127.0.0.1:{port}:8000", tag],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        state = ""
        while time.monotonic() < deadline and state != "healthy":
            inspect = subprocess.run(["docker", "inspect", container], capture_output=True,
                                     text=True, check=True).stdout  # fmt: skip
            state = json.loads(inspect)[0]["State"].get("Health", {}).get("Status", "")
            time.sleep(1)
        assert state == "healthy"
        assert requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=5).ok
        uid = subprocess.run(["docker", "exec", container, "id", "-u"], capture_output=True,
                             text=True, check=True).stdout.strip()  # fmt: skip
        assert uid != "0"
    finally:
        subprocess.run(["docker", "rm", "-f", container], capture_output=True)
