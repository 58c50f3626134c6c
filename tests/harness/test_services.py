"""The scale-out tests' own PostgreSQL and Redis: real servers, private, on free loopback
ports, that an outage really stops. (What Passline does with them is tested beside this.)"""

from __future__ import annotations

import psycopg
import pytest
import redis


def test_a_private_postgres_survives_a_crash_and_keeps_what_it_committed(postgres):
    with psycopg.connect(postgres.url, autocommit=True) as conn:
        conn.execute("CREATE TABLE counter (n integer)")
        conn.execute("INSERT INTO counter VALUES (41)")
    postgres.kill()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(postgres.url, connect_timeout=2)
    postgres.start()  # crash recovery replays its write-ahead log
    with psycopg.connect(postgres.url) as conn:
        assert conn.execute("SELECT n FROM counter").fetchone() == (41,)
    assert postgres.url.startswith("postgresql://postgres@127.0.0.1:")


def test_a_private_redis_restarts_empty(redis_server, tmp_path):
    client = redis.Redis.from_url(redis_server.url)
    client.set("cursor", 7)
    redis_server.kill()
    with pytest.raises(redis.ConnectionError):
        redis.Redis.from_url(redis_server.url, socket_timeout=1).ping()
    redis_server.start()
    assert redis.Redis.from_url(redis_server.url).get("cursor") is None  # nothing on disk
