"""HTML for /beheer: the login shell and the report with its charts, rendered on the server.

Why server-side SVG and no chart library: seven simple bar charts do not need 200 kB of
JavaScript, the page then works under a CSP without 'unsafe-inline' or 'unsafe-eval', and the
output can be tested as plain text. Every chart is an <svg role="img"> with <title> and
<desc>, and is followed by the same numbers as a table (the text alternative, also for
screen readers and for copying). Colour is never the only carrier of meaning: every bar has
its number written next to it. Everything that comes from data is escaped (html.escape).
"""

from __future__ import annotations

from html import escape

from bot.storage.insights import Insights

BAR = "#1d4f91"  # 8.3:1 on white
UP = "#1e6b34"  # green, 6.3:1 on white
DOWN = "#a3262a"  # red, 6.6:1 on white
INK = "#1a1a1a"
GRID = "#6b7280"
DAY_NAMES = ["ma", "di", "wo", "do", "vr", "za", "zo"]
TOP_TOPICS = 15


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _pct(share: float) -> str:
    return f"{share * 100:.1f}%".replace(".", ",")


def _table(caption: str, head: list[str], rows: list[list[object]]) -> str:
    th = "".join(f'<th scope="col">{_e(h)}</th>' for h in head)
    body = "".join(
        "<tr>"
        + "".join(
            f'<th scope="row">{_e(c)}</th>' if i == 0 else f"<td>{_e(c)}</td>"
            for i, c in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    if not rows:
        body = f'<tr><td colspan="{len(head)}">Geen gegevens in deze periode.</td></tr>'
    return (
        f"<details><summary>Tabel: {_e(caption)}</summary>"
        f'<table><caption class="vh">{_e(caption)}</caption><thead><tr>{th}</tr></thead>'
        f"<tbody>{body}</tbody></table></details>"
    )


def _figure(ident: str, title: str, desc: str, svg_body: str, width: int, height: int) -> str:
    return (
        f'<svg role="img" aria-labelledby="{ident}-t {ident}-d" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" class="chart" '
        f'data-chart="{ident}">'
        f'<title id="{ident}-t">{_e(title)}</title><desc id="{ident}-d">{_e(desc)}</desc>'
        f"{svg_body}</svg>"
    )


def vbars(ident: str, title: str, desc: str, labels: list[str], values: list[float], fmt) -> str:
    """Vertical bars, one per day; a label under every bar when there is room, else weekly."""
    width, height, left, bottom, top = 760, 220, 44, 36, 14
    n = max(len(values), 1)
    peak = max(values, default=0) or 1
    slot = (width - left - 8) / n
    bar_w = max(slot * 0.7, 1)
    plot_h = height - bottom - top
    parts = [
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 4}" y2="{height - bottom}" '
        f'stroke="{GRID}" stroke-width="1"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" font-size="11" fill="{INK}">'
        f"{_e(fmt(peak))}</text>",
        f'<text x="{left - 6}" y="{height - bottom}" text-anchor="end" font-size="11" '
        f'fill="{INK}">0</text>',
    ]
    every = 1 if n <= 16 else 7
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = plot_h * value / peak
        x = left + i * slot + (slot - bar_w) / 2
        y = height - bottom - h
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
            f'fill="{BAR}"><title>{_e(label)}: {_e(fmt(value))}</title></rect>'
        )
        if n <= 16 and value:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" '
                f'font-size="11" fill="{INK}">{_e(fmt(value))}</text>'
            )
        if i % every == 0:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 14}" text-anchor="middle" '
                f'font-size="11" fill="{INK}">{_e(label)}</text>'
            )
    return _figure(ident, title, desc, "".join(parts), width, height)


def hbars(ident: str, title: str, desc: str, rows: list[tuple[str, float, str]]) -> str:
    """Horizontal bars with the label left and the number (or a text) right of the bar."""
    width, row_h, label_w, value_w = 760, 26, 270, 150
    height = max(len(rows), 1) * row_h + 8
    peak = max((v for _, v, _ in rows), default=0) or 1
    span = width - label_w - value_w
    parts = []
    for i, (label, value, text) in enumerate(rows):
        y = 4 + i * row_h
        w = span * value / peak
        short = label if len(label) <= 40 else label[:39] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" font-size="13" '
            f'fill="{INK}">{_e(short)}</text>'
            f'<rect class="bar" x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" '
            f'fill="{BAR}"><title>{_e(label)}: {_e(text)}</title></rect>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 17}" font-size="13" fill="{INK}">'
            f"{_e(text)}</text>"
        )
    if not rows:
        parts.append(
            f'<text x="8" y="20" font-size="13" fill="{INK}">Geen gegevens in deze periode.</text>'
        )
    return _figure(ident, title, desc, "".join(parts), width, height)


