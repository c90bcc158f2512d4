"""The 2020 – 2021 – 2025 comparison (pure pandas and Plotly, no Streamlit): one row per indicator with a 2021 or 2025
target, the baseline it is judged from, what its 100% means, and two slide-ready views of the rows."""

from __future__ import annotations

import math
import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from etl.formatting import fmt_number
from etl.scorecard import optional
from etl.status import Point, Target, goal_level, meets
from presentation.charts import ACTUAL_COLOR, ChartContext, base_layout, footer, status_label
from presentation.text import t
from presentation.views import HEADLINE_INDICATORS, name_col

BASE_YEAR = 2020
TARGET_YEARS = (2021, 2025)
ROWS_PER_SLIDE = 8
# Behind first inside a sector: what leadership must see in ten seconds.
STATUS_RANK = {s: i for i, s in enumerate(("not_achieved", "off_track", "at_risk", "not_measured", "on_track", "achieved",
                                           "insufficient_data", "no_data"))}
BASE_STYLE = {"symbol": "circle-open", "size": 14, "color": "#555", "line": {"width": 2}}
T2021_STYLE = {"symbol": "diamond", "size": 15, "color": "#E69F00"}
T2025_STYLE = {"symbol": "star", "size": 18, "color": "#009E73"}
# The 2021 target standing in for a missing 2025 target: its own shape, never the 2025 star.
T2021_FULL_STYLE = {"symbol": "square", "size": 14, "color": "#E69F00", "line": {"color": "#8a5a00", "width": 2}}
LATEST_STYLE = {"symbol": "circle", "size": 14, "color": ACTUAL_COLOR}
MUTED = "#666"


def is_blank(value: object) -> bool:
    """None, NA or NaN."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def unit_of(row: dict | pd.Series, lang: str) -> str:
    """The indicator's unit in lang."""
    unit_en = row.get("unit_en")
    return row["unit"] if lang == "vi" or is_blank(unit_en) or not unit_en else unit_en


def with_unit(value: float, unit: str, value_type: str, lang: str) -> str:
    """'68,7%', '18 thuê bao/100 dân', 'hạng 86' / 'rank 86'."""
    number = fmt_number(value, lang)
    if value_type == "rank":
        return f"{'hạng' if lang == 'vi' else 'rank'} {number}"
    return f"{number}%" if unit == "%" else f"{number} {unit}".strip()


def point_value(point: dict | None, direction: str) -> float | None:
    """The value a point is judged by: a range read conservatively, as the scorecard does."""
    if not point:
        return None
    if not is_blank(point.get("actual_value")):
        return float(point["actual_value"])
    bound = point.get("actual_low") if direction == "higher_better" else point.get("actual_high")
    return None if is_blank(bound) else float(bound)


def point_text(point: dict | None, unit: str, value_type: str, lang: str) -> str | None:
    """'68,7% (2019)', '8–10% (2020)'; estimates marked."""
    if not point:
        return None
    if not is_blank(point.get("actual_value")):
        text = with_unit(float(point["actual_value"]), unit, value_type, lang)
    else:
        text = with_unit(float(point["actual_high"]), unit, value_type, lang)
        text = f"{fmt_number(float(point['actual_low']), lang)}–{text}"
    estimate = f" {t('bl_estimate', lang)}" if point.get("is_estimate") else ""
    return f"{text}{estimate} ({int(point['year'])})"


def point_source(point: dict | None) -> tuple[str, str | None]:
    """Where a plotted point comes from: ('document', file), ('upload', None) or ('report', its title).

    Reads a source-class column when actuals have one, else `origin`; works on rows without either.
    """
    if not point:
        return "none", None
    kind = next((point.get(k) for k in ("source_class", "source_kind", "source_type", "origin") if point.get(k)), "")
    kind = str(kind).lower()
    if point.get("batch_id") or kind.startswith("upload"):
        return "upload", None
    if "report" in kind or "public" in kind:
        title = next((point.get(k) for k in ("report_title", "source_title", "publisher", "source_name", "source_doc")
                      if point.get(k)), None)
        return "report", title
    return "document", point.get("source_doc")


