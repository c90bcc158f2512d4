"""Warm the caches a shared link needs most (Overview, the default sector and indicator, in Vietnamese) in the
background when the server starts, so the first visitor does not pay the cold queries and figure building."""

from __future__ import annotations

import logging
import os
import threading
import time

from presentation.charts import ChartContext
from presentation.text import DEFAULT_LANG

log = logging.getLogger("dashboard.warm")

DEFAULT_SECTOR = "telecom"  # pages/sector.py's default
DEFAULT_INDICATOR = "telecom_internet_users_pct"  # pages/indicator.py's default
FIRST_CARDS = 4  # pages/sector.py's CARDS_PER_PAGE


def warm_default_pages(language: str = DEFAULT_LANG) -> None:
    """Fill the page-model caches for the default view of the Overview, Sector and Indicator pages."""
    from ui import cache, data

    found = data.version()
    if found is None:
        return
    version = str(found)
    data.query("actual_years", version)
    published = data.manifest(version)["published_at"][:10]
    ctx = ChartContext(lang=language, data_date="/".join(reversed(published.split("-"))), as_of=None)
    cache.overview(version, None, language)
    cache.attention(version, None, language)
    cache.changes(version, None, language)
    cache.status_counts_chart(version, None, ctx)
    cache.scorecard_table(version, None, language, None, (), None)
    sectors = data.query("sectors", version)
    names = dict(zip(sectors["sector_id"], sectors["name_vi" if language == "vi" else "name_en"], strict=True))
    model = cache.sector_cards(version, DEFAULT_SECTOR, None, language)
    cache.attention(version, None, language, DEFAULT_SECTOR)
    for card in model["cards"][:FIRST_CARDS]:
        cache.card_figure(version, DEFAULT_SECTOR, card["indicator_id"], names[DEFAULT_SECTOR], None, ctx)
    data.query("indicators", version, sector=None)
    cache.indicator_figures(version, DEFAULT_INDICATOR, None, ctx)


def start_warming() -> threading.Thread | None:
    """Warm in a daemon thread (a failure is logged, never fatal); DASHBOARD_NO_WARM=1 turns it off."""
    if os.environ.get("DASHBOARD_NO_WARM"):
        return None

    def run() -> None:
        from streamlit.runtime import Runtime

        try:
            for _ in range(300):  # the caches must live in the running server's cache storage, not a stand-in
                if Runtime.exists():
                    break
                time.sleep(0.1)
            warm_default_pages()
            log.info("Warmed the default pages")
        except Exception:  # noqa: BLE001 - warming is an optimisation; the pages compute what is missing
            log.exception("Warming the default pages failed")

    thread = threading.Thread(target=run, name="warm-default-pages", daemon=True)
    thread.start()
    return thread
