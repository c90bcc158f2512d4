"""Serve the dashboard: `streamlit run serve.py`. The app is app.py; around it, through st.App, the routes and
middleware Streamlit scripts cannot provide: the sign-in cookie exchange, security headers, the upload guard."""

from contextlib import asynccontextmanager

import streamlit as st
from starlette.middleware import Middleware
from streamlit import config

from ui import warm, web


@asynccontextmanager
async def lifespan(_app):
    """Expire unused uploads in the background while the server runs; warm the default pages' caches once."""
    import asyncio

    warm.start_warming()
    task = asyncio.create_task(web.sweep_uploads_forever())
    try:
        yield None
    finally:
        task.cancel()


# Streamlit refuses larger uploads at the same size the app's own check does (DASHBOARD_MAX_UPLOAD_MB).
config.set_option("server.maxUploadSize", max(1, round(web.max_upload_mb())))
web.refuse_viewer_cache_clearing()
app = st.App("app.py", routes=web.routes(), middleware=[Middleware(web.SecurityHeaders), Middleware(web.UploadGuard),
                         Middleware(web.ChartLibraryEarly)],
             lifespan=lifespan, on_script_error=web.script_error)
