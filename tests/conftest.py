"""Fixtures shared by every test folder: private PostgreSQL and redis-server instances."""

from collections.abc import Iterator

import pytest

from tests.support.services import PostgresServer, RedisServer


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A private PostgreSQL for the whole test run (own directory, free port, removed after)."""
    server = PostgresServer().create()
    try:
        yield server
    finally:
        server.destroy()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """A private redis-server for the whole test run."""
    server = RedisServer().create()
    try:
        yield server
    finally:
        server.destroy()
