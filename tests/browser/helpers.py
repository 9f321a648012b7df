"""Small steps the browser tests share: open the widget, ask, read the focus, run axe."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

HOST = "#zorgwegwijzer-widget"

# axe-core comes bundled in the PyPI package axe-playwright-python (pinned), so there is no
# 570 kB vendored file to keep up to date by hand and no npm step in a Python project.
_axe = Axe()


def open_widget(page: Page, url: str) -> None:
    page.goto(url)
    page.locator(".launcher").click()
    expect(page.locator("textarea")).to_be_focused()


def ask(page: Page, text: str, expected: str) -> None:
    """Type a question like a user and wait until `expected` shows up in the conversation."""
    page.locator("textarea").fill(text)
    page.locator("textarea").press("Enter")
    expect(page.locator(".log")).to_contain_text(expected)


def focused(page: Page) -> dict | None:
    """The element that has focus, looking through the widget's shadow root."""
    return page.evaluate(
        """() => {
          let a = document.activeElement;
          while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
          if (!a || a === document.body) return null;
          return {tag: a.tagName.toLowerCase(), cls: a.className || '', text: (a.textContent || '').trim(),
                  label: a.getAttribute('aria-label') || ''};
        }"""
    )


def session_state(page: Page) -> dict:
    return page.evaluate("() => JSON.parse(sessionStorage.getItem('zorgwegwijzer'))")


def axe_violations(page: Page) -> tuple[int, str]:
    """All axe-core rules that run by default (WCAG 2.0/2.1 A and AA plus best practices)."""
    # Messages fade in; measured halfway, their colours are paler than the real ones.
    page.evaluate(f"""() => {{
        const shadow = document.querySelector('{HOST}')?.shadowRoot;
        const all = [...document.getAnimations(), ...(shadow ? shadow.getAnimations() : [])];
        return Promise.all(all.filter(a => a.effect.getComputedTiming().iterations !== Infinity)
                              .map(a => a.finished));
    }}""")
    violations = _axe.run(page).response["violations"]
    # Own report: the package's generate_report() fails on shadow-DOM targets (nested lists).
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            lines.append(f"    {json.dumps(node['target'])}: {node['failureSummary']}")
            lines.append(f"        {node['html'][:200]}")
    return len(violations), "\n".join(lines)


def panel_layout(page: Page) -> dict:
    """Geometry of the open panel, in CSS pixels, to check reflow without horizontal scrolling."""
    return page.evaluate(
        f"""() => {{
          const root = document.querySelector('{HOST}').shadowRoot;
          const panel = root.querySelector('.panel'), log = root.querySelector('.log');
          const r = panel.getBoundingClientRect();
          const controls = [...root.querySelectorAll('.panel button, .panel textarea, .panel a')]
            .map(e => e.getBoundingClientRect())
            .filter(b => b.width > 0)
            .map(b => ({{left: b.left, right: b.right}}));
          return {{
            vw: innerWidth, vh: innerHeight,
            panel: {{left: r.left, right: r.right, top: r.top, bottom: r.bottom}},
            panelOverflow: panel.scrollWidth - panel.clientWidth,
            logOverflow: log.scrollWidth - log.clientWidth,
            pageOverflow: document.scrollingElement.scrollWidth - innerWidth,
            logHeight: log.clientHeight,
            input: root.querySelector('textarea').getBoundingClientRect().toJSON(),
            controls,
          }};
        }}"""
    )


def ensure_answer_keys(page: Page, keys: dict[str, str]) -> dict:
    """Make /api/chat carry `answer_key` for the given answer texts when the API does not (yet)
    pass it on from the fake Rasa. Returns a record of whether the real API already did."""
    seen = {"from_api": False, "injected": False}

    def handle(route):
        response = route.fetch()
        try:
            body = response.json()
        except ValueError:
            return route.fulfill(response=response)
        for message in body.get("messages", []) if isinstance(body, dict) else []:
            for start, key in keys.items():
                if str(message.get("text", "")).startswith(start):
                    if message.get("answer_key"):
                        seen["from_api"] = True
                    else:
                        message["answer_key"] = key
                        seen["injected"] = True
        route.fulfill(response=response, json=body)

    page.route("**/api/chat", handle)
    return seen


@contextlib.contextmanager
def api_in_thread(app, port: int) -> Iterator[str]:
    """The FastAPI app on 127.0.0.1:port in a background thread; yields its URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("de API-server is niet gestart")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
