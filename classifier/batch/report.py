"""report.html: one self-contained page with the scan's charts, no scripts and no network.

Inline CSS and inline SVG drawn here (no JS, CSS or fonts from anywhere), so the
report opens offline and can be attached to a ticket. It shows counts, entity
type names, sources and our own error messages, never a matched value.
"""

from __future__ import annotations

from html import escape
from typing import Any

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
"""


def bar_chart(data: dict[str, float], unit: str = "", colour: str = "#1565c0") -> str:
    """Horizontal bars, one per key, scaled to the largest value."""
    if not data:
        return '<p class="muted">none</p>'
    top = max(data.values()) or 1
    width = CHART_WIDTH - LABEL_WIDTH - 80
    rows = []
    for index, (label, value) in enumerate(data.items()):
        y = index * (BAR_HEIGHT + 6)
        length = max(1.0, width * value / top)
        shown = f"{value:.3f}" if isinstance(value, float) and not float(value).is_integer() else f"{value:g}"
        rows.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end">{escape(_short(label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" fill="{colour}">'
            f"<title>{escape(label)}: {shown}{unit}</title></rect>"
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 13}">{shown}{escape(unit)}</text>'
        )
    height = len(data) * (BAR_HEIGHT + 6)
    return f'<svg width="{CHART_WIDTH}" height="{height}" role="img">' + "".join(rows) + "</svg>"


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
        rows.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end">{escape(_short(purpose))}</text>'
        )
        for outcome, count in outcomes.items():
            if not count:
                continue
            length = width * count / total
            colour = OUTCOME_COLOURS.get(outcome, "#777")
            rows.append(
                f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" fill="{colour}">'
                f"<title>{escape(purpose)}: {escape(outcome)} {count}</title></rect>"
            )
            if length >= 8 * len(str(count)) + 6:  # the count, where it fits inside its segment
                rows.append(
                    f'<text x="{x + length / 2:.1f}" y="{y + 13}" text-anchor="middle" '
                    f'style="fill:#fff">{count}</text>'
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
    errors = [[e["source"], "; ".join(e["messages"])] for e in summary.get("errors", [])[:200]]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>classifier scan report</title>',
        f"<style>{CSS}</style></head><body>",
        "<h1>Scan report</h1>",
        _table(overview, ["", ""]),
        "<h2>Records by category</h2>",
        bar_chart(summary.get("categories", {})),
        "<h2>Findings by entity type</h2>",
        bar_chart(summary.get("entity_types", {})),
        "<h2>Decisions per purpose</h2>",
        stacked_chart(decisions.get("outcomes", {})),
        "<h2>Error records by file type</h2>",
        bar_chart(summary.get("errors_by_file_type", {}), colour="#c62828"),
        "<h2>Error records by folder</h2>",
        bar_chart(summary.get("errors_by_folder", {}), colour="#c62828"),
        "<h2>Slowest files</h2>",
        bar_chart(slowest, unit=" s", colour="#6a1b9a"),
        "<h2>Errors</h2>",
        _table(errors, ["source", "problem"]) if errors else '<p class="muted">none</p>',
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"
