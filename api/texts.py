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
NOT_JSON = "Stuur de aanvraag als JSON, met de header Content-Type: application/json."
FEEDBACK_UNAVAILABLE = "Uw beoordeling kon nu niet worden opgeslagen. Probeer het later opnieuw."
DELETE_UNAVAILABLE = "Het gesprek kon nu niet worden verwijderd. Probeer het later opnieuw."
SERVER_ERROR = "Er ging iets mis. Probeer het later opnieuw."

HTTP_ERRORS = {
    400: "De aanvraag kon niet worden gelezen.",
    401: "Log in met het beheertoken.",
    404: "Dit adres bestaat niet.",
    405: "Deze methode is hier niet toegestaan.",
}
HTTP_ERROR_OTHER = "De aanvraag kon niet worden verwerkt."

# --- one field of a request that is not valid (422), by pydantic's error type ------------
# {limit_value}, {enum_values} and {permitted} are filled in from the error (api/errors.py).
FIELD_ERRORS = {
    "value_error.missing": "Dit veld ontbreekt.",
    "value_error.extra": "Dit veld hoort hier niet.",
    "type_error.none.not_allowed": "Dit veld mag niet leeg zijn.",
    "type_error.str": "Vul hier tekst in.",
    "type_error.integer": "Vul hier een heel getal in.",
    "type_error.bool": "Vul hier true of false in.",
    "value_error.strictbool": "Vul hier true of false in.",
    "type_error.list": "Vul hier een lijst in, tussen [ en ].",
    "type_error.dict": "Stuur hier een JSON-object, tussen { en }.",
    "type_error.enum": "Kies een van deze waarden: {enum_values}.",
    "value_error.const": "Kies een van deze waarden: {permitted}.",
    "value_error.number.not_le": "Dit getal mag niet groter zijn dan {limit_value}.",
    "value_error.number.not_ge": "Dit getal mag niet kleiner zijn dan {limit_value}.",
    "value_error.number.not_lt": "Dit getal moet kleiner zijn dan {limit_value}.",
    "value_error.number.not_gt": "Dit getal moet groter zijn dan {limit_value}.",
    "value_error.list.unique_items": "Elke waarde mag maar een keer in de lijst staan.",
    "value_error.any_str.max_length": "Gebruik hier maximaal {limit_value} tekens.",
    "value_error.any_str.min_length": "Gebruik hier minimaal {limit_value} tekens.",
    "value_error.str.regex": "Deze tekst heeft niet de juiste vorm.",
    "value_error.jsondecode": "De aanvraag is geen geldige JSON.",
    # Checks of our own (api/schemas.py, api/routes/feedback.py).
    "value_error.session_id": "Dit is geen geldige session_id.",
    "value_error.answer_key": "Dit is geen geldige answer_key.",
    "value_error.message_empty": "Uw bericht is leeg. Typ een vraag of kies een knop.",
    "value_error.message_encoding": "Uw bericht bevat tekens die niet kunnen worden gelezen.",
    "value_error.answer_not_given": "Dit antwoord is in dit gesprek niet gegeven.",
}
FIELD_ERROR_OTHER = "Deze waarde is niet geldig."

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
DOC_415 = "De aanvraag is niet als JSON gestuurd (Content-Type: application/json)."

# --- zorgkantoor lookup ------------------------------------------------------------------
ZORGKANTOOR_NOT_FOUND = (
    "Deze postcode of plaats kon ik niet vinden. Controleer de spelling, of probeer de vier "
    "cijfers van de postcode."
)
