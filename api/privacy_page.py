"""GET /privacy: what the bot keeps, for how long, who is responsible and how to have a
conversation removed, written from the settings so it always says what this deployment does.

Plain Dutch at B1 level in the "u"-form. It also says that the resident talks to a computer
program (EU AI Act, article 50) and how to reach a person at any time. Every value from the
settings is escaped.
"""

from __future__ import annotations

from html import escape

from bot.settings import Settings


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _link(url: str) -> str:
    """A link only for http(s) addresses; anything else is shown as text."""
    if url.startswith(("https://", "http://")):
        return f'<a href="{_e(url)}">{_e(url)}</a>'
    if "@" in url and " " not in url.strip():
        return f'<a href="mailto:{_e(url.strip())}">{_e(url.strip())}</a>'
    return _e(url)


def privacy_html(settings: Settings) -> str:
    name = settings.municipality_name
    days = settings.retention_days
    contact = settings.privacy_contact.strip() or settings.municipality_url
    staff = (
        "<p>Soms begrijpt de chatbot een vraag niet. Zulke vragen kunnen medewerkers van "
        f"{_e(name)} lezen, om de antwoorden beter te maken. Namen, postcodes, "
        "telefoonnummers, e-mailadressen en BSN's zijn dan eerst onleesbaar gemaakt. Ook deze "
        f"vragen worden na {days} dagen verwijderd.</p>"
        if settings.keep_unanswered
        else "<p>Medewerkers zien alleen totalen, zoals het aantal gesprekken per dag en over "
        "welke onderwerpen vragen gaan. Zij lezen uw berichten niet.</p>"
    )
    via = ""
    if settings.twilio_account_sid:
        via += (
            "<p>Praat u met de chatbot via WhatsApp? Dan bewaren wij uw telefoonnummer niet. "
            "Wij bewaren een code die ervan is afgeleid. WhatsApp heeft ook eigen regels voor "
            "privacy.</p>"
        )
    if settings.telegram_token and settings.telegram_token.get_secret_value():
        via += (
            "<p>Praat u met de chatbot via Telegram? Dan bewaren wij het nummer dat Telegram "
            "aan uw chat geeft. Telegram heeft ook eigen regels voor privacy.</p>"
        )
    return f"""<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Privacy bij de digitale wegwijzer - {_e(name)}</title>
<style>
  * {{ box-sizing: border-box; }}
  body {{ margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
         color: #1a1a1a; background: #fff; line-height: 1.6; font-size: 17px; }}
  header {{ background: #1d4f91; color: #fff; }}
  header .inner, main {{ max-width: 760px; margin: 0 auto; padding: 14px 20px; }}
  header a {{ color: #fff; font-weight: 700; }}
  a {{ color: #1d4f91; }}
  a:focus-visible {{ outline: 3px solid #0b0c0c; outline-offset: 2px; box-shadow: 0 0 0 2px #fff; }}
  h1 {{ font-size: 28px; line-height: 1.25; margin: 8px 0 12px; }}
  h2 {{ font-size: 21px; margin: 28px 0 6px; }}
  .note {{ background: #f6f7f9; border-left: 4px solid #1d4f91; padding: 10px 14px; }}
  code {{ font-size: 15px; overflow-wrap: anywhere; }}
</style>
</head>
<body>
<header><div class="inner"><a href="/">{_e(name)}</a></div></header>
<main id="inhoud">
<h1>Privacy bij de digitale wegwijzer</h1>
<p class="note">De Zorgwegwijzer is een computerprogramma, een chatbot. U praat dus niet met
een mens. De antwoorden maakt het programma zelf. Het geeft uitleg over zorg en ondersteuning
thuis, maar neemt geen besluit over u.</p>

<h2 id="mens">Liever met een mens praten?</h2>
<p>Dat kan altijd. Bel {_e(name)} op {_e(settings.municipality_phone)},
{_e(settings.municipality_hours)}. Of kijk op {_link(settings.municipality_url)}.
In de chat kunt u ook typen: "ik wil iemand spreken".</p>

<h2 id="bewaren">Wat wij bewaren</h2>
<ul>
  <li>Wat u in de chat typt en wat de chatbot antwoordt.</li>
  <li>Uw antwoorden op de vragen van de check.</li>
  <li>Als u een antwoord een duim omhoog of omlaag geeft: welk antwoord, uw keuze en de tijd.</li>
</ul>
<p>Wij vragen nooit om uw BSN. Typt u toch een BSN, telefoonnummer of e-mailadres? Dan maakt
de chatbot dat onleesbaar voordat iets wordt bewaard. Van een postcode bewaren wij alleen de vier
cijfers. Een geboortedatum wordt een leeftijd.</p>
{via}
<h2 id="termijn">Hoe lang wij dit bewaren</h2>
<p>Een gesprek wordt {days} dagen na uw laatste bericht automatisch verwijderd. Uw duim omhoog
of omlaag ook na {days} dagen.</p>

<h2 id="inzien">Wie uw gesprek ziet</h2>
{staff}

<h2 id="verwijderen">Uw gesprek laten verwijderen</h2>
<p>Wilt u niet wachten tot uw gesprek vanzelf wordt verwijderd? Klik in de chat onderaan op
"Gesprek wissen". Dan verwijderen wij het gesprek en uw duimpjes meteen. De knop "Nieuw
gesprek" begint alleen een nieuw gesprek; het oude blijft dan nog {days} dagen bewaard.
{"Praat u via WhatsApp of Telegram, of lukt het niet?" if via else "Lukt het niet?"} Vraag het dan
aan {_e(name)} via {_link(contact)}.</p>
<p>Voor wie de chat in een eigen website of app bouwt: een gesprek is direct te verwijderen met
<code>DELETE /api/session/&lt;session_id&gt;</code>. Dan verdwijnen het gesprek en de duimpjes
van dat gesprek.</p>

<h2 id="verantwoordelijk">Wie verantwoordelijk is</h2>
<p>{_e(settings.controller)} is verantwoordelijk voor wat er met uw gegevens gebeurt. Heeft u
een vraag over uw gegevens, of wilt u weten wat er over u is bewaard? Neem dan contact op via
{_link(contact)}. Bent u het er niet mee eens? Dan kunt u een klacht indienen bij de Autoriteit
Persoonsgegevens.</p>
</main>
</body>
</html>
"""
