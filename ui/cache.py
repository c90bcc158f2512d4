"""Cached page models: the expensive shaping and figure building of a page, keyed by data version and choices."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from etl.template import template_bytes
from presentation import baseline, views
from presentation.charts import ChartContext, indicator_figure, status_counts_figure
from presentation.province_charts import province_trend_figure
from presentation.province_views import with_units
from ui import data


@st.cache_data(max_entries=64, show_spinner=False)
def sector_cards(version_dir: str, sector: str, as_of: int | None, lang: str) -> dict:
    """The sector page's cards (indicators with actuals, their targets shaped for display) and waiting table."""
    series = data.query("sector_series", version_dir, sector=sector, as_of=as_of or 9999)
    return views.sector_cards(data.query("indicators", version_dir, sector=sector), data.scorecard(version_dir, as_of, sector),
                              set(series["indicator_id"]), lang)


# cache_resource: figures are shared read-only, not unpickled on every rerun (ui.plotly_chart only serialises them).
# One entry per chart, so a sector page builds only the charts of the cards it shows.
@st.cache_resource(max_entries=1024, show_spinner=False)
def card_figure(version_dir: str, sector: str, indicator_id: str, sector_name: str, as_of: int | None,
                ctx: ChartContext) -> go.Figure:
    """The sector card chart of one indicator with actuals, per version, year and language."""
    meta = data.query("indicators", version_dir, sector=sector).set_index("indicator_id").loc[indicator_id]
    series = data.query("sector_series", version_dir, sector=sector, as_of=as_of or 9999)
    score = data.scorecard(version_dir, as_of, sector)
    return indicator_figure({"indicator_id": indicator_id, **meta.to_dict()}, series[series["indicator_id"] == indicator_id],
                            score[score["indicator_id"] == indicator_id], sector_name, ctx, height=460)


@st.cache_resource(max_entries=64, show_spinner=False)
def indicator_figures(version_dir: str, indicator_id: str, as_of: int | None, ctx: ChartContext) -> tuple[go.Figure | None, go.Figure | None]:
    """The national chart and the provincial chart (None when there is nothing to draw) of one indicator."""
    meta = data.query("indicators", version_dir, sector=None).set_index("indicator_id").loc[indicator_id]
    sector_name = meta["sector_name_vi" if ctx.lang == "vi" else "sector_name_en"]
    series = data.query("indicator_series", version_dir, indicator=indicator_id, as_of=as_of or 9999)
    score = data.scorecard(version_dir, as_of, meta["sector_id"])
    record = {"indicator_id": indicator_id, **meta.to_dict()}
    national = series[series["province"].isna()]
    targets = score[score["indicator_id"] == indicator_id]
    national_chart = None if national.empty else indicator_figure(record, series, targets, sector_name, ctx)
    # Each unit its own grey line (code 52 before and after the 2025 merger are two units), national line, targets.
    provincial = data.query("province_series", version_dir, indicator=indicator_id, as_of=as_of or 9999)
    province_chart = None if provincial.empty else province_trend_figure(record, with_units(provincial, ctx.lang), national,
                                                                         targets, None, ctx)
    return national_chart, province_chart


@st.cache_data(max_entries=16, show_spinner=False)
def overview(version_dir: str, as_of: int | None, lang: str) -> dict:
    """The Overview's headline tiles, status counts per sector (and as a table) and the filter choices."""
    score = data.scorecard(version_dir, as_of)
    counts = views.status_counts(score, data.query("sectors", version_dir), lang)
    return {"tiles": views.headline_tiles(score, lang), "counts": counts, "pivot": views.status_pivot(counts, lang),
            "statuses": list(dict.fromkeys(score["status"])), "years": sorted(set(score["period_end"]))}


@st.cache_resource(max_entries=16, show_spinner=False)
def status_counts_chart(version_dir: str, as_of: int | None, ctx: ChartContext) -> go.Figure:
    """The Overview's chart of target counts per status and sector."""
    return status_counts_figure(overview(version_dir, as_of, ctx.lang)["counts"], ctx)


@st.cache_data(max_entries=64, show_spinner=False)
def scorecard_table(version_dir: str, as_of: int | None, lang: str, sector: str | None, status: str | tuple[str, ...] | None,
                    year: int | None) -> pd.DataFrame:
    """The Overview's filterable table of every (indicator, target) row."""
    return views.scorecard_table(data.scorecard(version_dir, as_of), lang, sector, status, year)


@st.cache_data(max_entries=4, show_spinner=False)
def template(version_dir: str) -> bytes:
    """The upload template generated from one version's indicators and provinces."""
    return template_bytes(Path(version_dir))


@st.cache_data(max_entries=16, show_spinner=False)
def baseline_rows(version_dir: str, as_of: int | None, lang: str) -> pd.DataFrame:
    """The baseline – 2021 – 2025 comparison rows of every indicator with a 2021 or 2025 target, in display order."""
    points = data.query("baseline_points", version_dir, as_of=as_of or 9999, base_year=baseline.BASE_YEAR)
    return baseline.baseline_rows(data.scorecard(version_dir, as_of), points, data.query("sectors", version_dir), lang)


@st.cache_resource(max_entries=64, show_spinner=False)
def baseline_charts(version_dir: str, as_of: int | None, ctx: ChartContext, sector: str | None, headline_only: bool,
                    status: str | None, part: int) -> tuple[go.Figure, go.Figure]:
    """The normalised chart and the natural-units small multiples of one slide-sized part of the filtered rows."""
    shown = baseline.filter_rows(baseline_rows(version_dir, as_of, ctx.lang), sector, headline_only, status)
    first, last = baseline.slide_parts(len(shown))[part]
    rows = shown.iloc[first - 1:last]
    return (baseline.normalised_figure(rows, ctx, as_of, len(shown)), baseline.multiples_figure(rows, ctx, as_of, len(shown)))


@st.cache_data(max_entries=64, show_spinner=False)
def changes(version_dir: str, as_of: int | None, lang: str) -> dict[str, dict]:
    """indicator_id → change since the previous reported year and whether the newest upload set it."""
    from presentation.changes import changes_by_indicator

    return changes_by_indicator(data.query("indicator_changes", version_dir, as_of=as_of or 9999),
                                data.query("indicators", version_dir, sector=None), lang)


@st.cache_data(max_entries=64, show_spinner=False)
def attention(version_dir: str, as_of: int | None, lang: str, sector: str | None = None) -> pd.DataFrame:
    """The "Cần chú ý" list: distinct lagging targets (of one sector or all), worst first."""
    from presentation.attention import attention_rows
    from presentation.briefing.model import responsible_units

    cursor = data.connection().cursor()
    try:
        units = responsible_units(cursor, Path(version_dir))
    finally:
        cursor.close()
    return attention_rows(data.scorecard(version_dir, as_of, sector), units, lang)


@st.cache_data(max_entries=4, show_spinner=False)
def briefing_file(version_dir: str, sector: str | None, as_of: int | None, lang: str, fmt: str) -> tuple[str, bytes, int]:
    """A briefing deck or report (file name, bytes, number of charts); the same builder as `python -m etl briefing`."""
    from presentation.briefing import load_briefing, render

    cursor = data.connection().cursor()
    try:
        briefing = load_briefing(cursor, Path(version_dir), lang, sector=sector, as_of=as_of)
    finally:
        cursor.close()
    return briefing.file_name(fmt), render(briefing, fmt), len(briefing.charts)