def pick_target(rows: pd.DataFrame, year: int) -> pd.Series | None:
    """The target ending in year that a row is judged against: the scorecard's headline one when it marks one, else
    non-draft, then without conflict, then the first listed."""
    candidates = rows[rows["period_end"] == year]
    if candidates.empty:
        return None
    keys = ["is_draft", "has_conflict", "target_id"]
    ordered = candidates.assign(_lead=~candidates["is_headline"].fillna(False).astype(bool)) if "is_headline" in candidates else \
        candidates.assign(_lead=False)
    return ordered.sort_values(["_lead", *keys]).iloc[0]


def as_target(row: pd.Series) -> Target:
    """An etl.status Target of a scorecard row."""
    return Target(row["comparator"], int(row["period_start"]), int(row["period_end"]), row["direction"],
                  optional(row["target_value"]), optional(row["target_low"]), optional(row["target_high"]),
                  row["unit"] or "", row.get("unit_en") or "")


def target_level(row: pd.Series, base: Point | None) -> float | None:
    """The level a target asks for. A growth rate becomes a level only from a baseline of the year it is counted from."""
    target = as_target(row)
    if target.comparator != "growth":
        level = goal_level(target, base)
        return None if is_blank(level) else float(level)
    rate = target.value if not is_blank(target.value) else target.low
    counted_from = row.get("baseline_year")
    if base is None or is_blank(rate) or is_blank(counted_from) or int(counted_from) != base.year:
        return None
    return base.value * (1 + rate / 100) ** (target.period_end - base.year)


def target_words(row: pd.Series, lang: str) -> str:
    """'≥ 80%', 'nhóm 70', 'tăng ít nhất 10 bậc' (etl.status wording)."""
    from etl.status import describe_target

    return describe_target(as_target(row), lang)


def position(value: float | None, base: float | None, goal: float | None, target: Target | None) -> float | None:
    """How far value is from base to goal, in % (0 = baseline, 100 = goal), direction-aware by the signs."""
    if value is None or base is None or goal is None:
        return None
    if goal == base:
        return 100.0 if target is not None and meets(target, value, goal) else None
    return (value - base) / (goal - base) * 100


def direction_note(meta: pd.Series, t2025: pd.Series | None, t2021_pct: float | None, growth: bool, lang: str) -> str:
    """What to know to read the row: ranks, 'reduce to' targets, implied growth levels, a 2021 target behind the baseline."""
    notes = []
    if meta["value_type"] == "rank":
        notes.append(t("bl_note_rank", lang))
    elif meta["direction"] == "lower_better" or (t2025 is not None and t2025["comparator"] == "le"):
        notes.append(t("bl_note_reduce", lang))
    if growth:
        notes.append(t("bl_note_growth", lang))
    if t2021_pct is not None and t2021_pct < 0:
        notes.append(t("bl_note_2021_behind", lang))
    return "; ".join(notes)


def conflict_note(rows: pd.DataFrame, picked: pd.Series | None, lang: str) -> str:
    """'2025: văn bản khác ghi nhóm 40' when documents disagree on the target picked."""
    if picked is None:
        return ""
    same = rows[(rows["period_end"] == picked["period_end"]) & ~rows["is_draft"].astype(bool)]
    chosen = target_words(picked, lang)
    others = sorted({target_words(r, lang) for _, r in same.iterrows()} - {chosen})
    return t("bl_note_conflict", lang, year=int(picked["period_end"]), others="; ".join(others)) if others else ""


