"""Chart builders: every figure stands alone in a slide (title, unit, sector, target legend, source and data date)."""

from __future__ import annotations

import hashlib
import json
import re
import textwrap
import unicodedata
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from etl.formatting import fmt_number
from etl.scorecard import optional
from etl.status import STATUS_LABELS, Point, Target, describe_target, series_breaks
from presentation.settings import live_link, publisher
from presentation.text import TEXT, t

FONT = "Noto Sans, DejaVu Sans, Arial, sans-serif"
# Okabe-Ito derived, colour-blind safe; each status also has a symbol and its words, never colour alone.
STATUS_STYLE = {
    "achieved": ("#009E73", "✔", "circle"),
    "on_track": ("#0072B2", "▲", "triangle-up"),
    "at_risk": ("#E69F00", "!", "diamond"),
    "off_track": ("#D55E00", "▼", "triangle-down"),
    "not_achieved": ("#CC3311", "✖", "x"),
    "not_measured": ("#7F7F7F", "?", "square"),
    "insufficient_data": ("#999999", "…", "square-open"),
    "no_data": ("#BBBBBB", "○", "circle-open"),
}
ACTUAL_COLOR = "#1f3b73"
# Public-report points (issue 17): a hollow star in a colour no status uses, so no one reads them as the ministry's
# own reported figures.
PUBLIC_STYLE = {"symbol": "star-open", "size": 17, "color": "#8E44AD"}
# The columns that make two target rows the same statement (a restatement in another document).
TARGET_SPEC = ["period_start", "period_end", "comparator", "target_value", "target_low", "target_high", "is_draft"]
DOC_SHORT = {
    "000_578e35c63316aedb.txt": {"vi": "Chỉ thị 01/CT-BTTTT (2021)", "en": "Directive 01/CT-BTTTT (2021)"},
    "001_c9e4716d30f7799f.txt": {"vi": "Dự thảo Chỉ thị 2022-2024", "en": "Draft directive 2022-2024"},
    "002_09f249087db9701e.txt": {"vi": "Báo cáo tổng kết 2020", "en": "Year-end report 2020"},
    "003_3d78c3c4d50575a5.txt": {"vi": "Chỉ thị thi đua 2021", "en": "Emulation directive 2021"},
    "004_fe29944e2a6e12ac.txt": {"vi": "Tin tóm tắt Chỉ thị 01", "en": "News summary of Directive 01"},
}


@dataclass(frozen=True)
class ChartContext:
    """What every chart prints around its data."""

    lang: str
    data_date: str
    as_of: int | None = None  # printed in the subtitle when set


def status_label(status: str, lang: str, early: bool = False) -> str:
    """'✔ Đạt sớm' — symbol and words, so status never depends on colour."""
    key = "achieved_early" if early and status == "achieved" else status
    return f"{STATUS_STYLE[status][1]} {STATUS_LABELS[lang][key]}"


def doc_label(doc: str, lang: str) -> str:
    """Short citation of a source document."""
    return DOC_SHORT.get(doc, {}).get(lang, doc)


def slug(text: str) -> str:
    """ASCII file-name slug of a (Vietnamese) title."""
    ascii_text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80] or "chart"


