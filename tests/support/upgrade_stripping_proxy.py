"""A reverse proxy that passes plain HTTP and refuses WebSocket upgrades, as some hotel and
corporate proxies do: the app behind it must fall back to polling and still deliver.

It can also turn bad, as the networks restaurants have do: ``mode = PORTAL`` answers every
request with a Wi-Fi login page (200, HTML), as a captive portal does once its session lapses;
``mode = LOGIN_ONLY`` lets sign-ins (and a manager's PIN check) through and answers everything
else 503, as an uplink that drops all but a few requests.

A real process-level component (sockets on loopback), not a mock: the browser talks to it
exactly as it would to such a proxy.
"""

from __future__ import annotations

import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP_BY_HOP = {
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
    "transfer-encoding", "upgrade", "content-length",
}  # fmt: skip


PASS, PORTAL, LOGIN_ONLY = "pass", "portal", "login_only"
PORTAL_PAGE = b"<!doctype html><title>Guest Wi-Fi</title><p>Accept the terms to continue.</p>"


class UpgradeStrippingProxy:
    def __init__(self, upstream: str) -> None:
        target = urlsplit(upstream)
        self.refused_upgrades = 0
        self.mode = PASS
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _answer(self, status: int, body: bytes, kind: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _forward(self) -> None:
                if proxy.mode == PORTAL:
                    self._answer(200, PORTAL_PAGE, "text/html")
                    return
                if (
                    proxy.mode == LOGIN_ONLY
                    and self.path.startswith("/api/")
                    and self.path not in ("/api/v1/login", "/api/v1/manager-check")
                ):
                    self._answer(503, b"<h1>Service unavailable</h1>", "text/html")
                    return
                if self.headers.get("Upgrade"):
                    proxy.refused_upgrades += 1
                    body = b'{"code": "upgrade_refused"}'
                    self.send_response(403)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                upstream_conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
                try:
                    upstream_conn.request(self.command, self.path, body, headers)
                    answer = upstream_conn.getresponse()
                    payload = answer.read()
                except OSError:
                    self.send_error(502)
                    return
                finally:
                    upstream_conn.close()
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in HOP_BY_HOP:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _forward

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> UpgradeStrippingProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
