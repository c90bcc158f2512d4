"""Cached models of the province view: the query results of one indicator, and its figures per year and choice."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from etl.provinces import aggregation_rule
from presentation import province_views as pv
from presentation.charts import ChartContext
from presentation.province_charts import province_trend_figure, tile_map_figure
from ui import data


@st.cache_data(max_entries=32, show_spinner=False)
def model(version_dir: str, indicator_id: str, as_of: int | None, lang: str) -> dict:
    """Provincial series (each row with its unit of that year), national series, targets and comparable history."""
    meta = data.query("indicators", version_dir, sector=None).set_index("indicator_id").loc[indicator_id].to_dict()
    meta["indicator_id"] = indicator_id
    series = pv.with_units(data.query("province_series", version_dir, indicator=indicator_id, as_of=as_of or 9999), lang)
    national = data.query("indicator_series", version_dir, indicator=indicator_id, as_of=as_of or 9999)
    national = national[national["province"].isna()]
    score = data.scorecard(version_dir, as_of, meta["sector_id"])
    rule = aggregation_rule(meta["value_type"], meta.get("unit_en"))
    comparable = data.query("province_comparable", version_dir, indicator=indicator_id, as_of=as_of or 9999) if rule == "sum" else None
    return {"meta": meta, "series": series[series["name_vi"].notna()], "national": national, "rule": rule,
            "targets": score[score["indicator_id"] == indicator_id], "comparable": comparable,
            "unmatched": pv.unmatched_years(series), "years": sorted({int(y) for y in series["year"]}, reverse=True)}


def figure_sources(series: pd.DataFrame, year: int) -> tuple[list[str], bool]:
    """The documents a year's provincial figures come from, and whether any was uploaded."""
    rows = series[series["year"] == year]
    return list(rows["source_doc"].dropna()), bool(rows["batch_id"].notna().any())


def all_units(version_dir: str, m: dict, year: int, lang: str) -> pd.DataFrame:
    """Every unit valid in the year, with its figure or NaN (the map shows units without a figure too)."""
    units = pv.with_units(data.query("province_units", version_dir, year=int(year)).rename(columns={"province_code": "province"}), lang)
    values = year_units(m, year).set_index("unit")["actual_value"]
    return pd.DataFrame({"unit": units["unit"], "code": units["province"], "name": units["name"],
                         "actual_value": units["unit"].map(values)})


def year_units(m: dict, year: int) -> pd.DataFrame:
    """The units with a figure in one year: unit key, code, display name, value."""
    rows = m["series"][m["series"]["year"] == year]
    return rows.rename(columns={"province": "code"})[["unit", "code", "name", "actual_value", "is_estimate"]]


@st.cache_data(max_entries=64, show_spinner=False)
def ranking(version_dir: str, indicator_id: str, as_of: int | None, lang: str, year: int) -> tuple[pd.DataFrame, str | None]:
    """The ranking table of one year and the sentence naming the target it is measured against."""
    m = model(version_dir, indicator_id, as_of, lang)
    goal = pv.national_goal(m["targets"], year)
    nat = m["national"][m["national"]["year"] == year]["actual_value"]
    national = float(nat.iloc[0]) if not nat.empty and not pd.isna(nat.iloc[0]) else None
    lower = m["meta"]["direction"] == "lower_better"
    additive = m["rule"] == "sum"
    table = pv.ranking(year_units(m, year), national, None if goal is None else float(goal["goal"]), lower, lang, additive)
    return table, None if goal is None or additive else pv.goal_text(goal, lang)


@st.cache_resource(max_entries=64, show_spinner=False)
def figures(version_dir: str, indicator_id: str, as_of: int | None, year: int, selected: str | None,
            ctx: ChartContext) -> tuple[go.Figure, go.Figure]:
    """The tile map of one year and the trend with the selected unit highlighted."""
    m = model(version_dir, indicator_id, as_of, ctx.lang)
    table, goal_sentence = ranking(version_dir, indicator_id, as_of, ctx.lang, year)
    units = all_units(version_dir, m, year, ctx.lang)
    additive = m["rule"] == "sum"
    note = pv.t("prov_map_median" if additive else "prov_map_national", ctx.lang)
    bits = {"year": year, "units": len(units), "goal": goal_sentence or note}
    tile_map = tile_map_figure(units, pv.tile_classes(table, goal_sentence is not None, additive), m["meta"], bits, ctx, selected,
                               height=980 if len(units) > 34 else 820, sources=figure_sources(m["series"], year))
    comp = m["comparable"]
    own = m["series"][m["series"]["unit"] == selected] if selected else m["series"].iloc[0:0]
    today = not own.empty and own["valid_to"].isna().all()  # sums of former units belong to a unit of today only
    own_comp = comp[(comp["province"] == own["province"].iloc[0]) & (comp["basis"] == "summed")] if comp is not None and today else None
    trend = province_trend_figure(m["meta"], m["series"], m["national"], m["targets"], selected, ctx, own_comp)
    return tile_map, trend
