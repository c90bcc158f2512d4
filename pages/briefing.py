"""Briefing: a sector, or the attention list, as a slide deck (PPTX) or an A4 report (PDF) to download."""

import streamlit as st

from presentation.briefing import ATTENTION, FORMATS
from ui import cache, data
from ui.layout import as_of, ensure_router, lang, require_version, tr
from ui.state import linked_choice

MIME = {"pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pdf": "application/pdf"}
ensure_router()
version = require_version()
language = lang()
sectors = data.query("sectors", str(version))
names = {ATTENTION: tr("briefing_scope_attention"),
         **dict(zip(sectors["sector_id"], sectors["name_vi" if language == "vi" else "name_en"], strict=True))}

st.title(tr("page_briefing"))
st.caption(tr("briefing_intro"))
scope = linked_choice(st.selectbox, tr("briefing_scope"), list(names), "scope", ATTENTION, names.get)
fmt = linked_choice(st.radio, tr("briefing_format"), list(FORMATS), "format", "pptx",
                    {"pptx": "PowerPoint (.pptx)", "pdf": "PDF (A4)"}.get, horizontal=True)
year = as_of()
st.caption(tr("briefing_as_of", year=year) if year else tr("briefing_all_years"))
# on_click keeps the request in session state, so a rerun before this line (ensure_router) does not lose the click.
st.button(tr("briefing_make"), icon=":material/slideshow:", type="primary", key="briefing_make",
          on_click=st.session_state.__setitem__, args=("briefing_request", True))
if st.session_state.pop("briefing_request", False):
    with st.spinner(tr("briefing_make") + "…"):
        st.session_state["briefing_file"] = (str(version), scope, year, language, fmt,
                                             cache.briefing_file(str(version), None if scope == ATTENTION else scope, year, language, fmt))
made = st.session_state.get("briefing_file")
if made and made[:5] == (str(version), scope, year, language, fmt):
    name, payload, charts = made[5]
    st.caption(tr("briefing_slides", n=charts + 2, charts=charts))
    st.download_button(tr("briefing_download", name=name), data=payload, file_name=name, mime=MIME[fmt],
                       icon=":material/download:", key="briefing_download")
