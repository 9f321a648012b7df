"""Every Dutch text the API itself sends (B1, "u"-form), in one place for a content editor.

Answers of the bot come from Rasa; these are the gateway's own error and status texts.
"""

from __future__ import annotations

from api.schemas import MAX_MESSAGE_CHARS

# --- errors with a status of their own ---------------------------------------------------
UNAVAILABLE = (
    "De chat is even niet bereikbaar. Probeer het over een paar minuten opnieuw. "
    "Heeft u nu hulp nodig? Neem dan contact op met de gemeente."
)
TOO_LONG = f"Uw bericht is te lang. Gebruik maximaal {MAX_MESSAGE_CHARS} tekens."
TOO_LARGE = "De aanvraag is te groot."
TOO_MANY = "U stuurt te veel aanvragen kort na elkaar. Probeer het over {seconds} seconden opnieuw."
INVALID = "De aanvraag is niet geldig."
FEEDBACK_UNAVAILABLE = "Uw beoordeling kon nu niet worden opgeslagen. Probeer het later opnieuw."
DELETE_UNAVAILABLE = "Het gesprek kon nu niet worden verwijderd. Probeer het later opnieuw."
SERVER_ERROR = "Er ging iets mis. Probeer het later opnieuw."

HTTP_ERRORS = {
    400: "De aanvraag kon niet worden gelezen.",
    404: "Dit adres bestaat niet.",
    405: "Deze methode is hier niet toegestaan.",
}
HTTP_ERROR_OTHER = "De aanvraag kon niet worden verwerkt."

# --- health ------------------------------------------------------------------------------
UNREACHABLE = "onbereikbaar"
NO_SPACY_PIPELINE = "spaCy-pipeline is nog niet gebouwd"

# --- OpenAPI descriptions of error answers -----------------------------------------------
DOC_413 = "De aanvraag of het bericht is te groot."
DOC_429 = (
    "Te veel aanvragen van dit adres; de header Retry-After zegt hoe lang u moet "
    "wachten (ZWW_RATE_LIMIT_PER_MINUTE)."
)
DOC_422_SESSION = "Ongeldige session_id."

# --- zorgkantoor lookup ------------------------------------------------------------------
ZORGKANTOOR_NOT_FOUND = (
    "Deze postcode of plaats kon ik niet vinden. Controleer de spelling, of probeer de vier "
    "cijfers van de postcode."
)
