"""JSON that `json.loads` refuses with something other than JSONDecodeError, and non-string data classes.

An integer of more than 4,300 digits raises ValueError (Python's `int_max_str_digits`), nesting
deeper than the recursion limit RecursionError. Each is one bad line: reported by number (never
content), that record fails closed, the lines after it are read as usual.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier.cli.common import iter_jsonl
from classifier.cli.main import main
from classifier.formats import jsondata, jsonl, telemetry
from classifier.formats.errors import FormatError
from tests.test_decide_cli import consent_file, make_scan

DIGITS = "7" * 5000  # past the 4,300 digits Python converts
DEPTH = 5000  # past the recursion limit
EMAIL = "jane.roe@example.org"
BAD_LINES = {
    "huge-int": '{"id": "m2", "text": "hi", "n": ' + DIGITS + "}",
    "deep": '{"id": "m2", "text": "hi", "x": ' + "[" * DEPTH + "]" * DEPTH + "}",
}
REASONS = {"huge-int": "a number too long to read", "deep": "nested too deeply"}


def lines_around(bad: str) -> str:
    """A good line, the bad one, then two good lines (one with an email) that must still be read."""
    rows = [{"id": "m1", "text": "hello"}, {"id": "m3", "text": f"mail {EMAIL}"}, {"id": "m4", "text": "bye"}]
    first, *rest = (json.dumps(row) for row in rows)
    return "\n".join([first, bad, *rest]) + "\n"


def scan_entries(folder: Path, out: Path) -> dict[str, dict]:
    """Scan a folder (exit code 3: a record failed); its documents.jsonl entries by record id, the
    id of a line read from its place (`path:line`) without the folder."""
    assert main(["scan", str(folder), "--out", str(out), "--workers", "1", "--quiet", "--no-ner"]) == 3
    entries = map(json.loads, (out / "documents.jsonl").read_text(encoding="utf-8").splitlines())
    return {entry["record_id"].rsplit("/", 1)[-1]: entry for entry in entries}


@pytest.fixture(params=sorted(BAD_LINES))
def bad(request: pytest.FixtureRequest) -> tuple[str, str]:
    """(the bad line, the reason reported for it)."""
    return BAD_LINES[request.param], REASONS[request.param]


def test_loads_turns_every_parse_failure_into_one_value_free_error(bad: tuple[str, str]) -> None:
    line, reason = bad
    with pytest.raises(jsondata.JsonParseError) as caught:
        jsondata.loads(line)
    assert str(caught.value) == f"not valid JSON ({reason})"
    assert caught.value.__context__ is None  # a JSONDecodeError would carry the whole text
    with pytest.raises(jsondata.JsonParseError, match="^not valid JSON$"):
        jsondata.loads('{"text": "' + EMAIL)


def test_jsonl_reader_reports_the_line_and_reads_on(bad: tuple[str, str]) -> None:
    line, reason = bad
    records = list(jsonl.read(lines_around(line), "in.jsonl"))
    assert [record.record_id for record in records] == ["m1", "in.jsonl:2", "m3", "m4"]
    assert records[1].errors == [f"in.jsonl:2: not valid JSON ({reason})"] and not records[1].complete
    assert records[2].segments[0].text == f"mail {EMAIL}"


def test_telemetry_reader_reports_the_line_and_reads_on(bad: tuple[str, str]) -> None:
    line, reason = bad
    records = list(telemetry.read(lines_around(line), "events.jsonl"))
    assert [record.record_id for record in records] == ["m1", "events.jsonl:2", "m3", "m4"]
    assert records[1].errors == [f"events.jsonl:2: not valid JSON ({reason})"]
    assert list(telemetry.read(line + "\n" + '{"id": "e2"}\n', "first.jsonl"))[1].record_id == "e2"


def test_telemetry_document_with_a_huge_number_is_a_format_error() -> None:
    document = json.dumps({"events": [{"id": "e1", "email": EMAIL}]}, indent=2).replace('"e1"', DIGITS)
    with pytest.raises(FormatError, match="not valid JSON") as caught:
        list(telemetry.read(document, "doc.json"))
    assert EMAIL not in str(caught.value) and DIGITS[:50] not in str(caught.value)


def test_iter_jsonl_reports_the_line_and_reads_on(tmp_path: Path, bad: tuple[str, str]) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(lines_around(bad[0]), encoding="utf-8")
    got = [(line.number, line.error) for line in iter_jsonl(path)]
    assert got == [(1, None), (2, f"not valid JSON ({bad[1]})"), (3, None), (4, None)]


def test_scan_keeps_the_records_after_the_bad_line(tmp_path: Path, bad: tuple[str, str]) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "chat.jsonl").write_text(lines_around(bad[0]), encoding="utf-8")
    out = tmp_path / "out"
    by_id = scan_entries(folder, out)
    assert sorted(by_id) == ["chat.jsonl:2", "m1", "m3", "m4"]
    assert by_id["m3"]["entity_counts"] == {"EMAIL_ADDRESS": 1}
    failed = by_id["chat.jsonl:2"]
    assert not failed["complete"]
    assert {d["outcome"] for d in failed["decisions"].values()} == {"ineligible"}
    summary = (out / "summary.json").read_text(encoding="utf-8")
    assert f"chat.jsonl:2: not valid JSON ({bad[1]})" in summary and "cannot read after" not in summary


def test_scan_keeps_the_records_after_a_bad_first_line(tmp_path: Path, bad: tuple[str, str]) -> None:
    """The format is sniffed from the first line: an unreadable one must not make the file a
    telemetry document that fails whole."""
    folder = tmp_path / "data"
    folder.mkdir()
    good = [json.dumps({"id": "m3", "text": f"mail {EMAIL}"}), json.dumps({"id": "m4", "text": "bye"})]
    (folder / "chat.jsonl").write_text("\n".join([bad[0], *good]) + "\n", encoding="utf-8")
    by_id = scan_entries(folder, tmp_path / "out")
    assert sorted(by_id) == ["chat.jsonl:1", "m3", "m4"]
    assert by_id["m3"]["entity_counts"] == {"EMAIL_ADDRESS": 1}
    assert not by_id["chat.jsonl:1"]["complete"]


def test_redact_file_writes_the_lines_after_the_bad_one(tmp_path: Path, capsys, bad: tuple[str, str]) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(lines_around(bad[0]), encoding="utf-8")
    assert main(["redact", str(source), "-o", str(target), "--no-ner", "--quiet"]) == 3
    ids = [json.loads(line)["id"] for line in target.read_text(encoding="utf-8").splitlines()]
    assert ids == ["m1", "m3", "m4"] and EMAIL not in target.read_text(encoding="utf-8")
    assert f"in.jsonl:2: not valid JSON ({bad[1]})" in capsys.readouterr().err


def test_analyze_input_reports_the_line_and_goes_on(tmp_path: Path, capsys, bad: tuple[str, str]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(lines_around(bad[0]), encoding="utf-8")
    main(["analyze", "--input", str(source), "--no-ner", "--quiet"])
    captured = capsys.readouterr()
    assert [json.loads(line)["id"] for line in captured.out.splitlines()] == ["m1", "m3", "m4"]
    assert f"line 2: not valid JSON ({bad[1]}); skipped" in captured.err
    assert "Traceback" not in captured.err and DIGITS[:50] not in captured.err


def test_redact_input_writes_every_line_after_a_bad_one_past_the_first_batch(
    tmp_path: Path, capsys, bad: tuple[str, str]
) -> None:
    """The bad line comes after a whole batch was written: the output must not stop there."""
    rows = [json.dumps({"id": f"m{n}", "text": f"note {n}"}) for n in range(1, 81)]
    rows[69] = bad[0]
    rows.append(json.dumps({"id": "last", "text": f"mail {EMAIL}"}))
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code = main(["redact", "--input", str(source), "-o", str(target), "--no-ner", "--quiet"])
    ids = [json.loads(line)["id"] for line in target.read_text(encoding="utf-8").splitlines()]
    assert code == 3
    assert len(ids) == 80 and "m2" not in ids[69:] and ids[-1] == "last"
    assert EMAIL not in target.read_text(encoding="utf-8")
    assert f"line 70: not valid JSON ({bad[1]}); skipped" in capsys.readouterr().err


def test_decide_skips_the_bad_document_line_and_decides_the_rest(
    tmp_path: Path, capsys, bad: tuple[str, str]
) -> None:
    scan = make_scan(tmp_path)
    lines = (scan / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    payload = DIGITS if bad[1] == REASONS["huge-int"] else "[" * DEPTH + "]" * DEPTH
    lines[1] = lines[1][:-1] + ',"extra":' + payload + "}"
    (scan / "documents.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, consent = tmp_path / "out", consent_file(tmp_path, "")
    code = main(["decide", "--scan", str(scan), "--consent", str(consent), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 3 and "line 2: not a JSON object; skipped" in err and "Traceback" not in err
    decided = [json.loads(line)["record_id"] for line in (out / "documents.jsonl").read_text().splitlines()]
    assert decided == ["1", "3", "4", "5"]
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["unreadable_lines"] == 1


NOT_STRINGS = [[], {}, {"note": EMAIL}, [EMAIL]]


@pytest.mark.parametrize("data_class", NOT_STRINGS)
def test_a_data_class_that_is_not_a_string_fails_the_record_closed(data_class: object) -> None:
    rows = [
        {"id": "m1", "text": "hello"},
        {"id": "m2", "text": "hi", "data_class": data_class},
        {"id": "m3", "text": f"mail {EMAIL}"},
    ]
    records = list(jsonl.read("".join(json.dumps(row) + "\n" for row in rows), "in.jsonl"))
    assert [record.record_id for record in records] == ["m1", "m2", "m3"]
    assert records[1].errors == ["in.jsonl:2: unknown data_class value"] and not records[1].complete
    assert records[0].complete and records[2].complete
    skip = jsonl.handled_paths(rows[1], ("text",), "id", None)
    assert ("data_class",) not in skip  # what is in it is analysed as any other value


@pytest.mark.parametrize("data_class", NOT_STRINGS)
def test_redact_with_a_data_class_that_is_not_a_string(tmp_path: Path, capsys, data_class: object) -> None:
    rows = [{"id": "m1", "text": "hi", "data_class": data_class}, {"id": "m2", "text": f"mail {EMAIL}"}]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    file_out, input_out = tmp_path / "file.jsonl", tmp_path / "input.jsonl"
    assert main(["redact", str(source), "-o", str(file_out), "--no-ner", "--quiet"]) == 3
    assert [json.loads(line)["id"] for line in file_out.read_text(encoding="utf-8").splitlines()] == ["m2"]
    assert main(["redact", "--input", str(source), "-o", str(input_out), "--no-ner", "--quiet"]) == 0
    written = input_out.read_text(encoding="utf-8")
    assert [json.loads(line)["id"] for line in written.splitlines()] == ["m1", "m2"]
    err = capsys.readouterr().err
    assert EMAIL not in written and EMAIL not in err and "Traceback" not in err
    assert "in.jsonl:1: unknown data_class value" in err


@pytest.mark.parametrize("data_class", [[], {"note": EMAIL}])
def test_scan_with_a_data_class_that_is_not_a_string(tmp_path: Path, data_class: object) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    rows = [{"id": "m1", "text": "hi", "data_class": data_class}, {"id": "m2", "text": f"mail {EMAIL}"}]
    (folder / "chat.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    out = tmp_path / "out"
    by_id = scan_entries(folder, out)
    assert sorted(by_id) == ["m1", "m2"] and by_id["m2"]["entity_counts"] == {"EMAIL_ADDRESS": 1}
    assert not by_id["m1"]["complete"]
    assert {d["outcome"] for d in by_id["m1"]["decisions"].values()} == {"ineligible"}
    assert EMAIL not in (out / "summary.json").read_text(encoding="utf-8")
