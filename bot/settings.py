"""One place for every setting: read from environment variables (prefix ZWW_) with defaults.

pydantic's BaseSettings (v1, the version Rasa pins) gives typed parsing and validation for
free, so a wrong port number fails at start-up with a clear message instead of deep inside a
server.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseSettings, Field, SecretStr, validator

from bot.runtime.channels_config import ChannelSettings

PROJECT_ROOT = Path(__file__).resolve().parent.parent


# The Telegram/WhatsApp fields are defined next to the channel logic (bot/runtime/channels_config.py)
# and inherited here, so there is still one settings object for the whole application.
class Settings(ChannelSettings):
    # Network: only the API is meant to be public; Rasa and the action server stay on loopback.
    api_host: str = Field(default="127.0.0.1", description="Interface the public API listens on.")
    api_port: int = Field(default=8000, ge=1, le=65535)
    rasa_port: int = Field(default=5005, ge=1, le=65535)
    action_port: int = Field(default=5055, ge=1, le=65535)
    rasa_url: str = Field(
        default="", description="Rasa server base URL; derived from rasa_port when empty."
    )
    rasa_timeout_seconds: float = Field(default=30.0, gt=0)
    allowed_origins: list[str] = Field(default_factory=list)

    # The municipality that runs this bot (shown in contact and hand-off messages).
    municipality_name: str = "Gemeente Voorbeeldstad"
    municipality_phone: str = "14 0123"
    municipality_hours: str = "maandag tot en met vrijdag van 8.30 tot 17.00 uur"
    municipality_url: str = "https://www.voorbeeldstad.nl/contact"
    # The municipality's own gemeente (a name or CBS code such as "Zwolle" or "GM0193"): its
    # zorgkantoorregio is offered first when a resident looks up the zorgkantoor. Empty: none.
    municipality_gemeente: str = ""
    # Crisis, medical and personal-data texts with the helpline numbers: the shipped
    # bot/domain/safety_texts.yml, or a deployment's own file with the entries it changes.
    safety_texts: Path | None = Field(default=None, description="Own YAML with safety texts.")
    # The municipality's own information shown after a national answer (docs/content-editing.md):
    # a YAML file with `local_answers: {<topic id>: <text>}`. Read again when it changes, no
    # retrain. Empty: no local information.
    local_content: Path | None = Field(
        default=None, description="YAML with local information per FAQ topic."
    )
    # Where the running bot reads the national answer texts (the `responses:` of the FAQ
    # files). They are also in the model, but these files win, so a changed text is live
    # without a retrain. Tests point this at a copy.
    answers_dir: Path = Field(
        default=PROJECT_ROOT / "data" / "faq",
        description="Folder with the FAQ files whose responses the running bot uses.",
    )

    # Where generated artefacts live (all ignored by git).
    spacy_pipeline_dir: Path = PROJECT_ROOT / "build" / "spacy-nl"
    spacy_model: str = Field(
        default="auto",
        description="'auto' (official nl_core_news_sm when installed, else the built fallback), "
        "'nl_core_news_sm' (require it) or 'fallback'.",
    )
    models_dir: Path = PROJECT_ROOT / "models"
    data_dir: Path = PROJECT_ROOT / "var"
    log_level: str = "INFO"

    class Config(BaseSettings.Config):
        env_prefix = "ZWW_"

        @classmethod
        def parse_env_var(cls, field_name: str, raw_value: str) -> Any:
            # Lists are written comma-separated in the environment, not as JSON.
            if field_name in {"allowed_origins", "rasa_urls"}:
                return [item.strip() for item in raw_value.split(",") if item.strip()]
            return cls.json_loads(raw_value)

    @validator("local_content", pre=True)
    def _empty_means_none(cls, value: Any) -> Any:
        # ZWW_LOCAL_CONTENT= (empty) switches local information off, also for `make run`.
        return None if isinstance(value, str) and not value.strip() else value

    @validator("spacy_model")
    def _known_spacy_choice(cls, value: str) -> str:
        if value not in {"auto", "nl_core_news_sm", "fallback"}:
            raise ValueError("kies 'auto', 'nl_core_news_sm' of 'fallback'")
        return value

    @property
    def rasa_base_url(self) -> str:
        return (self.rasa_url or f"http://127.0.0.1:{self.rasa_port}").rstrip("/")

    @property
    def rasa_base_urls(self) -> list[str]:
        """Every Rasa server the API may use, in fail-over order."""
        return list(self.rasa_urls) or [self.rasa_base_url]

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}"

    @property
    def admin_enabled(self) -> bool:
        return bool(self.admin_token and self.admin_token.get_secret_value())

    @property
    def controller(self) -> str:
        return self.controller_name.strip() or self.municipality_name

    @property
    def contact(self) -> dict:
        return {
            "name": self.municipality_name,
            "phone": self.municipality_phone,
            "hours": self.municipality_hours,
            "url": self.municipality_url,
        }

    # --- Public API hardening, privacy and feedback ------------------------------------------
    rate_limit_per_minute: int = Field(
        default=30,
        ge=0,
        description="Requests per minute per client on each limited endpoint; 0 = off.",
    )
    trust_proxy: bool = Field(
        default=False, description="Take the client address from X-Forwarded-For (own proxy only)."
    )
    max_body_bytes: int = Field(
        default=16384, ge=1024, description="Largest request body accepted."
    )
    frame_ancestors: str = Field(
        default="'self'",
        description="CSP frame-ancestors of the demo page, e.g. 'none' or origins.",
    )
    tracker_db_url: str = Field(
        default="",
        description="SQLAlchemy URL of Rasa's tracker store (PostgreSQL); "
        "empty = SQLite in data_dir/tracker.db.",
    )

    # --- Scaling: Rasa's own engine (docs/deployment.md) ------------------------------------
    lock_store_url: str = Field(
        default="",
        description="Redis URL of Rasa's lock store (redis://host:port/db, rediss:// for TLS); "
        "also shares the API's rate limit between API processes. Empty = Rasa's in-memory "
        "lock store (one Rasa process).",
    )
    rasa_workers: int = Field(
        default=1,
        ge=1,
        le=64,
        description="Sanic worker processes of the Rasa server (SANIC_WORKERS); more than 1 "
        "needs lock_store_url.",
    )
    rasa_urls: list[str] = Field(
        default_factory=list,
        description="Several Rasa servers for the API (comma-separated base URLs), all on one "
        "PostgreSQL tracker store and one Redis lock store; empty = the one local server.",
    )
    feedback_db_url: str = Field(
        default="",
        description="SQLAlchemy URL of the feedback store; empty = SQLite in "
        "data_dir/feedback.db.",
    )

    # --- Insights (/beheer), retention and the privacy page --------------------------------
    admin_token: SecretStr | None = Field(
        default=None,
        description="Bearer token for /beheer; unset or empty = the admin page is off (404).",
    )
    keep_unanswered: bool = Field(
        default=False,
        description="List the (redacted) texts of unanswered questions on /beheer.",
    )
    retention_days: int = Field(
        default=30,
        ge=1,
        description="Days a conversation and its feedback are kept after the last message; "
        "`make purge` removes what is older and /privacy states it.",
    )
    controller_name: str = Field(
        default="",
        description="Verwerkingsverantwoordelijke named on /privacy; empty = municipality_name.",
    )
    privacy_contact: str = Field(
        default="",
        description="Where residents reach the privacy officer (FG), e.g. an e-mail address or "
        "page; empty = the municipality's contact page.",
    )

    @validator("admin_token")
    def _long_admin_token(cls, value: SecretStr | None) -> SecretStr | None:
        # The token is the only lock on /beheer: too short is guessable despite the rate limit.
        if value is not None and value.get_secret_value() and len(value.get_secret_value()) < 16:
            raise ValueError(
                "gebruik minstens 16 tekens, bijvoorbeeld de uitvoer van: "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
            )
        return value

    @validator("lock_store_url")
    def _redis_url(cls, value: str) -> str:
        value = value.strip()
        if value and urlsplit(value).scheme not in {"redis", "rediss"}:
            raise ValueError("geef een Redis-adres, bijvoorbeeld redis://127.0.0.1:6379/0")
        return value

    @validator("rasa_workers")
    def _workers_need_a_lock_store(cls, value: int, values: dict) -> int:
        # Rasa starts one worker, without a word, when SANIC_WORKERS is set but the lock store
        # is in memory: two workers would otherwise each lock a conversation on their own.
        if value > 1 and not values.get("lock_store_url"):
            raise ValueError(
                "meer dan 1 Rasa-worker kan alleen met een gedeelde lock store: zet ook "
                "ZWW_LOCK_STORE_URL (bijvoorbeeld redis://127.0.0.1:6379/0), of gebruik "
                "ZWW_RASA_WORKERS=1"
            )
        return value

    @validator("rasa_urls", each_item=True)
    def _http_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if urlsplit(value).scheme not in {"http", "https"} or not urlsplit(value).hostname:
            raise ValueError("geef adressen als http://host:poort, gescheiden door komma's")
        return value

    @validator("frame_ancestors")
    def _one_csp_directive(cls, value: str) -> str:
        # The value is pasted into a header: a ';' or line break would add directives or headers.
        if not value.strip() or any(c in value for c in ";,\r\n"):
            raise ValueError("geef bronnen gescheiden door spaties, zonder ';' of ','")
        return value.strip()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
