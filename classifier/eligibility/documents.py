"""The documents.jsonl line: one record's classification and decisions, and how to decide again from it.

`classifier scan` writes one line per record with `document_entry`;
`classifier decide` reads those lines back with `redecide_entry` and decides
again under another policy or consent file without scanning. The line holds
everything a decision needs (data class, account, origin, completeness,
categories, finding counts per entity type, the redaction) and no values and
no error texts. `dumps_entry` is the one serialisation both commands use, so
the same input always gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from classifier.classification import Classification
from classifier.eligibility.consent import ConsentStore
from classifier.eligibility.decision import Decision, Redaction
from classifier.eligibility.engine import decide, effective_data_class
from classifier.eligibility.errors import PurposeError
from classifier.eligibility.manifest import Manifest
from classifier.eligibility.policy import Policy
from classifier.eligibility.purposes import DEFAULT_PURPOSES, parse_purpose
from classifier.findings import Category
from classifier.records import Record


@dataclass(frozen=True)
class RecordContext:
    """Where a record belongs: its account, data class and origin."""

    account_id: str | None
    data_class: str
    origin: str | None


def record_context(record: Record, manifest: Manifest | None = None) -> RecordContext:
    """Account, data class and origin of a record.

    Fields the reader found in the record itself (`account_id`, `origin`,
    `data_class` in `Record.metadata`) win; the first matching manifest glob
    fills what is missing; otherwise `Record.data_class` applies. Unknown data
    classes become customer_content.
    """
    meta = record.metadata or {}
    entry = manifest.lookup(record.source) if manifest is not None else None
    account_id = _given_or(meta.get("account_id"), entry.account_id if entry else None)
    origin = _given_or(meta.get("origin"), entry.origin if entry else None, unreadable=UNREADABLE)
    given = meta.get("data_class")
    if given is not None:
        data_class = effective_data_class(given.strip() if isinstance(given, str) else given)
    elif entry is not None and entry.data_class is not None:
        data_class = entry.data_class
    else:
        data_class = effective_data_class(record.data_class)
    return RecordContext(account_id, data_class, origin)


#: The origin of a record whose own origin field holds something that is not text or a number.
UNREADABLE = "<UNREADABLE>"


def _text(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    return str(value).strip() or None


def _given_or(value: object, fallback: str | None, unreadable: str | None = None) -> str | None:
    """A record's own account or origin, else the manifest's. A value that is given but cannot be
    read (`true`, `12.5`) must not fall back to the manifest's, which could decide by another
    account's consent or call feature data plain data: an account is then none (no consent) and an
    origin `UNREADABLE`, which may be a feature's and matches none (fail closed)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return fallback
    text = _text(value)
    return unreadable if text is None else text


def decide_record(
    record: Record,
    classification: Classification | None,
    consent: ConsentStore,
    policy: Policy,
    purposes: Sequence[str],
    *,
    manifest: Manifest | None = None,
    redaction: Redaction | None = None,
) -> tuple[RecordContext, list[Decision]]:
    """`decide` for a record read by a reader: context from the record and manifest, consent by account."""
    context = record_context(record, manifest)
    decisions = decide(
        classification,
        consent.get(context.account_id),
        policy,
        purposes,
        data_class=context.data_class,
        origin=context.origin,
        complete=record.complete,
        errors=record.errors,
        redaction=redaction,
    )
    return context, decisions


def document_entry(
    record: Record,
    classification: Classification | None,
    decisions: Sequence[Decision],
    *,
    context: RecordContext | None = None,
    redaction: Redaction | None = None,
) -> dict[str, Any]:
    """The documents.jsonl line of one record (no values, no error texts, no run times): an account
    or origin in which detection found something is shown in label form, in the decisions' consent
    too (`metadata["shown"]`, set by `formats.jsondata.value_free_ids`)."""
    context = context or record_context(record)
    entry = _entry(
        (record.source, record.record_id, record.format),
        context,
        record.complete and classification is not None,
        len(record.errors),
        classification,
        redaction,
        decisions,
    )
    shown = (record.metadata or {}).get("shown")
    if shown:
        _show_labelled(entry, shown)
    return entry


def _show_labelled(entry: dict[str, Any], shown: dict[str, str]) -> None:
    account = entry["account_id"]
    for name, label in shown.items():
        entry[name] = label
    if "account_id" not in shown:
        return
    for decision in entry["decisions"].values():
        consent = decision.get("consent")
        if isinstance(consent, dict) and consent.get("account_id") == account:
            decision["consent"] = {**consent, "account_id": shown["account_id"]}


