"""Charts drawn in the browser with plotly.js basic through a Streamlit component (ui/plotly_chart.js), instead of
st.plotly_chart, whose full Plotly chunk is what kept a shared link from drawing in 3 s (README "Opening a shared
link"). The figure is the same Plotly JSON st.plotly_chart would send."""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

# plotly.js 4.1.1 is the version plotly.py 7.1 writes figures for; the file is served by Streamlit's static serving
# (server.enableStaticServing, the repository's static/ folder) at app/static/.
PLOTLY_FILE = "plotly-basic-4.1.1.min.js"
COMPONENT = "dashboard_plotly_chart"
JS = (Path(__file__).with_name("plotly_chart.js")).read_text(encoding="utf-8")
CSS = """
.dashboard-chart { width: 100%; }
.dashboard-chart:fullscreen { background: white; }
.dashboard-chart-failed { display: flex; align-items: center; padding: 1rem; border: 1px dashed #b0b7c3; color: #444; }
"""


def plotly_src() -> str:
    """URL path of the plotly.js file, under the server's base path."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/app/static/{PLOTLY_FILE}" if base else f"/app/static/{PLOTLY_FILE}"


def head_tag() -> bytes:
    """The <head> tag that starts loading the file before the page's script has run (ui.web.ChartLibraryEarly)."""
    return f'<script async src="./app/static/{PLOTLY_FILE}" data-dashboard-plotly onerror="this.dataset.failed=1"></script>'.encode()


def plotly_chart(fig: go.Figure, config: dict, locale: dict | None, texts: dict[str, str], key: str) -> None:
    """Draw fig (as built: no Streamlit theme) full width at its layout height; texts: the messages the browser side
    shows (failed: the library did not load; fullScreen: the toolbar button's title)."""
    # Registering the same definition again is silent; doing it per call keeps it registered in every runtime
    # (each AppTest run has its own).
    mount = st.components.v2.component(COMPONENT, js=JS, css=CSS, isolate_styles=False)
    mount(data={"figure": fig.to_json(), "config": config, "locale": locale, "src": plotly_src(), **texts},
          key=key, width="stretch", height="content")
