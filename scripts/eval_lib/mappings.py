"""Label tables: how each corpus's labels and each system's entity types map onto scored labels.

One explicit table per corpus and system, so both systems are scored on exactly
the same labels. A predicted type missing from a system's table is not scored at
span level (it is neither right nor wrong there) but still counts for the
character-level leak, because a redaction removes it all the same.
"""

from __future__ import annotations

# ---- (a) presidio-research synth_dataset_v2 ---------------------------------------------------

#: corpus label -> scored label. Left out (not scored): ORGANIZATION, TITLE, NRP.
PRESIDIO_RESEARCH_GOLD: dict[str, str] = {
    "PERSON": "PERSON",
    "STREET_ADDRESS": "LOCATION",
    "GPE": "LOCATION",
    "ZIP_CODE": "LOCATION",
    "DATE_TIME": "DATE_TIME",
    "AGE": "AGE",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN_CODE",
    "US_SSN": "US_SSN",
    "IP_ADDRESS": "IP_ADDRESS",
    "US_DRIVER_LICENSE": "US_DRIVER_LICENSE",
    "DOMAIN_NAME": "DOMAIN_NAME",
}
PRESIDIO_RESEARCH_LEFT_OUT: tuple[str, ...] = ("ORGANIZATION", "TITLE", "NRP")

#: our entity type -> scored label
PRESIDIO_RESEARCH_OURS: dict[str, str] = {
    "PERSON": "PERSON",
    "STREET_ADDRESS": "LOCATION",
    "LOCATION": "LOCATION",
    "ZIP_CODE": "LOCATION",
    "DATE": "DATE_TIME",
    "DATE_OF_BIRTH": "DATE_TIME",
    "AGE": "AGE",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN_CODE",
    "BANK_ACCOUNT": "IBAN_CODE",
    "US_SSN": "US_SSN",
    "IP_ADDRESS": "IP_ADDRESS",
    "US_DRIVER_LICENSE": "US_DRIVER_LICENSE",
    "URL": "DOMAIN_NAME",
}

#: Presidio entity type -> scored label (Presidio has no AGE or ZIP_CODE recognizer)
PRESIDIO_RESEARCH_PRESIDIO: dict[str, str] = {
    "PERSON": "PERSON",
    "LOCATION": "LOCATION",
    "DATE_TIME": "DATE_TIME",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN_CODE",
    "US_SSN": "US_SSN",
    "IP_ADDRESS": "IP_ADDRESS",
    "US_DRIVER_LICENSE": "US_DRIVER_LICENSE",
    "URL": "DOMAIN_NAME",
}

# ---- (b) ASQ-PHI: identifiers only -------------------------------------------------------------

#: Our types that do NOT count as identifiers there: the fact types (classifier.classification
#: FACT_ENTITY_TYPES, added at run time) and AGE, because ages under 90 are not PHI in ASQ-PHI.
ASQ_OURS_NOT_IDENTIFIERS: frozenset[str] = frozenset({"AGE"})

#: Presidio types that do not identify anyone (nationality, religious or political group).
ASQ_PRESIDIO_NOT_IDENTIFIERS: frozenset[str] = frozenset({"NRP"})

# ---- (c) conversation corpus: categories ---------------------------------------------------------

#: Presidio entity type -> our category. Presidio has no health or education facts; its only
#: health-related type is MEDICAL_LICENSE (a DEA-number regex). NRP is not scored.
CONVERSATIONS_PRESIDIO: dict[str, str] = {
    **{
        t: "PII"
        for t in (
            "PERSON",
            "EMAIL_ADDRESS",
            "PHONE_NUMBER",
            "US_SSN",
            "CREDIT_CARD",
            "IP_ADDRESS",
            "URL",
            "LOCATION",
            "DATE_TIME",
            "US_DRIVER_LICENSE",
            "US_PASSPORT",
            "US_BANK_NUMBER",
            "US_ITIN",
            "IBAN_CODE",
            "MAC_ADDRESS",
            "CRYPTO",
        )
    },
    "MEDICAL_LICENSE": "PHI",
}
