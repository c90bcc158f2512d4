"""Deployment settings printed on exports: the publisher's name and the public address of the live view."""

from __future__ import annotations

import os

from presentation.text import t


def publisher(lang: str) -> str:
    """The publisher line: DASHBOARD_PUBLISHER_VI / DASHBOARD_PUBLISHER_EN, else "Bộ TT&TT (nay là Bộ KH&CN)" /
    "MIC (now MOST)" (the ministry merged into Science and Technology in 2025, Decree 55/2025/NĐ-CP)."""
    return os.environ.get(f"DASHBOARD_PUBLISHER_{lang.upper()}", "").strip() or t("publisher", lang)


def public_url() -> str:
    """Where readers of an export find the live view: DASHBOARD_PUBLIC_URL, default the local server."""
    return (os.environ.get("DASHBOARD_PUBLIC_URL", "").strip() or "http://localhost:8501").rstrip("/")


def live_link(page: str, lang: str, **params: object) -> str:
    """A deep link to a page of the live view (same parameters as the app's URLs)."""
    query = "&".join(f"{k}={v}" for k, v in {**params, "lang": lang}.items() if v is not None)
    return f"{public_url()}/{page}?{query}"
