"""The chat widget on the demo page, in real headless Chromium, against the real API."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import CONTACT, FAQ_ANSWER, NOT_UNDERSTOOD, XSS_TEXT
from tests.browser.helpers import (
    HOST,
    ask,
    axe_violations,
    focused,
    open_widget,
    panel_layout,
    session_state,
)

WIDGET_JS = Path(__file__).resolve().parents[2] / "api" / "static" / "widget.js"
GZIP_BUDGET_BYTES = 10_000
FAQ_START = FAQ_ANSWER[:40]


def expect_error_with_retry(page: Page, dutch_text: str) -> None:
    error = page.locator(".error")
    expect(error).to_contain_text(dutch_text)
    expect(error).to_have_attribute("role", "alert")
    expect(error.get_by_role("button", name="Opnieuw proberen")).to_be_visible()


def retry_succeeds(page: Page, fake_rasa, question: str) -> None:
    page.locator(".error").get_by_role("button", name="Opnieuw proberen").click()
    expect(page.locator(".error")).to_have_count(0)
    expect(page.locator(".log")).to_contain_text(NOT_UNDERSTOOD)
    # The question is shown once and reached the bot again with the same session.
    expect(page.locator(".msg.user", has_text=question)).to_have_count(1)
    assert fake_rasa.received[-1]["message"] == question


# --- size and self-containment -------------------------------------------------------------


def test_widget_is_small_and_never_parses_html():
    source = WIDGET_JS.read_text(encoding="utf-8")
    size = len(gzip.compress(source.encode(), compresslevel=9))
    print(f"widget.js: {len(source.encode())} bytes, gzipped {size} bytes")
    assert size < GZIP_BUDGET_BYTES
    for door in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert door not in source, door


def test_a_whole_conversation_makes_no_third_party_requests(page, app_url):
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    open_widget(page, app_url)
    ask(page, "Wat is dagbesteding?", FAQ_START)
    ask(page, "Ik wil iemand spreken", "Contact met")
    assert any(u.endswith("/widget.js") for u in urls) and any(
        u.endswith("/api/chat") for u in urls
    )
    assert [u for u in urls if not u.startswith(app_url + "/")] == []


# --- accessibility: axe-core ----------------------------------------------------------------


def test_closed_widget_has_no_axe_violations(page, app_url):
    page.goto(app_url)
    expect(page.locator(".launcher")).to_be_visible()
    count, report = axe_violations(page)
    assert count == 0, report
    assert page.js_errors == []


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 800}, {"width": 320, "height": 640}],
    ids=["desktop", "320px"],
)
def test_open_widget_has_no_axe_violations(new_page, app_url, fake_rasa, artifacts, viewport):
    page = new_page(viewport=viewport)
    shot = f"{viewport['width']}w"
    open_widget(page, app_url)
    count, report = axe_violations(page)
    assert count == 0, "greeting and starter buttons:\n" + report

    ask(page, "Ik wil iemand spreken", "Contact met " + CONTACT["name"])
    page.screenshot(path=str(artifacts / f"contact-card-{shot}.png"), animations="disabled")
    ask(page, "Wat is dagbesteding?", FAQ_START)
    # Messages, live quick replies, feedback thumbs and the contact card on screen together.
    expect(page.locator(".choices button")).to_have_count(2)
    expect(page.locator(".feedback").last.get_by_role("button")).to_have_count(2)
    expect(page.locator(".card")).to_be_visible()
    count, report = axe_violations(page)
    assert count == 0, "messages, buttons, card:\n" + report

    page.locator(".feedback").last.get_by_role("button", name="Nuttig", exact=True).click()
    expect(page.locator(".feedback").last).to_contain_text("Bedankt voor uw reactie!")
    fake_rasa.fail_next = 1
    ask(page, "Hoe vraag ik een pgb aan?", "niet bereikbaar")
    expect(page.locator(".error")).to_be_visible()
    page.screenshot(path=str(artifacts / f"error-{shot}.png"), animations="disabled")
    count, report = axe_violations(page)
    assert count == 0, "error state:\n" + report
    assert page.js_errors == []


def test_embedded_on_another_site_with_data_attributes(page, app_url, fake_rasa):
    """The one-line embed on a municipal site of another origin (CORS), with a light brand
    colour: text on it must switch to black to keep 4.5:1."""
    page.goto(fake_rasa.origin + "/gemeente")
    launcher = page.locator(".launcher")
    expect(launcher).to_have_css("background-color", "rgb(255, 215, 0)")
    expect(launcher).to_have_css("color", "rgb(0, 0, 0)")
    assert launcher.bounding_box()["x"] < 100  # data-position="left"
    launcher.click()
    expect(page.get_by_role("dialog")).to_have_accessible_name(
        "Zorgwegwijzer van Gemeente Geeldorp"
    )
    expect(page.locator(".log")).to_contain_text("Goedendag! Waar kan ik u mee helpen?")
    ask(page, "Wat is dagbesteding?", FAQ_START)
    with page.expect_response("**/api/feedback") as info:
        page.get_by_role("button", name="Nuttig", exact=True).click()
    assert info.value.status == 201
    count, report = axe_violations(page)
    assert count == 0, report
    assert page.js_errors == []


# --- accessibility: keyboard, focus, live region ------------------------------------------------


def test_keyboard_only_faq_flow(page, app_url, fake_rasa):
    page.goto(app_url)
    for _ in range(40):
        page.keyboard.press("Tab")
        now = focused(page)
        if now and "launcher" in now["cls"]:
            break
    else:
        pytest.fail("de chatknop is niet met Tab te bereiken")
    page.keyboard.press("Enter")
    assert focused(page)["tag"] == "textarea"

    page.keyboard.type("Wat is dagbesteding?")
    page.keyboard.press("Enter")
    expect(page.locator(".msg.bot").last).to_contain_text(FAQ_START)
    assert focused(page)["tag"] == "textarea"

    # The quick replies sit just above the input: Shift+Tab reaches them.
    for _ in range(10):
        page.keyboard.press("Shift+Tab")
        if focused(page)["text"] == "Ik wil iemand spreken":
            break
    else:
        pytest.fail("de keuzeknop is niet met het toetsenbord te bereiken")
    page.keyboard.press("Enter")
    expect(page.locator(".card")).to_contain_text("Contact met " + CONTACT["name"])
    assert fake_rasa.received[-1]["message"] == "/human_handoff"
    assert focused(page)["tag"] == "textarea", "focus blijft in de chat na een keuze"

    page.keyboard.press("Escape")
    expect(page.locator(".panel")).to_be_hidden()
    assert "launcher" in focused(page)["cls"]
    expect(page.locator(".launcher")).to_have_attribute("aria-expanded", "false")


def test_controls_are_labelled_and_focus_is_visible(page, app_url):
    open_widget(page, app_url)
    expect(
        page.get_by_role("dialog", name="Zorgwegwijzer van Gemeente Voorbeeldstad")
    ).to_be_visible()
    expect(page.get_by_role("textbox", name="Uw bericht")).to_be_visible()
    expect(page.get_by_role("button", name="Verstuur")).to_be_visible()
    expect(page.get_by_role("button", name="Chat sluiten")).to_be_visible()
    expect(page.get_by_role("button", name="Nieuw gesprek")).to_be_visible()
    log = page.get_by_role("log", name="Gesprek")
    expect(log).to_have_attribute("aria-live", "polite")
    expect(page.locator(".privacy")).to_contain_text("Deel geen persoonsgegevens, zoals uw BSN.")
    privacy = page.locator(".privacy").get_by_role("link", name="Privacy")
    expect(privacy).to_have_attribute("href", f"{app_url}/privacy")

    page.keyboard.press("Tab")  # textarea -> send button, by keyboard so :focus-visible applies
    send = page.get_by_role("button", name="Verstuur")
    expect(send).to_be_focused()
    outline = send.evaluate(
        "e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth"
    )
    assert outline == "solid 3px"


def test_new_messages_are_appended_not_rerendered(page, app_url):
    """Screen readers read additions to the live log; a re-render would read it all again."""
    open_widget(page, app_url)
    ask(page, "Wat is dagbesteding?", FAQ_START)
    page.locator(".msg.bot").first.evaluate("e => { e.dataset.marker = 'oud'; }")
    ask(page, "iets anders", NOT_UNDERSTOOD)
    expect(page.locator(".msg.bot[data-marker=oud]")).to_have_count(1)


# --- safety: text, never HTML ----------------------------------------------------------------


def test_messages_are_text_never_html(new_page, app_url):
    # Without the demo page's CSP: municipal sites may have none, the widget must be safe alone.
    page = new_page(bypass_csp=True)
    open_widget(page, app_url)
    user_text = '<img src=x onerror="window.__pwned=1"> xss'
    ask(page, user_text, "window.__pwned=1</script>")
    ask(page, "onveilig contact", "Contact met <img")

    def assert_inert() -> None:
        # Control: the same payload in the page's own DOM does run, so the check below can fail.
        page.evaluate("""() => { const i = document.createElement('img');
            i.setAttribute('onerror', 'window.__control = 1'); i.src = 'x'; document.body.append(i); }""")
        page.wait_for_function("window.__control === 1")
        assert page.evaluate("typeof window.__pwned") == "undefined"
        root = page.locator(HOST)
        assert root.locator("img, script").count() == 0
        assert root.locator("a[href^='javascript']").count() == 0
        expect(page.locator(".msg.user").first).to_have_text(user_text)
        expect(page.locator(".msg.bot", has_text="klik")).to_have_text(XSS_TEXT)
        expect(page.locator(".card h3")).to_have_text(
            'Contact met <img src=x onerror="window.__pwned=1">'
        )
        expect(page.locator(".card")).to_contain_text("<script>window.__pwned=1</script>")

    assert_inert()
    page.reload()  # the history is rendered again from sessionStorage: still text
    expect(page.locator(".panel")).to_be_visible()
    assert_inert()
    assert page.js_errors == []


def test_links_in_answers_are_clickable_and_safe(page, app_url):
    open_widget(page, app_url)
    ask(page, "stuur een link", "Dagbesteding zijn activiteiten")
    link = page.locator(".msg.bot a")
    expect(link).to_have_count(1)
    # The full stop after the URL is text, not part of the link.
    expect(link).to_have_attribute("href", "https://www.voorbeeldstad.nl/dagbesteding")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    expect(link).to_have_accessible_name(
        "https://www.voorbeeldstad.nl/dagbesteding (opent in een nieuw venster)"
    )


# --- conversation state ------------------------------------------------------------------------


def test_reload_and_navigation_keep_the_conversation_and_session(page, app_url, fake_rasa):
    open_widget(page, app_url)
    ask(page, "Wat is dagbesteding?", FAQ_START)
    session_id = session_state(page)["sessionId"]
    assert session_id and fake_rasa.received[-1]["sender"] == session_id

    page.reload()
    expect(page.locator(".panel")).to_be_visible()
    expect(page.locator(".msg.user")).to_have_text(["Wat is dagbesteding?"])
    expect(page.locator(".log")).to_contain_text(FAQ_START)
    assert session_state(page)["sessionId"] == session_id

    page.goto(app_url + "/?pagina=2")  # another page of the same site, same tab
    expect(page.locator(".log")).to_contain_text(FAQ_START)
    ask(page, "Ik wil iemand spreken", "Contact met")
    assert fake_rasa.received[-1]["sender"] == session_id

    page.get_by_role("button", name="Chat sluiten").click()
    page.reload()
    expect(page.locator(".launcher")).to_be_visible()
    expect(page.locator(".panel")).to_be_hidden()


def test_new_conversation_starts_fresh(page, app_url, fake_rasa):
    open_widget(page, app_url)
    ask(page, "Wat is dagbesteding?", FAQ_START)
    old = session_state(page)["sessionId"]
    page.get_by_role("button", name="Nieuw gesprek").click()
    expect(page.locator(".msg.user")).to_have_count(0)
    expect(page.locator(".choices button")).to_have_text(
        ["Welke zorg past bij mij?", "Ik wil iemand spreken"]
    )
    expect(page.locator("textarea")).to_be_focused()
    assert session_state(page)["sessionId"] is None
    page.get_by_role("button", name="Welke zorg past bij mij?").click()
    expect(page.locator(".log")).to_contain_text("Voor wie zoekt u zorg?")
    assert fake_rasa.received[-1]["message"] == "/start_wegwijzer"
    assert fake_rasa.received[-1]["sender"] != old


def test_quick_reply_sends_payload_and_shows_title(page, app_url, fake_rasa):
    open_widget(page, app_url)
    page.get_by_role("button", name="Welke zorg past bij mij?").click()
    page.get_by_role("button", name="Voor een ander").click()
    expect(page.locator(".msg.user").last).to_have_text("Voor een ander")
    expect(page.locator(".log")).to_contain_text(NOT_UNDERSTOOD)
    assert fake_rasa.received[-1]["message"] == '/inform{"for_whom":"other"}'
    expect(page.locator(".choices")).to_have_count(0)  # answered choices are history


# --- errors ---------------------------------------------------------------------------------------


def test_dialogue_engine_down_shows_dutch_message_and_retry_works(page, app_url, fake_rasa):
    open_widget(page, app_url)
    fake_rasa.fail_next = 1  # the API turns this into 503
    ask(page, "Wat is een pgb?", "De chat is even niet bereikbaar")
    expect_error_with_retry(page, "Probeer het over een paar minuten opnieuw")
    retry_succeeds(page, fake_rasa, "Wat is een pgb?")


def test_too_many_requests_shows_dutch_message_and_retry_works(page, app_url, fake_rasa):
    open_widget(page, app_url)
    page.route("**/api/chat", lambda route: route.fulfill(status=429, body=""))
    ask(page, "Wat is een pgb?", "U stuurt veel berichten kort na elkaar")
    expect_error_with_retry(page, "Wacht even en probeer het opnieuw")
    page.unroute("**/api/chat")
    retry_succeeds(page, fake_rasa, "Wat is een pgb?")


def test_network_down_shows_dutch_message_and_retry_works(page, app_url, fake_rasa):
    open_widget(page, app_url)
    page.context.set_offline(True)
    ask(page, "Wat is een pgb?", "Geen verbinding")
    expect_error_with_retry(page, "Controleer uw internet")
    page.context.set_offline(False)
    retry_succeeds(page, fake_rasa, "Wat is een pgb?")


def test_a_new_question_clears_an_old_error(page, app_url, fake_rasa):
    open_widget(page, app_url)
    fake_rasa.fail_next = 1
    ask(page, "Wat is een pgb?", "niet bereikbaar")
    ask(page, "Wat is dagbesteding?", FAQ_START)
    expect(page.locator(".error")).to_have_count(0)


def test_text_typed_while_waiting_is_kept(page, app_url):
    open_widget(page, app_url)
    held = []
    page.route("**/api/chat", lambda route: held.append(route))
    page.locator("textarea").fill("eerste vraag")
    page.locator("textarea").press("Enter")
    expect(page.locator(".typing")).to_be_visible()
    page.locator("textarea").fill("tweede vraag")
    page.locator("textarea").press("Enter")
    expect(page.locator("textarea")).to_have_value("tweede vraag")
    expect(page.locator(".msg.user")).to_have_count(1)
    held[0].continue_()
    expect(page.locator(".typing")).to_have_count(0)
    expect(page.locator(".log")).to_contain_text(NOT_UNDERSTOOD)


# --- handoff ---------------------------------------------------------------------------------------


def test_handoff_is_shown_as_the_municipality_contact_card(page, app_url):
    open_widget(page, app_url)
    ask(page, "Ik wil iemand spreken", "Contact met")
    card = page.get_by_role("group", name="Contact met " + CONTACT["name"])
    expect(card.get_by_role("heading", level=3)).to_have_text("Contact met " + CONTACT["name"])
    expect(card.get_by_role("link", name=CONTACT["phone"])).to_have_attribute("href", "tel:140777")
    expect(card).to_contain_text(CONTACT["hours"])
    expect(card.get_by_role("link", name="Naar de contactpagina")).to_have_attribute(
        "href", CONTACT["url"]
    )


# --- feedback --------------------------------------------------------------------------------------


def test_feedback_sends_only_session_key_and_rating_once(page, app_url):
    sent: list[dict] = []
    status = {"code": 503}

    def feedback(route):
        sent.append(json.loads(route.request.post_data))
        route.fulfill(status=status["code"], content_type="application/json", body="{}")

    page.route("**/api/feedback", feedback)
    open_widget(page, app_url)
    ask(page, "Wat is dagbesteding?", FAQ_START)
    group = page.get_by_role("group", name="Beoordeel dit antwoord")
    expect(group).to_have_count(1)  # the greeting is the widget's own: nothing to rate
    down = group.get_by_role("button", name="Niet nuttig", exact=True)
    up = group.get_by_role("button", name="Nuttig", exact=True)

    down.click()  # the server fails: say so, and allow another try
    expect(group).to_contain_text("Uw reactie is niet verstuurd")
    status["code"] = 201
    down.click()
    expect(group).to_contain_text("Bedankt voor uw reactie!")
    expect(group).not_to_contain_text("niet verstuurd")
    expect(down).to_have_attribute("aria-pressed", "true")
    expect(up).to_have_attribute("aria-pressed", "false")
    expect(down).to_be_focused()  # aria-disabled, not disabled: focus stays where it was

    session_id = session_state(page)["sessionId"]
    assert sent[-1] == {
        "session_id": session_id,
        "answer_key": "faq/dagbesteding",
        "rating": "down",
    }
    assert "dagbesteding?" not in json.dumps(sent) and FAQ_START not in json.dumps(sent)

    # One vote per answer: a second click sends nothing. The next chat answer is the barrier
    # that proves a request from the click would have been seen by now.
    up.click(force=True)  # force: Playwright itself refuses to click aria-disabled buttons
    ask(page, "nog een vraag", NOT_UNDERSTOOD)
    assert len(sent) == 2
    page.reload()
    group = page.get_by_role("group", name="Beoordeel dit antwoord").first
    expect(group).to_contain_text("Bedankt voor uw reactie!")
    expect(group.get_by_role("button", name="Nuttig", exact=True)).to_have_attribute(
        "aria-disabled", "true"
    )


def test_feedback_reaches_the_real_endpoint(page, app_url):
    open_widget(page, app_url)
    ask(page, "Wat is dagbesteding?", FAQ_START)
    ask(page, "iets anders", NOT_UNDERSTOOD)
    with page.expect_response("**/api/feedback") as info:
        page.locator(".feedback").first.get_by_role("button", name="Nuttig", exact=True).click()
    assert info.value.status == 201, info.value.text()
    assert json.loads(info.value.request.post_data)["answer_key"] == "faq/dagbesteding"
    # Only answers can be rated: the "not understood" reply carries no answer_key.
    expect(page.locator(".feedback")).to_have_count(1)
    expect(page.get_by_text("Bedankt voor uw reactie!")).to_have_count(1)


# --- layout: small screens, zoom, motion, screenshots ---------------------------------------------


@pytest.mark.parametrize(
    "name,options",
    [
        ("320px", {"viewport": {"width": 320, "height": 640}}),
        # A 1280x720 laptop at 200% zoom lays out 640x360 CSS pixels at twice the density.
        ("zoom200", {"viewport": {"width": 640, "height": 360}, "device_scale_factor": 2}),
        ("desktop", {"viewport": {"width": 1280, "height": 800}}),
    ],
)
def test_panel_reflows_without_horizontal_scrolling(new_page, app_url, artifacts, name, options):
    page = new_page(**options)
    page.goto(app_url)
    page.screenshot(path=str(artifacts / f"{name}-closed.png"), animations="disabled")
    launcher = page.locator(".launcher").bounding_box()
    assert launcher["x"] >= 0 and launcher["x"] + launcher["width"] <= options["viewport"]["width"]
    page.locator(".launcher").click()
    ask(page, "Wat is dagbesteding?", FAQ_START)
    ask(page, "Ik wil iemand spreken", "Contact met")
    ask(page, "lang antwoord", "zorgverzekeringswetwijzigingsvoorstel")
    page.screenshot(path=str(artifacts / f"{name}-open.png"), animations="disabled")

    layout = panel_layout(page)
    panel = layout["panel"]
    assert panel["left"] >= 0 and panel["right"] <= layout["vw"], layout
    assert panel["top"] >= 0 and panel["bottom"] <= layout["vh"], layout
    assert layout["panelOverflow"] <= 0 and layout["logOverflow"] <= 0, layout
    assert layout["pageOverflow"] <= 0, layout
    assert all(c["left"] >= 0 and c["right"] <= layout["vw"] for c in layout["controls"]), layout
    assert layout["input"]["bottom"] <= layout["vh"], layout
    assert layout["logHeight"] >= 100, "te weinig ruimte voor het gesprek"


@pytest.mark.parametrize("motion,animated", [("reduce", False), ("no-preference", True)])
def test_prefers_reduced_motion_is_honoured(new_page, app_url, motion, animated):
    page = new_page(reduced_motion=motion)
    open_widget(page, app_url)
    ask(page, "Wat is dagbesteding?", FAQ_START)
    names = page.locator(".msg.bot").last.evaluate("e => getComputedStyle(e).animationName")
    assert (names != "none") is animated, names


def test_desktop_screenshot_of_a_conversation(new_page, app_url, artifacts):
    page = new_page(viewport={"width": 1280, "height": 800})
    open_widget(page, app_url)
    ask(page, "Wat is dagbesteding?", FAQ_START)
    page.keyboard.press("Shift+Tab")  # show the focus ring on a quick reply in the picture
    path = artifacts / "desktop-conversation.png"
    page.screenshot(path=str(path), animations="disabled")
    assert path.stat().st_size > 10_000
    box = page.locator(".panel").bounding_box()
    assert box["width"] == 380 and box["x"] + box["width"] <= 1280 - 19
