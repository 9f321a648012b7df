"""The real API and widget in headless Chromium, with a fake Rasa behind the API.

The fake answers Rasa's REST channel with scripted messages, so these tests need neither the
trained model nor the action server and start in a second. Chromium is Debian's package
(scripts/install_browser.sh); Playwright only drives it, it never downloads a browser.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from api.main import create_app
from bot.domain.topics import faq_answer
from bot.runtime.launcher import free_port
from bot.settings import Settings, get_settings
from tests.browser.helpers import api_in_thread

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

CONTACT = {
    "name": "Gemeente Voorbeeldstad",
    "phone": "14 0777",
    "hours": "maandag tot en met vrijdag van 8.30 tot 17.00 uur",
    "url": "https://www.voorbeeldstad.nl/contact",
}
LINK_ANSWER = (
    "Dagbesteding zijn activiteiten overdag, zoals koken of tuinieren. "
    "Meer: https://www.voorbeeldstad.nl/dagbesteding."
)
FAQ_BUTTONS = [
    {"title": "Welke zorg past bij mij?", "payload": "/start_wegwijzer"},
    {"title": "Ik wil iemand spreken", "payload": "/human_handoff"},
]
XSS_TEXT = (
    'Test <script>window.__pwned=1</script> en <img src=x onerror="window.__pwned=1"> '
    '<a href="javascript:window.__pwned=1">klik</a>'
)
NOT_UNDERSTOOD = "Sorry, dat begreep ik niet. Probeer het in andere woorden."
EMBED_PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Gemeente Geeldorp</title>
</head><body><main><h1>Gemeente Geeldorp</h1><p>Zorg en ondersteuning.</p></main>
<script src="{api}/widget.js" data-api="{api}" data-name="Gemeente Geeldorp" data-color="#ffd700"
  data-greeting="Goedendag! Waar kan ik u mee helpen?" data-position="left" defer></script>
</body></html>"""


# The real answer text of a FAQ topic; like Rasa, the answer carries its key as custom JSON.
FAQ_ANSWER = faq_answer("dagbesteding")


class FakeRasa:
    """Scripted stand-in for Rasa's REST channel; records what the API sent it."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.fail_next = 0
        # A municipal page on another origin that embeds the widget with the one-line snippet.
        self.embed_html = ""
        self.lock = threading.Lock()

    def reset(self) -> None:
        with self.lock:
            self.received.clear()
            self.fail_next = 0

    def answer(self, sender: str, message: str) -> list[dict]:
        text = message.lower()
        out = lambda **kw: {"recipient_id": sender, **kw}  # noqa: E731
        if "dagbesteding" in text:
            return [
                out(text=FAQ_ANSWER, buttons=FAQ_BUTTONS),
                out(custom={"answer_key": "faq/dagbesteding"}),
            ]
        if "link" in text:
            return [out(text=LINK_ANSWER)]
        if text == "/human_handoff" or "iemand spreken" in text:
            return [
                out(text="U kunt contact opnemen met de gemeente."),
                out(custom={"handoff": CONTACT}),
            ]
        if "onveilig contact" in text:
            evil = {
                "name": '<img src=x onerror="window.__pwned=1">',
                "phone": "<b>1</b>",
                "hours": "<script>window.__pwned=1</script>",
                "url": "javascript:window.__pwned=1",
            }
            return [out(text="Contact:"), out(custom={"handoff": evil})]
        if text == "/start_wegwijzer":
            return [
                out(
                    text="Voor wie zoekt u zorg?",
                    buttons=[
                        {"title": "Voor mijzelf", "payload": '/inform{"for_whom":"self"}'},
                        {"title": "Voor een ander", "payload": '/inform{"for_whom":"other"}'},
                    ],
                )
            ]
        if "xss" in text:
            return [out(text=XSS_TEXT)]
        if "lang antwoord" in text:
            word = "zorgverzekeringswetwijzigingsvoorstel"
            return [
                out(
                    text=" ".join([word] * 12) + " https://www.voorbeeldstad.nl/" + "a" * 80,
                    buttons=[{"title": "Een hele lange knop " * 4, "payload": "/x"}],
                )
            ]
        return [out(text=NOT_UNDERSTOOD)]

    def serve(self) -> ThreadingHTTPServer:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep pytest output clean
                pass

            def _send(self, status: int, body) -> None:
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def do_GET(self) -> None:
                if self.path == "/":
                    return self._send(200, "Hello from Rasa: 3.6.21")
                if self.path == "/gemeente" and fake.embed_html:
                    raw = fake.embed_html.encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(raw)))
                    self.end_headers()
                    return self.wfile.write(raw)
                self._send(404, {})

            def do_POST(self) -> None:
                if self.path.split("?")[0] != "/webhooks/rest/webhook":
                    return self._send(404, {})
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                with fake.lock:
                    fake.received.append(body)
                    failing = fake.fail_next > 0
                    fake.fail_next -= 1 if failing else 0
                if failing:
                    return self._send(500, {"error": "fake outage"})
                self._send(200, fake.answer(body["sender"], body["message"]))

        server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server


@pytest.fixture(scope="session")
def fake_rasa():
    fake = FakeRasa()
    server = fake.serve()
    fake.port = server.server_address[1]
    fake.origin = f"http://127.0.0.1:{fake.port}"
    yield fake
    server.shutdown()


@pytest.fixture(scope="session")
def app_url(fake_rasa, tmp_path_factory):
    """The real FastAPI app (api.main.create_app) on a free port, talking to the fake Rasa."""
    options = dict(
        api_port=free_port(),
        rasa_port=fake_rasa.port,
        action_port=free_port(),
        data_dir=tmp_path_factory.mktemp("var"),
        municipality_phone=CONTACT["phone"],
        allowed_origins=[fake_rasa.origin],
    )
    if "rate_limit_per_minute" in Settings.__fields__:
        # Every test browser comes from 127.0.0.1: one shared budget would throttle the suite.
        options["rate_limit_per_minute"] = 0
    settings = Settings(**options)
    # Code that reads get_settings() (not the factory argument) must see the same test values.
    env = {
        "ZWW_RASA_PORT": str(settings.rasa_port),
        "ZWW_DATA_DIR": str(settings.data_dir),
        "ZWW_ACTION_PORT": str(settings.action_port),
    }
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    get_settings.cache_clear()
    try:
        with api_in_thread(create_app(settings), settings.api_port) as url:
            fake_rasa.embed_html = EMBED_PAGE.format(api=url)
            yield url
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        get_settings.cache_clear()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} ontbreekt: draai eerst ./scripts/install_browser.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def new_page(browser, fake_rasa):
    """Factory for pages in fresh contexts (fresh sessionStorage); all closed after the test."""
    fake_rasa.reset()
    contexts = []

    def make(**context_options):
        options = {"viewport": {"width": 1280, "height": 800}, "locale": "nl-NL", **context_options}
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.js_errors = errors
        return page

    yield make
    for c in contexts:
        c.close()


@pytest.fixture()
def page(new_page):
    return new_page()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def pytest_report_header(config):
    return f"chromium: {CHROMIUM} ({'aanwezig' if shutil.which(CHROMIUM) else 'ontbreekt'})"
