"""The wegwijzer's advice as chat messages: plain B1 Dutch, short enough for a phone.

render_advice() turns an EligibilityOutput into at most 3 messages, each under MAX_WORDS:
  1. "Waar kunt u terecht?"  every route: law and desk, and what to do first (with the
                             municipality's contact for the gemeente, where configured)
  2. "Wat past bij u?"       the package that fits best with its reason, the other options
                             (Wlz only)
  3. "Let op"                notes, and what to find out for answers that are still missing
The reasons are never cut short: they are behind the button "Waarom dit advies?"
(render_reasons()), as whole texts. Plain text only (no HTML or Markdown), so every channel
shows the same words. `person` ("uw vader") words the headers for a relative; the reasons are
worded by the engine (rules.yml why_relative).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from bot.domain import buttons, topics
from bot.domain.eligibility import engine
from bot.domain.eligibility.models import EligibilityOutput

MAX_WORDS = 80  # words per message, strictly below
MAX_MESSAGES = 3
MAX_BUTTONS = 4  # "Waarom dit advies?" and up to three topics (or the zorgkantoor lookup)
BULLET = "\u2022"
ZORGKANTOOR_ROUTE = "wlz_zorgkantoor"
GEMEENTE = "gemeente"

# Buttons to FAQ topics, in order of priority: `topic_buttons` in rules.yml (validated there).
TOPIC_BUTTONS: Sequence[Mapping[str, Any]] = tuple(
    b.dict(exclude_none=True) for b in engine.rule_book().topic_buttons
)


def words(text: str) -> int:
    return len(text.split())


def _first_fitting(candidates: Iterable[Callable[[], str]]) -> str:
    """The first rendering that stays under MAX_WORDS (the last one is the shortest form)."""
    text = ""
    for render in candidates:
        text = render()
        if words(text) < MAX_WORDS:
            return text
    return text


# --------------------------------------------------------------------------- sections
def _contact_line(contact: Mapping[str, str] | None) -> str:
    if not contact or not contact.get("phone"):
        return ""
    return f"{contact['name']}: bel {contact['phone']}."


def _routes_message(
    out: EligibilityOutput, person: str | None, contact: Mapping[str, str] | None
) -> str:
    labels = engine.labels()
    header = f"Waar kunt u terecht voor {person}?" if person else "Waar kunt u terecht?"

    def render(steps: bool, contacts: bool) -> str:
        lines = [header]
        for r in out.routes:
            lines.append(f"{BULLET} {labels['laws'][r.law]}, via {labels['desks'][r.desk]}.")
            if steps:
                step = f"Eerste stap: {r.next_steps[0]}"
                if contacts and r.desk == GEMEENTE and _contact_line(contact):
                    step += " " + _contact_line(contact)
                lines.append(step)
        return "\n".join(lines)

    return _first_fitting(
        [lambda: render(True, True), lambda: render(True, False), lambda: render(False, False)]
    )


def _packages_message(out: EligibilityOutput, person: str | None) -> str:
    if not out.packages:
        return ""
    book = engine.rule_book()
    labels = engine.labels()
    header = f"Wat past bij {person}?" if person else "Wat past bij u?"
    best = [p for p in out.packages if p.fit == "recommended"]
    possible = [labels["packages"][p.code] for p in out.packages if p.fit == "possible"]
    home = [p for p in out.packages if p.code in book.home_packages]
    closing = (
        [f"{BULLET} Zorg thuis met een vpt, mpt of pgb is nu niet mogelijk."]
        if home and all(p.fit == "not_possible" for p in home)
        else []
    )

    def render(with_why: bool) -> str:
        lines = [header]
        for p in best:
            line = f"{BULLET} {labels['fits']['recommended']}: {labels['packages'][p.code]}."
            lines.append(f"{line} {p.why}" if with_why else line)
        if possible:
            lines.append(f"{BULLET} {labels['fits']['possible']}: {engine.join_dutch(possible)}.")
        return "\n".join(lines + closing)

    return _first_fitting([lambda: render(True), lambda: render(False)])


def to_find_out(out: EligibilityOutput, unknown: Iterable[str] | None = None) -> list[str]:
    """Missing answers worth finding out: those whose prerequisites are known (rules.yml
    depends_on), so "weet ik niet" on one question does not list all questions after it.
    With `unknown` (the chat: answers given as "weet ik niet") only those: a question the
    chat did not ask because it cannot matter here is not something to find out."""
    fields = engine.rule_book().fields
    missing = set(out.missing)
    notes = {engine.note_id(n) for n in out.notes}
    return [
        f
        for f in out.missing
        if f != "for_whom"
        and (unknown is None or f in set(unknown))
        and not set(fields[f].depends_on) & missing
        and not (fields[f].covered_by_note and fields[f].covered_by_note in notes)
    ]


def _notes_message(out: EligibilityOutput, open_fields: Sequence[str]) -> tuple[str, list[str]]:
    """The "Let op" message, and the notes that did not fit (shown under "Waarom?"). What to
    find out is said in full (where to ask) when it fits, else as a list of names."""
    fields = engine.rule_book().fields
    if not out.notes and not open_fields:
        return "", []
    names = engine.join_dutch([fields[f].label for f in open_fields])
    find_forms = [
        [f"{BULLET} Nog uitzoeken: {fields[f].find_out}" for f in open_fields],
        [f"{BULLET} Nog uitzoeken: {names}. Met die antwoorden wordt het advies preciezer."]
        if open_fields
        else [],
    ]
    for finds in find_forms:
        shown: list[str] = []
        for note in out.notes:  # rules.yml order: the most urgent first
            if words("\n".join(["Let op", *shown, f"{BULLET} {note}", *finds])) < MAX_WORDS:
                shown.append(f"{BULLET} {note}")
        text = "\n".join(["Let op", *shown, *finds])
        if (len(shown) == len(out.notes) and words(text) < MAX_WORDS) or finds is find_forms[-1]:
            return text, [n for n in out.notes if f"{BULLET} {n}" not in shown]
    raise AssertionError("unreachable")  # the last form always returns


def _topic_buttons(out: EligibilityOutput, room: int) -> list[dict[str, str]]:
    routes = {f"{r.law}_{r.desk}" for r in out.routes}
    laws = {r.law for r in out.routes}
    fits = {p.code: p.fit for p in out.packages}
    notes = {engine.note_id(n) for n in out.notes}
    # On the zorgkantoor route the next step is finding that zorgkantoor: it keeps a place,
    # after the topics that must come first (spoed, palliatieve zorg).
    lookup = [buttons.FIND_ZORGKANTOOR] if ZORGKANTOOR_ROUTE in routes else []
    chosen: list[str] = []
    for spec in engine.rule_book().topic_buttons:
        if len(chosen) + len(lookup) >= room:
            break
        if spec.note is not None and spec.note not in notes:
            continue
        if spec.route is not None and spec.route not in routes:
            continue
        if spec.package is not None and fits.get(spec.package) not in (spec.fits or []):
            continue
        if spec.with_law is not None and spec.with_law not in laws:
            continue
        if spec.without_law is not None and spec.without_law in laws:
            continue
        if spec.topic not in chosen:
            chosen.append(spec.topic)
    return [topics.topic_button(t) for t in chosen] + lookup


def _sentences(text: str) -> list[str]:
    return [p for p in re.split(r"(?<=[.?!])\s+", text.strip()) if p]


# --------------------------------------------------------------------------- public API
def _output(output: EligibilityOutput | Mapping[str, Any]) -> EligibilityOutput:
    return output if isinstance(output, EligibilityOutput) else EligibilityOutput.parse_obj(output)


def render_advice(
    output: EligibilityOutput | Mapping[str, Any],
    person: str | None = None,
    contact: Mapping[str, str] | None = None,
    unknown: Iterable[str] | None = None,
) -> list[dict[str, Any]]:
    """The advice as chat messages [{"text": str, "buttons": [{"title", "payload"}]}].

    person: "uw vader" / "uw naaste" when the resident asks for someone else (None: for
    themselves); contact: the municipality's contact (Settings.contact) for the gemeente;
    unknown: the chat's "weet ik niet" answers (see to_find_out).
    """
    out = _output(output)
    notes, _ = _notes_message(out, to_find_out(out, unknown))
    texts = [
        t
        for t in (
            _routes_message(out, person, contact),
            _packages_message(out, person),
            notes,
        )
        if t
    ][:MAX_MESSAGES]
    messages: list[dict[str, Any]] = [{"text": t, "buttons": []} for t in texts]
    if messages:
        messages[-1]["buttons"] = [buttons.WEGWIJZER_WHY] + _topic_buttons(out, MAX_BUTTONS - 1)
    return messages


def render_reasons(
    output: EligibilityOutput | Mapping[str, Any], unknown: Iterable[str] | None = None
) -> list[dict[str, Any]]:
    """The whole reasons behind the advice (the "Waarom dit advies?" button): one part per
    route and per package that fits best, whole texts, grouped into at most MAX_MESSAGES
    messages under MAX_WORDS each."""
    out = _output(output)
    labels = engine.labels()
    parts = [
        f"{BULLET} {labels['laws_short'][r.law]} via {labels['desks'][r.desk]}: {r.why}"
        for r in out.routes
    ]
    parts += [
        f"{BULLET} {labels['packages'][p.code]}: {p.why}"
        for p in out.packages
        if p.fit == "recommended"
    ]
    _, left = _notes_message(out, to_find_out(out, unknown))
    parts += [f"{BULLET} {n}" for n in left]
    # Pack whole sentences: a long reason goes on in the next message, never cut off.
    messages: list[str] = ["Waarom dit advies?"]
    for part in parts:
        separator = "\n"
        for sentence in _sentences(part):
            candidate = messages[-1] + separator + sentence
            if words(candidate) >= MAX_WORDS and words(messages[-1]) > 3:
                messages.append(sentence)
            else:
                messages[-1] = candidate
            separator = " "
    if len(messages) > MAX_MESSAGES:  # never drop a reason: the last message holds the rest
        messages = messages[: MAX_MESSAGES - 1] + [" ".join(messages[MAX_MESSAGES - 1 :])]
    return [{"text": m, "buttons": []} for m in messages]