def feedback_bars(ident: str, title: str, desc: str, rows: list[tuple[str, int, int]]) -> str:
    """Two bars per answer: thumbs up (green) and down (red), each with its number and word."""
    width, row_h, label_w = 760, 30, 270
    height = max(len(rows), 1) * row_h + 8
    peak = max((max(u, d) for _, u, d in rows), default=0) or 1
    span = (width - label_w - 140) / 2
    parts = []
    for i, (label, up, down) in enumerate(rows):
        y = 4 + i * row_h
        short = label if len(label) <= 40 else label[:39] + "…"
        wu, wd = span * up / peak, span * down / peak
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 19}" text-anchor="end" font-size="13" '
            f'fill="{INK}">{_e(short)}</text>'
            f'<rect class="bar up" x="{label_w}" y="{y + 3}" width="{wu:.1f}" height="11" '
            f'fill="{UP}"><title>{_e(label)}: {up} goed</title></rect>'
            f'<text x="{label_w + wu + 4:.1f}" y="{y + 13}" font-size="11" fill="{INK}">'
            f"{up} goed</text>"
            f'<rect class="bar down" x="{label_w}" y="{y + 15}" width="{wd:.1f}" height="11" '
            f'fill="{DOWN}"><title>{_e(label)}: {down} niet goed</title></rect>'
            f'<text x="{label_w + wd + 4:.1f}" y="{y + 25}" font-size="11" fill="{INK}">'
            f"{down} niet goed</text>"
        )
    if not rows:
        parts.append(f'<text x="8" y="20" font-size="13" fill="{INK}">Nog geen feedback.</text>')
    return _figure(ident, title, desc, "".join(parts), width, height)


def _day_label(day) -> str:
    return f"{DAY_NAMES[day.weekday()]} {day.day}-{day.month}"


def _section(ident: str, heading: str, intro: str, chart: str, table: str) -> str:
    return (
        f'<section aria-labelledby="{ident}-h" class="card" id="{ident}">'
        f'<h2 id="{ident}-h">{_e(heading)}</h2><p>{_e(intro)}</p>{chart}{table}</section>'
    )