def shorten(text: str, width: int) -> str:
    """One line of at most width characters (the full name is in the hover text and the table)."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def wrap(text: str, width: int) -> str:
    """Wrap a long title for Plotly (which does not wrap by itself)."""
    return "<br>".join(textwrap.wrap(text, width)) or text


def footer(ctx: ChartContext, docs: list[str], uploaded: bool, width: int = 110, public: list[str] | None = None,
           latest: tuple[int | None, str | None] | None = None, link: str | None = None) -> str:
    """Footer: sources, the latest data year and upload date, publisher; then a note on how status is computed and
    the link back to the live view (wrapped at width characters: it starts where the plot area does).

    public: labels of public reports shown ('UN DESA, 2024-09-17'), named after the documents with their class.
    latest: (latest data year, upload date dd/mm/yyyy or None) of the chart; without it, the data date of ctx.
    """
    lang = ctx.lang
    names = [doc_label(d, lang) for d in dict.fromkeys(d for d in docs if d)]
    names += [f"{label} ({t('public_report_short', lang)})" for label in dict.fromkeys(public or [])]
    if uploaded:
        names.append(t("uploaded", lang))
    if latest is not None and latest[0] is not None:
        when = t("chart_latest_uploaded", lang, year=latest[0], date=latest[1]) if latest[1] else t("chart_latest", lang, year=latest[0])
        text = f"{t('chart_sources', lang, sources='; '.join(names) or '–')} · {when} · {publisher(lang)}"
    else:
        text = t("chart_footer", lang, sources="; ".join(names) or "–", date=ctx.data_date, ministry=publisher(lang))
    lines = wrap_parts(text, width)
    note = t("chart_note", lang) + (f" · {t('briefing_live', lang)}: {link}" if link else "")
    return "<br>".join([*lines, *wrap_parts(note, width)])


def wrap_parts(text: str, width: int) -> list[str]:
    """Lines of at most width characters, broken between documents and items, never inside a name."""
    lines = [""]
    for part in re.split(r"(?<=; )|(?<= · )", text):
        if lines[-1] and len(lines[-1]) + len(part.rstrip()) > width:
            lines.append("")
        lines[-1] += part
    return [line.rstrip().removesuffix(" ·") for line in lines]


BATCH_DATE = re.compile(r"^b(\d{4})(\d{2})(\d{2})T")


def latest_data(nat: pd.DataFrame) -> tuple[int | None, str | None]:
    """(latest year, dd/mm/yyyy of the newest upload batch in the series) — batch ids start with their UTC time."""
    if nat.empty:
        return None, None
    dates = sorted(f"{m[1]}{m[2]}{m[3]}" for b in nat["batch_id"].dropna() if (m := BATCH_DATE.match(str(b))))
    newest = f"{dates[-1][6:]}/{dates[-1][4:6]}/{dates[-1][:4]}" if dates else None
    return int(nat["year"].max()), newest


def as_of_subtitle(subtitle: str, ctx: ChartContext) -> str:
    """The subtitle with 'Số liệu tính đến năm 2021' when an as-of year is set."""
    return f"{subtitle} · {t('chart_as_of', ctx.lang, year=ctx.as_of)}" if ctx.as_of else subtitle


def number_axes(fig: go.Figure, lang: str, integers: bool = False, rank: bool = False) -> None:
    """Vietnamese (or English) separators, full numbers instead of SI suffixes ('1.052.479', never '1.05M'), and
    whole-number ticks for counts and ranks."""
    fig.update_layout(separators=",." if lang == "vi" else ".,")
    fig.update_yaxes(exponentformat="none", separatethousands=True)
    if integers:
        fig.update_yaxes(tickformat=",d")
        ys = [y for trace in fig.data for y in (getattr(trace, "y", None) or ()) if isinstance(y, int | float)]
        if ys and max(ys) == min(ys) and not rank:
            fig.update_yaxes(rangemode="tozero")  # one figure: from zero, not a silly 1.052.478–1.052.480 range
        elif ys and max(ys) - min(ys) <= 8:
            fig.update_yaxes(dtick=1)  # a narrow range: 554, 555, 556, never 554,5


def values(column: object) -> list:
    """Plain Python values for a trace: Plotly.js redraws a chart from scratch whenever it is handed base64 typed
    arrays (what plotly.py makes of numpy and pandas columns), so every builder passes lists."""
    return [None if v is None or (not isinstance(v, str) and pd.isna(v)) else v.item() if hasattr(v, "item") else v
            for v in column]


TITLE_SIZE, SUBTITLE_SIZE = 17, 13


def title_pad(title: str, size: float) -> int:
    """Top padding that keeps a title inside the image: Plotly.js lifts a title of several lines by about one line
    above its anchor, which cut the first line off the PNG exports."""
    return 12 + (round(0.9 * size) if "<br>" in title else 0)


def base_layout(fig: go.Figure, title: str, subtitle: str, foot: str, height: int) -> go.Figure:
    """Shared layout: title block, legend on top, footer inside the image.

    Drawn the same on screen, in the toolbar PNG and in the server-side PNG: no template (the page shows the figure
    with theme=None), every style set here. No template plus a datarevision also lets Plotly.js skip the two
    re-renders Streamlit's chart component asks for after mounting (measured: a chart costs about a third).
    """
    fig.layout.template = None
    fig.update_layout(
        title={"text": f"<b>{title}</b>", "font": {"size": TITLE_SIZE},
               "subtitle": {"text": subtitle, "font": {"size": SUBTITLE_SIZE, "color": "#555"}},
               "x": 0.01, "xanchor": "left", "y": 1, "yanchor": "top", "pad": {"t": title_pad(title, TITLE_SIZE)}},
        font={"family": FONT, "size": 14, "color": "#222"},
        paper_bgcolor="white", plot_bgcolor="white", height=height,
        margin={"l": 70, "r": 30, "t": 110 + 26 * max(0, title.count("<br>") - 1), "b": 60 + 16 * (foot.count("<br>") + 1)},
        legend={"orientation": "v", "x": 1.02, "y": 1, "xanchor": "left", "yanchor": "top", "font": {"size": 12},
                "bgcolor": "rgba(255,255,255,0.9)"},
        hoverlabel={"font": {"family": FONT}},
    )
    # Pixel offset from the plot's bottom edge, so the footer stays inside the image at any figure size.
    fig.add_annotation(text=foot, xref="paper", yref="paper", x=0, y=0, yshift=-42, xanchor="left", yanchor="top",
                       showarrow=False, font={"size": 11, "color": "#555"}, align="left")
    fig.update_xaxes(showgrid=False, linecolor="#888", ticks="outside", automargin=True)
    fig.update_yaxes(gridcolor="#e6e6e6", zeroline=False, automargin=True)
    traces = json.dumps([trace.to_plotly_json() for trace in fig.data], sort_keys=True, default=str)
    fig.update_layout(datarevision=hashlib.sha1(traces.encode()).hexdigest()[:16], hovermode="closest")
    return fig


def is_footer(note: object) -> bool:
    """The footer annotation of base_layout: paper-anchored under the plot (a series-break label sits above it)."""
    return note.yref == "paper" and note.y == 0 and note.yanchor == "top"


def target_text(row: pd.Series, lang: str) -> str:
    """Short label of a target for the chart: 'MT 2025 ≥ 100 · ▲ Đúng tiến độ'."""
    period = str(row["period_end"]) if row["period_start"] == row["period_end"] else f"{row['period_start']}-{row['period_end']}"
    word = "MT" if lang == "vi" else "Target"
    desc = evaluate_row_description(row, lang, on_chart=True)
    draft = f" ({t('draft', lang)})" if row["is_draft"] else ""
    return f"{word} {period}{draft}: {desc} · {status_label(row['status'], lang, bool(row['early']))}"


def evaluate_row_description(row: pd.Series, lang: str, on_chart: bool = False) -> str:
    """The target's comparator and value in words, with its unit: '≥ 80%', not a bare '≥ 80' (shares etl.status
    wording). On a chart only '%' is written: the axis and subtitle name a longer unit, which would crowd the legend."""
    unit, unit_en = row.get("unit"), row.get("unit_en")
    if on_chart and unit != "%":
        unit = unit_en = ""
    target = Target(row["comparator"], int(row["period_start"]), int(row["period_end"]), row["direction"],
                    optional(row["target_value"]), optional(row["target_low"]), optional(row["target_high"]),
                    "" if pd.isna(unit) else str(unit or ""), "" if pd.isna(unit_en) else str(unit_en or ""))
    return describe_target(target, lang)


def indicator_figure(meta: dict, series: pd.DataFrame, targets: pd.DataFrame, sector_name: str, ctx: ChartContext,
                     height: int = 520) -> go.Figure:
    """Actuals by year with the baseline and every dated target on the time axis, status in words and symbols."""
    lang = ctx.lang
    fig = go.Figure()
    is_rank = meta["value_type"] == "rank"
    nat = series[series["province"].isna()].sort_values("year") if not series.empty else series
    if not nat.empty:
        value = nat["actual_value"].fillna(nat["actual_low"])
        labels = [fmt_number(v, lang) if not pd.isna(v) else f"{fmt_number(lo, lang)}–{fmt_number(hi, lang)}"
                  for v, lo, hi in zip(nat["actual_value"], nat["actual_low"], nat["actual_high"], strict=True)]
        breaks = break_years(meta, nat["year"], value, targets)
        years_x, values_y = values(nat["year"]), values(value)
        colors = ["white" if e else ACTUAL_COLOR for e in nat["is_estimate"]]
        # A gap (None) before each break year: the line is never drawn across a change of definition.
        cut = [i for i, year in enumerate(years_x) if year in breaks]
        for i in reversed(cut):
            years_x.insert(i, None), values_y.insert(i, None), labels.insert(i, ""), colors.insert(i, ACTUAL_COLOR)
        fig.add_trace(go.Scatter(
            x=years_x, y=values_y, mode="lines+markers+text", name=t("chart_actual", lang), text=labels,
            textposition="top center", line={"color": ACTUAL_COLOR, "width": 3}, connectgaps=False,
            marker={"size": 10, "color": colors, "line": {"color": ACTUAL_COLOR, "width": 2}},
            hovertemplate="%{x}: %{text}<extra></extra>",
        ))
        for year in breaks:
            fig.add_vline(x=year - 0.5, line={"color": "#888", "width": 1, "dash": "dot"})
            fig.add_annotation(x=year - 0.5, y=1, yref="paper", text=t("series_break", lang), showarrow=False,
                               xanchor="center", yanchor="bottom", font={"size": 11, "color": "#555"})
        ranged = nat[nat["actual_value"].isna() & nat["actual_low"].notna()]
        if not ranged.empty:
            half = values((ranged["actual_high"] - ranged["actual_low"]) / 2)
            fig.add_trace(go.Scatter(
                x=values(ranged["year"]), y=values((ranged["actual_low"] + ranged["actual_high"]) / 2), mode="markers",
                showlegend=False, marker={"size": 1, "color": ACTUAL_COLOR},
                error_y={"type": "data", "symmetric": False, "array": half, "arrayminus": half, "color": ACTUAL_COLOR},
                hoverinfo="skip",
            ))
        if nat["is_estimate"].any():
            fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=t("chart_estimate", lang),
                                     marker={"size": 10, "color": "white", "line": {"color": ACTUAL_COLOR, "width": 2}}))
        add_public_points(fig, nat, lang)
    years = list(nat["year"]) if not nat.empty else []
    years += list(targets["period_start"]) + list(targets["period_end"]) if not targets.empty else []
    add_targets(fig, targets, lang, right_edge=int(max(years)) if years else None)
    if years:
        lo, hi = int(min(years)), int(max(years))
        fig.update_xaxes(range=[lo - 0.6, hi + 0.6], dtick=1 if hi - lo <= 12 else 2, tickformat="d")
    unit = meta["unit"] if lang == "vi" else (meta.get("unit_en") or meta["unit"])
    if is_rank:
        fig.update_yaxes(autorange="reversed", title=f"{unit} ({t('chart_rank_note', lang)})")
        ranks = [y for trace in fig.data for y in (trace.y or ()) if y is not None]
        if ranks and max(ranks) - min(ranks) < 5:
            fig.update_yaxes(dtick=1)  # a few close ranks: whole-number ticks, never "rank 1.5"
    else:
        fig.update_yaxes(title=unit, rangemode="tozero" if meta["value_type"] == "percent" else "normal")
    name = meta["name_vi"] if lang == "vi" else meta["name_en"]
    subtitle = as_of_subtitle(f"{t('sector', lang)}: {sector_name} · {t('unit', lang)}: {unit}", ctx)
    docs = list(nat["source_doc"].dropna()) if not nat.empty else []
    docs += list(targets["source_doc"].dropna()) if not targets.empty else []
    uploaded = bool(not nat.empty and nat["batch_id"].notna().any())
    public = public_labels(nat)
    actual = [v for v in values(nat["actual_value"].fillna(nat["actual_low"]))] if not nat.empty else []
    counts = bool(actual) and meta["value_type"] == "number" and all(float(v).is_integer() for v in actual if v is not None)
    number_axes(fig, lang, integers=is_rank or counts, rank=is_rank)
    link = live_link("indicator", lang, indicator=meta["indicator_id"], as_of=ctx.as_of)
    foot = footer(ctx, docs, uploaded, public=public, latest=latest_data(nat), link=link)
    return base_layout(fig, wrap(name, 90), subtitle, foot, height)


def public_rows(series: pd.DataFrame) -> pd.DataFrame:
    """The rows of a series that come from public reports (none when the query has no origin column)."""
    if series.empty or "origin" not in series:
        return series.iloc[:0]
    return series[series["origin"] == "public_report"]


def public_labels(series: pd.DataFrame) -> list[str]:
    """'Publisher, date' of every public report in a series, in year order."""
    from etl.public_reports import public_label

    rows = public_rows(series)
    if rows.empty or "report_publisher" not in rows:
        return []
    return [public_label(p, d) for p, d in zip(rows["report_publisher"], rows["report_published"], strict=True)]


def add_public_points(fig: go.Figure, nat: pd.DataFrame, lang: str) -> None:
    """Public-report points ringed with their own marker and legend entry, the publisher and date on hover."""
    rows = public_rows(nat)
    if rows.empty:
        return
    sources = public_labels(rows) or [""] * len(rows)
    fig.add_trace(go.Scatter(
        x=values(rows["year"]), y=values(rows["actual_value"].fillna(rows["actual_low"])), mode="markers",
        name=t("chart_public_report", lang), legendgroup="public_report",
        marker={"symbol": PUBLIC_STYLE["symbol"], "size": PUBLIC_STYLE["size"], "color": PUBLIC_STYLE["color"],
                "line": {"color": PUBLIC_STYLE["color"], "width": 2}},
        text=[f"{fmt_number(v, lang)} · {s}" for v, s in zip(rows["actual_value"], sources, strict=True)],
        hovertemplate="%{x}: %{text}<extra></extra>",
    ))


def add_targets(fig: go.Figure, targets: pd.DataFrame, lang: str, right_edge: int | None = None) -> None:
    """Targets on the time axis: a marker at the level to reach, bands for ranges and multi-year periods.

    The same target restated in several documents is drawn once, its label saying how many documents state it.
    Labels sit right of their marker, left of it at the axis' right edge (where the legend would cover them), and
    targets of the same year take turns above and below so their labels do not overprint.
    """
    if targets.empty:
        return
    seen: dict[int, int] = {}
    keys = ["target_key"] if "target_key" in targets else TARGET_SPEC
    for _, group in targets.groupby(keys, dropna=False, sort=True):
        row = group[group["is_primary"]].iloc[0] if "is_primary" in group else group.iloc[0]
        if row["comparator"] == "growth":
            add_growth_path(fig, row, lang)
            continue
        goal_low, goal_high = target_levels(row)
        if goal_low is None:
            continue
        color, _, symbol = STATUS_STYLE[row["status"]]
        draft = bool(row["is_draft"])
        label = target_text(row, lang)
        if len(group) > 1:
            label += f" ({len(group)} {'văn bản' if lang == 'vi' else 'documents'})"
        start, end = int(row["period_start"]), int(row["period_end"])
        if start != end or goal_high != goal_low:
            fig.add_shape(type="rect", x0=start - 0.3, x1=end + 0.3, y0=goal_low, y1=goal_high,
                          line={"color": color, "width": 2, "dash": "dot" if draft else "solid"},
                          fillcolor=color, opacity=0.10 if draft else 0.18, layer="below")
        level = row["goal"] if not pd.isna(row.get("goal")) else goal_low
        turn = seen[end] = seen.get(end, -1) + 1
        # A label right of a marker in the last two years would run under the legend: those go left.
        place = f"{('middle', 'top', 'bottom')[turn % 3]} {'left' if right_edge is not None and right_edge - end <= 1 else 'right'}"
        text = evaluate_row_description(row, lang, on_chart=True) + (f" ({t('draft', lang)})" if draft else "")
        fig.add_trace(go.Scatter(
            x=[end], y=[float(level)], mode="markers+text", name=label, legendgroup=row["target_id"],
            text=[text], textposition=place, textfont={"color": color, "size": 12},
            marker={"symbol": symbol if not draft or symbol.endswith("-open") else symbol + "-open", "size": 16,
                    "color": color, "line": {"color": color, "width": 2}, "opacity": 0.75 if draft else 1},
            hovertemplate=f"{label}<extra></extra>", cliponaxis=False,
        ))


def break_years(meta: dict, years: pd.Series, levels: pd.Series, targets: pd.DataFrame) -> set[int]:
    """Years a national series starts anew (etl.status.series_breaks, plus breaks the verdicts found from notes)."""
    probe = Target("ge", 0, 0, meta.get("direction", "higher_better"), unit=meta.get("unit") or "",
                   value_type=meta.get("value_type") or "number")
    points = [Point(int(y), float(v)) for y, v in zip(years, levels, strict=True) if not pd.isna(v)]
    noted = set(targets["series_break"].dropna().astype(int)) if "series_break" in targets else set()
    return set(series_breaks(points, probe, tuple(noted)))


def add_growth_path(fig: go.Figure, row: pd.Series, lang: str) -> None:
    """A growth target as its required path: dashed, from the year its trend starts at the required rate to the level
    it implies at the end year, labelled, so the picture and the verdict agree."""
    rate = optional(row["target_value"]) if optional(row["target_value"]) is not None else optional(row["target_low"])
    start_year, start_value = optional(row.get("trend_from_year")), optional(row.get("trend_from_value"))
    if rate is None or start_year is None or start_value is None or start_value <= 0:
        return
    end = int(row["period_end"])
    years = list(range(int(start_year), end + 1))
    path = [start_value * (1 + rate / 100) ** (y - start_year) for y in years]
    color = STATUS_STYLE[row["status"]][0]
    label = t("required_path_label", lang, rate=f"+{fmt_number(rate, lang)}%", level=fmt_number(round(path[-1], 1), lang), year=end)
    fig.add_trace(go.Scatter(
        x=years, y=path, mode="lines", name=f"{t('required_path', lang)}: {label} · {status_label(row['status'], lang, bool(row['early']))}",
        line={"color": color, "width": 2, "dash": "dash"}, hovertemplate="%{x}: %{y:.1f}<extra></extra>",
        legendgroup=row["target_id"],
    ))
    fig.add_annotation(x=end, y=path[-1], text=label, showarrow=False, xanchor="right", yanchor="bottom",
                       font={"color": color, "size": 12})


def target_levels(row: pd.Series) -> tuple[float | None, float | None]:
    """The level band a target asks for (None for a growth target or a rank gain without baseline)."""
    if row["comparator"] == "range" and not pd.isna(row["target_low"]):
        return float(row["target_low"]), float(row["target_high"])
    goal = row.get("goal")
    if goal is None or pd.isna(goal):
        return None, None
    return float(goal), float(goal)


def status_counts_figure(counts: pd.DataFrame, ctx: ChartContext, height: int = 460) -> go.Figure:
    """Stacked horizontal bars: number of targets per status in each sector, counts printed on the bars."""
    lang = ctx.lang
    fig = go.Figure()
    sectors = list(dict.fromkeys(counts["sector_name"]))
    for status, (color, _, _) in STATUS_STYLE.items():
        part = counts[counts["status"] == status].set_index("sector_name").reindex(sectors)["n"].fillna(0)
        if part.sum() == 0:
            continue
        fig.add_trace(go.Bar(
            y=sectors, x=values(part), orientation="h", name=status_label(status, lang), marker={"color": color},
            text=[int(v) if v else "" for v in part.values], textposition="inside", insidetextanchor="middle", textangle=0,
            textfont={"color": "white" if status not in ("no_data", "insufficient_data") else "#222"},
            hovertemplate="%{y}: %{x}<extra>" + status_label(status, lang) + "</extra>",
        ))
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})
    fig.update_yaxes(autorange="reversed", gridcolor="rgba(0,0,0,0)", ticksuffix="  ")  # labels clear of the bars
    fig.update_xaxes(showgrid=True, gridcolor="#e6e6e6")  # the subtitle says what is counted; no axis title to collide
    docs = list(DOC_SHORT)
    subtitle = as_of_subtitle(t("targets_counted", lang, n=int(counts["n"].sum())), ctx)
    # The sector names push the plot (and the footer, which starts with it) right: a narrower footer.
    return base_layout(fig, t("chart_status_counts", lang), subtitle, footer(ctx, docs, False, width=80), height)


def plotly_config(file_title: str, lang: str = "en") -> dict:
    """Toolbar config: the camera button saves a 2x PNG named after the chart; the toolbar speaks the UI language
    (plotly_locale) and the chart follows its container's width."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": slug(file_title), "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
        # plotly.js 4 adds a "Share chart" button that posts the figure to Plotly's cloud: never offer that.
        "showSendToCloud": False, "showEditInChartStudio": False, "plotlyServerURL": "",
        "responsive": True,
        "locale": lang,
    }


def plotly_locale(lang: str) -> dict | None:
    """plotly.js locale module for the toolbar and hints in lang (the library's own texts are English), or None."""
    if lang == "en":
        return None
    keys = [key for key in TEXT if key.startswith("plotly_")]
    return {"name": lang, "dictionary": {t(key, "en"): t(key, lang) for key in keys}}
