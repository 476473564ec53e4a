"""What JSON writers copy is analysed: JSONL side values, value-like keys and long integers.

Synthetic data only. The reading tests pin the segments (ids, texts, order); the
round trips run the real engine without NER and label redaction, and check that
no planted value is left in the redacted copy, which stays valid JSON Lines.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier.cli.main import main
from classifier.config import Config
from classifier.engine import Classifier
from classifier.formats import jsondata, read_path, redact_file
from classifier.formats.jsondata import KEY, NUMBER, VALUE

EMAIL = "zq.leak.test@example.org"
OTHER_EMAIL = "zq.other.test@example.org"
PHONE = 5550199731
SSN = 219099999
PLANTED = (EMAIL, OTHER_EMAIL, str(PHONE), str(SSN), "zq.leak.test%40example.org")


def compact(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def segments_of(path: Path, fmt: str) -> list[list[tuple[str | None, str, str | None]]]:
    return [
        [(s.segment_id, s.text, s.speaker) for s in record.segments] for record in read_path(path, fmt=fmt)
    ]


@pytest.fixture(scope="module")
def engine() -> Classifier:
    return Classifier(Config(use_ner=False))


# --- reading ---------------------------------------------------------------------------------


def test_jsonl_side_values_come_after_the_turn_with_their_paths(tmp_path: Path) -> None:
    line = {
        "id": "d1",
        "speaker": "Agent Smith",
        "text": f"write to {EMAIL}",
        "email": EMAIL,
        "meta": {"contact": [OTHER_EMAIL], "zip": 1234, "ok": True, "ratio": 12345.5},
        "users": {EMAIL: {"role": "admin"}},
        "phone": PHONE,
        "data_class": "customer_content",
        "account_id": "acct-1",
        "client_version": "5.9.2",
    }
    path = write_lines(tmp_path / "chat.jsonl", [compact(line)])

    [segments] = segments_of(path, "jsonl")

    assert segments == [
        ("d1", f"write to {EMAIL}", "Agent Smith"),  # the turn keeps index 0; an id like "d1" is structure
        ("$.email", EMAIL, None),
        ("$.meta.contact[0]", OTHER_EMAIL, None),
        ("{key}$.users", EMAIL, None),
        (f"$.users.{EMAIL}.role", "admin", None),
        ("{number}$.phone", str(PHONE), None),
        ("$.account_id", "acct-1", None),
        ("$.client_version", "5.9.2", None),
    ]
    [record] = read_path(path, fmt="jsonl")
    kinds = [s.location.kind for s in record.segments]
    assert kinds == [VALUE, VALUE, VALUE, KEY, VALUE, NUMBER, VALUE, VALUE]
    assert record.segments[3].location.path == ("users", EMAIL)
    assert record.metadata["account_id"] == "acct-1"  # metadata keeps the value as read


def test_jsonl_text_speaker_and_data_class_are_not_side_values(tmp_path: Path) -> None:
    lines = [
        compact({"uid": 1234567, "msg": {"body": "hello", "lang": "en"}, "speaker": "A B"}),
        compact({"uid": {"email": EMAIL}, "msg": {"body": "hi"}, "speaker": ["Jo Ann"]}),
        compact({"uid": "u3", "msg": {"body": "hey"}, "data_class": "no such class"}),
    ]
    path = write_lines(tmp_path / "nested.jsonl", lines)

    first, second, third = read_path(path, fmt="jsonl", text_field="msg.body", id_field="uid")

    assert [(s.segment_id, s.text) for s in first.segments] == [
        ("1234567", "hello"),  # the record id, as read
        ("{number}$.uid", "1234567"),  # and the id field, analysed like any other number
        ("$.msg.lang", "en"),
    ]
    # an id that is no record id and a speaker that is no name are copied, so they are analysed
    assert [(s.segment_id, s.text) for s in second.segments][1:] == [
        ("$.uid.email", EMAIL),
        ("$.speaker[0]", "Jo Ann"),
    ]
    assert not third.complete  # an unknown data class fails the record; its line is never written


def test_telemetry_value_keys_and_long_integers_are_segments(tmp_path: Path) -> None:
    event = {
        "event_id": "e-1",
        "users": {EMAIL: {"durationMs": 120}},
        "contacts": {"call 555 0199": "home", "order 55501": 1},
        "phone": PHONE,
        "ssn": SSN,
        "neg": -12345,
        "floor": 10000,
        "short": 9999,
        "ratio": 5550199731.5,
        "flag": True,
        "client_version": "5.9.2",
        "$ref": "x",
        "a1": "y",
        "v1234": "z",
    }
    path = write_lines(tmp_path / "events.jsonl", [compact(event)])

    [segments] = segments_of(path, "telemetry")

    assert [(segment_id, text) for segment_id, text, _ in segments] == [
        ("$.event_id", "e-1"),
        ("{key}$.users", EMAIL),
        ("{key}$.contacts", "call 555 0199"),
        ("$.contacts.call 555 0199", "home"),
        ("{key}$.contacts", "order 55501"),
        ("{number}$.phone", str(PHONE)),
        ("{number}$.ssn", str(SSN)),
        ("{number}$.neg", "12345"),  # read without its sign
        ("{number}$.floor", "10000"),
        ("$.client_version", "5.9.2"),
        ("$.$ref", "x"),
        ("$.a1", "y"),
        ("$.v1234", "z"),
    ]


def test_value_keys_are_told_from_field_names() -> None:
    for key in (EMAIL, "jane doe", "5550199731", "ref 12345", "zq%40example.org", "a\tb"):
        assert jsondata.is_value_key(key), key
    for key in ("client_version", "durationMs", "$ref", "a1", "v1234", "x-request-id", ""):
        assert not jsondata.is_value_key(key), key


def test_url_encoded_key_is_analysed_decoded(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "q.jsonl", [compact({"event_id": "e", "q": {"zq.leak.test%40example.org": 1}})]
    )
    [record] = read_path(path, fmt="telemetry")
    key = record.segments[1]
    assert (key.segment_id, key.text, key.location.url_encoded) == ("{key}$.q", EMAIL, True)


def test_event_without_value_keys_or_long_numbers_has_the_segments_it_had(tmp_path: Path) -> None:
    event = {
        "event_id": "e-2",
        "event": "crash",
        "error": {"message": "Failed to open app.log", "frames": ["main", "open_log"], "code": 9999},
        "count": 3,
        "ratio": 123456.5,
        "ok": False,
        "client": {"durationMs": 40, "client_version": "5.9.2", "a1": None},
    }
    path = write_lines(tmp_path / "plain.jsonl", [compact(event)])
    [record] = read_path(path, fmt="telemetry")
    assert [s.segment_id for s in record.segments] == [
        "$.event_id",
        "$.event",
        "$.error.message",
        "$.error.frames[0]",
        "$.error.frames[1]",
        "$.client.client_version",
    ]
    assert {s.location.kind for s in record.segments} == {VALUE}


# --- round trips with the real engine -------------------------------------------------------


def redacted_lines(engine: Classifier, source: Path, tmp_path: Path, fmt: str) -> tuple[list[str], str]:
    output = tmp_path / f"out.{fmt}.jsonl"
    report = redact_file(engine, source, output, mode="label", fmt=fmt)
    assert report.complete, report.errors
    text = output.read_text(encoding="utf-8")
    return text.splitlines(), text


TELEMETRY_LINES = [
    compact({"event_id": "e1", "user": {"email": EMAIL}, "phone": PHONE, "ssn": SSN}),
    compact({"event_id": "e2", "users": {EMAIL: {"role": "admin"}, OTHER_EMAIL: {"role": "x"}, "plain": 1}}),
    compact({"event_id": "e3", "q": {"zq.leak.test%40example.org": 1}}),
    '{"event_id":"e4","durationMs":12345.0,"count":42,"client_version":"5.9.2","note":"caf\\u00e9"}',
]


def test_telemetry_round_trip_leaves_no_planted_value(engine: Classifier, tmp_path: Path) -> None:
    source = write_lines(tmp_path / "events.jsonl", TELEMETRY_LINES)

    lines, text = redacted_lines(engine, source, tmp_path, "telemetry")

    assert [value for value in PLANTED if value in text] == []
    assert len(lines) == len(TELEMETRY_LINES)
    first, second, third, fourth = (json.loads(line) for line in lines)
    assert first == {
        "event_id": "e1",
        "user": {"email": "<EMAIL_ADDRESS>"},
        "phone": "<PHONE_NUMBER>",
        "ssn": "<US_SSN>",
    }
    assert list(second["users"]) == ["<EMAIL_ADDRESS>", "<EMAIL_ADDRESS>_2", "plain"]  # order kept
    assert second["users"]["<EMAIL_ADDRESS>_2"] == {"role": "x"}
    assert third == {"event_id": "e3", "q": {"%3CEMAIL_ADDRESS%3E": 1}}  # encoded again
    assert lines[3] == TELEMETRY_LINES[3]  # nothing to redact: the line as it was, byte for byte
    assert fourth["count"] == 42


def test_long_number_without_findings_stays_a_number(engine: Classifier, tmp_path: Path) -> None:
    lines = [compact({"event_id": "e1", "bytes": 1048576, "note": f"mail {EMAIL}"})]
    source = write_lines(tmp_path / "events.jsonl", lines)
    [line], _ = redacted_lines(engine, source, tmp_path, "telemetry")
    assert json.loads(line) == {"event_id": "e1", "bytes": 1048576, "note": "mail <EMAIL_ADDRESS>"}


@pytest.mark.parametrize(
    ("fmt", "line"),
    [
        ("telemetry", f'{{"event_id":"e1","a":"{EMAIL}","a":"ok"}}'),
        ("jsonl", f'{{"text":"hi","a":"{EMAIL}","a":"ok"}}'),
    ],
    ids=["telemetry", "jsonl"],
)
def test_repeated_key_is_not_copied_as_it_was(
    engine: Classifier, tmp_path: Path, fmt: str, line: str
) -> None:
    """json.loads keeps the last of repeated keys: the others were never analysed."""
    source = write_lines(tmp_path / "in.jsonl", [line])
    [out], text = redacted_lines(engine, source, tmp_path, fmt)
    assert EMAIL not in text and json.loads(out)["a"] == "ok"


def test_telemetry_document_renames_keys_and_numbers(engine: Classifier, tmp_path: Path) -> None:
    source = tmp_path / "diagnostic.json"
    source.write_text(json.dumps({"report": "x", "owners": {EMAIL: "admin"}, "ssn": SSN}, indent=2), "utf-8")
    output = tmp_path / "out.json"
    assert redact_file(engine, source, output, mode="label").complete
    assert json.loads(output.read_text("utf-8")) == {
        "report": "x",
        "owners": {"<EMAIL_ADDRESS>": "admin"},
        "ssn": "<US_SSN>",
    }


JSONL_LINES = [
    compact({"id": "d1", "text": f"write to {EMAIL}", "email": EMAIL}),
    compact({"id": "d2", "text": "the build is green", "contact": {"primary": EMAIL}}),
    compact({"id": "d3", "text": "see the roster", "users": {EMAIL: {"role": "admin"}}}),
    '{"id":"d4","text":"nothing to see","channel":"general","count":42,"note":"caf\\u00e9"}',
]


def test_jsonl_round_trip_leaves_no_planted_value(engine: Classifier, tmp_path: Path) -> None:
    source = write_lines(tmp_path / "chat.jsonl", JSONL_LINES)

    lines, text = redacted_lines(engine, source, tmp_path, "jsonl")

    assert EMAIL not in text
    assert len(lines) == len(JSONL_LINES)
    first, second, third, _ = (json.loads(line) for line in lines)
    assert first == {"id": "d1", "text": "write to <EMAIL_ADDRESS>", "email": "<EMAIL_ADDRESS>"}
    assert second["contact"] == {"primary": "<EMAIL_ADDRESS>"}
    assert third["users"] == {"<EMAIL_ADDRESS>": {"role": "admin"}}
    assert lines[3] == JSONL_LINES[3]


def test_jsonl_contact_only_email_is_a_finding_of_the_record(engine: Classifier, tmp_path: Path) -> None:
    """What eligibility decides on: the record's findings, now with the side values'."""
    source = write_lines(tmp_path / "chat.jsonl", [JSONL_LINES[1]])
    [record] = read_path(source, fmt="jsonl")
    findings = engine.analyze_records([record])[0]
    assert findings[0] == []  # nothing in the text itself (the id "d2" is structure, not a segment)
    assert [f.entity_type for f in findings[1]] == ["EMAIL_ADDRESS"]


def test_jsonl_long_numbers_are_redacted_with_their_field_name(engine: Classifier, tmp_path: Path) -> None:
    source = write_lines(
        tmp_path / "chat.jsonl", [compact({"id": "d1", "text": "hi", "phone": PHONE, "ssn": SSN})]
    )
    [line], _ = redacted_lines(engine, source, tmp_path, "jsonl")
    assert json.loads(line) == {"id": "d1", "text": "hi", "phone": "<PHONE_NUMBER>", "ssn": "<US_SSN>"}


def scan_jsonl(tmp_path: Path, lines: list[str]) -> tuple[dict[str, dict[str, object]], str]:
    data = tmp_path / "acme"
    data.mkdir()
    write_lines(data / "day1.jsonl", lines)
    consent = tmp_path / "consent.csv"
    consent.write_text("account_id,ai_training_opt_in,recorded_at\nacme,true,2026-01-01\n", encoding="utf-8")
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text('"**": {account_id: acme, data_class: customer_content}\n', encoding="utf-8")
    out = tmp_path / "out"
    args = ["scan", str(data), "--out", str(out), "--workers", "1", "--quiet", "--no-ner"]
    args += ["--consent", str(consent), "--manifest", str(manifest), "--redact", "label"]
    assert main(args) == 0
    docs = {d["record_id"]: d for d in map(json.loads, (out / "documents.jsonl").read_text().splitlines())}
    return docs, next((out / "redacted").rglob("day1.jsonl")).read_text(encoding="utf-8")


def test_scan_decides_and_redacts_on_side_values(tmp_path: Path) -> None:
    clean = '{"id":"2","text":"the weather is lovely","channel":"general"}'
    docs, redacted = scan_jsonl(tmp_path, [JSONL_LINES[1], clean])
    assert docs["d2"]["decisions"]["first_party_training"]["outcome"] == "eligible_after_redaction"
    assert docs["2"]["decisions"]["first_party_training"]["outcome"] == "eligible"
    assert EMAIL not in redacted
    assert redacted.splitlines()[1] == clean


def test_redact_input_redacts_other_fields(tmp_path: Path) -> None:
    source = write_lines(tmp_path / "in.jsonl", [JSONL_LINES[0], JSONL_LINES[2]])
    target = tmp_path / "out.jsonl"
    assert main(["redact", "--input", str(source), "-o", str(target), "--no-ner", "--quiet"]) == 0
    text = target.read_text(encoding="utf-8")
    assert EMAIL not in text
    first, second = map(json.loads, text.splitlines())
    assert first == {"id": "d1", "text": "write to <EMAIL_ADDRESS>", "email": "<EMAIL_ADDRESS>"}
    assert second["users"] == {"<EMAIL_ADDRESS>": {"role": "admin"}}


def test_redact_input_fails_closed_when_other_fields_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    import classifier.record_limit

    real = classifier.record_limit.analyze_records

    def broken(engine: object, records: list, timeout: float) -> object:
        if any(record.format == "jsonl" for record in records):  # the other fields, not the texts
            raise RuntimeError(EMAIL)
        return real(engine, records, timeout)

    monkeypatch.setattr(classifier.record_limit, "analyze_records", broken)
    source = write_lines(tmp_path / "in.jsonl", [JSONL_LINES[0]])
    target = tmp_path / "out.jsonl"
    assert main(["redact", "--input", str(source), "-o", str(target), "--no-ner", "--quiet"]) == 3
    [line] = target.read_text(encoding="utf-8").splitlines()
    assert json.loads(line) == {
        "id": "d1",
        "text": None,
        "errors": ["analysis of other fields failed (RuntimeError)"],
    }
    assert EMAIL not in capsys.readouterr().err


# --- keys with separated digits, integral floats, the JSONL id field ------------------------
# Each test below fails on the code before these rules: such keys were structural, floats were
# never read, and the JSONL id field was left out of the analysed (and redacted) values.

ID_PHONE = 4155550132
SEPARATED_KEYS = ("415-555-0132", "219-09-9999", "(415)555-0132", "415.555.0132", "415_555_0132")


def test_keys_with_separated_digits_are_values_and_field_names_are_not() -> None:
    for key in (*SEPARATED_KEYS, "+1 415 555", "ssn_219-09-9999", "10.0.0.1", "2024-01-01"):
        assert jsondata.is_value_key(key), key  # a date-like key is analysed too (and kept: no finding)
    for key in ("client_version", "durationMs", "a1", "ipv4", "v2_2024", "sha256", "v1.2.3", "utf-8"):
        assert not jsondata.is_value_key(key), key
    assert jsondata.is_value_key("415-555-0132")  # a verdict from the cache is the same


def test_keys_with_separated_digits_are_segments_nested_too(tmp_path: Path) -> None:
    line = {
        "id": "r5",
        "text": "hi",
        "415-555-0132": True,
        "contacts": {"219-09-9999": None},
        "nest": [[{"(415)555-0132": 1}]],
        "v2_2024": 1,
    }
    path = write_lines(tmp_path / "keys.jsonl", [compact(line)])
    [record] = read_path(path, fmt="jsonl")
    keys = [(s.segment_id, s.text) for s in record.segments if s.location.kind == KEY]
    assert keys == [
        ("{key}$", "415-555-0132"),
        ("{key}$.contacts", "219-09-9999"),
        ("{key}$.nest[0][0]", "(415)555-0132"),
    ]


def test_keys_with_separated_digits_are_renamed_when_redacted(engine: Classifier, tmp_path: Path) -> None:
    line = '{"id": "r5", "text": "hello there", "415-555-0132": true, "contacts": {"219-09-9999": null}, '
    line += '"nest": [[{"(415)555-0132": 1}]], "415.555.0132": false, "v2_2024": 3}'
    source = write_lines(tmp_path / "keys.jsonl", [line])
    [out], text = redacted_lines(engine, source, tmp_path, "jsonl")
    assert not any(key in text for key in SEPARATED_KEYS)
    assert json.loads(out) == {
        "id": "r5",
        "text": "hello there",
        "<PHONE_NUMBER>": True,
        "contacts": {"<US_SSN>": None},
        "nest": [[{"<PHONE_NUMBER>": 1}]],
        "<PHONE_NUMBER>_2": False,
        "v2_2024": 3,
    }


FLOAT_EVENT = (
    '{"event_id": "e1", "phone": 4155550132.0, "ssn": 219099999.0, "p2": 4.155550132e9, "neg": -12345.0, '
    '"ratio": 12345.5, "short": 9999.0, "nan": NaN, "inf": Infinity, "flag": true}'
)


def test_integral_floats_are_numbers_and_the_rest_are_not(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "events.jsonl", [FLOAT_EVENT])
    [record] = read_path(path, fmt="telemetry")
    numbers = [(s.segment_id, s.text) for s in record.segments if s.location.kind == NUMBER]
    assert numbers == [
        ("{number}$.phone", "4155550132"),
        ("{number}$.ssn", "219099999"),
        ("{number}$.p2", "4155550132"),
        ("{number}$.neg", "12345"),  # read without its sign
    ]


def test_integral_floats_are_redacted_in_a_telemetry_line(engine: Classifier, tmp_path: Path) -> None:
    source = write_lines(tmp_path / "events.jsonl", [FLOAT_EVENT])
    [out], text = redacted_lines(engine, source, tmp_path, "telemetry")
    assert "5550132" not in text and "219099999" not in text and "4.155550132e9" not in text
    event = json.loads(out)
    assert (event["phone"], event["ssn"], event["p2"]) == ("<PHONE_NUMBER>", "<US_SSN>", "<PHONE_NUMBER>")
    assert (event["ratio"], event["short"], event["neg"], event["flag"]) == (12345.5, 9999.0, -12345.0, True)


def test_integral_floats_are_redacted_in_jsonl(engine: Classifier, tmp_path: Path) -> None:
    line = '{"id": "r4", "text": "hi there", "phone": 4155550132.0, "ssn": 219099999.0, "p2": 4.155550132e9}'
    source = write_lines(tmp_path / "chat.jsonl", [line])
    [out], _ = redacted_lines(engine, source, tmp_path, "jsonl")
    assert json.loads(out) == {
        "id": "r4",
        "text": "hi there",
        "phone": "<PHONE_NUMBER>",
        "ssn": "<US_SSN>",
        "p2": "<PHONE_NUMBER>",
    }


def test_integral_floats_and_keys_are_redacted_in_a_document(engine: Classifier, tmp_path: Path) -> None:
    source = tmp_path / "diagnostic.json"
    document = {"id": "doc1", "events": [{"kind": "click", "phone": 4155550132.0, "219-09-9999": True}]}
    source.write_text(json.dumps(document, indent=2), "utf-8")
    output = tmp_path / "out.json"
    assert redact_file(engine, source, output, mode="label").complete
    assert json.loads(output.read_text("utf-8")) == {
        "id": "doc1",
        "events": [{"kind": "click", "phone": "<PHONE_NUMBER>", "<US_SSN>": True}],
    }


def test_float_without_findings_is_read_and_its_line_kept_byte_for_byte(
    engine: Classifier, tmp_path: Path
) -> None:
    line = '{"event_id":"e4","durationMs":12345.0,"ratio":123456.5,"short":9999.0,"count":1.5e3,"note":"ok"}'
    source = write_lines(tmp_path / "events.jsonl", [line])
    [record] = read_path(source, fmt="telemetry")
    assert [(s.segment_id, s.text) for s in record.segments if s.location.kind == NUMBER] == [
        ("{number}$.durationMs", "12345")
    ]
    [out], _ = redacted_lines(engine, source, tmp_path, "telemetry")
    assert out == line


def test_jsonl_id_holding_an_identifier_is_redacted_and_not_the_record_id(tmp_path: Path) -> None:
    lines = [
        compact({"id": EMAIL, "text": "hello there"}),
        compact({"id": ID_PHONE, "text": "hello there"}),
        compact({"id": "msg-7", "text": "hello there"}),
    ]
    docs, redacted = scan_jsonl(tmp_path, lines)
    # an id in which detection found something is replaced by the record's place; others stay
    assert {record_id.rsplit("/", 1)[-1] for record_id in docs} == {"day1.jsonl:1", "day1.jsonl:2", "msg-7"}
    out = tmp_path / "out"
    for name in ("documents.jsonl", "findings.jsonl", "summary.json", "report.html"):
        text = (out / name).read_text(encoding="utf-8")
        assert EMAIL not in text and str(ID_PHONE) not in text, name
    for record_id in [r for r in docs if r != "msg-7"]:
        assert docs[record_id]["decisions"]["first_party_training"]["outcome"] == "eligible_after_redaction"
    assert EMAIL not in redacted and str(ID_PHONE) not in redacted
    assert [json.loads(line) for line in redacted.splitlines()] == [
        {"id": "<EMAIL_ADDRESS>", "text": "hello there"},
        {"id": "<PHONE_NUMBER>", "text": "hello there"},
        {"id": "msg-7", "text": "hello there"},
    ]


def test_redact_input_redacts_the_id_field_and_floats(tmp_path: Path) -> None:
    lines = [compact({"id": EMAIL, "text": "hi"}), '{"id": "d2", "text": "hi", "phone": 4155550132.0}']
    source = write_lines(tmp_path / "in.jsonl", lines)
    target = tmp_path / "out.jsonl"
    assert main(["redact", "--input", str(source), "-o", str(target), "--no-ner", "--quiet"]) == 0
    text = target.read_text(encoding="utf-8")
    assert EMAIL not in text and "5550132" not in text
    assert [json.loads(line) for line in text.splitlines()] == [
        {"id": "<EMAIL_ADDRESS>", "text": "hi"},
        {"id": "d2", "text": "hi", "phone": "<PHONE_NUMBER>"},
    ]


def test_redact_input_reads_the_id_field_like_the_jsonl_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An id that cannot be a value is structure (copied, not analysed); one that could is analysed;
    the speaker field, which `redact --input` does not redact as a name, is analysed too."""
    import classifier.record_limit

    analysed: list[str] = []
    real = classifier.record_limit.analyze_records

    def spy(engine: object, records: list, timeout: float) -> object:
        side = [record for record in records if record.format == "jsonl"]  # the texts are "text"
        analysed.extend(segment.text for record in side for segment in record.segments)
        return real(engine, records, timeout)

    monkeypatch.setattr(classifier.record_limit, "analyze_records", spy)
    lines = [
        compact({"id": "msg-7", "text": "hi", "speaker": "Jo Ann"}),
        compact({"id": EMAIL, "text": "hi"}),
    ]
    source = write_lines(tmp_path / "in.jsonl", lines)
    target = tmp_path / "out.jsonl"
    assert main(["redact", "--input", str(source), "-o", str(target), "--no-ner", "--quiet"]) == 0
    assert analysed == ["Jo Ann", EMAIL]
    first, second = map(json.loads, target.read_text(encoding="utf-8").splitlines())
    assert first["id"] == "msg-7" and second["id"] == "<EMAIL_ADDRESS>"


