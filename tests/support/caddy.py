"""The real Caddy (Debian's package) in front of a real Passline server, configured by the
project's own ``deploy/Caddyfile``: TLS from Caddy's internal CA on a free loopback port."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import requests

from tests.support.server_process import ROOT, free_port


class CaddyProcess:
    def __init__(
        self, upstream_port: int | list[int], home: Path, config: Path = ROOT / "deploy/Caddyfile",
        admin: str = "off",
    ) -> None:  # fmt: skip
        """``upstream_port``: the server's, or several servers' (scaled out); ``config``: the
        Caddyfile (an installed box's); ``admin``: its admin endpoint, which ``reload`` needs
        (off: tests run side by side, and beside any system Caddy)."""
        ports = upstream_port if isinstance(upstream_port, list) else [upstream_port]
        self.upstreams = " ".join(f"127.0.0.1:{port}" for port in ports)
        self.config = config
        self.admin = admin
        self.home = home
        self.https_port = free_port()
        self.http_port = free_port()
        self.proc: subprocess.Popen | None = None
        self.log_path = home / "caddy.log"

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    @property
    def root_cert(self) -> Path:
        return self.home / "data/caddy/pki/authorities/local/root.crt"

    @property
    def intermediate_cert(self) -> Path:
        return self.home / "data/caddy/pki/authorities/local/intermediate.crt"

    def environment(self) -> dict[str, str]:
        return {
            **os.environ,
            "HOME": str(self.home),
            "XDG_DATA_HOME": str(self.home / "data"),
            "XDG_CONFIG_HOME": str(self.home / "config"),
            "PASSLINE_HOST": "127.0.0.1",
            "PASSLINE_HTTP_PORT": str(self.http_port),
            "PASSLINE_HTTPS_PORT": str(self.https_port),
            "PASSLINE_UPSTREAM": self.upstreams,
            "PASSLINE_CADDY_ADMIN": self.admin,
        }

    def start(self, timeout: float = 20.0, healthy: bool = True) -> CaddyProcess:
        """Until Caddy answers over TLS (``healthy``: with the server's 200)."""
        caddy = shutil.which("caddy")
        if caddy is None:
            raise RuntimeError("caddy is not installed (make test installs Debian's package)")
        log = open(self.log_path, "ab")  # noqa: SIM115 - the child process owns it
        self.proc = subprocess.Popen(
            [caddy, "run", "--environ", "--config", str(self.config), "--adapter", "caddyfile"],
            cwd=self.home, env=self.environment(), stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"caddy exited: {self.log_path.read_text()[-3000:]}")
            if self.root_cert.exists():
                try:
                    answer = requests.get(
                        self.url + "/api/v1/health", verify=self.root_cert, timeout=2
                    )
                    if answer.ok or not healthy:
                        return self
                except requests.RequestException:
                    pass
            time.sleep(0.1)
        raise RuntimeError(f"caddy did not answer: {self.log_path.read_text()[-3000:]}")

    def reload(self, upstream_port: int) -> subprocess.CompletedProcess:
        """What ``systemctl reload caddy`` runs (Debian's ExecReload), with a new upstream."""
        self.upstreams = f"127.0.0.1:{upstream_port}"
        return subprocess.run(
            ["caddy", "reload", "--config", str(self.config), "--adapter", "caddyfile", "--force"],
            cwd=self.home, env=self.environment(), capture_output=True, text=True, timeout=30,
        )  # fmt: skip

    def spki_hash(self) -> str:
        """The intermediate's public key hash, for Chromium's
        ``--ignore-certificate-errors-spki-list``: the browser trusts this CA as a tablet that
        installed its root would, and a service worker may register."""
        pem = subprocess.run(
            ["openssl", "x509", "-in", str(self.intermediate_cert), "-pubkey", "-noout"],
            capture_output=True, check=True,
        ).stdout  # fmt: skip
        der = subprocess.run(
            ["openssl", "pkey", "-pubin", "-outform", "der"], input=pem,
            capture_output=True, check=True,
        ).stdout  # fmt: skip
        return base64.b64encode(hashlib.sha256(der).digest()).decode()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
