"""Several server processes on one PostgreSQL and one Redis: the same guarantees as one process.

Real servers throughout: Debian's PostgreSQL and Redis on free loopback ports, `passline serve`
processes started as a user would. Outages are processes stopped or killed.
"""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
import requests
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.support.caddy import CaddyProcess
from tests.support.client import PINS, Live, Rest, login, order_body
from tests.support.server_process import ServerProcess, seed_demo
from tests.support.services import RedisProcess
from tests.support.wait import until

# Many orders from one test device in a few seconds: the per-device rates are lifted.
ENV = {"PASSLINE_MUTATION_RATE_SCALE": "100", "PASSLINE_REQUEST_RATE_SCALE": "100"}


@dataclass
class Cluster:
    database: str
    redis: RedisProcess
    servers: list[ServerProcess]

    def rest(self, i: int, role: str = "kiosk") -> Rest:
        url = self.servers[i].url
        return Rest(url, login(url, role))

    def live(self, i: int, since: int | None = None, role: str = "kitchen") -> Live:
        url = self.servers[i].url
        return Live(self.servers[i].ws_url, login(url, role), since=since)


def start_cluster(database: str, redis: RedisProcess, folder, n: int) -> Cluster:
    servers = [
        ServerProcess(database, log_dir=folder, env=ENV, args=("--broker", redis.url))
        for _ in range(n)
    ]
    with ThreadPoolExecutor(n) as pool:
        list(pool.map(lambda s: s.start(), servers))
    return Cluster(database, redis, servers)


@pytest.fixture
def cluster(pg_databases, redis_server, tmp_path) -> Iterator[Cluster]:
    """Three processes on one fresh PostgreSQL database and one Redis."""
    found = start_cluster(pg_databases.new(), redis_server, tmp_path, 3)
    yield found
    for server in found.servers:
        server.kill()
    pg_databases.drop(found.database)


def collect(live: Live, until: int, timeout: float = 20.0) -> list[dict]:
    """Event frames until seq ``until``; fails on a gap or a repeat as soon as it shows."""
    got: list[dict] = []
    deadline = time.monotonic() + timeout
    while not got or got[-1]["seq"] < until:
        frame = live.recv(max(0.1, deadline - time.monotonic()))
        if frame["type"] != "event":
            continue
        if got:
            assert frame["seq"] == got[-1]["seq"] + 1, (got[-1]["seq"], frame["seq"])
        got.append(frame)
    return got


def place_many(rests: list[Rest], count: int) -> list[dict]:
    def place(i: int) -> dict:
        answer = rests[i % len(rests)].post("/orders", order_body(None))
        assert answer.status_code in (200, 201), answer.text
        return answer.json()["order"]

    with ThreadPoolExecutor(6) as pool:
        return list(pool.map(place, range(count)))


def latest(cluster: Cluster, via: int = 0) -> int:
    return cluster.rest(via, "manager").get("/stats").json()["seq"]


def test_a_socket_on_one_process_sees_every_order_made_through_the_others(cluster):
    start = latest(cluster)
    watching = cluster.live(0, since=start)
    placed = place_many([cluster.rest(1), cluster.rest(2)], 40)
    end = latest(cluster)
    got = collect(watching, end)
    assert [f["seq"] for f in got] == list(range(start + 1, end + 1))
    created = [f["data"]["id"] for f in got if f["event"] == "order_created"]
    assert sorted(created) == sorted(o["id"] for o in placed)
    stats = cluster.rest(0, "manager").get("/stats").json()["delivery"]
    assert stats["mode"] == "broker" and stats["broker"]["up"] is True
    watching.close()


def test_one_client_id_sent_to_two_processes_at_once_makes_one_order(cluster):
    rests = [cluster.rest(0), cluster.rest(1)]
    bodies = [order_body(None) for _ in range(20)]
    barrier = threading.Barrier(2)

    def send(i: int) -> list[dict]:
        out = []
        for body in bodies:
            barrier.wait()  # both processes get this client_id at the same instant
            answer = rests[i].post("/orders", body)
            assert answer.status_code in (200, 201), answer.text
            out.append(answer.json()["order"])
        return out

    with ThreadPoolExecutor(2) as pool:
        first, second = pool.map(send, (0, 1))
    assert [o["id"] for o in first] == [o["id"] for o in second]
    assert len({o["id"] for o in first}) == 20


