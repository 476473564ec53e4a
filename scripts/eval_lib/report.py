"""The markdown report: one table per corpus, ours and Presidio side by side, with the mapping said."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eval_lib import mappings

SYSTEMS = ("ours", "presidio")


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _header(cells: list[str]) -> list[str]:
    return [_row(cells), _row(["---"] * len(cells))]


def presidio_research(result: dict[str, Any]) -> list[str]:
    systems = [s for s in SYSTEMS if s in result["systems"]]
    labels = [k for k in result["systems"][systems[0]]["labels"] if k != "ALL"] + ["ALL"]
    lines = [
        "### (a) presidio-research synth_dataset_v2",
        "",
        f"{result['documents']} sentences, {result['gold_spans']} scored gold spans. Scored labels: "
        + ", ".join(sorted(set(mappings.PRESIDIO_RESEARCH_GOLD.values())))
        + " (STREET_ADDRESS, GPE and ZIP_CODE are scored together as LOCATION). Left out: "
        + ", ".join(result["left_out_labels"])
        + ". Ours mapped: "
        + ", ".join(f"{k}->{v}" for k, v in mappings.PRESIDIO_RESEARCH_OURS.items() if k != v)
        + "; Presidio mapped: "
        + ", ".join(f"{k}->{v}" for k, v in mappings.PRESIDIO_RESEARCH_PRESIDIO.items() if k != v)
        + "; other types identical, anything else not scored.",
        "",
    ]
    cells = ["label", "gold"] + [f"{s} {m}" for s in systems for m in ("P", "R", "F2")]
    lines += _header(cells)
    for label in labels:
        row = [f"**{label}**" if label == "ALL" else label]
        row.append(str(result["systems"][systems[0]]["labels"].get(label, {}).get("gold", 0)))
        for s in systems:
            score = result["systems"][s]["labels"].get(label, {})
            row += [_f(score.get("precision")), _f(score.get("recall")), _f(score.get("f2"))]
        lines.append(_row(row))
    lines += [
        "",
        "Token level, in the style of presidio-research's evaluator (the method behind its published "
        "F2 0.618 for Presidio; each word or punctuation token takes the label of the span covering it): "
        + "; ".join(
            f"{s} P {_f(result['systems'][s]['token_level']['precision'])}, "
            f"R {_f(result['systems'][s]['token_level']['recall'])}, "
            f"F2 {_f(result['systems'][s]['token_level']['f2'])}"
            for s in systems
        )
        + ".",
    ]
    lines += ["", "Recall per corpus label and character leak (gold characters no finding covers):", ""]
    corpus_labels = list(result["systems"][systems[0]]["recall_by_corpus_label"])
    lines += _header(["system", *corpus_labels, "char leak"])
    for s in systems:
        by = result["systems"][s]["recall_by_corpus_label"]
        lines.append(
            _row([s, *[_f(by.get(k)) for k in corpus_labels], _pct(result["systems"][s]["char_leak"])])
        )
    return lines


def asq_phi(result: dict[str, Any]) -> list[str]:
    systems = list(result["systems"])
    lines = [
        "### (b) ASQ-PHI (clinical chat queries)",
        "",
        f"{result['documents']} queries, {result['gold_spans']} gold identifiers with offsets "
        f"({result['unplaced_gold_values']} without, not scored), {result['hard_negatives']} hard negatives. "
        "A gold identifier is found when any identifier finding overlaps it, whatever its type. Identifier "
        "findings: ours = every type except the fact types (MEDICAL_CONDITION, MEDICATION, ...) and "
        "AGE (ages under 90 are not PHI there), but with named places (HEALTHCARE_FACILITY, SCHOOL) counted: "
        "ASQ-PHI, like i2b2, labels hospital names as GEOGRAPHIC_LOCATION (HIPAA identifier 2), and our "
        "engine redacts them in every mode; they count against us on the hard negatives too. Presidio = "
        "every type except NRP. A hard negative is clean when it gets no identifier finding. Amazon "
        "Comprehend Medical (published): recall 0.986 at threshold 0, 0.951 at 0.5; clean hard negatives "
        "10.0% at 0, 11.4% at 0.5. The row with facilities not counted shows how much of the recall is "
        "hospital names.",
        "",
    ]
    lines += _header(["system", "recall", "hard negatives clean", "identifier findings on gold", "char leak"])
    for s in systems:
        r = result["systems"][s]
        lines.append(
            _row(
                [
                    s,
                    _f(r["recall"]),
                    _pct(r["hard_negatives_clean"]),
                    _pct(r["identifier_findings_on_gold"]),
                    _pct(r["char_leak"]),
                ]
            )
        )
    labels = list(result["systems"][systems[0]]["recall_by_label"])
    lines += ["", "Recall per ASQ-PHI label:", ""]
    lines += _header(["system", *labels])
    for s in systems:
        by = result["systems"][s]["recall_by_label"]
        lines.append(_row([s, *[_f(by.get(k)) for k in labels]]))
    return lines


def conversations(result: dict[str, Any]) -> list[str]:
    systems = [s for s in SYSTEMS if s in result["systems"]]
    lines = [
        f"### (c) Conversation corpus ({result.get('file', 'conversations.jsonl')})",
        "",
        f"{result['conversations']} conversations, {result['segments']} segments, "
        f"{result['gold_spans']} gold spans, {result['decoys']} decoys. A finding matches a gold span "
        "when they overlap and the finding's category equals the span's. Ours: the engine's own "
        "category per finding, conversations analysed as "
        "records (conversation-aware). Presidio: each segment alone; its types mapped to PII (PERSON, "
        "LOCATION, DATE_TIME, contact and ID types) and MEDICAL_LICENSE to PHI; NRP not scored. Presidio has "
        "no health or education facts, so its PHI and EDU rows show what it cannot do.",
        "",
    ]
    cells = ["category", "gold"] + [f"{s} {m}" for s in systems for m in ("P", "R", "F2", "char leak")]
    lines += _header(cells)
    for category in ("PII", "PHI", "EDU", "ALL"):
        first = result["systems"][systems[0]]["categories"].get(category, {})
        row = [f"**{category}**" if category == "ALL" else category, str(first.get("gold", 0))]
        for s in systems:
            score = result["systems"][s]["categories"].get(category, {})
            row += [
                _f(score.get("precision")),
                _f(score.get("recall")),
                _f(score.get("f2")),
                _pct(result["systems"][s]["char_leak"].get(category)),
            ]
        lines.append(_row(row))
    types = list(result["systems"][systems[0]]["recall_by_type"])
    lines += ["", "Recall per gold entity type (a finding of the same category must overlap):", ""]
    lines += _header(["entity type", "gold", *systems])
    for t in types:
        count = result["systems"][systems[0]]["recall_by_type"][t][1]
        lines.append(
            _row([t, str(count), *[_f(result["systems"][s]["recall_by_type"][t][0]) for s in systems]])
        )
    kinds = list(result["systems"][systems[0]]["decoys_flagged"])
    lines += ["", "Decoys flagged (any finding overlapping; lower is better):", ""]
    lines += _header(["decoy", "count", *systems])
    for k in kinds:
        count = result["systems"][systems[0]]["decoys_flagged"][k][1]
        lines.append(
            _row([k, str(count), *[_pct(result["systems"][s]["decoys_flagged"][k][0]) for s in systems]])
        )
    return lines


def render(results: dict[str, Any], meta: dict[str, Any]) -> str:
    lines = [
        "## Detection quality: ours vs vanilla Presidio",
        "",
        f"Run: {meta['command']} — spaCy pipeline {meta['spacy_model']}, "
        f"Presidio {meta['presidio_version']}, "
        f"limit {meta['limit'] or 'none'}, {meta['seconds']:.0f} s. Failures (texts or records the system "
        f"could not analyse): " + ", ".join(f"{k} {v}" for k, v in meta["failures"].items()) + ".",
        "",
        "Span rule: a gold span is found when a prediction with the same mapped label overlaps it; "
        "a prediction is correct when it overlaps a gold span with the same label (P counts predictions, "
        "R gold spans; F2 = 5PR/(4P+R)). Char leak: share of gold characters that no finding of the "
        "system covers, whatever its label (what a redaction would leave in place = 1 - character recall).",
        "",
    ]
    renderers = {"presidio-research": presidio_research, "asq-phi": asq_phi, "conversations": conversations}
    for name, result in results.items():
        lines += renderers[name](result) + [""]
    return "\n".join(lines)


START_MARKER = "<!-- evaluate.py results: start -->"
END_MARKER = "<!-- evaluate.py results: end -->"


def write_markdown(path: Path, markdown: str) -> None:
    """Write the tables to `path`; if it already holds the two markers, replace only what is between them,
    so a hand-written document (docs/detection_quality.md) keeps its prose around fresh figures."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if START_MARKER in old and END_MARKER in old:
        head, rest = old.split(START_MARKER, 1)
        tail = rest.split(END_MARKER, 1)[1]
        path.write_text(f"{head}{START_MARKER}\n{markdown}\n{END_MARKER}{tail}", encoding="utf-8")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown + "\n", encoding="utf-8")