def _entry(
    identity: tuple[object, object, object],
    context: RecordContext,
    complete: bool,
    error_count: int,
    classification: Classification | None,
    redaction: Redaction | None,
    decisions: Sequence[Decision],
) -> dict[str, Any]:
    source, record_id, file_format = identity
    known = classification is not None
    return {
        "source": source,
        "record_id": record_id,
        "format": file_format,
        "data_class": context.data_class,
        "account_id": context.account_id,
        "origin": context.origin,
        "complete": complete,
        "error_count": error_count,
        "categories": [c.value for c in classification.categories] if known else None,
        "entity_counts": dict(sorted(classification.entity_counts.items())) if known else None,
        "redaction": redaction.to_dict() if redaction else None,
        "decisions": {d.purpose: d.to_dict() for d in decisions},
    }


def dumps_entry(entry: dict[str, Any]) -> str:
    """One documents.jsonl line: sorted keys, fixed separators, so equal entries are equal bytes."""
    return json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def redecide_entry(
    entry: dict[str, Any],
    consent: ConsentStore,
    policy: Policy,
    purposes: Sequence[str] | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """Decide an earlier documents.jsonl entry again; returns the new entry and the problems found.

    A field that is missing or malformed makes the entry incomplete, so its
    decisions become ineligible; the problems name the fields, never values.
    Without `purposes` the purposes the entry was decided for are reused.
    """
    problems: list[str] = []
    classification = _classification(entry, problems)
    complete = entry.get("complete")
    if not isinstance(complete, bool):
        problems.append("'complete' is not true or false")
        complete = False
    error_count = entry.get("error_count", 0)
    if isinstance(error_count, bool) or not isinstance(error_count, int) or error_count < 0:
        problems.append("'error_count' is not a count")
        error_count = 1
    account_id = _optional_text(entry, "account_id", problems)
    if "origin" not in entry:  # null is plain data; a missing one may hide a feature's (fail closed)
        problems.append("'origin' is missing (null for data of no AI feature)")
    origin = _optional_text(entry, "origin", problems)
    redaction = _redaction(entry.get("redaction"), problems)
    chosen = list(purposes) if purposes is not None else _earlier_purposes(entry, problems)
    data_class = effective_data_class(entry.get("data_class"))
    decisions = decide(
        classification,
        consent.get(account_id),
        policy,
        chosen,
        data_class=data_class,
        origin=origin,
        complete=complete and error_count == 0 and not problems,
        redaction=redaction,
    )
    new_entry = _entry(
        (entry.get("source"), entry.get("record_id"), entry.get("format")),
        RecordContext(account_id, data_class, origin),
        complete and not problems,
        error_count + len(problems),
        classification,
        redaction,
        decisions,
    )
    return new_entry, problems


def _classification(entry: dict[str, Any], problems: list[str]) -> Classification | None:
    categories = entry.get("categories")
    counts = entry.get("entity_counts")
    known = {c.value for c in Category}
    if not isinstance(categories, list) or any(not isinstance(c, str) or c not in known for c in categories):
        problems.append("'categories' is missing or names an unknown category")
        return None
    if not isinstance(counts, dict) or any(
        not isinstance(k, str) or isinstance(v, bool) or not isinstance(v, int) or v < 0
        for k, v in counts.items()
    ):
        problems.append("'entity_counts' is missing or not a mapping of entity types to counts")
        return None
    ordered = [c for c in Category if c.value in categories]
    return Classification(ordered, {}, dict(counts))


def _optional_text(entry: dict[str, Any], key: str, problems: list[str]) -> str | None:
    value = entry.get(key)
    if value is None or isinstance(value, str):
        return value
    problems.append(f"'{key}' is not a string")
    return None


def _redaction(value: object, problems: list[str]) -> Redaction | None:
    if value is None:
        return None
    try:
        if not isinstance(value, dict):
            raise ValueError
        return Redaction(value.get("mode"), value.get("sha256"))  # type: ignore[arg-type]
    except ValueError:
        problems.append("'redaction' is not a mode with a 64-digit SHA-256")
        return None


def _earlier_purposes(entry: dict[str, Any], problems: list[str]) -> list[str]:
    earlier = entry.get("decisions")
    if not isinstance(earlier, dict) or not earlier:
        return list(DEFAULT_PURPOSES)
    purposes = []
    for purpose in earlier:
        try:
            purposes.append(parse_purpose(purpose))
        except PurposeError:
            problems.append("'decisions' names an unknown purpose")
    return purposes or list(DEFAULT_PURPOSES)
