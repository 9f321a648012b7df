"""/beheer and /privacy in real headless Chromium, against the real API with a real tracker DB.

The tracker DB holds 400 synthetic conversations of the last 30 days in Rasa's own event shape
(scripts/insights_data.py), so the charts have data; the expected numbers are computed with
bot.storage.insights directly and compared with what the page shows.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from api.main import create_app
from bot.runtime.launcher import free_port
from bot.settings import Settings
from bot.storage.insights import LOCAL_TZ, InsightsBuilder, Period
from scripts.insights_data import generate
from tests.browser.helpers import HOST, api_in_thread, axe_violations, open_widget

TOKEN = "browser-beheer-token-5d1e8c"


@pytest.fixture(scope="module")
def beheer(tmp_path_factory):
    data = tmp_path_factory.mktemp("beheer")
    generate(data / "tracker.db", 400, days=30, feedback_out=data / "feedback.db")
    settings = Settings(
        api_port=free_port(),
        rasa_port=free_port(),
        action_port=free_port(),
        data_dir=data,
        admin_token=TOKEN,
        keep_unanswered=True,
        rate_limit_per_minute=0,
    )
    with api_in_thread(create_app(settings), settings.api_port) as url:
        builder = InsightsBuilder(
            f"sqlite:///{data / 'tracker.db'}", f"sqlite:///{data / 'feedback.db'}"
        )
        yield {"url": url, "builder": builder}
        builder.dispose()


def log_in_by_keyboard(page: Page, url: str, token: str = TOKEN) -> None:
    response = page.goto(f"{url}/beheer")
    assert response is not None and response.status == 401  # no data without the token
    page.keyboard.press("Tab")
    expect(page.get_by_label("Beheertoken", exact=True)).to_be_focused()
    page.keyboard.type(token)
    page.keyboard.press("Enter")


def test_login_by_keyboard_shows_every_chart_with_data(new_page, beheer, artifacts):
    page = new_page(viewport={"width": 1280, "height": 900})
    log_in_by_keyboard(page, beheer["url"])
    expect(page.locator("#status")).to_contain_text("Inzicht geladen")
    expected = beheer["builder"].build(Period.last_days(30), keep_unanswered=True)
    charts = page.locator("svg.chart")
    expect(charts).to_have_count(7)
    for ident in (
        "gesprekken",
        "onzeker",
        "onderwerpen",
        "feedback",
        "wegwijzer",
        "medewerker",
        "kanalen",
    ):
        chart = page.locator(f'svg[data-chart="c-{ident}"]')
        expect(chart).to_be_visible()
        assert chart.get_attribute("role") == "img"
        assert chart.locator("title").first.text_content()
        assert chart.locator("desc").first.text_content()
        # Real bars: the data drew rectangles with a height or width on screen.
        sizes = chart.locator("rect.bar").evaluate_all(
            "rs => rs.map(r => r.getBoundingClientRect()).map(b => b.width * b.height)"
        )
        assert sum(1 for s in sizes if s > 0) >= 2, ident
    conversations = expected.totals["conversations"]
    assert conversations > 300
    expect(page.locator(".totals")).to_contain_text(f"{conversations} gesprekken")
    top = expected.topics[0]
    expect(page.locator('svg[data-chart="c-onderwerpen"] text').first).to_have_text(
        top.title if len(top.title) <= 40 else top.title[:39] + "…"
    )
    # The unanswered list is on (ZWW_KEEP_UNANSWERED) and redacted.
    rows = page.locator("#vragen tbody tr")
    assert rows.count() == len(expected.unanswered) > 0
    expect(page.locator("#vragen")).to_contain_text("[naam]")
    expect(page.locator("#vragen")).not_to_contain_text("Henk")
    assert page.js_errors == []
    page.screenshot(path=str(artifacts / "beheer.png"), full_page=True)


def test_wrong_token_says_so_and_returns_focus_to_the_field(new_page, beheer):
    page = new_page()
    log_in_by_keyboard(page, beheer["url"], token="fout")
    expect(page.locator("#status")).to_have_text("Het token klopt niet. Probeer het opnieuw.")
    expect(page.get_by_label("Beheertoken", exact=True)).to_be_focused()
    expect(page.locator("svg.chart")).to_have_count(0)
    expect(page.get_by_role("button", name="Download CSV")).to_be_disabled()


def tab_to(page: Page, element_id: str, limit: int = 5) -> None:
    """Tab until the element has focus: a date field has one tab stop per part (day, month,
    year), in the order of the browser's locale."""
    for _ in range(limit):
        if page.evaluate("document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == element_id


def test_changing_the_period_by_keyboard(new_page, beheer):
    page = new_page()
    log_in_by_keyboard(page, beheer["url"])
    expect(page.locator("#status")).to_contain_text("Inzicht geladen")
    tab_to(page, "from")
    before = page.locator("#from").input_value()
    # The arrow keys change the focused part of the date, whatever the locale's order is.
    for _ in range(2):
        page.keyboard.press("ArrowDown")
    tab_to(page, "to")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    start = date.fromisoformat(page.locator("#from").input_value())
    end = date.fromisoformat(page.locator("#to").input_value())
    assert start < date.fromisoformat(before) and end < time_today()
    expect(page.locator("#report-period")).to_have_text(
        f"Periode: {start.strftime('%d-%m-%Y')} tot en met {end.strftime('%d-%m-%Y')}"
    )
    expected = beheer["builder"].build(Period(start, end))
    expect(page.locator(".totals")).to_contain_text(
        f"{expected.totals['conversations']} gesprekken"
    )
    days = (end - start).days + 1
    assert page.locator('svg[data-chart="c-gesprekken"] rect.bar').count() == days


def test_csv_download_with_the_token(new_page, beheer):
    page = new_page()
    log_in_by_keyboard(page, beheer["url"])
    expect(page.get_by_role("button", name="Download CSV")).to_be_enabled()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    download = info.value
    assert download.suggested_filename.startswith("zorgwegwijzer-inzicht-")
    content = open(download.path(), encoding="utf-8-sig").read()
    assert content.startswith("onderdeel,datum,sleutel,naam,waarde")
    assert "gesprekken," in content


def test_beheer_has_no_axe_violations_before_and_after_login(new_page, beheer):
    page = new_page()
    page.goto(f"{beheer['url']}/beheer")
    count, report = axe_violations(page)
    assert count == 0, report
    page.get_by_label("Beheertoken", exact=True).fill(TOKEN)
    page.get_by_role("button", name="Toon inzicht").click()
    expect(page.locator("svg.chart").first).to_be_visible()
    page.locator("details").first.evaluate("d => d.open = true")  # the tables count too
    count, report = axe_violations(page)
    assert count == 0, report


def test_privacy_page_has_no_axe_violations(new_page, beheer):
    page = new_page()
    page.goto(f"{beheer['url']}/privacy")
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy bij de digitale wegwijzer")
    count, report = axe_violations(page)
    assert count == 0, report


def test_the_widget_links_to_the_privacy_page(new_page, app_url):
    page = new_page()
    open_widget(page, app_url)
    link = page.locator(HOST).locator(".privacy a")
    expect(link).to_have_attribute("href", f"{app_url}/privacy")
    expect(link).to_have_attribute("target", "_blank")
    with page.context.expect_page() as opened:
        link.click()
    privacy = opened.value
    privacy.wait_for_load_state()
    expect(privacy.get_by_role("heading", level=1)).to_have_text(
        "Privacy bij de digitale wegwijzer"
    )
    count, report = axe_violations(page)
    assert count == 0, report


def time_today() -> date:
    from datetime import datetime

    return datetime.now(LOCAL_TZ).date()


def test_forget_button_deletes_the_conversation_on_the_server(new_page, app_url, fake_rasa):
    from tests.browser.conftest import FAQ_ANSWER
    from tests.browser.helpers import ask, session_state

    page = new_page()
    deletes: list[str] = []
    page.on("request", lambda r: deletes.append(r.url) if r.method == "DELETE" else None)
    open_widget(page, app_url)
    ask(page, "Wat is dagbesteding?", FAQ_ANSWER[:40])
    session_id = session_state(page)["sessionId"]
    assert session_id
    page.locator(HOST).get_by_role("button", name="Gesprek wissen").click()
    expect(page.locator(".log")).to_contain_text("Uw gesprek is gewist.")
    expect(page.locator(".log")).not_to_contain_text(FAQ_ANSWER[:40])
    assert deletes == [f"{app_url}/api/session/{session_id}"]
    assert session_state(page)["sessionId"] is None
    expect(page.locator("textarea")).to_be_focused()
    count, report = axe_violations(page)
    assert count == 0, report
