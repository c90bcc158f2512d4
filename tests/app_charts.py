"""The charts an AppTest run drew: the dashboard's chart component (ui.plotly_chart) with its Plotly figure."""

from __future__ import annotations

import json

from ui.plotly_chart import COMPONENT


def chart_elements(at) -> list:
    """Every chart component element of the run, in page order."""
    return [e for e in at.get("bidi_component") if e.proto.component_name == COMPONENT]


def chart_data(at) -> list[dict]:
    """What each chart element sends the browser: figure (Plotly JSON text), config, locale, src."""
    return [json.loads(e.proto.json) for e in chart_elements(at)]


def chart_figures(at) -> list[dict]:
    """The Plotly figure of each chart, as dicts."""
    return [json.loads(d["figure"]) for d in chart_data(at)]