def shape_row(meta: pd.Series, rows: pd.DataFrame, points: dict, lang: str) -> dict:
    """One indicator's comparison row (see baseline_rows)."""
    unit, value_type, direction = unit_of(meta, lang), meta["value_type"], meta["direction"]
    base_point, latest_point = points.get("base") or None, points.get("latest") or None
    base_value = point_value(base_point, direction)
    base = Point(int(base_point["year"]), base_value) if base_point and base_value is not None else None
    latest_value = point_value(latest_point, direction)
    has_new = bool(latest_point and latest_value is not None and (base is None or int(latest_point["year"]) > base.year))
    t2021, t2025 = pick_target(rows, 2021), pick_target(rows, 2025)
    scale = t2025 if t2025 is not None else t2021
    goal21 = None if t2021 is None else target_level(t2021, base)
    goal25 = None if t2025 is None else target_level(t2025, base)
    goal = goal25 if t2025 is not None else goal21
    scale_target = None if scale is None else as_target(scale)
    t2021_pct = position(goal21, base and base.value, goal, scale_target) if t2025 is not None else None
    latest_pct = position(latest_value, base and base.value, goal, scale_target) if has_new else None
    if base is None:
        progress = t("bl_no_base", lang)
    elif not has_new:
        progress = t("bl_no_new", lang)
    elif latest_pct is None:
        progress = t("bl_no_scale", lang)
    else:
        progress = f"{fmt_number(round(latest_pct) + 0, lang, 0)}%"  # + 0: never "-0%"
    scale_year = None if scale is None else int(scale["period_end"])
    scale_words = None if scale is None else target_words(scale, lang)
    growth = scale is not None and scale["comparator"] == "growth"
    kinds = [point_source(p) for p in (base_point, latest_point if has_new else None)]
    docs = [name for kind, name in kinds if kind == "document" and name]
    docs += [tg["source_doc"] for tg in (t2021, t2025) if tg is not None]
    return {
        "indicator_id": meta["indicator_id"],
        "is_headline": meta["indicator_id"] in HEADLINE_INDICATORS,
        "sector_id": meta["sector_id"],
        "name": meta[name_col(lang)],
        "unit": unit, "value_type": value_type, "direction": direction,
        "base_year": None if base is None else base.year,
        "base_value": None if base is None else base.value,
        "base_text": point_text(base_point, unit, value_type, lang) if base is not None else t("bl_no_base", lang),
        "base_before_period": base is not None and base.year < BASE_YEAR,
        "target_2021": goal21, "t2021_text": None if t2021 is None else target_words(t2021, lang),
        "target_2025": goal25, "t2025_text": None if t2025 is None else target_words(t2025, lang),
        "latest_year": int(latest_point["year"]) if latest_point else None,
        "latest_value": latest_value,
        "latest_text": point_text(latest_point, unit, value_type, lang) if latest_point else None,
        "has_new": has_new,
        "scale_year": scale_year, "goal": goal,
        "scale_text": None if scale is None else t("bl_scale", lang, year=scale_year, target=scale_words),
        "t2021_pct": t2021_pct, "latest_pct": latest_pct, "progress": progress,
        "status": None if scale is None else scale["status"],
        "status_text": None if scale is None else f"{status_label(scale['status'], lang, bool(scale['early']))} "
                                                  f"({t('bl_target_word', lang)} {scale_year})",
        "note": "; ".join(n for n in (direction_note(meta, t2025, t2021_pct, growth, lang), conflict_note(rows, scale, lang)) if n),
        "docs": list(dict.fromkeys(docs)),
        "uploaded": any(kind == "upload" for kind, _ in kinds),
        "reports": list(dict.fromkeys(name or "" for kind, name in kinds if kind == "report")),
    }


