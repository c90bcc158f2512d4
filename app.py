"""Router: shared sidebar controls, then every page registered explicitly with st.navigation."""

import streamlit as st

from ui import auth
from ui.layout import page_errors, sidebar_controls, tr
from ui.search import search_box
from ui.state import drop_forged_state
from ui.web import refuse_viewer_cache_clearing

st.set_page_config(page_title=tr("app_title"), page_icon=":material/monitoring:", layout="wide")
refuse_viewer_cache_clearing()  # also when served by `streamlit run app.py` rather than serve.py
with page_errors():
    drop_forged_state()  # session values of the wrong shape (forged widget ids) never reach a page
    sidebar_controls()
    search_box()

# Dashboard url_paths equal their file names, so a deep link that is a server's first request (when Streamlit still
# treats pages/ as a legacy page folder) finds the same page; see ui.layout.ensure_router.
dashboards = [
    st.Page("pages/overview.py", title=tr("page_overview"), icon=":material/dashboard:", default=True),
    st.Page("pages/sector.py", title=tr("page_sector"), icon=":material/category:", url_path="sector"),
    st.Page("pages/indicator.py", title=tr("page_indicator"), icon=":material/show_chart:", url_path="indicator"),
    st.Page("pages/provinces.py", title=tr("page_provinces"), icon=":material/map:", url_path="provinces"),
    st.Page("pages/baseline.py", title=tr("page_baseline"), icon=":material/compare_arrows:", url_path="baseline"),
    st.Page("pages/briefing.py", title=tr("page_briefing"), icon=":material/slideshow:", url_path="briefing"),
    st.Page("pages/sources.py", title=tr("page_sources"), icon=":material/description:", url_path="sources"),
]
analyst_pages = [st.Page("pages/sign_in.py", title=tr("page_sign_in"), icon=":material/login:", url_path="sign-in")]
if auth.current_analyst():
    # Upload and history exist only for a signed-in analyst; viewers cannot even navigate to them.
    analyst_pages = [
        st.Page("pages/upload.py", title=tr("page_upload"), icon=":material/upload:", url_path="upload-actuals"),
        st.Page("pages/history.py", title=tr("page_history"), icon=":material/history:", url_path="batch-history"),
        *analyst_pages,
    ]

navigation = st.navigation({tr("nav_dashboards"): dashboards, tr("nav_analysts"): analyst_pages})
with page_errors():
    navigation.run()