def test_redis_restarting_mid_stream_loses_and_repeats_nothing(cluster):
    start = latest(cluster)
    sockets = [cluster.live(i, since=start) for i in range(3)]
    rests = [cluster.rest(i) for i in range(3)]
    stop = threading.Event()
    placed: list[dict] = []

    def stream() -> None:
        while not stop.is_set():
            placed.extend(place_many(rests, 3))
            time.sleep(0.02)

    writer = threading.Thread(target=stream)
    writer.start()
    time.sleep(0.5)
    cluster.redis.kill()
    time.sleep(1.0)
    down = cluster.rest(1, "manager").get("/stats").json()["delivery"]
    health = requests.get(cluster.servers[1].url + "/api/v1/health", timeout=5).json()
    cluster.redis.start()
    time.sleep(1.0)
    stop.set()
    writer.join()
    end = latest(cluster)
    for live in sockets:
        got = collect(live, end)
        assert [f["seq"] for f in got] == list(range(start + 1, end + 1))
        created = [f["data"]["id"] for f in got if f["event"] == "order_created"]
        assert sorted(created) == sorted(o["id"] for o in placed)
        live.close()
    assert down["mode"] == "log" and down["broker"]["up"] is False
    assert health["status"] == "degraded" and health["database"]["ok"] is True
    assert len(placed) > 20  # orders went on being taken while Redis was gone
    deadline = time.monotonic() + 10
    while cluster.rest(2, "manager").get("/stats").json()["delivery"]["mode"] != "broker":
        assert time.monotonic() < deadline, "the broker was not found again"
        time.sleep(0.2)


def test_a_killed_process_leaves_its_devices_to_resume_on_another(cluster):
    start = latest(cluster)
    on_a = cluster.live(0, since=start)
    place_many([cluster.rest(1)], 5)
    got = collect(on_a, latest(cluster))
    cursor = got[-1]["seq"]
    cluster.servers[0].kill()
    placed = place_many([cluster.rest(2)], 5)  # while the device finds another process
    on_b = cluster.live(1, since=cursor)
    end = latest(cluster, via=1)
    resumed = collect(on_b, end)
    assert [f["seq"] for f in resumed] == list(range(cursor + 1, end + 1))
    created = {f["data"]["id"] for f in resumed if f["event"] == "order_created"}
    assert created == {o["id"] for o in placed}
    on_b.close()


def test_postgres_down_answers_503_and_everything_arrives_once_it_is_back(
    tmp_path, redis_server, postgres
):
    pg = postgres  # a server of this test's own: it is stopped and started
    seed_demo(pg.url)
    found = start_cluster(pg.url, redis_server, tmp_path, 2)
    try:
        kiosk = found.rest(0)
        start = latest(found)
        watching = found.live(1, since=start)
        # Its pong comes once the server has caught it up from the log (which needs the
        # database): stopped before, the socket would be closed 1013 and resumed by a device.
        watching.send({"type": "ping", "t": 1})
        watching.recv_until("pong")
        pg.stop()
        body = order_body(None)  # what a device's outbox holds: sent again until it lands
        refused = kiosk.post("/orders", body)
        assert refused.status_code == 503, refused.text
        assert refused.json()["error"]["code"] == "database_unavailable"
        health = requests.get(found.servers[0].url + "/api/v1/health", timeout=10)
        assert health.status_code == 503 and health.json()["status"] == "unavailable"
        pg.start()
        deadline = time.monotonic() + 30
        while True:
            answer = kiosk.post("/orders", body)
            if answer.status_code in (200, 201):
                break
            assert answer.status_code == 503 and time.monotonic() < deadline, answer.text
            time.sleep(0.5)
        again = kiosk.post("/orders", body)  # the device did not hear the answer: sends again
        assert again.json()["order"]["id"] == answer.json()["order"]["id"]
        got = collect(watching, latest(found))
        created = [f for f in got if f["event"] == "order_created"]
        assert [f["data"]["id"] for f in created] == [answer.json()["order"]["id"]]
        watching.close()
    finally:
        for server in found.servers:
            server.kill()


