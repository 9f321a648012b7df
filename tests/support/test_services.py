"""The private servers themselves: they start, answer, restart and leave nothing behind."""

import psycopg2
import redis

from tests.support.services import PostgresServer, RedisServer


def test_postgres_starts_restarts_keeps_data_and_is_removed():
    server = PostgresServer().create()
    root = server.root
    try:
        conn = psycopg2.connect(server.url)
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("CREATE TABLE t (x int); INSERT INTO t VALUES (1)")
        conn.close()
        server.restart()
        conn = psycopg2.connect(server.url)
        with conn.cursor() as cur:
            cur.execute("SELECT x FROM t")
            assert cur.fetchall() == [(1,)]
        conn.close()
    finally:
        server.destroy()
    assert root is not None and not root.exists()


def test_redis_starts_stops_and_starts_again():
    server = RedisServer().create()
    try:
        client = redis.Redis(host="127.0.0.1", port=server.port)
        assert client.ping()
        server.stop()
        try:
            client.ping()
            raise AssertionError("redis should be down")
        except redis.ConnectionError:
            pass
        server.start()
        assert client.ping()
    finally:
        server.destroy()
