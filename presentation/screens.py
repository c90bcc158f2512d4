"""The same figure laid out for other screens (pure Plotly copies): a wall at 1920×1080 and a phone at 390 px."""

from __future__ import annotations

import plotly.graph_objects as go

from presentation.charts import wrap, wrap_parts

WALL_TEXT = 20  # px: legend, labels and footer stay readable across a room at 1920×1080


def wall_figure(fig: go.Figure) -> go.Figure:
    """Presentation mode: every text of the chart at least WALL_TEXT px, a taller plot to hold it."""
    wall = go.Figure(fig)
    height = max(int(fig.layout.height or 520), 720)
    wall.update_layout(font={"size": WALL_TEXT + 2}, height=height, legend={"font": {"size": WALL_TEXT}},
                       title={"font": {"size": 30}, "subtitle": {"font": {"size": WALL_TEXT + 2}}})
    wall.update_annotations(font_size=WALL_TEXT)
    wall.update_traces(textfont_size=WALL_TEXT, selector={"mode": "lines+markers+text"})
    wall.update_traces(textfont_size=WALL_TEXT, selector={"mode": "markers+text"})
    foot_lines = max((a.text or "").count("<br>") + 1 for a in wall.layout.annotations) if wall.layout.annotations else 1
    margin = wall.layout.margin
    wall.update_layout(margin={"t": (margin.t or 110) + 40, "b": 70 + 26 * foot_lines})
    wall.update_annotations(yshift=-52, selector={"yref": "paper"})
    return wall


def phone_figure(fig: go.Figure) -> go.Figure:
    """A phone: legend below the plot, the footer below the legend (sources and data date only: the page itself is the
    live view), fewer year ticks, the title wrapped to the width, slim margins."""
    phone = go.Figure(fig)
    title = (fig.layout.title.text or "").replace("<b>", "").replace("</b>", "").replace("<br>", " ")
    wrapped = wrap(title, 32)
    entries = sum(1 for trace in phone.data if trace.showlegend is not False and trace.name)
    legend_px = 29 * entries + 16
    foot_lines = 0
    for note in phone.layout.annotations:
        if note.yref == "paper" and note.text:
            kept = [part for part in note.text.split("<br>") if not part.startswith(("Ghi chú", "Note:", "Xem trực tuyến", "Live view"))]
            lines = [line for part in kept for line in wrap_parts(part, 58)]
            foot_lines += len(lines)
            note.update(text="<br>".join(lines), font_size=10, yshift=-(44 + legend_px))
    top = 90 + 20 * wrapped.count("<br>")
    bottom = 50 + legend_px + 14 * foot_lines
    height = max(int(fig.layout.height or 460), 360 + top + bottom - 150)
    plot_px = height - top - bottom
    phone.update_layout(
        title={"text": f"<b>{wrapped}</b>", "font": {"size": 15}, "pad": {"t": 20}},
        legend={"orientation": "v", "x": 0, "xanchor": "left", "y": -44 / plot_px, "yanchor": "top", "font": {"size": 11}},
        margin={"l": 50, "r": 10, "t": top, "b": bottom}, height=height,
    )
    phone.update_xaxes(dtick=None, nticks=5)
    for trace in phone.data:  # many points on 350 px: labels would overprint; the values stay in the hover text
        if getattr(trace, "mode", None) == "lines+markers+text" and trace.x is not None and len(trace.x) > 4:
            trace.mode = "lines+markers"
    return phone
