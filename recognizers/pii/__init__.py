"""PII pack: identifiers of a person (names, contact details, account and document numbers, places, dates)."""
