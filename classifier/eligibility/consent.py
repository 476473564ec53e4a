"""Consent records: what each account agreed to, read strictly from JSON Lines or CSV.

One record per account: `account_id`, `ai_training_opt_in`, `explicit_consent`
(any of PHI, EDU), `third_party_training`, `recorded_at`. Parsing is strict
because a lenient parser fails open: a misspelt `"flase"` read as false is
harmless, but `"yes "` read as false hides a real opt-in and `"no"` read as
true would be a breach, so anything that is not clearly a boolean is an error
naming the file and line.

Duplicate account ids: the record with the latest `recorded_at` wins (consent
is changed by recording a newer state), so a `recorded_at` more than a day past
this machine's clock is an error: an opt-in dated 2099 instead of 2024 would
otherwise win over a later opt-out. Two records for one account with the
same `recorded_at` are merged to the stricter of the two (both flags must be
true, explicit consent only for categories both name), so an ambiguous file can
only restrict.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from classifier.eligibility.errors import ConsentError, name_or, showable
from classifier.findings import Category

REQUIRED_FIELDS = ("account_id", "ai_training_opt_in", "recorded_at")
#: How far past this machine's clock a `recorded_at` may lie (clocks and exports disagree a little).
FUTURE_SLACK = timedelta(days=1)
OPTIONAL_FIELDS = ("explicit_consent", "third_party_training")
ALL_FIELDS = REQUIRED_FIELDS + OPTIONAL_FIELDS
#: Categories that can be consented to explicitly (PII needs no explicit consent, only the opt-in).
EXPLICIT_CATEGORIES = (Category.PHI, Category.EDU)

_CSV_TRUE = frozenset({"true", "yes", "1"})
_CSV_FALSE = frozenset({"false", "no", "0"})


@dataclass(frozen=True)
class ConsentRecord:
    """One account's consent state at `recorded_at`."""

    account_id: str
    ai_training_opt_in: bool
    explicit_consent: frozenset[Category]
    third_party_training: bool
    recorded_at: datetime

    @property
    def recorded_at_text(self) -> str:
        """`recorded_at` in UTC, ISO 8601 with a `Z`, the form written to decisions."""
        return self.recorded_at.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")

    def reference(self) -> dict[str, str]:
        """What a decision cites: which consent record it used, without any personal data."""
        return {"account_id": self.account_id, "recorded_at": self.recorded_at_text}


@dataclass
class ConsentStore:
    """All consent records of one file, by account id."""

    records: dict[str, ConsentRecord]
    source: str = ""
    superseded: int = 0

    def get(self, account_id: str | None) -> ConsentRecord | None:
        """The account's consent record; None when there is no account or no record."""
        return None if account_id is None else self.records.get(account_id)

    def __len__(self) -> int:
        return len(self.records)


def load_consent(path: str | Path) -> ConsentStore:
    """Read a consent file (.jsonl/.ndjson/.json as JSON Lines, .csv as CSV; otherwise sniffed)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConsentError(f"{path}: cannot read consent file ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise ConsentError(f"{path}: consent file is not UTF-8 text") from exc
    if not text.strip():
        raise ConsentError(f"{path}: empty consent file (a CSV needs at least its header row)")
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        is_jsonl = True
    elif suffix == ".csv":
        is_jsonl = False
    else:
        is_jsonl = text.lstrip().startswith("{")
    rows = _jsonl_rows(text, str(path)) if is_jsonl else _csv_rows(text, str(path))
    return _build_store(rows, str(path))


def _build_store(rows: Iterator[ConsentRecord], source: str) -> ConsentStore:
    records: dict[str, ConsentRecord] = {}
    superseded = 0
    for record in rows:
        current = records.get(record.account_id)
        if current is None:
            records[record.account_id] = record
            continue
        superseded += 1
        if record.recorded_at > current.recorded_at:
            records[record.account_id] = record
        elif record.recorded_at == current.recorded_at:
            records[record.account_id] = _stricter(current, record)
    return ConsentStore(dict(sorted(records.items())), source, superseded)


def _stricter(a: ConsentRecord, b: ConsentRecord) -> ConsentRecord:
    return ConsentRecord(
        a.account_id,
        a.ai_training_opt_in and b.ai_training_opt_in,
        a.explicit_consent & b.explicit_consent,
        a.third_party_training and b.third_party_training,
        a.recorded_at,
    )


def _jsonl_rows(text: str, source: str) -> Iterator[ConsentRecord]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        data = _loads(line, where, "not valid JSON")
        if not isinstance(data, dict):
            raise ConsentError(f"{where}: each line must be a JSON object")
        _check_fields(list(data), where, "key")
        yield _record(data, where, _json_bool, _json_categories)


class _RepeatedKey(ValueError):
    """A key that appears twice in one JSON object (raised from inside `json.loads`)."""

    def __init__(self, key: str) -> None:
        super().__init__("repeated key")
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """`object_pairs_hook` refusing repeated keys: `json` keeps the last one, so a second
    `"ai_training_opt_in": true` would silently overrule an opt-out written before it."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise _RepeatedKey(key)
        data[key] = value
    return data


