"""A local stand-in for the Telegram Bot API and Twilio's REST API that records every call.

Only what the connectors use is answered, in the platforms' own response format, so aiogram and
the twilio client parse the answers as they would in production.
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

TELEGRAM_PATH = re.compile(r"^/bot(?P<token>[^/]+)/(?P<method>\w+)$")
TWILIO_MESSAGES_PATH = re.compile(r"^/2010-04-01/Accounts/(?P<sid>\w+)/Messages\.json$")
BOT_USER = {
    "id": 123456789,
    "is_bot": True,
    "first_name": "Zorgwegwijzer",
    "username": "zww_test_bot",
}


class FakePlatforms:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        # Set to a Telegram error body to make every Bot API call fail.
        self.telegram_error: dict[str, Any] | None = None
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address
        return f"http://{host}:{port}"

    def start(self) -> FakePlatforms:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def clear(self) -> None:
        with self._lock:
            self.calls.clear()

    def recorded(self, platform: str | None = None, method: str | None = None) -> list[dict]:
        with self._lock:
            return [
                c
                for c in self.calls
                if (platform is None or c["platform"] == platform)
                and (method is None or c["method"] == method)
            ]

    def wait_for(self, platform: str, method: str, deadline_seconds: float = 20.0) -> list[dict]:
        """Calls made from a background task (webhook registration) arrive a moment later."""
        end = time.monotonic() + deadline_seconds
        while not self.recorded(platform, method) and time.monotonic() < end:
            time.sleep(0.1)
        return self.recorded(platform, method)

    def _record(self, call: dict[str, Any]) -> None:
        with self._lock:
            self.calls.append(call)

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def _reply(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _form(self) -> dict[str, str]:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                return {k: v[-1] for k, v in parse_qs(raw, keep_blank_values=True).items()}

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                path = self.path.split("?")[0]
                telegram = TELEGRAM_PATH.match(path)
                twilio = TWILIO_MESSAGES_PATH.match(path)
                if telegram:
                    self._telegram(telegram["token"], telegram["method"], self._form())
                elif twilio:
                    self._twilio(twilio["sid"], self._form())
                else:
                    self._reply(404, {"detail": "unknown path"})

            def _telegram(self, token: str, method: str, params: dict[str, str]) -> None:
                if "reply_markup" in params:
                    params["reply_markup"] = json.loads(params["reply_markup"])
                fake._record(
                    {"platform": "telegram", "method": method, "token": token, "params": params}
                )
                if fake.telegram_error:
                    self._reply(fake.telegram_error.get("error_code", 400), fake.telegram_error)
                    return
                if method == "sendMessage":
                    result: Any = {
                        "message_id": len(fake.calls),
                        "from": BOT_USER,
                        "date": int(time.time()),
                        "chat": {"id": int(params["chat_id"]), "type": "private"},
                        "text": params.get("text", ""),
                    }
                elif method == "getMe":
                    result = BOT_USER
                else:  # setWebhook, answerCallbackQuery, ...
                    result = True
                self._reply(200, {"ok": True, "result": result})

            def _twilio(self, sid: str, params: dict[str, str]) -> None:
                auth = self.headers.get("Authorization", "")
                user, _, password = (
                    base64.b64decode(auth.removeprefix("Basic ")).decode().partition(":")
                )
                fake._record(
                    {
                        "platform": "twilio",
                        "method": "Messages",
                        "account_sid": sid,
                        "auth": (user, password),
                        "params": params,
                    }
                )
                now = "Thu, 23 Nov 2023 10:00:00 +0000"
                message_sid = f"SM{len(fake.calls):032d}"
                self._reply(
                    201,
                    {
                        "sid": message_sid,
                        "account_sid": sid,
                        "to": params.get("To"),
                        "from": params.get("From"),
                        "body": params.get("Body"),
                        "status": "queued",
                        "num_segments": "1",
                        "num_media": "0",
                        "direction": "outbound-api",
                        "api_version": "2010-04-01",
                        "date_created": now,
                        "date_updated": now,
                        "date_sent": None,
                        "price": None,
                        "price_unit": "USD",
                        "error_code": None,
                        "error_message": None,
                        "messaging_service_sid": None,
                        "uri": f"/2010-04-01/Accounts/{sid}/Messages/{message_sid}.json",
                        "subresource_uris": {},
                    },
                )

        return Handler
