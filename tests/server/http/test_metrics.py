"""``/metrics`` (``server.http.metrics``) against a real server: what happened is counted, what
every process shares is read at scrape, only loopback or the token may read it, several workers
are summed, and a real Prometheus scrapes it."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.support.client import Live, Rest, login, new_client_id, order_body
from tests.support.server_process import ServerProcess, free_port, seed_demo
from tests.support.wait import until


def scrape(url: str, **headers: str) -> dict[tuple[str, tuple], float]:
    """Every sample as {(name, sorted labels): value}, read by prometheus_client's own parser."""
    answer = requests.get(url + "/metrics", headers=headers, timeout=5)
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
    }


def test_what_happened_and_what_is_shared_are_in_the_scrape(fresh_server):
    kiosk = Rest(fresh_server.url, login(fresh_server.url, "kiosk"))
    created = kiosk.post("/orders", order_body(client_id=new_client_id()))
    assert created.status_code in (200, 201), created.text
    refused = kiosk.post("/orders", order_body(client_id=new_client_id(), table_id="nowhere"))
    code = refused.json()["error"]["code"]
    live = Live(fresh_server.ws_url, login(fresh_server.url, "kitchen"))
    try:
        samples = until(lambda: scrape(fresh_server.url),
                        lambda s: s.get(("passline_fanout_lag_seconds_count", ())))  # fmt: skip
    finally:
        live.close()
    assert samples[("passline_orders_created_total", (("restaurant", "demo"),))] == 1
    assert samples[("passline_changes_refused_total", (("code", code),))] == 1
    route = (("method", "POST"), ("route", "/api/v1/orders"))
    assert samples[("passline_http_requests_total", (*route, ("status", "201")))] >= 1
    assert samples[("passline_http_request_duration_seconds_count",
                    (("route", "/api/v1/orders"),))] >= 2  # fmt: skip
    assert samples[("passline_live_sockets", (("role", "kitchen"),))] == 1
    assert samples[("passline_database_up", ())] == 1
    assert samples[("passline_database_bytes", ())] > 0
    assert samples[("passline_disk_free_bytes", ())] > 0
    assert ("passline_broker_up", ()) not in samples  # no broker, no figure
    assert any(name == "passline_info" for name, _ in samples)


def test_only_loopback_without_a_proxy_or_the_token_may_read_it(tmp_path):
    db = str(tmp_path / "passline.db")
    seed_demo(db)
    server = ServerProcess(db, env={"PASSLINE_METRICS_TOKEN": "s3cret-metrics"}).start()
    try:
        via_proxy = requests.get(server.url + "/metrics", timeout=5,
                                 headers={"X-Forwarded-For": "192.168.1.50"})  # fmt: skip
        assert via_proxy.status_code == 403 and via_proxy.json()["error"]["code"] == "forbidden"
        wrong = requests.get(server.url + "/metrics", timeout=5, headers={
            "X-Forwarded-For": "192.168.1.50", "Authorization": "Bearer guess"})  # fmt: skip
        assert wrong.status_code == 403
        assert scrape(server.url, **{"X-Forwarded-For": "192.168.1.50",
                                     "Authorization": "Bearer s3cret-metrics"})  # fmt: skip
        assert scrape(server.url)  # Prometheus on the box
        answer = requests.get(server.url + "/metrics", timeout=5)
        assert answer.headers["Cache-Control"] == "no-store"
    finally:
        server.kill()


def test_several_workers_are_summed_whichever_answers_the_scrape(tmp_path):
    db = str(tmp_path / "passline.db")
    seed_demo(db)
    server = ServerProcess(db, args=("--workers", "2")).start()
    try:
        for _ in range(40):
            requests.get(server.url + "/api/v1/health", timeout=5)
        health = ("passline_http_requests_total",
                  (("method", "GET"), ("route", "/api/v1/health"), ("status", "200")))  # fmt: skip
        # Each scrape is answered by one worker or the other; each says the sum. (Alone, each
        # would count only the half it answered.)
        seen = [scrape(server.url)[health] for _ in range(6)]
        assert all(count >= 40 for count in seen), seen
    finally:
        server.kill()


@pytest.mark.skipif(shutil.which("prometheus") is None,
                    reason="Debian's prometheus is not installed (make test installs it)")  # fmt: skip
def test_a_real_prometheus_scrapes_it(fresh_server, tmp_path):
    port = free_port()
    config = tmp_path / "prometheus.yml"
    config.write_text(
        "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
        "scrape_configs:\n  - job_name: passline\n"
        f"    static_configs:\n      - targets: ['127.0.0.1:{fresh_server.port}']\n"
    )
    log = open(tmp_path / "prometheus.log", "wb")  # noqa: SIM115 - the child process owns it
    prometheus = subprocess.Popen(
        ["prometheus", f"--config.file={config}", f"--storage.tsdb.path={tmp_path / 'data'}",
         f"--web.listen-address=127.0.0.1:{port}"],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    api = f"http://127.0.0.1:{port}/api/v1"

    def query(expr: str) -> list:
        try:
            answer = requests.get(api + "/query", params={"query": expr}, timeout=2)
            return answer.json()["data"]["result"] if answer.ok else []
        except requests.RequestException:
            return []

    try:
        up = until(lambda: query('up{job="passline"}'), lambda r: r and r[0]["value"][1] == "1",
                   timeout=30)  # fmt: skip
        assert up[0]["metric"]["instance"] == f"127.0.0.1:{fresh_server.port}"
        db = until(lambda: query("passline_database_up"), lambda r: r, timeout=10)
        assert db[0]["value"][1] == "1"
        targets = requests.get(api + "/targets", timeout=2).json()["data"]["activeTargets"]
        assert targets[0]["health"] == "up" and targets[0]["lastError"] == ""
    finally:
        prometheus.terminate()
        prometheus.wait(timeout=10)
