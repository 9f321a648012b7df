"""GET /api/zorgkantoor: region for a postcode, woonplaats or gemeente (issue 14)."""

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from bot.runtime.launcher import free_port
from bot.settings import Settings


@pytest.fixture()
def client(tmp_path):
    settings = Settings(
        rasa_port=free_port(), action_port=free_port(), data_dir=tmp_path, rate_limit_per_minute=0
    )
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.mark.parametrize(
    "q, code, name",
    [
        ("Amsterdam", "ZK", "Amsterdam"),
        ("Zwolle", "ZK", "Zwolle"),
        ("6211", "ZK31", "Zuid-Limburg"),
        ("6211 AB", "ZK31", "Zuid-Limburg"),
        ("5038", "ZK", "Midden-Brabant"),
        ("Den Haag", "ZK", "Haaglanden"),
        ("Leeuwarden", "ZK", "Friesland"),
        ("den bosch", "ZK19", "Noordoost-Brabant"),
    ],
)
def test_known_places(client, q, code, name):
    response = client.get("/api/zorgkantoor", params={"q": q})
    assert response.status_code == 200
    body = response.json()
    assert body["region"]["code"].startswith(code) and body["region"]["name"] == name
    assert body["zorgkantoor"] is None  # no contact on file without a cited source
    assert body["sources"] and all("licence" in s for s in body["sources"])
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_full_postcode_is_answered_with_its_four_digits_only(client):
    body = client.get("/api/zorgkantoor", params={"q": "3511 AB"}).json()
    assert body["postcode4"] == "3511" and "3511 AB" not in str(body)


def test_a_name_in_several_gemeenten_lists_the_others(client):
    body = client.get("/api/zorgkantoor", params={"q": "Hengelo"}).json()
    assert body["gemeente"] == "Hengelo (O.)"
    assert [a["gemeente"] for a in body["alternatives"]] == ["Bronckhorst"]


def test_unknown_is_404_in_dutch_with_suggestions(client):
    response = client.get("/api/zorgkantoor", params={"q": "Zwole"})
    assert response.status_code == 404
    assert response.json()["suggestions"] == ["Zwolle"]
    assert "kon ik niet vinden" in response.json()["detail"]


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}, {"q": "x" * 201}])
def test_bad_input_is_422(client, params):
    response = client.get("/api/zorgkantoor", params=params)
    assert response.status_code == 422
    assert response.json()["detail"] == "De aanvraag is niet geldig."


def test_it_is_rate_limited_like_the_rest(tmp_path):
    settings = Settings(
        rasa_port=free_port(), action_port=free_port(), data_dir=tmp_path, rate_limit_per_minute=2
    )
    with TestClient(create_app(settings)) as c:
        codes = [c.get("/api/zorgkantoor", params={"q": "3511"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
