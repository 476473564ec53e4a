"""Consent files: strict JSON Lines and CSV parsing, errors with file and line, duplicate accounts."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier.eligibility import ConsentError, load_consent
from classifier.findings import Category

HEADER = "account_id,ai_training_opt_in,explicit_consent,third_party_training,recorded_at\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_jsonl_records(tmp_path):
    path = write(
        tmp_path,
        "consent.jsonl",
        '{"account_id": "a1", "ai_training_opt_in": true, "explicit_consent": ["PHI", "edu"],'
        ' "third_party_training": false, "recorded_at": "2024-03-01T10:00:00Z"}\n'
        "\n"
        '{"account_id": 42, "ai_training_opt_in": false, "recorded_at": "2024-03-02"}\n',
    )
    store = load_consent(path)
    a1, a42 = store.get("a1"), store.get("42")
    assert a1.ai_training_opt_in and a1.explicit_consent == {Category.PHI, Category.EDU}
    assert not a1.third_party_training
    assert a1.reference() == {"account_id": "a1", "recorded_at": "2024-03-01T10:00:00Z"}
    assert not a42.ai_training_opt_in and a42.explicit_consent == frozenset() and not a42.third_party_training
    assert store.get("missing") is None and store.get(None) is None and len(store) == 2


def test_csv_records_with_every_list_form(tmp_path):
    path = write(
        tmp_path,
        "consent.csv",
        "\ufeff"
        + HEADER
        + "a,true,PHI;EDU,yes,2024-01-01T00:00:00+02:00\r\n"
        + 'b,FALSE,"PHI, EDU",0,2024-01-01\r\n'
        + 'c,1,"[""EDU""]",no,2024-01-01\r\n'
        + "d,no,,false,2024-01-01\r\n",
    )
    store = load_consent(path)
    assert (
        store.get("a").explicit_consent == {Category.PHI, Category.EDU}
        and store.get("a").third_party_training
    )
    assert store.get("a").reference()["recorded_at"] == "2023-12-31T22:00:00Z"
    assert (
        store.get("b").explicit_consent == {Category.PHI, Category.EDU}
        and not store.get("b").ai_training_opt_in
    )
    assert store.get("c").explicit_consent == {Category.EDU} and store.get("c").ai_training_opt_in
    assert store.get("d").explicit_consent == frozenset()


def test_format_is_sniffed_without_a_known_extension(tmp_path):
    jsonl = write(
        tmp_path, "c.txt", '{"account_id": "a", "ai_training_opt_in": true, "recorded_at": "2024-01-01"}\n'
    )
    csv_file = write(tmp_path, "c.dat", HEADER + "a,true,,false,2024-01-01\n")
    assert load_consent(jsonl).get("a").ai_training_opt_in
    assert load_consent(csv_file).get("a").ai_training_opt_in


@pytest.mark.parametrize(
    "line,message",
    [
        (
            '{"account_id": "a", "ai_training_opt_in": "true", "recorded_at": "2024-01-01"}',
            "must be JSON true or false",
        ),
        (
            '{"account_id": "a", "ai_training_opt_in": 1, "recorded_at": "2024-01-01"}',
            "must be JSON true or false",
        ),
        ('{"account_id": "a", "recorded_at": "2024-01-01"}', "missing field(s) ai_training_opt_in"),
        (
            '{"account_id": "a", "ai_training_opt_in": true, "recorded_at": "2024-01-01", "email": "x"}',
            "unknown field",
        ),
        ('{"account_id": "a", "ai_training_opt_in": true, "recorded_at": "01/02/2024"}', "not an ISO 8601"),
        (
            '{"account_id": "a", "ai_training_opt_in": true, "recorded_at": "2024-01-01T10:00:00"}',
            "needs a time zone",
        ),
        (
            '{"account_id": "", "ai_training_opt_in": true, "recorded_at": "2024-01-01"}',
            "account_id is empty",
        ),
        (
            '{"account_id": "a", "ai_training_opt_in": true, "explicit_consent": "PHI", '
            '"recorded_at": "2024-01-01"}',
            "must be a JSON list",
        ),
        (
            '{"account_id": "a", "ai_training_opt_in": true, "explicit_consent": ["PII"], '
            '"recorded_at": "2024-01-01"}',
            "may only name EDU and PHI",
        ),
        ('{"account_id": "a", "ai_training_opt_in": true,', "not valid JSON"),
        ('["a", true]', "must be a JSON object"),
    ],
)
def test_jsonl_errors_name_file_and_line(tmp_path, line, message):
    good = '{"account_id": "ok", "ai_training_opt_in": true, "recorded_at": "2024-01-01"}'
    path = write(tmp_path, "consent.jsonl", f"{good}\n\n{line}\n")
    with pytest.raises(ConsentError) as info:
        load_consent(path)
    assert str(info.value).startswith(f"{path}:3: ")
    assert message in str(info.value)


@pytest.mark.parametrize(
    "row,message",
    [
        ("a,maybe,,false,2024-01-01", "ai_training_opt_in must be true/false"),
        ("a,true,,,2024-01-01", "third_party_training must be true/false"),
        ("a,true,PHI;;EDU,false,2024-01-01", "empty entry"),
        ("a,true,HIV,false,2024-01-01", "may only name EDU and PHI"),
        ("a,true,[PHI,false,2024-01-01", "looks like a JSON list"),
        ('a,true,"[PHI",false,2024-01-01', "not valid JSON"),
        ("a,true,,false", "4 cells, but the header has 5 columns"),
    ],
)
def test_csv_errors_name_file_and_line(tmp_path, row, message):
    path = write(tmp_path, "consent.csv", HEADER + "ok,true,,false,2024-01-01\r\n" + row + "\r\n")
    with pytest.raises(ConsentError) as info:
        load_consent(path)
    assert str(info.value).startswith(f"{path}:3: ")
    assert message in str(info.value)
    assert "maybe" not in str(info.value) and "HIV" not in str(info.value)  # values are not echoed


@pytest.mark.parametrize(
    "header,message",
    [
        ("account_id,ai_training_opt_in,recorded_at,email\n", "unknown field(s) email"),
        ("account_id,recorded_at\n", "missing field(s) ai_training_opt_in"),
        ("account_id,account_id,ai_training_opt_in,recorded_at\n", "appears twice"),
    ],
)
def test_csv_header_errors(tmp_path, header, message):
    path = write(tmp_path, "consent.csv", header)
    with pytest.raises(ConsentError) as info:
        load_consent(path)
    assert str(info.value).startswith(f"{path}:1: ") and message in str(info.value)


def test_empty_and_missing_files(tmp_path):
    with pytest.raises(ConsentError, match="empty consent file"):
        load_consent(write(tmp_path, "consent.csv", "\n"))
    with pytest.raises(ConsentError, match="empty consent file"):
        load_consent(write(tmp_path, "consent.jsonl", ""))
    assert len(load_consent(write(tmp_path, "consent.csv", HEADER))) == 0
    with pytest.raises(ConsentError, match="cannot read consent file"):
        load_consent(tmp_path / "absent.csv")


def test_duplicate_accounts_latest_recorded_at_wins_whatever_the_order(tmp_path):
    rows = [
        "a,true,PHI,true,2024-06-01T00:00:00Z",
        "a,false,,false,2024-01-01T00:00:00Z",
        "a,true,,false,2024-03-01T00:00:00Z",
    ]
    for order in (rows, rows[::-1]):
        store = load_consent(write(tmp_path, "consent.csv", HEADER + "\n".join(order) + "\n"))
        record = store.get("a")
        assert record.ai_training_opt_in and record.third_party_training
        assert record.explicit_consent == {Category.PHI}
        assert store.superseded == 2


def test_duplicate_accounts_with_the_same_time_merge_to_the_stricter(tmp_path):
    rows = ["a,true,PHI;EDU,false,2024-06-01", "a,true,EDU,true,2024-06-01T00:00:00Z"]
    record = load_consent(write(tmp_path, "consent.csv", HEADER + "\n".join(rows) + "\n")).get("a")
    assert record.ai_training_opt_in
    assert not record.third_party_training
    assert record.explicit_consent == {Category.EDU}


def test_unknown_field_that_looks_like_data_is_counted_not_printed(tmp_path):
    path = tmp_path / "consent.csv"
    path.write_text("account_id,ai_training_opt_in,recorded_at,zq.leak@example.org,region\n")
    with pytest.raises(ConsentError) as raised:
        list(load_consent(path))
    message = str(raised.value)
    assert "zq.leak" not in message
    assert "unknown field(s) region, 1 not shown" in message
