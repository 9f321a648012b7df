import pytest
from pydantic import ValidationError

from bot.settings import Settings


def test_defaults_keep_internal_servers_on_loopback():
    s = Settings(_env_file=None)
    assert s.api_port == 8000
    assert s.rasa_base_url == "http://127.0.0.1:5005"
    assert s.action_url == "http://127.0.0.1:5055"
    assert s.allowed_origins == []


def test_environment_overrides(monkeypatch):
    monkeypatch.setenv("ZWW_API_PORT", "9001")
    monkeypatch.setenv("ZWW_RASA_PORT", "6006")
    monkeypatch.setenv("ZWW_ALLOWED_ORIGINS", "https://www.a.nl, https://b.nl")
    monkeypatch.setenv("ZWW_MUNICIPALITY_NAME", "Gemeente Testdorp")
    s = Settings()
    assert s.api_port == 9001
    assert s.rasa_base_url == "http://127.0.0.1:6006"
    assert s.allowed_origins == ["https://www.a.nl", "https://b.nl"]
    assert s.contact["name"] == "Gemeente Testdorp"


def test_explicit_rasa_url_wins(monkeypatch):
    monkeypatch.setenv("ZWW_RASA_URL", "http://127.0.0.1:7000/")
    assert Settings().rasa_base_url == "http://127.0.0.1:7000"


@pytest.mark.parametrize(
    "var,value",
    [("ZWW_API_PORT", "70000"), ("ZWW_API_PORT", "abc"), ("ZWW_SPACY_MODEL", "en_core_web_sm")],
)
def test_invalid_values_fail_at_start(monkeypatch, var, value):
    monkeypatch.setenv(var, value)
    with pytest.raises(ValidationError):
        Settings()


def test_local_content_from_the_environment_and_empty_means_off(monkeypatch):
    from pathlib import Path

    from bot.settings import Settings

    monkeypatch.setenv("ZWW_LOCAL_CONTENT", "content/voorbeeldstad.yml")
    assert Settings().local_content == Path("content/voorbeeldstad.yml")
    monkeypatch.setenv("ZWW_LOCAL_CONTENT", "")
    assert Settings().local_content is None
    monkeypatch.delenv("ZWW_LOCAL_CONTENT")
    assert Settings().local_content is None
