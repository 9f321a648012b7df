"""The zorgkantoor finder end to end: over /api/chat (Rasa + action server) and the API."""

import pytest

pytestmark = pytest.mark.e2e


def chat(api, message, session_id=None):
    r = api.post("/api/chat", json={"session_id": session_id, "message": message})
    assert r.status_code == 200, r.text
    return r.json()


def texts(body):
    return " ".join(m["text"] for m in body["messages"])


def test_a_question_with_a_postcode_is_answered_with_the_region(api):
    body = chat(api, "welk zorgkantoor hoort bij 8011?")
    assert "zorgkantoorregio Zwolle" in texts(body)
    assert body["messages"][-1]["answer_key"] == "zorgkantoor/regio"


def test_asked_for_the_place_then_a_typo_then_the_answer(api):
    first = chat(api, "zorgkantoor zoeken")
    assert "postcode of de woonplaats" in texts(first)
    session = first["session_id"]
    typo = chat(api, "Zwole", session)
    assert "Bedoelt u Zwolle?" in texts(typo)
    answer = chat(api, "zwolle", session)
    assert "Zwolle hoort bij zorgkantoorregio Zwolle" in texts(answer)
    # The question is over: the next message is an ordinary question again.
    after = chat(api, "wat is dagbesteding?", session)
    assert "dagbesteding" in texts(after).lower()


def test_a_story_with_a_full_postcode(api):
    body = chat(api, "mijn moeder woont op 6211 AB, bij welk zorgkantoor hoort ze?")
    assert "Postcode 6211 hoort bij zorgkantoorregio Zuid-Limburg" in texts(body)


def test_the_api_endpoint(api):
    response = api.get("/api/zorgkantoor", params={"q": "Tilburg"})
    assert response.status_code == 200
    assert response.json()["region"]["name"] == "Midden-Brabant"
