"""Server-side chart images: one long-lived kaleido renderer (Debian's chromium) per process, slide-sized PNGs."""

from __future__ import annotations

import os
import threading

import plotly.graph_objects as go

from presentation.charts import SUBTITLE_SIZE, TITLE_SIZE, title_pad

SLIDE_WIDTH, SLIDE_HEIGHT = 1600, 900
os.environ.setdefault("BROWSER_PATH", "/usr/bin/chromium")

_lock = threading.Lock()
_started = False


def ensure_renderer() -> None:
    """Start the kaleido sync server once; later images reuse the same browser."""
    global _started
    if not _started:
        import kaleido

        kaleido.start_sync_server(silence_warnings=True)
        _started = True


def slide_figure(fig: go.Figure) -> go.Figure:
    """A copy of fig laid out for a 16:9 slide: larger text, fixed size."""
    slide = go.Figure(fig)
    bottom = fig.layout.margin.b or 80
    slide.update_layout(width=SLIDE_WIDTH, height=SLIDE_HEIGHT, font={"size": 19},
                        margin={"l": 110, "r": 40, "t": 140, "b": bottom + 30})
    slide.update_annotations(font_size=15, yshift=-52, selector={"yref": "paper"})  # the footer, not data labels
    size = round(TITLE_SIZE * 19 / 14)
    slide.update_layout(title={"font": {"size": size}, "subtitle": {"font": {"size": round(SUBTITLE_SIZE * 19 / 14)}},
                               "pad": {"t": title_pad(slide.layout.title.text or "", size)}})
    slide.update_layout(legend={"font": {"size": 15}})
    categories = max((len(trace.y) for trace in slide.data if getattr(trace, "orientation", None) != "h" and trace.y is not None
                      and len(trace.y) and isinstance(trace.y[0], str)), default=0)
    if categories > 10:
        # Many category rows (the dumbbell chart): keep every label on its own line inside 900 px.
        slide.update_yaxes(tickfont={"size": max(11, min(16, 560 // categories))})
    return slide


def figure_png(fig: go.Figure) -> bytes:
    """Render fig as a 1600×900 PNG on the server."""
    with _lock:
        ensure_renderer()
        return slide_figure(fig).to_image(format="png", width=SLIDE_WIDTH, height=SLIDE_HEIGHT, scale=1)