def report_html(ins: Insights) -> str:
    """The report for one period: a fragment that the page's script places under the form."""
    days = ins.days
    labels = [_day_label(d.day) for d in days]
    period = (
        f"{ins.period.start.strftime('%d-%m-%Y')} tot en met {ins.period.end.strftime('%d-%m-%Y')}"
    )
    t = ins.totals
    out = [
        f'<p class="period" id="report-period">Periode: {_e(period)}</p>',
        '<ul class="totals">'
        f"<li><strong>{t.get('conversations', 0)}</strong> gesprekken</li>"
        f"<li><strong>{t.get('messages', 0)}</strong> berichten</li>"
        f"<li><strong>{t.get('unsure', 0) + t.get('out_of_scope', 0)}</strong> vragen niet "
        "zeker of niet beantwoord</li>"
        f"<li><strong>{t.get('handoffs', 0)}</strong> keer naar een medewerker</li>"
        f"<li><strong>{t.get('wegwijzer_advice', 0)}</strong> van "
        f"<strong>{t.get('wegwijzer_started', 0)}</strong> checks met advies</li></ul>",
    ]
    conv = [d.conversations for d in days]
    out.append(
        _section(
            "gesprekken",
            "Gesprekken per dag",
            "Een gesprek begint bij het eerste bericht; na een uur stilte telt een nieuw bericht "
            "als een nieuw gesprek.",
            vbars(
                "c-gesprekken",
                "Gesprekken per dag",
                f"Staafdiagram, {len(days)} dagen, samen {sum(conv)} gesprekken, hoogste "
                f"{max(conv, default=0)} op één dag.",
                labels,
                [float(c) for c in conv],
                lambda v: str(int(v)),
            ),
            _table(
                "gesprekken per dag",
                ["Dag", "Gesprekken", "Berichten"],
                [[d.day.strftime("%d-%m-%Y"), d.conversations, d.messages] for d in days],
            ),
        )
    )
    shares = [d.unsure_share for d in days]
    out.append(
        _section(
            "onzeker",
            "Vragen die de bot niet zeker wist of niet kon beantwoorden",
            "Aandeel van de berichten per dag waarbij de bot vroeg wat u bedoelde, of zei dat de "
            "vraag buiten zijn onderwerp valt.",
            vbars(
                "c-onzeker",
                "Aandeel onzekere en onbeantwoorde berichten per dag",
                f"Staafdiagram in procenten, {len(days)} dagen, hoogste "
                f"{_pct(max(shares, default=0.0))}.",
                labels,
                shares,
                _pct,
            ),
            _table(
                "onzekere en onbeantwoorde berichten per dag",
                ["Dag", "Berichten", "Niet zeker", "Buiten onderwerp", "Aandeel"],
                [
                    [
                        d.day.strftime("%d-%m-%Y"),
                        d.messages,
                        d.unsure,
                        d.out_of_scope,
                        _pct(d.unsure_share),
                    ]
                    for d in days
                ],
            ),
        )
    )
    top = ins.topics[:TOP_TOPICS]
    out.append(
        _section(
            "onderwerpen",
            "Meest gevraagde onderwerpen",
            f"De {TOP_TOPICS} antwoorden die het vaakst zijn gegeven, ook doorverwijzingen.",
            hbars(
                "c-onderwerpen",
                "Meest gegeven antwoorden",
                "Liggend staafdiagram: "
                + "; ".join(f"{a.title} {a.count}" for a in top[:5])
                + ("." if top else "geen gegevens."),
                [(a.title, float(a.count), str(a.count)) for a in top],
            ),
            _table(
                "alle gegeven antwoorden",
                ["Antwoord", "Sleutel", "Aantal"],
                [[a.title, a.key, a.count] for a in ins.topics],
            ),
        )
    )
    out.append(
        _section(
            "feedback",
            "Feedback per antwoord",
            "Hoe vaak inwoners een antwoord goed (duim omhoog) of niet goed (duim omlaag) vonden.",
            feedback_bars(
                "c-feedback",
                "Feedback per antwoord",
                "Per antwoord twee staven: groen is goed, rood is niet goed. "
                + "; ".join(
                    f"{f.title}: {f.up} goed, {f.down} niet goed" for f in ins.feedback[:5]
                ),
                [(f.title, f.up, f.down) for f in ins.feedback[:TOP_TOPICS]],
            ),
            _table(
                "feedback per antwoord",
                ["Antwoord", "Goed", "Niet goed"],
                [[f.title, f.up, f.down] for f in ins.feedback],
            ),
        )
    )
    steps = [s for s in ins.funnel if s.reached or s.field in ("start", "advice")]
    out.append(
        _section(
            "wegwijzer",
            "De wegwijzer: waar stoppen mensen?",
            "Hoeveel gesprekken de check begonnen, elke vraag kregen en een advies kregen. De "
            "check stelt alleen de vragen die nodig zijn, dus niet iedereen krijgt elke vraag.",
            hbars(
                "c-wegwijzer",
                "Trechter van de wegwijzer",
                "Liggend staafdiagram: " + "; ".join(f"{s.title} {s.reached}" for s in steps) + ".",
                [
                    (
                        s.title,
                        float(s.reached),
                        f"{s.reached}" + (f" ({s.stopped} gestopt)" if s.stopped else ""),
                    )
                    for s in steps
                ],
            ),
            _table(
                "de wegwijzer per stap",
                ["Stap", "Bereikt", "Hier gestopt"],
                [[s.title, s.reached, s.stopped] for s in steps],
            ),
        )
    )
    hand = [d.handoffs for d in days]
    out.append(
        _section(
            "medewerker",
            "Naar een medewerker",
            "Hoe vaak de bot de contactgegevens van de gemeente gaf omdat iemand een mens wilde "
            "spreken.",
            vbars(
                "c-medewerker",
                "Doorverwijzingen naar een medewerker per dag",
                f"Staafdiagram, {len(days)} dagen, samen {sum(hand)} keer.",
                labels,
                [float(h) for h in hand],
                lambda v: str(int(v)),
            ),
            _table(
                "naar een medewerker per dag",
                ["Dag", "Aantal"],
                [[d.day.strftime("%d-%m-%Y"), d.handoffs] for d in days],
            ),
        )
    )
    out.append(
        _section(
            "kanalen",
            "Kanalen",
            "Via welk kanaal inwoners de bot gebruikten.",
            hbars(
                "c-kanalen",
                "Gesprekken per kanaal",
                "Liggend staafdiagram: "
                + "; ".join(f"{c.title} {c.conversations}" for c in ins.channels)
                + ".",
                [(c.title, float(c.conversations), str(c.conversations)) for c in ins.channels],
            ),
            _table(
                "gesprekken per kanaal",
                ["Kanaal", "Gesprekken", "Berichten"],
                [[c.title, c.conversations, c.messages] for c in ins.channels],
            ),
        )
    )
    out.append(_unanswered_html(ins))
    return "".join(out)