def _loads(text: str, where: str, invalid: str) -> object:
    """Parse JSON with unique keys; every way `json` fails becomes a ConsentError naming the line
    (`invalid` says what a syntax error means here), so no input ends in a traceback."""
    try:
        return json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise ConsentError(f"{where}: {invalid} ({exc.msg})") from None
    except _RepeatedKey as exc:
        shown = name_or(exc.key, "(its name is not shown)")
        raise ConsentError(f"{where}: the key {shown} appears twice in one JSON object") from None
    except ValueError:  # an integer past Python's limit on digits converted from text
        raise ConsentError(f"{where}: a JSON number has too many digits") from None
    except RecursionError:
        raise ConsentError(f"{where}: the JSON is nested too deeply") from None


def _csv_rows(text: str, source: str) -> Iterator[ConsentRecord]:
    header: list[str] | None = None
    for where, row in _csv_lines(text, source):
        if header is None:
            header = [cell.strip() for cell in row]
            if len(set(header)) != len(header):
                raise ConsentError(f"{where}: a column name appears twice in the header")
            _check_fields(header, where, "column")
            continue
        if len(row) != len(header):
            raise ConsentError(f"{where}: {len(row)} cells, but the header has {len(header)} columns")
        data = dict(zip(header, row, strict=True))
        yield _record(data, where, _csv_bool, _csv_categories)


def _csv_lines(text: str, source: str) -> Iterator[tuple[str, list[str]]]:
    """Non-blank CSV rows with their `file:line`; a row `csv` cannot read (a cell past the field
    size limit, a stray line break) is a ConsentError naming the line instead of a traceback."""
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        try:
            row = next(reader, None)
        except csv.Error as exc:
            where = f"{source}:{reader.line_num}"
            if "field limit" in str(exc):
                limit = csv.field_size_limit()
                raise ConsentError(f"{where}: a cell is longer than {limit} characters") from None
            raise ConsentError(f"{where}: not valid CSV (a stray quote, line break or NUL?)") from None
        if row is None:
            return
        if any(cell.strip() for cell in row):
            yield f"{source}:{reader.line_num}", row


def _check_fields(fields: list[str], where: str, place: str) -> None:
    """Refuse missing and unknown fields; unknown ones are named only when `showable`, since a
    header row that is data (a file without its header, an email as a key) is personal data:
    the others are given by `place` ("column", "key") and position."""
    missing = [f for f in REQUIRED_FIELDS if f not in fields]
    if missing:
        raise ConsentError(f"{where}: missing field(s) {', '.join(missing)}")
    unknown = [(position, name) for position, name in enumerate(fields, 1) if name not in ALL_FIELDS]
    if unknown:
        shown = [name for _, name in unknown if showable(name)]
        hidden = [str(position) for position, name in unknown if not showable(name)]
        if hidden:
            shown.append(f"{len(hidden)} not shown ({place} {', '.join(hidden)}: not field names, data?)")
        listed = ", ".join(shown)
        known = ", ".join(ALL_FIELDS)
        raise ConsentError(f"{where}: unknown field(s) {listed}; consent records have {known}")


