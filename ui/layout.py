"""Shared page furniture: language, as-of year, presentation mode, the data version, charts with PNG export."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

from presentation.charts import ChartContext, plotly_config, plotly_locale, slug
from presentation.png import figure_png
from presentation.screens import phone_figure, wall_figure
from presentation.text import DEFAULT_LANG, LANGS, t
from ui import data
from ui.plotly_chart import plotly_chart
from ui.state import linked_choice, linked_toggle

log = logging.getLogger("dashboard.pages")

PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer, [data-testid="stDownloadButton"],
.modebar-container {display: none !important;}
.block-container {padding-top: 1rem; max-width: 100%;}
html, body, [data-testid="stAppViewContainer"] {font-size: 20px;}
h1 {font-size: 2.4rem !important;} h2, h3 {font-size: 1.8rem !important;}
</style>
"""


# Always on: a phone gets one card per row and no Plotly toolbar over the title; print (A4) drops the sidebar, buttons,
# selectors and pagers, keeps each card whole on a page and lets charts take the page width.
SCREEN_CSS = """
<style>
@media (max-width: 640px) {
  .block-container {padding-left: 0.6rem !important; padding-right: 0.6rem !important;}
  [data-testid="stHorizontalBlock"] {flex-wrap: wrap !important;}
  [data-testid="stHorizontalBlock"] > [data-testid="stColumn"] {min-width: 100% !important;}
  .modebar-container {display: none !important;}
  h1 {font-size: 1.6rem !important;}
}
@media print {
  @page {size: A4 portrait; margin: 12mm;}
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stDownloadButton"], [data-testid="stButton"],
  [data-testid="stPageLink"], [data-testid="stSelectbox"], [data-testid="stRadio"], [data-testid="stPagination"],
  [data-testid="stTextInput"], .modebar-container, footer {display: none !important;}
  .block-container {max-width: 100% !important; padding: 0 !important;}
  [data-testid="stVerticalBlockBorderWrapper"], .dashboard-chart {break-inside: avoid; page-break-inside: avoid;}
  [data-testid="stAppViewContainer"], [data-testid="stMain"] {overflow: visible !important; height: auto !important;}
}
</style>
"""


def is_phone() -> bool:
    """A phone's browser (its user agent says Mobile): charts get the phone layout."""
    try:
        agent = st.context.headers.get("User-Agent", "") or ""
    except Exception:  # noqa: BLE001 - no request context (AppTest): not a phone
        return False
    return "Mobile" in agent and "iPad" not in agent


def presenting() -> bool:
    """Presentation mode is on."""
    return bool(st.session_state.get("present"))


def leave_presentation() -> None:
    """on_click of the exit control."""
    st.session_state["present"] = False
    st.session_state.pop("_w_present", None)


def presentation_bar() -> None:
    """In presentation mode: the as-of year and data date always in view, and a way out."""
    version = data.version()
    left, right = st.columns([5, 1], vertical_alignment="center")
    date = data.manifest(str(version))["published_at"][:10] if version else ""
    year = as_of()
    text = (t("chart_as_of", lang(), year=year) if year else t("briefing_all_years", lang()))
    left.markdown(f"**{text}** · {tr('present_data_date', date='/'.join(reversed(date.split('-'))))}")
    right.button(tr("present_exit"), icon=":material/close_fullscreen:", key="present_exit", on_click=leave_presentation)


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
    st.html(SCREEN_CSS)
    if linked_toggle(st.sidebar, tr("present"), "present", help=tr("present_help")):
        st.html(PRESENTATION_CSS)
        presentation_bar()
    if version:
        info = data.manifest(str(version))
        # Leadership reads a date, not a version id; the id stays in the tooltip for analysts.
        date = "/".join(reversed(info["published_at"][:10].split("-")))
        st.sidebar.caption(tr("data_updated", date=date), help=tr("data_version", version=version.name[:15], date=date))


def require_version() -> Path:
    """The published version for this rerun, or a clear message and stop."""
    version = data.version()
    if version is None:
        st.error(tr("no_warehouse"))
        st.stop()
    return version


def chart_context(version: Path) -> ChartContext:
    """Language and data date printed inside every chart."""
    published = data.manifest(str(version))["published_at"][:10]
    return ChartContext(lang=lang(), data_date="/".join(reversed(published.split("-"))), as_of=as_of())


def show_chart(fig: go.Figure, title: str, key: str) -> None:
    """Render a chart with a 2x PNG toolbar export and a server-side slide-size PNG download.

    theme=None: the chart is drawn exactly as built (and as both PNGs look), not restyled by Streamlit's theme.
    """
    # The as-of year goes into the file name as well as the subtitle: two exports of one chart must not look alike.
    name = slug(title) + (f"-{'den-nam' if lang() == 'vi' else 'as-of'}-{as_of()}" if as_of() else "")
    shown = wall_figure(fig) if presenting() else phone_figure(fig) if is_phone() else fig
    plotly_chart(shown, plotly_config(name, lang()), plotly_locale(lang()),
                 {"failed": tr("chart_failed"), "fullScreen": tr("chart_full_screen")}, key=f"chart_{key}")
    st.download_button(tr("download_png"), data=lambda: figure_png(fig), file_name=f"{name}.png",
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


def rotate_through(choices: list[str], key: str, current: str) -> None:
    """Presentation mode with ?rotate=N: move to the next choice (a sector) every N seconds, on a wall screen."""
    raw = st.query_params.get("rotate", "")
    if not presenting() or not raw.isdigit() or int(raw) < 5:
        return
    seconds = int(raw)
    st.session_state["_rotate_armed"] = False  # a full run draws the page; the fragment's next tick advances

    @st.fragment(run_every=seconds)
    def tick() -> None:
        if st.session_state.get("_rotate_armed"):
            st.session_state[key] = choices[(choices.index(current) + 1) % len(choices)]
            st.session_state.pop(f"_w_{key}", None)
            st.rerun(scope="app")
        st.session_state["_rotate_armed"] = True
        st.caption(tr("present_rotate", n=seconds))

    tick()