def baseline_rows(score: pd.DataFrame, points: pd.DataFrame, sectors: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every indicator with a 2021 or 2025 target: its baseline (2020, else the latest before 2021, else none), its
    2021 and 2025 targets as levels, its latest value, what 100% means and how far it has come, in display order
    (the headline indicators first, then by sector with the rows behind first)."""
    by_point = {r["indicator_id"]: r for r in points.to_dict("records")} if not points.empty else {}
    order = dict(zip(sectors["sector_id"], sectors["sort_order"], strict=True))
    names = sectors.set_index("sector_id")[name_col(lang)]
    wanted = score[score["period_end"].isin(TARGET_YEARS)]
    records = []
    for indicator_id, rows in wanted.groupby("indicator_id", sort=False):
        record = shape_row(rows.iloc[0], rows, by_point.get(indicator_id, {}), lang)
        record["sector"] = names.get(record["sector_id"], record["sector_id"])
        headline = HEADLINE_INDICATORS.index(indicator_id) if indicator_id in HEADLINE_INDICATORS else len(HEADLINE_INDICATORS)
        record["_order"] = (headline, order.get(record["sector_id"], 99), STATUS_RANK.get(record["status"], 99), record["name"])
        records.append(record)
    records.sort(key=lambda r: r.pop("_order"))
    frame = pd.DataFrame.from_records(records)
    if not frame.empty:
        frame.insert(0, "no", range(1, len(frame) + 1))
    return frame


def filter_rows(rows: pd.DataFrame, sector: str | None = None, headline_only: bool = False,
                status: str | None = None) -> pd.DataFrame:
    """The rows a page shows for its filters, numbered again in display order."""
    keep = pd.Series(True, index=rows.index)
    if sector:
        keep &= rows["sector_id"] == sector
    if headline_only:
        keep &= rows["is_headline"]
    if status:
        keep &= rows["status"] == status
    shown = rows[keep].reset_index(drop=True)
    return shown.assign(no=range(1, len(shown) + 1))


def slide_parts(n_rows: int, per_slide: int = ROWS_PER_SLIDE) -> list[tuple[int, int]]:
    """(first, last) row numbers of each slide-sized part: [(1, 8), (9, 16), ...]."""
    return [(start + 1, min(start + per_slide, n_rows)) for start in range(0, n_rows, per_slide)]


def table(rows: pd.DataFrame) -> pd.DataFrame:
    """The page's table: the chart's order, status and progress beside the name."""
    columns = ["no", "name", "status_text", "progress", "scale_text", "base_text", "t2021_text", "t2025_text",
               "latest_text", "note", "sector"]
    return rows[columns].astype(object).where(rows[columns].notna(), None)


def sources(rows: pd.DataFrame, lang: str) -> tuple[list[str], bool]:
    """The footer's sources of the rows drawn: documents, named public reports, and whether any point is uploaded."""
    docs = [d for ds in rows["docs"] for d in ds]
    reports = [f"{t('bl_public_report', lang)}{': ' + r if r else ''}" for rs in rows["reports"] for r in rs]
    return docs + list(dict.fromkeys(reports)), bool(rows["uploaded"].any())


def data_year(rows: pd.DataFrame, as_of: int | None) -> str:
    """The as-of year printed in a chart: the year chosen, else the latest year with a value."""
    years = rows["latest_year"].dropna()
    return str(as_of) if as_of else (str(int(years.max())) if len(years) else "–")


def part_words(rows: pd.DataFrame, total: int, lang: str) -> str:
    """'Chỉ tiêu 1–8 / 110' when a chart shows part of the rows."""
    if rows.empty or len(rows) == total:
        return ""
    return " · " + t("bl_part", lang, first=int(rows["no"].min()), last=int(rows["no"].max()), total=total)


def records(rows: pd.DataFrame) -> list[dict]:
    """The rows as plain dicts, every missing value None (DataFrames turn None into NaN)."""
    return [{k: (None if not isinstance(v, (list, tuple)) and is_blank(v) else v) for k, v in r.items()}
            for r in rows.to_dict("records")]


def row_label(row: dict, lang: str, width: int = 46) -> str:
    """'3. Tỷ lệ người sử dụng Internet' and, in grey, why a row with a baseline has no position (never cut: the slide
    must read without the table)."""
    lines = textwrap.wrap(f"{row['no']}. {row['name']}", width)
    if row["base_value"] is not None and row["latest_pct"] is None:
        lines.append(f"<span style='color:{MUTED}'>{stalled_text(row, lang)}</span>")
    return "<br>".join(lines)


def normalised_figure(rows: pd.DataFrame, ctx: ChartContext, as_of: int | None = None, total: int | None = None) -> go.Figure:
    """Dumbbell on one % scale: each row from its baseline (0%) to its latest value, its 100% target marked by year,
    the 2021 target where 100% is 2025; rows it cannot place say why in words."""
    lang = ctx.lang
    recs = records(rows)
    labels = [row_label(r, lang) for r in recs]
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, column_widths=[0.66, 0.34], horizontal_spacing=0.02)
    placed = [(lab, r) for lab, r in zip(labels, recs, strict=True) if r["base_value"] is not None and r["goal"] is not None]
    moved = [(lab, r) for lab, r in placed if r["latest_pct"] is not None]
    fig.add_trace(go.Scatter(x=[x for _, r in moved for x in (0, clip(r["latest_pct"]), None)],
                             y=[y for lab, _ in moved for y in (lab, lab, None)], mode="lines",
                             line={"color": "#9db2d6", "width": 6}, showlegend=False, hoverinfo="skip"), 1, 1)
    fig.add_trace(go.Scatter(x=[0] * len(placed), y=[lab for lab, _ in placed], mode="markers+text", name=t("bl_legend_base", lang),
                             marker=BASE_STYLE, text=[r["base_text"] if r["latest_pct"] is not None else "" for _, r in placed],
                             textposition="bottom center", textfont={"size": 14, "color": MUTED}, cliponaxis=False,
                             customdata=[r["base_text"] for _, r in placed], hovertemplate="%{customdata}<extra></extra>"), 1, 1)
    t21 = [(lab, r) for lab, r in placed if r["scale_year"] == 2025 and r["t2021_pct"] is not None]
    fig.add_trace(go.Scatter(x=[clip(r["t2021_pct"]) for _, r in t21], y=[lab for lab, _ in t21], mode="markers",
                             name=t("target_2021", lang), marker=T2021_STYLE, text=[r["t2021_text"] for _, r in t21],
                             hovertemplate="2021: %{text}<extra></extra>"), 1, 1)
    for year, style, key in ((2025, T2025_STYLE, "bl_legend_100_2025"), (2021, T2021_FULL_STYLE, "bl_legend_100_2021")):
        full = [(lab, r) for lab, r in placed if r["scale_year"] == year]
        fig.add_trace(go.Scatter(x=[100] * len(full), y=[lab for lab, _ in full], mode="markers", name=t(key, lang),
                                 marker=style, text=[r["scale_text"] for _, r in full],
                                 hovertemplate="%{text}<extra></extra>"), 1, 1)
    fig.add_trace(go.Scatter(x=[clip(r["latest_pct"]) for _, r in moved], y=[lab for lab, _ in moved],
                             mode="markers+text", name=t("bl_legend_latest", lang), marker=LATEST_STYLE,
                             text=[r["latest_text"] for _, r in moved], textposition="top center",
                             textfont={"size": 14, "color": ACTUAL_COLOR}, cliponaxis=False,
                             hovertemplate="%{text}<extra></extra>"), 1, 1)
    # Rows without a position say why at 0%, in words: never a 0% bar that reads as "no progress".
    still = [(lab, r) for lab, r in zip(labels, recs, strict=True) if r["base_value"] is None]
    fig.add_trace(go.Scatter(x=[3] * len(still), y=[lab for lab, _ in still], mode="text", showlegend=False,
                             text=[stalled_text(r, lang) for _, r in still],
                             textposition="middle right",
                             textfont={"size": 14, "color": MUTED}, hoverinfo="skip", cliponaxis=False), 1, 1)
    # Right column: the status, what 100% means, and how to read the row.
    fig.add_trace(go.Scatter(x=[0] * len(recs), y=labels, mode="text", showlegend=False, textposition="middle right",
                             text=[side_text(r, lang) for r in recs], textfont={"size": 14, "color": "#222"},
                             hoverinfo="skip", cliponaxis=False), 1, 2)
    ticks = [-50, 0, 50, 100, 150]
    fig.update_xaxes(range=[-60, 175], showgrid=True, gridcolor="#e6e6e6", zeroline=True, zerolinecolor="#555",
                     tickvals=ticks, ticktext=[f"{'−' if v < 0 else ''}{abs(v)}%" for v in ticks], tickfont={"size": 14},
                     row=1, col=1)
    fig.update_xaxes(range=[0, 1], visible=False, row=1, col=2)
    fig.update_yaxes(autorange="reversed", showgrid=True, gridcolor="#f0f0f0", tickfont={"size": 15},
                     categoryorder="array", categoryarray=labels, row=1, col=1)
    docs, uploaded = sources(rows, lang)
    subtitle = t("bl_norm_subtitle", lang, year=data_year(rows, as_of)) + part_words(rows, total or len(rows), lang)
    height = 190 + 74 * max(len(recs), 3)
    fig = base_layout(fig, t("bl_norm_title", lang), subtitle, footer(ctx, docs, uploaded, width=95), height)
    fig.update_layout(legend={"orientation": "h", "x": 0, "y": 1.01, "yanchor": "bottom", "xanchor": "left",
                              "font": {"size": 14}}, margin={"t": 150, "r": 20})
    return fig


