"""The API on its own: Rasa unreachable, input errors, the response shape."""

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.rasa_client import to_messages
from bot.runtime.launcher import free_port
from bot.settings import Settings


@pytest.fixture()
def client():
    # Nothing listens on these ports: Rasa and the action server are "down".
    settings = Settings(rasa_port=free_port(), action_port=free_port())
    with TestClient(create_app(settings)) as c:
        yield c


def test_chat_gives_503_with_dutch_message_when_rasa_is_down(client):
    r = client.post("/api/chat", json={"message": "wat is dagbesteding?"})
    assert r.status_code == 503
    assert "niet bereikbaar" in r.json()["detail"]


def test_message_over_1000_characters_is_413(client):
    r = client.post("/api/chat", json={"message": "a" * 1001})
    assert r.status_code == 413
    assert "te lang" in r.json()["detail"]


@pytest.mark.parametrize(
    "body",
    [
        {},  # no message
        {"message": ""},  # empty
        {"message": "   "},  # blank
        {"message": 42},  # not a string
        {"message": "hoi", "session_id": "kort"},  # invalid session id
        {"message": "hoi", "session_id": "a" * 16 + "<script>"},
        {"message": "hoi", "extra": 1},  # unknown field
    ],
)
def test_bad_bodies_are_422_with_field(client, body):
    r = client.post("/api/chat", json=body)
    assert r.status_code == 422
    assert r.json()["detail"] == "De aanvraag is niet geldig."
    assert r.json()["errors"][0]["field"]


def test_invalid_json_is_422(client):
    r = client.post(
        "/api/chat", content=b"{niet json", headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 422


def test_health_reports_down_services_and_spacy_pipeline(client):
    r = client.get("/api/health")
    assert r.status_code == 503
    body = r.json()
    assert body["api"] == "ok" and body["rasa"] == "onbereikbaar"
    assert body["action_server"] == "onbereikbaar"
    assert "spacy_pipeline" in body and body["spacy_notice"]


def test_demo_page_and_widget_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and "widget.js" in page.text
    js = client.get("/widget.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")


def test_rasa_output_maps_to_public_shape():
    rasa = [
        {"recipient_id": "x", "text": "Hallo", "buttons": [{"title": "Ja", "payload": "/affirm"}]},
        {"recipient_id": "x", "text": "Bel ons"},
        {
            "recipient_id": "x",
            "custom": {"handoff": {"name": "G", "phone": "1", "hours": "h", "url": "u"}},
        },
        {"recipient_id": "x", "image": "ignored.png"},
    ]
    assert to_messages(rasa) == [
        {"text": "Hallo", "buttons": [{"title": "Ja", "payload": "/affirm"}]},
        {
            "text": "Bel ons",
            "buttons": [],
            "handoff": {"name": "G", "phone": "1", "hours": "h", "url": "u"},
        },
    ]


def test_local_information_becomes_its_own_message_after_the_rated_answer():
    # Rasa's REST output for an FAQ answer with local information (rasa_ext/nlg.py): the
    # text with its buttons, then the custom JSON.
    buttons = [{"title": "Verder", "payload": "/ask_topic"}]
    rasa = [
        {"recipient_id": "x", "text": "Landelijk.\n", "buttons": buttons},
        {
            "recipient_id": "x",
            "custom": {"answer_key": "faq/vpt", "local_info": "Lokale informatie: bel ons."},
        },
    ]
    assert to_messages(rasa) == [
        {"text": "Landelijk.", "buttons": [], "answer_key": "faq/vpt"},
        {"text": "Lokale informatie: bel ons.", "buttons": buttons, "local": True},
    ]


def test_eligibility_endpoint_uses_the_engine(client):
    body = {
        "for_whom": "relative",
        "age": 84,
        "needs": ["household", "nursing_care"],
        "permanent_full_day_care": False,
    }
    r = client.post("/api/eligibility", json=body)
    assert r.status_code == 200
    out = r.json()
    assert {(x["law"], x["desk"]) for x in out["routes"]} == {
        ("wmo", "gemeente"),
        ("zvw", "zorgverzekeraar"),
    }
    assert out["packages"] == []
    assert all(x["why"] and x["sources"] for x in out["routes"])
    assert "urgent" in out["missing"]


@pytest.mark.parametrize(
    "body,field",
    [
        ({"age": 121}, "age"),
        ({"age": "tachtig"}, "age"),
        ({"needs": ["zwemles"]}, "needs"),
        ({"urgent": "ja"}, "urgent"),
        ({"shoe_size": 42}, "shoe_size"),
    ],
)
def test_eligibility_rejects_bad_input_with_the_field(client, body, field):
    r = client.post("/api/eligibility", json=body)
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"].startswith(field)


def test_eligibility_is_documented_with_examples(client):
    schema = client.get("/openapi.json").json()
    assert "/api/eligibility" in schema["paths"]
    assert "example" in schema["components"]["schemas"]["EligibilityInput"]
