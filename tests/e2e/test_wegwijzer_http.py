"""The wegwijzer over real HTTP, answered with free text only."""

import pytest

from tests.e2e.conftest import restart

pytestmark = pytest.mark.e2e


class Resident:
    def __init__(self, api):
        self.api, self.session_id = api, None

    def say(self, message: str) -> list[str]:
        r = self.api.post("/api/chat", json={"session_id": self.session_id, "message": message})
        assert r.status_code == 200, r.text
        self.session_id = r.json()["session_id"]
        return [m["text"] for m in r.json()["messages"]]


def test_wlz_check_from_free_text(api):
    resident = Resident(api)
    # The first message already says who needs care: that question is not asked.
    texts = resident.say("mn moeder kan niet meer alleen thuis wonen wat nu")
    assert any("Ik heb al genoteerd" in t and "uw moeder" in t for t in texts)
    assert not any("Voor wie" in t for t in texts)
    assert any("Hoe oud is uw moeder?" in t for t in texts)
    assert any("hele dag" in t for t in resident.say("ze is 84"))
    assert any("Wlz-indicatie" in t for t in resident.say("ja"))
    # The needs came with the first message (toezicht): the next question is where to live.
    assert any("het liefst" in t for t in resident.say("nee nog niet"))
    texts = resident.say("ze heeft ook hulp bij het douchen nodig")  # a need added in between
    assert any("aangepast" in t and "verpleging en verzorging" in t for t in texts)
    resident.say("thuis blijven wonen")
    resident.say("ja")  # home is safe
    resident.say("nee")  # not one provider
    resident.say("nee hoor")  # not self-arranged
    resident.say("ja")  # family helps
    advice = " ".join(resident.say("nee"))  # not urgent; the last phase is not asked
    assert "Wet langdurige zorg" in advice and "CIZ" in advice
    assert "voor uw moeder" in advice
    assert "Modulair pakket thuis" in advice
    assert "CAK" in advice


def test_wmo_check_with_correction_and_faq_in_between(api):
    resident = Resident(api)
    resident.say("waar moet ik zijn met mijn hulpvraag?")
    resident.say("voor mezelf")
    resident.say("ik ben 70")
    texts = resident.say("wat is dagbesteding?")
    assert any("dagdeel" in t for t in texts)  # the FAQ answer
    assert any("hele dag" in t for t in texts)  # and the same question again
    texts = resident.say("nee, ik ben 72")
    assert any("72" in t for t in texts)
    resident.say("nee")
    # No spoed or last-phase question outside the Wlz: the advice comes at once.
    advice = " ".join(resident.say("schoonmaken en een traplift"))
    assert "Wet maatschappelijke ondersteuning" in advice and "gemeente" in advice
    assert "pakket" not in advice.lower()  # packages only on the Wlz route


def test_stop_ends_the_check(api):
    resident = Resident(api)
    resident.say("welke zorg past bij mij?")
    texts = resident.say("laat maar")
    assert any("stop" in t.lower() for t in texts)
    assert any("dagdeel" in t for t in resident.say("wat is dagbesteding?"))


def test_check_survives_a_restart_of_rasa(stack, api):
    resident = Resident(api)
    resident.say("welke zorg past bij mij?")
    resident.say("voor mijn vader")
    assert any("hele dag" in t for t in resident.say("hij is 90"))
    restart(stack["servers"]["rasa"])
    # The tracker store kept the conversation: the answer is read as the next check answer.
    assert any("Wlz-indicatie" in t for t in resident.say("ja"))