def stalled_text(row: dict, lang: str) -> str:
    """Why a row has no position: no baseline, no newer value, or a target that is not a level."""
    if row["base_value"] is None:
        latest = f" · {t('bl_latest_short', lang)} {row['latest_text']}" if row["latest_text"] else ""
        return f"{t('bl_no_base', lang)}{latest.replace(' · ', '<br>', 1)}"
    if not row["has_new"]:
        return f"{t('bl_no_new', lang)} · {t('bl_base_short', lang)} {row['base_text']}"
    return f"{t('bl_no_scale', lang)} · {t('bl_latest_short', lang)} {row['latest_text']}"


def side_text(row: dict, lang: str) -> str:
    """'✖ Không đạt (MT 2025)<br>100% = MT 2025: ≥ 80%<br>thứ hạng: số nhỏ hơn là tốt hơn'."""
    lines = [row["status_text"] or "", *textwrap.wrap(row["scale_text"] or "", 30)]
    if row["note"]:
        lines += textwrap.wrap(row["note"], 30)[:3]
    return "<br>".join(line for line in lines if line)


def clip(value: float | None) -> float | None:
    """Keep far-out positions on the chart's scale (labels carry the real figures)."""
    return None if value is None or is_blank(value) else max(-50.0, min(165.0, float(value)))


