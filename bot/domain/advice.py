"""The wegwijzer's advice as chat messages: plain B1 Dutch, short enough for a phone.

render_advice() turns an EligibilityOutput into at most 3 messages:
  1. "Waar kunt u terecht?"  every route: law, desk, reason, first step
  2. "Wat past bij u?"       recommended and possible packages (Wlz only)
  3. "Let op"                notes, and what to find out for answers that are still missing
Each message stays under MAX_WORDS: when the full text is too long, reasons are shortened
sentence by sentence instead of being cut off mid-sentence. Plain text only (no HTML or
Markdown), so every channel shows the same words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from bot.domain import buttons, topics
from bot.domain.eligibility import engine
from bot.domain.eligibility.models import EligibilityOutput

MAX_WORDS = 120  # words per message, strictly below
MAX_MESSAGES = 3
MAX_BUTTONS = 3
BULLET = "\u2022"
ZORGKANTOOR_ROUTE = "wlz_zorgkantoor"

# Buttons to FAQ topics, in order of priority: `topic_buttons` in rules.yml (validated there);
# the first MAX_BUTTONS that apply are shown.
TOPIC_BUTTONS: Sequence[Mapping[str, Any]] = tuple(
    b.dict(exclude_none=True) for b in engine.rule_book().topic_buttons
)


def words(text: str) -> int:
    return len(text.split())


def _split(text: str) -> list[str]:
    return [p for p in re.split(r"(?<=[.?!])\s+", text.strip()) if p]


def _fit_blocks(
    render: Callable[[list[list[str]]], str], sentences: list[list[str]], floors: Sequence[int]
) -> str | None:
    """Render; while too long, drop the last sentence of the longest text that may still
    shrink (down to its floor). The first sentence of every reason carries its point, so
    short reasons stay whole and long ones lose their details first."""
    keep = [len(s) for s in sentences]
    while True:
        text = render([s[:k] for s, k in zip(sentences, keep, strict=False)])
        if words(text) < MAX_WORDS:
            return text
        shrinkable = [i for i, k in enumerate(keep) if k > floors[i]]
        if not shrinkable:
            return None
        i = max(shrinkable, key=lambda i: (words(" ".join(sentences[i][: keep[i]])), -i))
        keep[i] -= 1


# --------------------------------------------------------------------------- sections
def _routes_message(out: EligibilityOutput, relative: bool) -> str:
    labels = engine.labels()
    header = "Waar kunt u terecht voor uw naaste?" if relative else "Waar kunt u terecht?"

    def render(whys: list[list[str]], steps: bool = True) -> str:
        lines = [header]
        for r, why in zip(out.routes, whys, strict=False):
            lines.append(f"{BULLET} {labels['laws'][r.law]}, via {labels['desks'][r.desk]}.")
            if why:
                lines.append(" ".join(why))
            if steps:
                lines.append(f"Eerste stap: {r.next_steps[0]}")
        return "\n".join(lines)

    whys = [_split(r.why) for r in out.routes]
    return _fit_blocks(render, whys, [0] * len(whys)) or render([[] for _ in whys], steps=False)


def _packages_message(out: EligibilityOutput, relative: bool) -> str:
    if not out.packages:
        return ""
    book = engine.rule_book()
    labels = engine.labels()
    header = "Wat past bij uw naaste?" if relative else "Wat past bij u?"
    shown = [p for p in out.packages if p.fit == "recommended"] + [
        p for p in out.packages if p.fit == "possible"
    ]
    home = [p for p in out.packages if p.code in book.home_packages]
    closing = (
        [f"{BULLET} Zorg thuis met een vpt, mpt of pgb is nu niet mogelijk."]
        if home and all(p.fit == "not_possible" for p in home)
        else []
    )

    def render(whys: list[list[str]]) -> str:
        lines = [header]
        for p, why in zip(shown, whys, strict=False):
            lines.append(
                " ".join(
                    [f"{BULLET} {labels['fits'][p.fit]}: " f"{labels['packages'][p.code]}."] + why
                )
            )
        return "\n".join(lines + closing)

    def grouped() -> str:
        lines = [header]
        for fit in ("recommended", "possible"):
            names = [labels["packages"][p.code] for p in shown if p.fit == fit]
            if names:
                lines.append(f"{BULLET} {labels['fits'][fit]}: {engine.join_dutch(names)}.")
        return "\n".join(lines + closing)

    whys = [_split(p.why) for p in shown]
    return _fit_blocks(render, whys, [0] * len(whys)) or grouped()


def to_find_out(out: EligibilityOutput) -> list[str]:
    """Missing answers worth finding out: those whose prerequisites are known (rules.yml
    depends_on), so "weet ik niet" on one question does not list all questions after it."""
    fields = engine.rule_book().fields
    missing = set(out.missing)
    notes = {engine.note_id(n) for n in out.notes}
    return [
        f
        for f in out.missing
        if f != "for_whom"
        and not set(fields[f].depends_on) & missing
        and not (fields[f].covered_by_note and fields[f].covered_by_note in notes)
    ]


def _notes_message(out: EligibilityOutput) -> str:
    fields = engine.rule_book().fields
    open_fields = to_find_out(out)
    if not out.notes and not open_fields:
        return ""
    header = "Let op"
    notes = [_split(n) for n in out.notes]

    def render(texts: list[list[str]]) -> str:
        lines = [header] + [f"{BULLET} " + " ".join(t) for t in texts[: len(notes)]]
        lines += [f"{BULLET} Nog uitzoeken: " + " ".join(t) for t in texts[len(notes) :]]
        return "\n".join(lines)

    def listed(texts: list[list[str]]) -> str:
        lines = [header] + [f"{BULLET} " + " ".join(t) for t in texts]
        if open_fields:
            names = engine.join_dutch([fields[f].label for f in open_fields])
            lines.append(
                f"{BULLET} Nog uitzoeken: {names}. Met die antwoorden wordt het advies "
                "preciezer."
            )
        return "\n".join(lines)

    finds = [_split(fields[f].find_out) for f in open_fields]
    full = _fit_blocks(render, notes + finds, [1] * (len(notes) + len(finds)))
    if full is not None:
        return full
    return _fit_blocks(listed, notes, [1] * len(notes)) or listed([t[:1] for t in notes])


def _buttons(out: EligibilityOutput) -> list[dict[str, str]]:
    routes = {f"{r.law}_{r.desk}" for r in out.routes}
    laws = {r.law for r in out.routes}
    fits = {p.code: p.fit for p in out.packages}
    notes = {engine.note_id(n) for n in out.notes}
    # On the zorgkantoor route the next step is finding that zorgkantoor: it keeps a place,
    # after the topics that must come first (spoed, palliatieve zorg).
    lookup = [buttons.FIND_ZORGKANTOOR] if ZORGKANTOOR_ROUTE in routes else []
    chosen: list[str] = []
    for spec in engine.rule_book().topic_buttons:
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
        if len(chosen) + len(lookup) == MAX_BUTTONS:
            break
    return [topics.topic_button(t) for t in chosen] + lookup


# --------------------------------------------------------------------------- public API
def render_advice(
    output: EligibilityOutput | Mapping[str, Any], for_whom: str | None = None
) -> list[dict[str, Any]]:
    """The advice as chat messages [{"text": str, "buttons": [{"title", "payload"}]}].

    for_whom "relative" words the headers for a relative; the reasons stay in the "u"-form
    that also reads well for the person who asks on someone's behalf.
    """
    out = output if isinstance(output, EligibilityOutput) else EligibilityOutput.parse_obj(output)
    relative = for_whom == "relative"
    texts = [
        t
        for t in (
            _routes_message(out, relative),
            _packages_message(out, relative),
            _notes_message(out),
        )
        if t
    ][:MAX_MESSAGES]
    messages: list[dict[str, Any]] = [{"text": t, "buttons": []} for t in texts]
    if messages:
        messages[-1]["buttons"] = _buttons(out)
    return messages