def _record(
    data: dict[str, Any],
    where: str,
    to_bool: Callable[[Any, str, str], bool],
    to_categories: Callable[[Any, str], frozenset[Category]],
) -> ConsentRecord:
    return ConsentRecord(
        account_id=_account_id(data["account_id"], where),
        ai_training_opt_in=to_bool(data["ai_training_opt_in"], "ai_training_opt_in", where),
        explicit_consent=to_categories(data.get("explicit_consent"), where),
        third_party_training=(
            to_bool(data["third_party_training"], "third_party_training", where)
            if "third_party_training" in data
            else False
        ),
        recorded_at=parse_recorded_at(data["recorded_at"], where),
    )


def _account_id(value: object, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ConsentError(f"{where}: account_id must be a string")
    text = str(value).strip()
    if not text:
        raise ConsentError(f"{where}: account_id is empty")
    return text


def _json_bool(value: object, name: str, where: str) -> bool:
    if isinstance(value, bool):
        return value
    raise ConsentError(f"{where}: {name} must be JSON true or false, not {type(value).__name__}")


def _csv_bool(value: str, name: str, where: str) -> bool:
    text = value.strip().lower()
    if text in _CSV_TRUE:
        return True
    if text in _CSV_FALSE:
        return False
    raise ConsentError(f"{where}: {name} must be true/false (or yes/no, 1/0); the cell holds something else")


def _categories(values: Iterable[object], where: str) -> frozenset[Category]:
    result: set[Category] = set()
    allowed = {c.value for c in EXPLICIT_CATEGORIES}
    for value in values:
        text = value.strip().upper() if isinstance(value, str) else None
        if text not in allowed:
            raise ConsentError(f"{where}: explicit_consent may only name {' and '.join(sorted(allowed))}")
        result.add(Category(text))
    return frozenset(result)


def _json_categories(value: object, where: str) -> frozenset[Category]:
    if value is None:
        return frozenset()
    if not isinstance(value, list):
        raise ConsentError(f'{where}: explicit_consent must be a JSON list such as ["PHI", "EDU"]')
    return _categories(value, where)


def _csv_categories(value: str | None, where: str) -> frozenset[Category]:
    text = (value or "").strip()
    if not text:
        return frozenset()
    if text.startswith("["):
        items = _loads(text, where, "explicit_consent looks like a JSON list but is not valid JSON")
        return _json_categories(items, where)
    parts = text.replace(";", ",").split(",")
    if any(not p.strip() for p in parts):
        raise ConsentError(f"{where}: explicit_consent has an empty entry")
    return _categories(parts, where)


def parse_recorded_at(value: object, where: str) -> datetime:
    """ISO 8601 date or date-time with a time zone; a date alone means midnight UTC.

    Date-times without a zone are refused: comparing them across exports from
    different systems would decide which consent wins by accident.
    """
    if not isinstance(value, str) or not value.strip():
        raise ConsentError(f"{where}: recorded_at must be an ISO 8601 date or date-time string")
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            moment = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
        else:
            moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ConsentError(f"{where}: recorded_at is not an ISO 8601 date or date-time") from exc
    if moment.tzinfo is None:
        raise ConsentError(f"{where}: recorded_at needs a time zone, e.g. 2024-03-01T10:00:00Z")
    try:  # 0001-01-01T00:00:00+01:00 is before year 1 in UTC: decisions could not cite or compare it
        moment.astimezone(timezone.utc)
    except OverflowError:
        raise ConsentError(f"{where}: recorded_at is out of range once converted to UTC") from None
    if moment > datetime.now(timezone.utc) + FUTURE_SLACK:
        raise ConsentError(
            f"{where}: recorded_at lies in the future; a consent state is recorded when it is given "
            "(a mistyped year would win over every state recorded until then)"
        )
    return moment
