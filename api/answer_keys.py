"""The answer keys the bot gave, per conversation: feedback may only rate an answer that was
really given in that conversation, so the feedback table holds no invented keys.

Kept in process memory, like the rate limit, and bounded the same way: at most
`max_sessions` conversations (the one without a new answer longest is forgotten first) with
at most `max_keys` keys each. A restart of the API forgets them all: an answer given before
it can no longer be rated.

Not thread-safe on purpose: it runs on the event loop, one callback at a time.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

MAX_SESSIONS = 10_000
MAX_KEYS_PER_SESSION = 100


class GivenAnswers:
    def __init__(
        self, max_sessions: int = MAX_SESSIONS, max_keys: int = MAX_KEYS_PER_SESSION
    ) -> None:
        self.max_sessions = max_sessions
        self.max_keys = max_keys
        # Ordered by last answer; per session a dict used as an ordered set, oldest key first.
        self._given: OrderedDict[str, dict[str, None]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._given)

    def remember(self, session_id: str, answer_keys: Iterable[str]) -> None:
        keys = list(answer_keys)
        if not keys:
            return  # a reply without a rateable answer changes nothing
        given = self._given.pop(session_id, {})
        self._given[session_id] = given
        for key in keys:
            given.pop(key, None)
            given[key] = None
        while len(given) > self.max_keys:
            del given[next(iter(given))]
        while len(self._given) > self.max_sessions:
            self._given.popitem(last=False)

    def was_given(self, session_id: str, answer_key: str) -> bool:
        return answer_key in self._given.get(session_id, {})

    def forget(self, session_id: str) -> None:
        self._given.pop(session_id, None)
