"""report.html: one self-contained page with the scan's charts, no scripts and no network.

Inline CSS and inline SVG drawn here (no JS, CSS or fonts from anywhere), so the
report opens offline and can be attached to a ticket. It shows counts, entity
type names, sources and our own error messages, never a matched value. Sources are
the user's own file and folder names, shown as they are: a file named after a
person (`jane.doe@example.org.jsonl`) shows that name here, as in summary.json.
"""

from __future__ import annotations

import html
import itertools
import re
from typing import Any

from classifier.textio import visible

BAR_HEIGHT = 18
LABEL_WIDTH = 260
CHART_WIDTH = 720
OUTCOME_COLOURS = {"eligible": "#2e7d32", "eligible_after_redaction": "#f9a825", "ineligible": "#c62828"}

CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem;color:#222;max-width:960px}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.9rem}
td,th{padding:.2rem .6rem;border-bottom:1px solid #eee;text-align:left}
.num{text-align:right}.muted{color:#777}svg text{font-size:12px;fill:#222}
.legend span{display:inline-block;margin-right:1rem}
.swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem}
td{overflow-wrap:anywhere}
"""
#: errors listed in the page's table (summary.json lists more, documents.jsonl has every record)
MAX_ERRORS_SHOWN = 200
#: bars in a chart of entity types, file types or folders (summary.json has every count)
MAX_BARS = 40

#: Control characters (C0, DEL, C1) and Unicode bidi and line controls. A file or member name may hold
#: them: raw, they are invalid in HTML, hide part of the name (ESC, BEL, a newline shown as a space) or
#: make it read as another name (U+202E shows `\u202egpj.jsonl` as `lnosj.jpg`), so they are shown escaped.
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def escape(text: str) -> str:
    """`html.escape`, with the hidden characters of `_HIDDEN` shown as `\\x1b`, `\\u202e`..."""
    return html.escape(visible(text, _HIDDEN))


def _label(text: str) -> str:
    """A chart label: hidden characters shown, then shortened to fit, then escaped."""
    return html.escape(_short(visible(text, _HIDDEN)))


def _number(value: float) -> str:
    """A count exactly, with thousands separators (`:g` showed 1234567 as `1.23457e+06`, six digits);
    seconds with three decimals, or none when whole."""
    if isinstance(value, float) and not value.is_integer():  # NaN and infinities too
        return f"{value:,.3f}"
    return f"{int(value):,}"


def bar_chart(
    data: dict[str, float], unit: str = "", colour: str = "#1565c0", limit: int | None = None
) -> str:
    """Horizontal bars, one per key, scaled to the largest value.

    With `limit`, only the first `limit` keys (the largest: callers pass counts in descending order)
    and a line saying how many more there are: errors by folder can have as many bars as files,
    which made a page of megabytes that no one could read.
    """
    if not data:
        return '<p class="muted">none</p>'
    note = ""
    if limit is not None and len(data) > limit:
        note = f'<p class="muted">The first {limit:,} of {len(data):,}; summary.json lists them all.</p>'
        data = dict(itertools.islice(data.items(), limit))
    top = max(data.values()) or 1
    width = CHART_WIDTH - LABEL_WIDTH - 80
    rows = []
    for index, (label, value) in enumerate(data.items()):
        y = index * (BAR_HEIGHT + 6)
        length = max(1.0, width * value / top)
        shown = _number(value)
        rows.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end">{_label(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" fill="{colour}">'
            f"<title>{escape(label)}: {shown}{escape(unit)}</title></rect>"
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 13}">{shown}{escape(unit)}</text>'
        )
    height = len(data) * (BAR_HEIGHT + 6)
    return f'<svg width="{CHART_WIDTH}" height="{height}" role="img">' + "".join(rows) + "</svg>" + note


def stacked_chart(per_purpose: dict[str, dict[str, int]]) -> str:
    """One bar per purpose, split by outcome."""
    if not per_purpose:
        return '<p class="muted">none</p>'
    width = CHART_WIDTH - LABEL_WIDTH - 20
    rows = []
    for index, (purpose, outcomes) in enumerate(per_purpose.items()):
        y = index * (BAR_HEIGHT + 6)
        total = sum(outcomes.values()) or 1
        x = float(LABEL_WIDTH)
        rows.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end">{_label(purpose)}</text>')
        for outcome, count in outcomes.items():
            if not count:
                continue
            length = width * count / total
            colour = OUTCOME_COLOURS.get(outcome, "#777")
            rows.append(
                f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" fill="{colour}">'
                f"<title>{escape(purpose)}: {escape(outcome)} {_number(count)}</title></rect>"
            )
            shown = _number(count)
            if length >= 8 * len(shown) + 6:  # the count, where it fits inside its segment
                rows.append(
                    f'<text x="{x + length / 2:.1f}" y="{y + 13}" text-anchor="middle" '
                    f'style="fill:#fff">{shown}</text>'
                )
            x += length
    height = len(per_purpose) * (BAR_HEIGHT + 6)
    legend = "".join(
        f'<span><i class="swatch" style="background:{c}"></i>{escape(o)}</span>'
        for o, c in OUTCOME_COLOURS.items()
    )
    svg = f'<svg width="{CHART_WIDTH}" height="{height}" role="img">'
    return svg + "".join(rows) + f'</svg><p class="legend">{legend}</p>'


def _short(label: str, limit: int = 40) -> str:
    return label if len(label) <= limit else "…" + label[-(limit - 1) :]


def _table(rows: list[list[Any]], header: list[str]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{"num" if isinstance(c, (int, float)) else ""}">{escape(str(c))}</td>' for c in row
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def render_report(summary: dict[str, Any]) -> str:
    """The whole page from summary.json's content."""
    decisions = summary.get("decisions", {})
    run = summary.get("run", {})
    overview = [
        ["files", summary["files"]],
        ["records", summary["records"]],
        ["records with errors (ineligible)", summary["error_records"]],
        ["findings", summary["findings"]],
        ["megabytes read", round(summary["bytes"] / 1024 / 1024, 2)],
        ["seconds", run.get("seconds", "")],
        ["engine", f"{run.get('engine', '')} x {run.get('workers', '')}"],
    ]
    slowest = {s["source"]: s["seconds"] for s in summary.get("slowest_files", [])}
    listed = summary.get("errors", [])
    errors = [[e["source"], "; ".join(e["messages"])] for e in listed[:MAX_ERRORS_SHOWN]]
    # a list cut short says so: the table alone read as if those were all the files with errors
    error_files = max(summary.get("error_files", len(listed)), len(listed))
    more = (
        f'<p class="muted">The first {len(errors):,} of {error_files:,} files with errors; documents.jsonl'
        " has every record.</p>"
        if error_files > len(errors)
        else ""
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>classifier scan report</title>',
        f"<style>{CSS}</style></head><body>",
        "<h1>Scan report</h1>",
        _table(overview, ["", ""]),
        "<h2>Records by category</h2>",
        bar_chart(summary.get("categories", {})),
        "<h2>Findings by entity type</h2>",
        bar_chart(summary.get("entity_types", {}), limit=MAX_BARS),
        "<h2>Decisions per purpose</h2>",
        stacked_chart(decisions.get("outcomes", {})),
        "<h2>Error records by file type</h2>",
        bar_chart(summary.get("errors_by_file_type", {}), colour="#c62828", limit=MAX_BARS),
        "<h2>Error records by folder</h2>",
        bar_chart(summary.get("errors_by_folder", {}), colour="#c62828", limit=MAX_BARS),
        "<h2>Slowest files</h2>",
        bar_chart(slowest, unit=" s", colour="#6a1b9a"),
        "<h2>Errors</h2>",
        _table(errors, ["source", "problem"]) if errors else '<p class="muted">none</p>',
        more,
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"
