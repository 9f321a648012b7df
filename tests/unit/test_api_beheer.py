"""/beheer and /privacy over HTTP (FastAPI's TestClient against api.main.create_app)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient

import api.routes.beheer as beheer_routes
from api.main import RATE_LIMITED_PREFIXES, create_app
from bot.runtime.launcher import free_port
from bot.settings import PROJECT_ROOT, Settings
from tests.unit.test_insights import UNSURE_SENDER, recorded, user_says, write

TOKEN = "beheer-token-9f3c2a7d61e04b5f"
GOOD = {"Authorization": f"Bearer {TOKEN}"}
DAY = "from=2026-12-04&to=2026-12-04"
DATA_PATHS = ["/beheer/api/insights", "/beheer/api/insights.csv", "/beheer/api/report"]


def settings_for(tmp_path, **extra) -> Settings:
    options = dict(
        rasa_port=free_port(), action_port=free_port(), data_dir=tmp_path, rate_limit_per_minute=0
    )
    options.update(extra)
    return Settings(**options)


@pytest.fixture()
def client(tmp_path):
    write(tmp_path / "tracker.db", recorded())
    with TestClient(create_app(settings_for(tmp_path, admin_token=TOKEN))) as c:
        yield c


# --- off, 401 and 200 --------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, ""])
def test_everything_under_beheer_is_404_without_a_configured_token(tmp_path, token):
    with TestClient(create_app(settings_for(tmp_path, admin_token=token))) as c:
        for path in ["/beheer", "/beheer/beheer.js", "/beheer/beheer.css", *DATA_PATHS]:
            r = c.get(path, headers=GOOD)
            assert r.status_code == 404, path
            assert TOKEN not in r.text


def test_the_token_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("ZWW_ADMIN_TOKEN", TOKEN)
    monkeypatch.setenv("ZWW_KEEP_UNANSWERED", "true")
    s = Settings()
    assert s.admin_enabled and s.admin_token.get_secret_value() == TOKEN
    assert s.keep_unanswered is True
    assert TOKEN not in repr(s)  # SecretStr: never in a log line or traceback


def test_a_short_admin_token_is_refused_at_start_up():
    with pytest.raises(ValueError, match="minstens 16 tekens"):
        Settings(admin_token="geheim")
    assert Settings(admin_token="x" * 16).admin_enabled


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer verkeerd-token"},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": TOKEN},
        {"Cookie": f"token={TOKEN}"},
    ],
)
def test_data_needs_the_right_bearer_token(client, headers):
    for path in DATA_PATHS:
        r = client.get(f"{path}?{DAY}", headers=headers)
        assert r.status_code == 401, path
        assert r.headers["www-authenticate"] == "Bearer"
        assert r.json() == {"detail": "Log in met het beheertoken."}
        assert r.headers["cache-control"] == "no-store"


def test_the_page_without_token_is_a_401_login_form_without_any_data(client):
    r = client.get("/beheer")
    assert r.status_code == 401
    assert '<input id="token" name="token" type="password"' in r.text
    assert '<div id="report"></div>' in r.text
    assert "gesprekken" not in r.text.lower().split("<main>")[1].split("</form>")[1]


def test_with_the_token_the_page_has_the_report_never_cached_and_noindex(client):
    r = client.get(f"/beheer?{DAY}", headers=GOOD)
    assert r.status_code == 200
    assert r.headers["cache-control"] == "no-store"
    assert r.headers["x-robots-tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in r.text
    assert 'data-chart="c-gesprekken"' in r.text
    assert "<strong>7</strong> gesprekken" in r.text


def test_every_beheer_answer_is_no_store_and_noindex(client):
    for path in ["/beheer", "/beheer/beheer.js", "/beheer/beheer.css", *DATA_PATHS]:
        for headers in ({}, GOOD):
            r = client.get(f"{path}?{DAY}", headers=headers)
            assert r.headers["cache-control"] == "no-store", path
            assert r.headers["x-robots-tag"] == "noindex, nofollow", path


def test_the_page_csp_allows_no_inline_script_or_style_and_no_framing(client):
    csp = client.get("/beheer").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    page = client.get("/beheer", headers=GOOD).text
    # No inline script or style in the page or the report: the CSP would block them.
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert "<style" not in page and " style=" not in page


def test_the_token_is_compared_in_constant_time(client, monkeypatch):
    calls = []
    real = beheer_routes.hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(beheer_routes.hmac, "compare_digest", spy)
    assert client.get(f"/beheer/api/insights?{DAY}", headers=GOOD).status_code == 200
    assert (
        client.get(f"/beheer/api/insights?{DAY}", headers={"Authorization": "Bearer x"}).status_code
        == 401
    )
    assert calls == [(TOKEN.encode(), TOKEN.encode()), (b"x", TOKEN.encode())]


def test_beheer_is_rate_limited(tmp_path):
    assert "/beheer" in RATE_LIMITED_PREFIXES
    s = settings_for(tmp_path, admin_token=TOKEN, rate_limit_per_minute=3)
    with TestClient(create_app(s)) as c:
        codes = [
            c.get("/beheer/api/insights", headers={"Authorization": f"Bearer gok{n}"}).status_code
            for n in range(4)
        ]
        assert codes == [401, 401, 401, 429]
        # The right token does not lift the block: guessing stays slow.
        assert c.get("/beheer/api/insights", headers=GOOD).status_code == 429


def test_the_public_pages_do_not_link_to_beheer(client):
    for path in ["/", "/widget.js", "/privacy"]:
        assert "beheer" not in client.get(path).text.lower(), path


# --- the numbers ---------------------------------------------------------------------------------


def test_json_insights_of_the_recorded_day(client):
    body = client.get(f"/beheer/api/insights?{DAY}", headers=GOOD).json()
    assert body["period"] == {"from": "2026-12-04", "to": "2026-12-04"}
    assert body["totals"]["conversations"] == 7 and body["totals"]["handoffs"] == 2
    assert body["unanswered"] is None
    assert {t["key"] for t in body["topics"]} >= {"faq/vpt", "faq/pgb_wlz", "referral/general"}


def test_csv_export(client):
    r = client.get(f"/beheer/api/insights.csv?{DAY}", headers=GOOD)
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["content-disposition"] == (
        'attachment; filename="zorgwegwijzer-inzicht-2026-12-04-2026-12-04.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert {
        "onderdeel": "gesprekken",
        "datum": "2026-12-04",
        "sleutel": "",
        "naam": "Gesprekken",
        "waarde": "7",
    } in rows


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2026-12-05&to=2026-12-01", "De begindatum ligt na de einddatum."),
        ("from=4-12-2026", "Geef een datum als JJJJ-MM-DD."),
        ("from=2020-01-01&to=2026-01-01", "Kies een periode van hoogstens 366 dagen."),
    ],
)
def test_a_wrong_period_is_a_dutch_422(client, query, message):
    r = client.get(f"/beheer/api/insights?{query}", headers=GOOD)
    assert r.status_code == 422
    assert r.json()["errors"] == [{"field": "from", "message": message}]


def test_the_report_escapes_what_residents_typed(tmp_path):
    ts = recorded()[0]["timestamp"]
    write(
        tmp_path / "tracker.db",
        [user_says("Xss_session_000000001", ts, "<script>alert(1)</script> help", "out_of_scope")],
    )
    with TestClient(
        create_app(settings_for(tmp_path, admin_token=TOKEN, keep_unanswered=True))
    ) as c:
        html = c.get(f"/beheer/api/report?{DAY}", headers=GOOD).text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; help" in html


# --- unanswered questions: setting, redaction, removal ----------------------------------------


def test_unanswered_questions_listed_only_with_keep_unanswered(tmp_path):
    write(tmp_path / "tracker.db", recorded())
    with TestClient(create_app(settings_for(tmp_path, admin_token=TOKEN))) as c:
        off = c.get(f"/beheer/api/report?{DAY}", headers=GOOD).text
    assert "Deze lijst staat uit" in off and "dinges" not in off
    with TestClient(
        create_app(settings_for(tmp_path, admin_token=TOKEN, keep_unanswered=True))
    ) as c:
        on = c.get(f"/beheer/api/report?{DAY}", headers=GOOD).text
        body = c.get(f"/beheer/api/insights?{DAY}", headers=GOOD).json()
    assert "ik heb een vraag over dinges" in on
    assert [u["text"] for u in body["unanswered"]][-1] == "ik heb een vraag over dinges"


def test_unanswered_questions_are_redacted_on_the_page(tmp_path):
    ts = recorded()[0]["timestamp"]
    write(
        tmp_path / "tracker.db",
        [
            user_says(
                "Names_session_0000001",
                ts,
                "ik heet Piet Bakker, 3511 AB, piet@voorbeeld.nl",
                "nlu_fallback",
            )
        ],
    )
    with TestClient(
        create_app(settings_for(tmp_path, admin_token=TOKEN, keep_unanswered=True))
    ) as c:
        (row,) = c.get(f"/beheer/api/insights?{DAY}", headers=GOOD).json()["unanswered"]
    assert row["text"] == "ik heet [naam], [postcode], [e-mail]"


def test_delete_session_removes_its_unanswered_questions_from_beheer(tmp_path):
    write(tmp_path / "tracker.db", recorded())
    with TestClient(
        create_app(settings_for(tmp_path, admin_token=TOKEN, keep_unanswered=True))
    ) as c:
        before = [
            u["text"]
            for u in c.get(f"/beheer/api/insights?{DAY}", headers=GOOD).json()["unanswered"]
        ]
        assert c.delete(f"/api/session/{UNSURE_SENDER}").status_code == 204
        after = [
            u["text"]
            for u in c.get(f"/beheer/api/insights?{DAY}", headers=GOOD).json()["unanswered"]
        ]
    assert "ik heb een vraag over dinges" in before and "qwerty asdf" in before
    assert after == ["hoe vraag ik huurtoeslag aan?"]


# --- /privacy ---------------------------------------------------------------------------------------


def privacy(tmp_path, **extra) -> str:
    with TestClient(create_app(settings_for(tmp_path, **extra))) as c:
        r = c.get("/privacy")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    return r.text


def test_privacy_page_follows_the_settings(tmp_path):
    html = privacy(
        tmp_path,
        municipality_name="Gemeente Geeldorp",
        municipality_phone="14 0999",
        municipality_hours="elke werkdag van 9 tot 12 uur",
        municipality_url="https://www.geeldorp.nl/contact",
        retention_days=14,
        controller_name="Het college van burgemeester en wethouders van Geeldorp",
        privacy_contact="privacy@geeldorp.nl",
    )
    assert "na uw laatste bericht automatisch verwijderd" in html and "14 dagen" in html
    assert "30 dagen" not in html
    assert "Bel Gemeente Geeldorp op 14 0999,\nelke werkdag van 9 tot 12 uur" in html
    assert '<a href="https://www.geeldorp.nl/contact">' in html
    assert "Het college van burgemeester en wethouders van Geeldorp is verantwoordelijk" in html
    assert '<a href="mailto:privacy@geeldorp.nl">' in html
    assert "computerprogramma, een chatbot" in html  # AI Act art. 50: says it is automated
    assert "DELETE /api/session/&lt;session_id&gt;" in html
    assert 'Klik in de chat onderaan op\n"Gesprek wissen"' in html
    assert 'lang="nl"' in html


def test_privacy_page_defaults_name_the_municipality_and_30_days(tmp_path):
    html = privacy(tmp_path)
    assert "Gemeente Voorbeeldstad is verantwoordelijk" in html and "30 dagen" in html
    assert "Zij lezen uw berichten niet" in html
    assert "WhatsApp" not in html and "Telegram" not in html


def test_privacy_page_says_when_staff_read_unanswered_questions(tmp_path):
    html = privacy(tmp_path, keep_unanswered=True, retention_days=7)
    assert "Zulke vragen kunnen medewerkers van" in html
    assert "Ook deze vragen worden na 7 dagen verwijderd" in html
    assert "Zij lezen uw berichten niet" not in html


def test_privacy_page_mentions_the_channels_that_are_on(tmp_path):
    html = privacy(
        tmp_path, twilio_account_sid="AC" + "0" * 32, telegram_token="123456:" + "A" * 35
    )
    assert "via WhatsApp?" in html and "via Telegram?" in html
    assert "Praat u via WhatsApp of Telegram, of lukt het niet?" in html


def test_privacy_page_escapes_the_settings(tmp_path):
    html = privacy(
        tmp_path,
        municipality_name='<img src=x onerror="alert(1)">',
        municipality_url="javascript:alert(1)",
    )
    assert "<img src=x" not in html and "&lt;img src=x" in html
    assert 'href="javascript:' not in html


def test_widget_and_demo_page_link_to_privacy():
    widget = (PROJECT_ROOT / "api" / "static" / "widget.js").read_text(encoding="utf-8")
    assert 'externalLink(API + "/privacy", "Privacy")' in widget
    assert 'fetch(API + "/api/session/" + encodeURIComponent(id), { method: "DELETE" })' in widget
    demo = (PROJECT_ROOT / "api" / "static" / "index.html").read_text(encoding="utf-8")
    assert '<a href="/privacy">' in demo


def test_a_fresh_install_shows_an_empty_report_and_creates_no_database(tmp_path):
    with TestClient(
        create_app(settings_for(tmp_path, admin_token=TOKEN, keep_unanswered=True))
    ) as c:
        r = c.get("/beheer/api/report", headers=GOOD)
    assert r.status_code == 200
    assert "Geen gegevens in deze periode." in r.text and "Geen vragen in deze periode." in r.text
    assert list(tmp_path.iterdir()) == []
