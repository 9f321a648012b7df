"""Scaling settings (issue 13): tracker store, lock store, Sanic workers, several Rasa URLs,
and what the launcher writes for Rasa from them."""

import pytest
import yaml
from pydantic import ValidationError

from bot.runtime.launcher import (
    build_servers,
    endpoints_file,
    free_port,
    lock_store_config,
    settings_error,
)
from bot.settings import Settings
from bot.storage.tracker_db import sql_endpoint


def settings(tmp_path, **kw) -> Settings:
    return Settings(data_dir=tmp_path, rasa_port=free_port(), action_port=free_port(), **kw)


def test_the_default_is_one_process_sqlite_and_rasas_in_memory_lock_store(tmp_path):
    s = settings(tmp_path)
    written = yaml.safe_load(endpoints_file(s).read_text())
    assert written["tracker_store"]["dialect"] == "sqlite"
    assert "lock_store" not in written
    assert s.rasa_workers == 1 and s.rasa_base_urls == [f"http://127.0.0.1:{s.rasa_port}"]


def test_more_workers_without_a_lock_store_is_a_dutch_start_up_error(tmp_path):
    with pytest.raises(ValidationError) as caught:
        settings(tmp_path, rasa_workers=2)
    message = settings_error(caught.value)
    assert "ZWW_RASA_WORKERS" in message and "ZWW_LOCK_STORE_URL" in message
    assert "lock store" in message and "kan alleen" in message


def test_workers_with_a_redis_lock_store_reach_rasa(tmp_path):
    s = settings(tmp_path, lock_store_url="redis://:pa%40ss@10.0.0.5:6380/2", rasa_workers=2)
    lock = yaml.safe_load(endpoints_file(s).read_text())["lock_store"]
    assert lock == {
        "type": "redis",
        "url": "10.0.0.5",
        "port": 6380,
        "db": 2,
        "key_prefix": "zww",
        "password": "pa@ss",
    }
    rasa = {srv.name: srv for srv in build_servers(s, tmp_path / "model.tar.gz")}["rasa"]
    assert rasa.env["SANIC_WORKERS"] == "2"


def test_tls_redis_and_a_bad_lock_store_url(tmp_path):
    s = settings(tmp_path, lock_store_url="rediss://cache.internal")
    assert lock_store_config(s) == {
        "type": "redis",
        "url": "cache.internal",
        "port": 6379,
        "db": 0,
        "key_prefix": "zww",
        "use_ssl": True,
    }
    with pytest.raises(ValidationError, match="Redis-adres"):
        settings(tmp_path, lock_store_url="http://cache.internal")


def test_postgresql_url_becomes_rasas_sql_keys():
    assert sql_endpoint("postgresql://zww@127.0.0.1:5433/rasa?sslmode=require") == {
        "type": "rasa_ext.tracker_store.StrictSQLTrackerStore",
        "dialect": "postgresql",
        "url": "127.0.0.1",
        "port": 5433,
        "db": "rasa",
        "username": "zww",
        "query": {"sslmode": "require"},
    }


def test_several_rasa_urls_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ZWW_RASA_URLS", "http://10.0.0.1:5005/, http://10.0.0.2:5005")
    s = Settings(data_dir=tmp_path)
    assert s.rasa_base_urls == ["http://10.0.0.1:5005", "http://10.0.0.2:5005"]
    monkeypatch.setenv("ZWW_RASA_URLS", "10.0.0.1:5005")
    with pytest.raises(ValidationError, match="http://host:poort"):
        Settings(data_dir=tmp_path)
