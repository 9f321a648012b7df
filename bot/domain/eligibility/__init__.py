"""Eligibility engine of the wegwijzer: pure Python, no Rasa import.

The rules are data in rules.yml; engine.py applies them.
"""

from .engine import (
    QUESTION_ORDER,
    coerce_input,
    evaluate,
    labels,
    missing_fields,
    needed_after,
    note_id,
    rule_book,
    rules,
)
from .models import (
    Desk,
    EligibilityInput,
    EligibilityOutput,
    Fit,
    ForWhom,
    InputField,
    Law,
    LivingPreference,
    Need,
    Package,
    PackageCode,
    Route,
    is_valid,
)

__all__ = [
    "QUESTION_ORDER",
    "coerce_input",
    "evaluate",
    "labels",
    "missing_fields",
    "needed_after",
    "note_id",
    "rule_book",
    "rules",
    "Desk",
    "EligibilityInput",
    "EligibilityOutput",
    "Fit",
    "ForWhom",
    "InputField",
    "Law",
    "LivingPreference",
    "Need",
    "Package",
    "PackageCode",
    "Route",
    "is_valid",
]