def _unanswered_html(ins: Insights) -> str:
    head = '<section aria-labelledby="vragen-h" class="card" id="vragen"><h2 id="vragen-h">Vragen zonder goed antwoord</h2>'
    if ins.unanswered is None:
        return (
            head + "<p>Deze lijst staat uit. De gemeente kan hem aanzetten met de instelling "
            "ZWW_KEEP_UNANSWERED. Namen, postcodes, telefoonnummers, e-mailadressen en BSN's "
            "worden dan onleesbaar gemaakt.</p></section>"
        )
    rows = "".join(
        f"<tr><td>{_e(u.when.strftime('%d-%m-%Y %H:%M'))}</td>"
        f"<td>{'niet zeker' if u.kind == 'unsure' else 'buiten onderwerp'}</td>"
        f"<td>{_e(u.text)}</td></tr>"
        for u in ins.unanswered
    )
    if not rows:
        rows = '<tr><td colspan="3">Geen vragen in deze periode.</td></tr>'
    return (
        head + "<p>De nieuwste vragen waarbij de bot twijfelde of geen antwoord had. Persoonlijke "
        "gegevens zijn vervangen door [naam], [postcode], [telefoon], [e-mail] of [BSN].</p>"
        '<table class="list"><caption class="vh">Vragen zonder goed antwoord</caption>'
        '<thead><tr><th scope="col">Tijd</th><th scope="col">Soort</th>'
        f'<th scope="col">Vraag</th></tr></thead><tbody>{rows}</tbody></table></section>'
    )


def shell_html(municipality: str, start: str, end: str) -> str:
    """The page a browser opens: the token field and the period; no data until the token is
    checked (the script asks /beheer/api/report with the token as a Bearer header)."""
    return f"""<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>Beheer: inzicht in de Zorgwegwijzer - {_e(municipality)}</title>
<link rel="stylesheet" href="/beheer/beheer.css">
<script src="/beheer/beheer.js" defer></script>
</head>
<body>
<header><p class="brand">{_e(municipality)}</p><h1>Inzicht in de Zorgwegwijzer</h1></header>
<main>
<form id="login" class="card" autocomplete="off">
  <h2>Inloggen en periode kiezen</h2>
  <p>Vul het beheertoken in. Het token blijft alleen in dit tabblad en wordt niet bewaard.</p>
  <div class="row">
    <label for="token">Beheertoken</label>
    <input id="token" name="token" type="password" required autocomplete="off" spellcheck="false">
  </div>
  <div class="row dates">
    <div><label for="from">Van</label><input id="from" name="from" type="date" value="{_e(start)}" required></div>
    <div><label for="to">Tot en met</label><input id="to" name="to" type="date" value="{_e(end)}" required></div>
  </div>
  <div class="row buttons">
    <button type="submit" id="show">Toon inzicht</button>
    <button type="button" id="csv" disabled>Download CSV</button>
  </div>
  <p id="status" role="status" aria-live="polite"></p>
</form>
<div id="report"></div>
</main>
</body>
</html>
"""
