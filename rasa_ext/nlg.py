"""The Rasa server's NLG: the current answer texts from the files, plus local information.

Loaded from the endpoints file (`nlg: type: rasa_ext.nlg.ContentNLG`, written by
bot/runtime/launcher.py). Every bot message that comes from a response goes through here:
`utter_faq` of the ResponseSelector, responses the action server names
(`dispatcher.utter_message(response=...)`) and the domain's own responses.

- National answers: the responses in the FAQ files (ZWW_ANSWERS_DIR, default data/faq) are
  laid over the responses trained into the model, so a changed text is used at once; a
  response not in the files keeps the model's text. The model file is never touched.
- Local information (ZWW_LOCAL_CONTENT): after `utter_faq/<topic>`, the municipality's text
  for that topic. The NLG can only return one message, so the text travels in the message's
  custom JSON (`local_info`) and the channel shows it as its own message: the web gateway
  (api/rasa_client.py) and the Telegram / WhatsApp connectors (bot.domain.local_content.
  split_local_info). Other outputs, such as `rasa shell`, do not split custom JSON: they get the
  local text as its own paragraph under the answer instead.

Both files are checked again when they change (bot/domain/live_content.py); a file that
cannot be used is logged in Dutch and the previous valid version stays.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.domain import live_content
from bot.domain.local_content import LOCAL_INFO_KEY, LocalContent
from bot.domain.topics import FAQ_RESPONSE_PREFIX
from bot.settings import Settings, get_settings

logger = logging.getLogger(__name__)

# Output channels that turn `local_info` into its own message (their Rasa names): the REST
# collector the web gateway reads, Telegram and Twilio (WhatsApp).
SPLITTING_OUTPUTS = frozenset({"collector", "telegram", "twilio"})


class ContentNLG(TemplatedNaturalLanguageGenerator):
    # How often the files are checked for a change, at most (seconds).
    check_interval = live_content.CHECK_INTERVAL_SECONDS

    def __init__(
        self,
        endpoint_config: EndpointConfig | None = None,
        domain: Domain | None = None,
        settings: Settings | None = None,
    ) -> None:
        domain = domain or Domain.empty()
        self._trained = dict(domain.responses)
        super().__init__(dict(self._trained))
        settings = settings or get_settings()
        self.national = live_content.national_answers(settings.answers_dir, self.check_interval)
        self.local = live_content.local_answers(settings.local_content, self.check_interval)
        self._overlaid: object = None
        self._current_responses()
        logger.info(
            "Antwoordteksten uit %s, lokale informatie uit %s.",
            settings.answers_dir,
            settings.local_content or "(geen)",
        )

    def _current_responses(self) -> dict[str, list[dict[str, Any]]]:
        national = self.national.get()
        if national is not self._overlaid:  # rebuilt only when the files were read again
            self.responses = {**self._trained, **national}
            self._overlaid = national
        return self.responses

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str,
        **kwargs: Any,
    ) -> dict[str, Any] | None:
        self._current_responses()
        message = await super().generate(utter_action, tracker, output_channel, **kwargs)
        if message is None or not utter_action.startswith(FAQ_RESPONSE_PREFIX):
            return message
        local: LocalContent = self.local.get()
        text = local.message_for(utter_action[len(FAQ_RESPONSE_PREFIX) :])
        if text:
            add_local_info(message, text, output_channel)
        return message


def add_local_info(message: dict[str, Any], text: str, output_channel: str) -> None:
    """Attach a local text to a generated answer, in the form the output channel can show."""
    if output_channel in SPLITTING_OUTPUTS:
        message["custom"] = {**(message.get("custom") or {}), LOCAL_INFO_KEY: text}
    else:
        answer = (message.get("text") or "").rstrip()
        message["text"] = f"{answer}\n\n{text}" if answer else text
