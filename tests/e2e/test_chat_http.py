"""End to end over real HTTP: API -> Rasa -> action server, all on localhost."""

import pytest

from tests.e2e.conftest import faq_answer, restart

pytestmark = pytest.mark.e2e


def chat(api, message, session_id=None):
    r = api.post("/api/chat", json={"session_id": session_id, "message": message})
    assert r.status_code == 200, r.text
    return r.json()


def test_health_reports_all_services_and_the_spacy_pipeline(api):
    body = api.get("/api/health").json()
    assert body["status"] == "ok"
    assert body["rasa"] == "ok" and body["action_server"] == "ok"
    assert body["spacy_pipeline"] and body["spacy_notice"]


def test_faq_answer_over_http(api):
    body = chat(api, "wat is dagbesteding?")
    assert len(body["session_id"]) >= 32
    assert body["messages"][0]["text"] == faq_answer("dagbesteding")


def test_sessions_are_separate_and_continue(api):
    first = chat(api, "hallo")
    second = chat(api, "hallo")
    assert first["session_id"] != second["session_id"]
    again = chat(api, "wat is een volledig pakket thuis?", first["session_id"])
    assert again["session_id"] == first["session_id"]
    assert again["messages"][0]["text"] == faq_answer("vpt")


def test_action_server_answers_handoff_with_configured_contact(api):
    body = chat(api, "ik wil een medewerker spreken")
    message = body["messages"][0]
    assert "14 0777" in message["text"]
    assert message["handoff"]["phone"] == "14 0777"


def test_button_payload_answers_topic_via_action(api):
    body = chat(api, '/ask_topic{"topic":"verschil_vpt_mpt"}')
    assert body["messages"][0]["text"] == faq_answer("verschil_vpt_mpt")


def test_413_and_422(api):
    assert api.post("/api/chat", json={"message": "x" * 1001}).status_code == 413
    assert api.post("/api/chat", json={"bericht": "hoi"}).status_code == 422
    assert (
        api.post(
            "/api/chat", content=b"{", headers={"Content-Type": "application/json"}
        ).status_code
        == 422
    )


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a LISTEN socket on `port`, read from the kernel's tables."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table).read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_rasa_and_action_server_listen_on_loopback_only(stack):
    settings = stack["settings"]
    for port in (settings.rasa_port, settings.action_port):
        # 0100007F is 127.0.0.1 in the kernel's little-endian notation.
        assert listening_addresses(port) == {"0100007F"}, port


def test_503_while_rasa_is_down(stack, api):
    rasa = stack["servers"]["rasa"]
    rasa.stop()
    try:
        r = api.post("/api/chat", json={"message": "hallo"})
        assert r.status_code == 503
        assert "niet bereikbaar" in r.json()["detail"]
        assert api.get("/api/health").json()["rasa"] == "onbereikbaar"
    finally:
        restart(rasa)
    assert api.post("/api/chat", json={"message": "hallo"}).status_code == 200


def test_rasa_log_has_no_errors_after_answers_with_buttons(stack, api):
    # A `{...}` in a response is read by Rasa as a slot placeholder: an ERROR line per answer
    # (and slot values in the log). Follow-up payloads are written with {{..}} to avoid it.
    chat(api, "wat is een volledig pakket thuis?")
    chat(api, '/ask_topic{"topic":"pgb_wlz"}')
    log = stack["servers"]["rasa"].log_path.read_text(errors="replace")
    assert " ERROR " not in log, [line for line in log.splitlines() if " ERROR " in line][:3]


def test_follow_ups_are_read_after_the_answer_before_them(api):
    # Issue 10: "follow-ups lose context". Both went to a referral or the topic menu before.
    first = chat(api, "wat is wijkverpleging")
    session = first["session_id"]
    texts = [
        m["text"]
        for m in chat(api, "moet ik dat zelf betalen of de verzekering", session)["messages"]
        if m.get("text")
    ]
    assert any("zorgverzekeraar betaalt" in t for t in texts), texts
    chat(api, "wat is dagbesteding", session)
    texts = [
        m["text"]
        for m in chat(api, "wie brengt hem daar naar toe", session)["messages"]
        if m.get("text")
    ]
    assert texts[0] == faq_answer("vervoer_dagbesteding"), texts


def test_two_questions_in_one_message_are_both_answered(api):
    texts = [m.get("text") for m in chat(api, "wat is een vpt en wat is een mpt?")["messages"]]
    assert faq_answer("vpt") in texts and faq_answer("mpt") in texts