MULTIPLE_COLS = 4
SLOTS = ("base", "t2021", "t2025", "latest")
# Fractions of the plot area: the band above the first row (legend and panel titles) and between rows (titles).
TOP_BAND, ROW_GAP = 0.17, 0.17


SHORT_UNIT = 8


def panel_label(text: str | None, unit: str) -> str | None:
    """A value label that fits its quarter of a panel: '78,1% (ước)<br>(2023)'. A long unit is printed once, in the
    panel's heading right above, not on every label (where it would cover the neighbouring labels)."""
    if text is None:
        return None
    if len(unit) > SHORT_UNIT:
        text = text.replace(f" {unit}", "")
    return "<br>".join(textwrap.wrap(text, 16, break_long_words=False))


def multiples_figure(rows: pd.DataFrame, ctx: ChartContext, as_of: int | None = None, total: int | None = None) -> go.Figure:
    """Small multiples in natural units: per indicator its baseline, 2021 target, 2025 target and latest value on its
    own scale (ranks and "reduce to" indicators upside down, so better is always up), every value labelled with its unit."""
    lang = ctx.lang
    recs = records(rows)
    n_rows = max(1, math.ceil(len(recs) / MULTIPLE_COLS))
    fig = make_subplots(rows=n_rows, cols=MULTIPLE_COLS, horizontal_spacing=0.05)
    slot_names = [t("bl_slot_base", lang), t("bl_slot_2021", lang), t("bl_slot_2025", lang), t("bl_slot_latest", lang)]
    styles = {"base": BASE_STYLE, "t2021": T2021_STYLE, "t2025": T2025_STYLE, "latest": LATEST_STYLE}
    legend = {"base": t("bl_legend_base", lang), "t2021": t("target_2021", lang), "t2025": t("target_2025", lang),
              "latest": t("bl_legend_latest", lang)}
    shown: set[str] = set()
    height = (1 - TOP_BAND - ROW_GAP * (n_rows - 1)) / n_rows
    for i, r in enumerate(recs):
        row, col = i // MULTIPLE_COLS + 1, i % MULTIPLE_COLS + 1
        pts = {
            "base": (r["base_value"], r["base_text"] if r["base_value"] is not None else None),
            "t2021": (r["target_2021"], level_text(r["target_2021"], r, lang)),
            "t2025": (r["target_2025"], level_text(r["target_2025"], r, lang)),
            "latest": (r["latest_value"] if r["has_new"] else None, r["latest_text"] if r["has_new"] else None),
        }
        present = [v for v, _ in pts.values() if v is not None]
        for slot, name in zip(SLOTS, slot_names, strict=True):
            value, text = pts[slot]
            if value is None:
                continue
            fig.add_trace(go.Scatter(x=[name], y=[value], mode="markers+text", marker=styles[slot], name=legend[slot],
                                     legendgroup=slot, showlegend=slot not in shown, text=[panel_label(text, r["unit"])],
                                     textposition="top center", textfont={"size": 14, "color": "#222"}, cliponaxis=False,
                                     hovertemplate=f"{legend[slot]}: {text}<extra></extra>"), row, col)
            shown.add(slot)
        lo, hi = (min(present), max(present)) if present else (0.0, 1.0)
        pad = (hi - lo) * 0.45 or abs(hi) * 0.3 or 1.0
        gaps = [(name, missing_text(slot, r, lang)) for slot, name in zip(SLOTS, slot_names, strict=True) if pts[slot][0] is None]
        flipped = r["value_type"] == "rank" or r["direction"] == "lower_better"
        # Words for missing points sit at the panel's foot, clear of the labels that sit above the markers.
        foot_y = hi + pad * 0.2 if flipped else lo - pad * 0.2
        fig.add_trace(go.Scatter(x=[g for g, _ in gaps], y=[foot_y] * len(gaps), mode="text", text=[w for _, w in gaps],
                                 textfont={"size": 14, "color": MUTED}, showlegend=False, hoverinfo="skip"), row, col)
        top = 1 - TOP_BAND - (row - 1) * (height + ROW_GAP)
        fig.update_yaxes(range=[hi + pad, lo - pad * 0.6] if flipped else [lo - pad * 0.6, hi + pad], domain=[top - height, top],
                         showticklabels=False, showgrid=True, gridcolor="#eee", zeroline=False, row=row, col=col)
        title = "<br>".join(textwrap.wrap(f"{r['no']}. {r['name']}", 30))
        reading = t("bl_up_is_better_lower" if flipped else "bl_up_is_better", lang)
        fig.update_xaxes(categoryorder="array", categoryarray=slot_names, type="category", range=[-0.6, 3.6], side="top",
                         tickangle=0, tickfont={"size": 14}, showgrid=False, linecolor="#bbb",
                         title={"text": f"<b>{title}</b><br>{t('bl_unit_line', lang, unit=r['unit'])} · {reading}",
                                "font": {"size": 14}, "standoff": 4},
                         row=row, col=col)
    docs, uploaded = sources(rows, lang) if recs else ([], False)
    subtitle = t("bl_mult_subtitle", lang, year=data_year(rows, as_of) if recs else "–") + part_words(rows, total or len(rows), lang)
    fig = base_layout(fig, t("bl_mult_title", lang), subtitle, footer(ctx, docs, uploaded, width=150), 250 + 360 * n_rows)
    fig.update_layout(legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "top", "xanchor": "left", "font": {"size": 14}},
                      margin={"l": 30, "r": 20})
    return fig


def level_text(value: float | None, row: dict, lang: str) -> str | None:
    """A target level with its unit: 'hạng 70', '80%'."""
    return None if value is None else with_unit(value, row["unit"], row["value_type"], lang)


def missing_text(slot: str, row: dict, lang: str) -> str:
    """Words in place of a missing point: no 2025 target, no baseline, no newer value."""
    if slot == "base":
        return t("bl_no_base_short", lang)
    if slot == "latest":
        return t("bl_no_new_short", lang)
    if (slot == "t2021" and row["t2021_text"]) or (slot == "t2025" and row["t2025_text"]):
        return t("bl_not_level", lang)
    return t("bl_no_target", lang)
