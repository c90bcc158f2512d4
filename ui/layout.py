"""Shared page furniture: language, as-of year, presentation mode, the data version, charts with PNG export."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

from presentation.charts import ChartContext, plotly_config, slug
from presentation.png import figure_png
from presentation.text import DEFAULT_LANG, LANGS, t
from ui import data
from ui.state import linked_choice, linked_toggle

log = logging.getLogger("dashboard.pages")

PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer {display: none !important;}
.block-container {padding-top: 1rem; max-width: 100%;}
html, body, [data-testid="stAppViewContainer"] {font-size: 20px;}
h1 {font-size: 2.4rem !important;} h2, h3 {font-size: 1.8rem !important;}
</style>
"""


def lang() -> str:
    """The current UI language."""
    value = st.session_state.get("lang")
    return value if value in LANGS else DEFAULT_LANG


def tr(key: str, **values: object) -> str:
    """UI text in the current language."""
    return t(key, lang(), **values)


def as_of() -> int | None:
    """The as-of year chosen in the sidebar (None = all data)."""
    value = st.session_state.get("as_of", "all")
    return None if value in (None, "all") else int(value)


def sidebar_controls() -> None:
    """Language, as-of year and presentation mode, restored from and mirrored to the URL."""
    names = {"vi": "Tiếng Việt", "en": "English"}
    linked_choice(st.sidebar.radio, t("language", DEFAULT_LANG), LANGS, "lang", DEFAULT_LANG, names.get, horizontal=True)
    version = data.version()
    years = list(data.query("actual_years", str(version))["year"]) if version else []
    options = ["all", *[str(y) for y in years if y >= 2015]]
    labels = {v: tr("as_of_all") if v == "all" else v for v in options}
    linked_choice(st.sidebar.selectbox, tr("as_of"), options, "as_of", "all", labels.get, help=tr("as_of_help"))
    if linked_toggle(st.sidebar, tr("present"), "present", help=tr("present_help")):
        st.html(PRESENTATION_CSS)
    if version:
        info = data.manifest(str(version))
        st.sidebar.caption(tr("data_version", version=version.name[:15], date=info["published_at"][:10]))


def require_version() -> Path:
    """The published version for this rerun, or a clear message and stop."""
    version = data.version()
    if version is None:
        st.error(tr("no_warehouse"))
        st.stop()
    return version


def chart_context(version: Path) -> ChartContext:
    """Language and data date printed inside every chart."""
    return ChartContext(lang=lang(), data_date=data.manifest(str(version))["published_at"][:10])


def show_chart(fig: go.Figure, title: str, key: str) -> None:
    """Render a chart with a 2x PNG toolbar export and a server-side slide-size PNG download.

    theme=None: the chart is drawn exactly as built (and as both PNGs look), not restyled by Streamlit's theme.
    """
    st.plotly_chart(fig, config=plotly_config(title), key=f"chart_{key}", theme=None)
    st.download_button(tr("download_png"), data=lambda: figure_png(fig), file_name=f"{slug(title)}.png",
                       mime="image/png", key=f"png_{key}", icon=":material/image:")


def ensure_router() -> None:
    """Make sure app.py routed this run: a deep link that is the first request after a server start would otherwise
    run the page file alone (Streamlit's legacy `pages/` directory mode is active until st.navigation first runs)."""
    from streamlit.runtime.pages_manager import PagesManager

    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()


def show_page_error(exc: BaseException) -> str:
    """Log an exception with its traceback under a short incident code and show a clear bilingual message instead."""
    incident = secrets.token_hex(4)
    log.error("Page error, incident %s", incident, exc_info=(type(exc), exc, exc.__traceback__))
    st.error(t("page_error", "vi", incident=incident) + "\n\n" + t("page_error", "en", incident=incident), icon=":material/error:")
    return incident


@contextmanager
def page_errors() -> Iterator[None]:
    """The page-level error boundary: no traceback, path or exception text reaches a user (st.stop and st.rerun,
    which are not Exceptions, pass through)."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - the boundary is meant to catch everything a page raises
        show_page_error(exc)