def test_redact_input_withholds_an_id_that_could_be_a_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A line that fails keeps its id only when the id may be shown: not an email given as an id."""
    import classifier.record_limit

    real = classifier.record_limit.analyze_records

    def broken(engine: object, records: list, timeout: float) -> object:
        if any(record.format == "jsonl" for record in records):  # the other fields, not the texts
            raise RuntimeError("side values")
        return real(engine, records, timeout)

    monkeypatch.setattr(classifier.record_limit, "analyze_records", broken)
    lines = [
        compact({"id": EMAIL, "text": "hi", "note": "x"}),
        compact({"id": "msg-8", "text": "hi", "note": "x"}),
    ]
    source = write_lines(tmp_path / "in.jsonl", lines)
    target = tmp_path / "out.jsonl"
    assert main(["redact", "--input", str(source), "-o", str(target), "--no-ner", "--quiet"]) == 3
    text = target.read_text(encoding="utf-8")
    assert EMAIL not in text
    first, second = map(json.loads, text.splitlines())
    assert first == {"text": None, "errors": ["analysis of other fields failed (RuntimeError)"]}
    assert second["id"] == "msg-8"


@pytest.mark.parametrize("text_field", ["text", "message"], ids=["jsonl", "telemetry"])
def test_an_account_id_holding_an_identifier_is_shown_in_label_form(tmp_path: Path, text_field: str) -> None:
    """Consent is looked up by the account as read; documents.jsonl shows it in label form."""
    data = tmp_path / "in"
    data.mkdir()
    lines = [
        compact({"id": "m1", text_field: "the build is green", "account_id": EMAIL, "origin": f"by {EMAIL}"}),
        compact({"id": "m2", text_field: "the build is green", "account_id": "acme", "origin": "import"}),
    ]
    write_lines(data / "day1.jsonl", lines)
    consent = tmp_path / "consent.csv"
    rows = [f"{EMAIL},true,2026-01-01", "acme,true,2026-01-01"]
    consent.write_text(
        "account_id,ai_training_opt_in,recorded_at\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    args = ["scan", str(data), "--out", str(out), "--workers", "1", "--quiet", "--no-ner"]
    assert main([*args, "--consent", str(consent)]) == 0
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text().splitlines()]
    assert [(d["account_id"], d["origin"]) for d in docs] == [
        ("<EMAIL_ADDRESS>", "by <EMAIL_ADDRESS>"),
        ("acme", "import"),
    ]
    # the consent of the account as read applies: opted in, so redacted text may be used
    assert [d["decisions"]["first_party_training"]["outcome"] for d in docs] == [
        "eligible_after_redaction",
        "eligible",
    ]
    for name in ("documents.jsonl", "findings.jsonl", "summary.json", "report.html"):
        assert EMAIL not in (out / name).read_text(encoding="utf-8"), name


def test_telemetry_event_id_holding_an_identifier_is_not_the_record_id(tmp_path: Path) -> None:
    data = tmp_path / "logs"
    data.mkdir()
    events = [{"event_id": EMAIL, "level": "INFO"}, {"event_id": "e-2", "level": "INFO"}]
    write_lines(data / "events.jsonl", [compact(e) for e in events])
    out = tmp_path / "out"
    assert main(["scan", str(data), "--out", str(out), "--workers", "1", "--quiet", "--no-ner"]) == 0
    ids = [json.loads(line)["record_id"] for line in (out / "documents.jsonl").read_text().splitlines()]
    assert [i.rsplit("/", 1)[-1] for i in ids] == ["events.jsonl:1", "e-2"]
    for name in ("documents.jsonl", "findings.jsonl", "summary.json", "report.html"):
        assert EMAIL not in (out / name).read_text(encoding="utf-8"), name


# --- ids and routing fields that are not plainly ids; records not analysed whole -----------------


@pytest.mark.parametrize(
    ("record_id", "structural"),
    [("d1", True), ("msg-42", True), ("c3f9", True), ("0-12", True), ("42", True)]
    + [("00:1a:2b:3c:4d:5e", False), ("1EG4-TE5-MK73", False), ("jane.doe", False), (EMAIL, False)]
    + [("https://zq.example.org/u/7", False), ("12345", False), ("acme", False)],
)
def test_structural_ids(record_id: str, structural: bool) -> None:
    assert jsondata.is_structural_id(record_id) is structural


ID_VALUES = ["00:1a:2b:3c:4d:5e", "1EG4-TE5-MK73"]  # a MAC address, a health plan id: no @, space or 5 digits


def test_redact_and_analyze_input_read_ids_that_are_not_plainly_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    lines = [compact({"id": value, "text": "hi"}) for value in ID_VALUES] + [
        compact({"id": "d3", "text": "hi"})
    ]
    source = write_lines(tmp_path / "in.jsonl", lines)
    target = tmp_path / "out.jsonl"
    assert main(["redact", "--input", str(source), "-o", str(target), "--no-ner", "--quiet"]) == 0
    redacted = target.read_text(encoding="utf-8")
    assert [json.loads(line)["id"] for line in redacted.splitlines()] == [
        "<MAC_ADDRESS>",
        "<HEALTH_PLAN_ID>",
        "d3",
    ]
    found = tmp_path / "found.jsonl"
    main(["analyze", "--input", str(source), "-o", str(found), "--no-ner", "--quiet"])
    assert [json.loads(line)["id"] for line in found.read_text().splitlines()] == [1, 2, "d3"]
    assert not any(value in redacted + found.read_text() for value in ID_VALUES)


def test_a_record_not_read_whole_withholds_its_id_account_and_origin(tmp_path: Path) -> None:
    """A line whose text is not text: nothing was analysed, so nothing that could be a value is shown."""
    lines = [
        compact({"id": "d1", "text": "hello"}),
        compact({"id": EMAIL, "text": None, "account_id": OTHER_EMAIL, "origin": "import"}),
        compact({"id": "d3", "text": 7, "account_id": "acct-7", "origin": "x"}),
        compact({"id": "d4", "text": 7, "account_id": None, "origin": ""}),  # nothing to withhold
    ]
    data = tmp_path / "in"
    data.mkdir()
    write_lines(data / "day1.jsonl", lines)
    out = tmp_path / "out"
    assert main(["scan", str(data), "--out", str(out), "--workers", "1", "--quiet", "--no-ner"]) == 3
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text().splitlines()]
    assert [(d["record_id"].rsplit("/", 1)[-1], d["account_id"], d["origin"]) for d in docs] == [
        ("d1", None, None),
        ("day1.jsonl:2", "<WITHHELD>", "<WITHHELD>"),
        ("d3", "acct-7", "<WITHHELD>"),
        ("d4", None, None),
    ]
    for name in ("documents.jsonl", "findings.jsonl", "summary.json", "report.html"):
        text = (out / name).read_text(encoding="utf-8")
        assert EMAIL not in text and OTHER_EMAIL not in text, name


def test_events_of_a_json_array_document_show_no_value_in_their_id_or_account(tmp_path: Path) -> None:
    data = tmp_path / "logs"
    data.mkdir()
    events = [{"id": EMAIL, "account_id": OTHER_EMAIL, "level": "INFO"}, {"id": "e-2", "level": "INFO"}]
    (data / "diag.json").write_text(json.dumps(events, indent=2), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["scan", str(data), "--out", str(out), "--workers", "1", "--quiet", "--no-ner"]) == 0
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text().splitlines()]
    assert [d["record_id"].rsplit("/", 1)[-1] for d in docs] == ["diag.json#0", "e-2"]
    assert docs[0]["account_id"] == "<EMAIL_ADDRESS>"
    for name in ("documents.jsonl", "findings.jsonl", "summary.json", "report.html"):
        text = (out / name).read_text(encoding="utf-8")
        assert EMAIL not in text and OTHER_EMAIL not in text, name


def test_a_negative_long_number_is_read_without_its_sign(engine: Classifier, tmp_path: Path) -> None:
    source = write_lines(tmp_path / "chat.jsonl", [compact({"id": "d1", "text": "hi", "phone": -PHONE})])
    [line], _ = redacted_lines(engine, source, tmp_path, "jsonl")
    assert json.loads(line) == {"id": "d1", "text": "hi", "phone": "<PHONE_NUMBER>"}


def test_an_id_or_field_repeating_a_value_found_in_the_text_is_not_shown(tmp_path: Path) -> None:
    """`00123456` alone reads as nothing; next to "MRN is 00123456" it is that MRN (found by an audit)."""
    lines = [
        compact({"id": "00123456", "text": "the MRN is 00123456"}),
        compact({"id": "mlopez85", "text": "my username is mlopez85"}),  # an id-shaped id: not analysed
        compact({"id": "msg-7", "text": "call 415-555-0132 or 415-555-0132", "note": "415-555-0132"}),
    ]
    docs, redacted = scan_jsonl(tmp_path, lines)
    assert {record_id.rsplit("/", 1)[-1] for record_id in docs} == {
        "day1.jsonl:1",
        "day1.jsonl:2",
        "msg-7",
    }
    for name in ("documents.jsonl", "findings.jsonl", "summary.json", "report.html"):
        text = (tmp_path / "out" / name).read_text(encoding="utf-8")
        assert "00123456" not in text and "mlopez85" not in text and "0132" not in text, name
    copy = [json.loads(line) for line in redacted.splitlines()]
    assert copy[0] == {"id": "<MEDICAL_RECORD_NUMBER>", "text": "the MRN is <MEDICAL_RECORD_NUMBER>"}
    assert copy[2]["note"] == "<PHONE_NUMBER>" and "0132" not in copy[2]["text"]


def test_analyze_input_shows_no_id_that_repeats_a_value_of_its_text(capsys, tmp_path: Path) -> None:
    source = write_lines(
        tmp_path / "in.jsonl",
        [compact({"id": "mlopez85", "text": "my username is mlopez85"}), compact({"id": "d2", "text": "hi"})],
    )
    target = tmp_path / "out.jsonl"
    assert main(["analyze", "--input", str(source), "--output", str(target), "--no-ner", "--quiet"]) == 1
    text = target.read_text(encoding="utf-8")
    assert "mlopez85" not in text
    assert [json.loads(line)["id"] for line in text.splitlines()] == [1, "d2"]