def test_behind_caddy_a_killed_process_costs_the_tablets_nothing(cluster, tmp_path):
    """deploy/Caddyfile over three processes: with one killed, sign-ins, orders and the live
    socket go on through the others, without sticky sessions."""
    home = tmp_path / "caddy"
    home.mkdir()
    caddy = CaddyProcess([s.port for s in cluster.servers], home).start()
    try:
        tls = ssl.create_default_context(cafile=str(caddy.root_cert))
        wss = f"wss://127.0.0.1:{caddy.https_port}/api/v1/live"

        def post(path: str, body: dict, token: str = "") -> requests.Response:
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            return requests.post(caddy.url + "/api/v1" + path, json=body, headers=headers,
                                 verify=caddy.root_cert, timeout=10)  # fmt: skip

        token = post("/login", {"restaurant": "demo", "pin": "1111"}).json()["token"]
        cluster.servers[0].kill()
        placed, bounced = [], 0
        for _ in range(9):  # as a tablet's outbox sends: again, same client_id, until it lands
            body = order_body(None)
            while (answer := post("/orders", body, token)).status_code == 502:
                bounced += 1
            assert answer.status_code == 201, answer.text
            placed.append(answer.json()["order"]["id"])
        assert len(set(placed)) == 9
        assert bounced <= 1  # only the write that found the dead process first
        page = requests.get(caddy.url + "/", verify=caddy.root_cert, timeout=10)
        assert page.ok  # reads go to a live process without a bounce
        with connect(wss, ssl=tls, origin=caddy.url) as ws:
            ws.send(json.dumps({"type": "hello", "token": token, "since": None}))
            assert json.loads(ws.recv(timeout=5))["type"] == "welcome"
    finally:
        caddy.stop()


def test_one_serve_with_two_workers_is_one_server_to_its_devices(
    pg_databases, redis_server, tmp_path
):
    database = pg_databases.new()
    server = ServerProcess(database, log_dir=tmp_path, env=ENV,
                           args=("--broker", redis_server.url, "--workers", "2")).start()  # fmt: skip
    try:
        one = Cluster(database, redis_server, [server])
        start = latest(one)
        # The kernel hands each connection to either worker: six sockets land on both.
        sockets = [one.live(0, since=start) for _ in range(6)]
        placed = place_many([one.rest(0) for _ in range(3)], 24)
        end = latest(one)
        for live in sockets:
            got = collect(live, end)
            assert [f["seq"] for f in got] == list(range(start + 1, end + 1))
            created = {f["data"]["id"] for f in got if f["event"] == "order_created"}
            assert created == {o["id"] for o in placed}
            live.close()
        assert server.log_path.read_text().count("Booting worker") == 2
    finally:
        server.kill()
        pg_databases.drop(database)


def test_wrong_pins_are_counted_once_for_every_process(cluster):
    """Five wrong PINs a minute from one address, sent to three processes in turn: the sixth
    is refused by each of them (each counting alone let fifteen through); the same for a paired
    device's own windows. With Redis gone the
    processes count alone meanwhile, and sign-in keeps working."""

    def sign_in(i: int, pin: str, **more: str) -> requests.Response:
        return requests.post(cluster.servers[i].url + "/api/v1/login",
                             json={"restaurant": "demo", "pin": pin, **more}, timeout=10)  # fmt: skip

    # A paired device's own windows (10 wrong in 15 minutes) are every process's too.
    credential = sign_in(0, PINS["floor"]).json()["credential"]
    for attempt in range(10):
        assert sign_in(attempt % 3, "000001", credential=credential).status_code == 401
    for i in range(3):
        assert sign_in(i, "000001", credential=credential).status_code == 429, i
    for attempt in range(5):
        assert sign_in(attempt % 3, "000000").status_code == 401
    for i in range(3):
        refused = sign_in(i, "000000")
        assert refused.status_code == 429, (i, refused.text)
        assert refused.json()["error"]["code"] == "too_many_attempts"
    cluster.redis.kill()
    assert sign_in(0, "000000").status_code == 401  # counted in that process, not a 500
    assert sign_in(1, PINS["floor"]).status_code == 200


def test_a_socket_opened_while_postgres_is_down_is_told_to_come_back(
    tmp_path, redis_server, postgres
):
    """Catching a socket up needs the log: with the database away the socket is closed 1013
    ("try again later", not 1011, an internal error), and once it is back a device resumes."""
    pg = postgres
    seed_demo(pg.url)
    found = start_cluster(pg.url, redis_server, tmp_path, 1)
    try:
        token = login(found.servers[0].url, "kitchen")
        assert Rest(found.servers[0].url, token).get("/floor").ok  # known device, warm caches
        pg.stop()
        with pytest.raises(ConnectionClosed) as closed:
            Live(found.servers[0].ws_url, token, since=0)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1013
        pg.start()
        back = until(lambda: _try_live(found.servers[0].ws_url, token), bool, timeout=30)
        assert back.welcome["type"] == "welcome"
        back.close()
    finally:
        for server in found.servers:
            server.kill()


def _try_live(ws_url: str, token: str) -> Live | None:
    try:
        return Live(ws_url, token, since=0)
    except ConnectionClosed:
        return None
