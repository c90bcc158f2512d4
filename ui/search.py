"""The search box on every page (sidebar): finds indicators by name, id, sector or document, accents ignored."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from presentation.search import search, search_index
from ui import data
from ui.layout import lang, tr


@st.cache_data(max_entries=4, show_spinner=False)
def index(version_dir: str) -> pd.DataFrame:
    """The search index of one version."""
    return search_index(data.query("indicators", version_dir, sector=None), data.scorecard(version_dir))


def search_box() -> None:
    """A text box and up to eight links to the indicators found."""
    version = data.version()
    if version is None:
        return
    query = st.sidebar.text_input(tr("search"), key="search", placeholder=tr("search_placeholder"), icon=":material/search:")
    if not query.strip():
        return
    found = search(index(str(version)), query)
    if found.empty:
        st.sidebar.caption(tr("search_none"))
    vi = lang() == "vi"
    for row in found.to_dict("records"):
        label = f"{row['name_vi' if vi else 'name_en']} · {row['sector_name_vi' if vi else 'sector_name_en']}"
        st.sidebar.page_link("pages/indicator.py", label=label, query_params={"indicator": row["indicator_id"], "lang": lang()})
