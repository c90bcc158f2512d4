"""The briefing pack: a sector, or the attention list, as a slide deck (deck.py) or an A4 report (report.py).

model.py gathers what both print; neither imports Streamlit, so `python -m etl briefing` and the Briefing page share it.
"""

from __future__ import annotations

from presentation.briefing.model import ATTENTION, Briefing, load_briefing

FORMATS = ("pptx", "pdf")


def render(briefing: Briefing, fmt: str) -> bytes:
    """The file's bytes in fmt (pptx or pdf)."""
    if fmt == "pptx":
        from presentation.briefing.deck import deck_bytes

        return deck_bytes(briefing)
    if fmt == "pdf":
        from presentation.briefing.report import report_bytes

        return report_bytes(briefing)
    raise ValueError(f"unknown format {fmt!r}; one of {FORMATS}")


__all__ = ["ATTENTION", "FORMATS", "Briefing", "load_briefing", "render"]
