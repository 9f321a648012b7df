"""Transport helpers: message limits, buttons as text and back, masking."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from rasa_ext.channels.formatting import chosen_payload, mask_phone, numbered_list, split_message
from rasa_ext.channels.replies import last_offered_buttons

YES_NO = [{"title": "Ja", "payload": "ja"}, {"title": "Nee", "payload": "nee"}]


def test_numbered_list():
    assert numbered_list(YES_NO) == "1. Ja\n2. Nee"


def test_number_or_title_picks_a_button():
    assert chosen_payload("2", YES_NO) == "nee"
    assert chosen_payload(" 1. ", YES_NO) == "ja"
    assert chosen_payload("NEE", YES_NO) == "nee"


def test_other_replies_pick_nothing():
    assert chosen_payload("3", YES_NO) is None
    assert chosen_payload("0", YES_NO) is None
    assert chosen_payload("ja hoor", YES_NO) is None
    assert chosen_payload("2", []) is None


def test_only_buttons_of_the_bots_last_turn_count():
    asked = BotUttered("Heeft u een indicatie?", {"buttons": YES_NO})
    assert (
        last_offered_buttons([UserUttered("hoi"), asked, ActionExecuted("action_listen")]) == YES_NO
    )
    # After the resident answered, the old buttons are gone: "2" may mean two.
    assert last_offered_buttons([asked, UserUttered("ja"), BotUttered("Hoe oud bent u?")]) == []
    assert last_offered_buttons([]) == []


def test_mask_phone():
    assert mask_phone("whatsapp:+31612345678") == "whatsapp:+31*****5678"
    assert "12345678" not in mask_phone("+31612345678")


def test_short_text_stays_whole():
    assert split_message("  Hallo.  ", 10) == ["Hallo."]


def test_cut_prefers_paragraphs_then_sentences():
    text = "Eerste zin. Tweede zin.\n\nDerde zin."
    assert split_message(text, 25) == ["Eerste zin. Tweede zin.", "Derde zin."]
    assert split_message("Eerste zin. Tweede zin.", 15) == ["Eerste zin.", "Tweede zin."]


def test_a_word_longer_than_the_limit_is_cut():
    assert split_message("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


@given(
    st.text(alphabet=st.sampled_from("ab .,\n?"), max_size=400),
    st.integers(min_value=1, max_value=60),
)
def test_split_keeps_every_word_within_the_limit(text, limit):
    parts = split_message(text, limit)
    assert all(0 < len(p) <= limit for p in parts)
    # Only whitespace at the cuts may change.
    assert "".join("".join(parts).split()) == "".join(text.split())
