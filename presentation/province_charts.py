"""Province figures: a tile-grid map of Vietnam's units and a highlighted line against the national line and target.

A tile grid (one equal tile per unit, placed roughly where the unit lies) keeps small units such as Bắc Ninh
visible next to large ones, needs no boundary files, and has one layout for the 63 units (to 2024) and one for the
34 (from 2025). Every colour is set here, so the page, the toolbar PNG and the server PNG look the same.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from etl.formatting import fmt_number
from presentation.charts import ACTUAL_COLOR, ChartContext, add_targets, base_layout, footer, values, wrap
from presentation.text import t

# (column, row) of each unit's tile, north at the top. Hand-placed from the units' positions.
TILES_63 = {
    "12": (1, 0), "10": (2, 0), "02": (3, 0), "04": (4, 0),
    "11": (0, 1), "15": (2, 1), "08": (3, 1), "06": (4, 1), "20": (5, 1),
    "14": (1, 2), "25": (2, 2), "26": (3, 2), "19": (4, 2), "24": (5, 2), "22": (6, 2),
    "17": (2, 3), "01": (3, 3), "27": (4, 3), "30": (5, 3), "31": (6, 3),
    "35": (3, 4), "33": (4, 4), "34": (5, 4),
    "38": (2, 5), "37": (3, 5), "36": (4, 5),
    "40": (2, 6), "42": (3, 7), "44": (4, 8), "45": (4, 9), "46": (5, 10),
    "49": (5, 11), "48": (6, 11), "62": (5, 12), "51": (6, 12), "64": (5, 13), "52": (6, 13),
    "66": (5, 14), "54": (6, 14), "67": (4, 15), "68": (5, 15), "56": (6, 15),
    "70": (3, 16), "75": (4, 16), "60": (5, 16), "58": (6, 16),
    "72": (2, 17), "74": (3, 17), "79": (4, 17), "77": (5, 17),
    "89": (1, 18), "87": (2, 18), "80": (3, 18), "82": (4, 18),
    "91": (0, 19), "92": (1, 19), "86": (2, 19), "83": (3, 19), "84": (4, 19),
    "93": (1, 20), "94": (2, 20), "96": (0, 21), "95": (1, 21),
}
TILES_34 = {
    "12": (1, 0), "15": (2, 0), "08": (3, 0), "04": (4, 0),
    "11": (0, 1), "14": (1, 1), "25": (2, 1), "19": (3, 1), "20": (4, 1),
    "01": (2, 2), "24": (3, 2), "22": (4, 2),
    "37": (2, 3), "33": (3, 3), "31": (4, 3),
    "38": (2, 4), "40": (2, 5), "42": (3, 6), "44": (3, 7), "46": (4, 8), "48": (4, 9), "51": (4, 10),
    "52": (4, 11), "66": (4, 12), "56": (5, 12), "75": (3, 13), "68": (4, 13),
    "80": (2, 14), "79": (3, 14), "91": (0, 15), "82": (1, 15), "86": (2, 15), "96": (0, 16), "92": (1, 16),
}
# Okabe-Ito derived; the legend names each class, and every tile prints its value, so colour is never alone.
TILE_STYLE = {
    "meets": ("#009E73", "white"), "below": ("#D55E00", "white"),
    "above": ("#0072B2", "white"), "under": ("#E69F00", "#222222"),
    "upper": ("#0072B2", "white"), "lower": ("#9DC3E6", "#222222"), "none": ("#E4E4E4", "#555555"),
}
HIGHLIGHT = "#D55E00"
CONTEXT_LINE = "#C9C9C9"
CONTEXT_MARKER = "#A6A6A6"


def tile_layout(codes: list[str]) -> dict[str, tuple[int, int]]:
    """The 34-unit layout when every code fits it and none is only in the 63, else the 63-unit layout."""
    return TILES_34 if set(codes) <= set(TILES_34) and len(codes) <= 34 else TILES_63


SHORT_NAMES = {"Thừa Thiên Huế": "T.T. Huế", "Bà Rịa - Vũng Tàu": "BR - VT", "Hồ Chí Minh": "TP HCM", "Ho Chi Minh City": "HCMC",
               "Thua Thien Hue": "T.T. Hue", "Ba Ria - Vung Tau": "BR - VT"}


def tile_label(name: str) -> str:
    """A unit name short enough for one line of a tile (the hover and the ranking give the full name)."""
    return SHORT_NAMES.get(name, name)


def tile_map_figure(units: pd.DataFrame, classes: dict[str, str], meta: dict, title_bits: dict, ctx: ChartContext,
                    selected: str | None = None, height: int = 760, sources: tuple[list[str], bool] = ([], True)) -> go.Figure:
    """units: code, unit, name, actual_value (NaN = no figure) of one year; classes: unit → TILE_STYLE key;
    sources: the documents the figures come from and whether any was uploaded (for the footer)."""
    lang = ctx.lang
    layout = tile_layout(list(units["code"]))
    fig = go.Figure()
    for cls, (fill, ink) in TILE_STYLE.items():
        part = units[[classes.get(u, "none") == cls for u in units["unit"]]]
        part = part[part["code"].isin(layout)]
        if part.empty:
            continue
        xs = [layout[c][0] for c in part["code"]]
        ys = [layout[c][1] for c in part["code"]]
        text = [f"{tile_label(n)}<br><b>{fmt_number(v, lang) if not pd.isna(v) else '–'}</b>"
                for n, v in zip(part["name"], part["actual_value"], strict=True)]
        hover = [f"{n}: {fmt_number(v, lang) if not pd.isna(v) else '–'}" for n, v in zip(part["name"], part["actual_value"], strict=True)]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="text", text=text, textfont={"size": 9 if len(layout) > 34 else 10, "color": ink}, showlegend=False,
                                 hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", cliponaxis=False))
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=t(f"prov_tile_{cls}", lang),
                                 marker={"symbol": "square", "size": 14, "color": fill, "line": {"color": "#999999", "width": 1}}))
        for x, y, unit in zip(xs, ys, part["unit"], strict=True):
            border = {"color": "#111111", "width": 3} if unit == selected else {"color": "white", "width": 1.5}
            fig.add_shape(type="rect", x0=x - 0.48, x1=x + 0.48, y0=y - 0.46, y1=y + 0.46, fillcolor=fill, line=border,
                          layer="below")
    cols = max(x for x, _ in layout.values()) + 1
    rows = max(y for _, y in layout.values()) + 1
    fig.update_xaxes(range=[-0.6, cols - 0.4], visible=False, fixedrange=True)
    # Tiles are wider than tall: a name and a value fit on each, and the long country still fits a slide.
    fig.update_yaxes(range=[rows - 0.4, -0.6], visible=False, fixedrange=True)
    name = meta["name_vi"] if lang == "vi" else meta["name_en"]
    subtitle = wrap(t("prov_map_subtitle", lang, **title_bits), 70)
    fig = base_layout(fig, wrap(name, 60), subtitle, footer(ctx, sources[0], sources[1], width=70), height)
    fig.update_layout(legend={"orientation": "h", "x": 0, "y": 1.0, "xanchor": "left", "yanchor": "bottom"},
                      margin={"l": 20, "r": 20, "t": fig.layout.margin.t + 40})
    return fig


def province_trend_figure(meta: dict, series: pd.DataFrame, national: pd.DataFrame, targets: pd.DataFrame,
                          selected: str | None, ctx: ChartContext, comparable: pd.DataFrame | None = None,
                          height: int = 560) -> go.Figure:
    """Every unit as a thin grey line (each unit its own line: code 52 before and after the merger are two units),
    the selected unit highlighted, the national line and the national targets on the time axis.

    series: province_series rows with unit and name (province_views.with_units).
    """
    lang = ctx.lang
    fig = go.Figure()
    xs: list = []
    ys: list = []
    for _, rows in series.sort_values("year").groupby("unit", sort=True):
        xs += [*values(rows["year"]), None]
        ys += [*values(rows["actual_value"]), None]
    if xs:
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines+markers", name=t("prov_all_units", lang), hoverinfo="skip",
                                 line={"color": CONTEXT_LINE, "width": 1}, marker={"size": 5, "color": CONTEXT_MARKER}))
    if not national.empty:
        nat = national.sort_values("year")
        fig.add_trace(go.Scatter(x=values(nat["year"]), y=values(nat["actual_value"]), mode="lines+markers",
                                 name=t("national", lang), line={"color": ACTUAL_COLOR, "width": 3},
                                 marker={"size": 8, "color": ACTUAL_COLOR}, hovertemplate="%{x}: %{y}<extra></extra>"))
    if comparable is not None and not comparable.empty:
        comp = comparable.sort_values("year")
        fig.add_trace(go.Scatter(x=values(comp["year"]), y=values(comp["actual_value"]), mode="lines+markers",
                                 name=t("prov_summed_former", lang), line={"color": HIGHLIGHT, "width": 2, "dash": "dot"},
                                 marker={"size": 7, "color": "white", "line": {"color": HIGHLIGHT, "width": 2}},
                                 hovertemplate="%{x}: %{y}<extra></extra>"))
    if selected:
        own = series[series["unit"] == selected].sort_values("year")
        if not own.empty:
            label = own["name"].iloc[-1]
            fig.add_trace(go.Scatter(x=values(own["year"]), y=values(own["actual_value"]), mode="lines+markers+text",
                                     name=label, line={"color": HIGHLIGHT, "width": 4}, marker={"size": 9, "color": HIGHLIGHT},
                                     text=[fmt_number(v, lang) for v in own["actual_value"]], textposition="top center",
                                     textfont={"color": HIGHLIGHT, "size": 12}, hovertemplate=f"{label} %{{x}}: %{{y}}<extra></extra>"))
    years = list(series["year"]) + list(national["year"]) + (list(targets["period_end"]) if not targets.empty else [])
    add_targets(fig, targets, lang, right_edge=int(max(years)) if years else None)
    if years:
        fig.update_xaxes(range=[min(years) - 0.5, max(years) + 0.8], dtick=1, tickformat="d")
    unit = meta["unit"] if lang == "vi" else (meta.get("unit_en") or meta["unit"])
    is_rank = meta["value_type"] == "rank"
    fig.update_yaxes(title=unit, autorange="reversed" if is_rank else True)
    name = meta["name_vi"] if lang == "vi" else meta["name_en"]
    subtitle = t("prov_trend_subtitle", lang, unit=unit)
    docs = [*series.get("source_doc", pd.Series(dtype=object)).dropna(), *national.get("source_doc", pd.Series(dtype=object)).dropna()]
    docs += list(targets["source_doc"].dropna()) if not targets.empty else []
    uploaded = bool(series.get("batch_id", pd.Series(dtype=object)).notna().any())
    return base_layout(fig, wrap(name, 90), subtitle, footer(ctx, docs, uploaded), height)
