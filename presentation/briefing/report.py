"""The briefing as an A4 report in Vietnamese administrative style (fpdf2, Noto Serif with full diacritics)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import plotly.graph_objects as go
from fpdf import FPDF
from fpdf.fonts import FontFace

from presentation.attention import attention_table
from presentation.briefing.model import Briefing
from presentation.png import figure_png
from presentation.text import t

FONT_DIR = Path("/usr/share/fonts/truetype/noto")
FONT = "NotoSerif"
MARGIN = 20  # mm: administrative documents keep wide margins (left 30 mm in the rules; 20 reads well on screen)


class Report(FPDF):
    """A4 portrait with the page number and publisher at the foot of every page."""

    def __init__(self, briefing: Briefing):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.briefing = briefing
        for style, name in (("", "Regular"), ("B", "Bold"), ("I", "Italic")):
            self.add_font(FONT, style, str(FONT_DIR / f"NotoSerif-{name}.ttf"))
        # Status symbols (✔ ▲ ▼ ✖ ○) and comparators (≥ ≤) are not in Noto Serif: take them from these.
        self.add_font("NotoSymbols2", "", str(FONT_DIR / "NotoSansSymbols2-Regular.ttf"))
        self.add_font("NotoMath", "", str(FONT_DIR / "NotoSansMath-Regular.ttf"))
        self.set_fallback_fonts(["NotoSymbols2", "NotoMath"], exact_match=False)
        self.set_margins(MARGIN + 5, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=18)
        self.set_title(briefing.title)
        self.set_author(briefing.publisher)

    def multi_cell(self, *args, **kwargs):  # noqa: D102 - FPDF's, with the next line starting at the left margin
        kwargs.setdefault("new_x", "LMARGIN")
        kwargs.setdefault("new_y", "NEXT")
        return super().multi_cell(*args, **kwargs)

    def footer(self) -> None:
        """'Bộ TT&TT (nay là Bộ KH&CN) · Số liệu tính đến năm 2021 · Trang 2/5'."""
        self.set_y(-13)
        self.set_font(FONT, "", 8)
        self.set_text_color(90)
        b = self.briefing
        self.cell(0, 5, f"{b.publisher} · {b.as_of_text} · {b.data_text} · {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0)


def heading(pdf: Report, text: str) -> None:
    """A numbered section heading."""
    pdf.ln(3)
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(0, 6, text)
    pdf.ln(1)
    pdf.set_font(FONT, "", 10)


def masthead(pdf: Report, briefing: Briefing) -> None:
    """Issuer left, national motto right, place and date, then the title: the layout of an administrative report."""
    lang = briefing.lang
    width = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    top = pdf.get_y()
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(width - 4, 5, briefing.publisher.upper(), align="C")
    pdf.set_xy(pdf.l_margin + width, top)
    motto = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc" if lang == "vi"
             else "SOCIALIST REPUBLIC OF VIET NAM\nIndependence - Freedom - Happiness")
    pdf.multi_cell(width, 5, motto, align="C")
    pdf.ln(2)
    day, month, year = briefing.made_on.split("/")
    place = f"Hà Nội, ngày {day} tháng {month} năm {year}" if lang == "vi" else f"Ha Noi, {briefing.made_on}"
    pdf.set_font(FONT, "I", 10)
    pdf.cell(0, 6, place, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(0, 8, ("BÁO CÁO" if lang == "vi" else "REPORT"), align="C")
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(0, 6, briefing.title, align="C")
    pdf.set_font(FONT, "I", 10)
    pdf.multi_cell(0, 5, f"{briefing.as_of_text} · {briefing.data_text}", align="C")
    pdf.ln(3)


def table(pdf: Report, frame, widths: tuple[float, ...], size: float = 8.5) -> None:
    """A bordered table with a bold header row that repeats on each page."""
    pdf.set_font(FONT, "", size)
    with pdf.table(col_widths=widths, headings_style=FontFace(emphasis="BOLD", fill_color=(232, 236, 244)),
                   line_height=4.2, text_align="LEFT", repeat_headings=1) as grid:
        grid.row([str(c) for c in frame.columns])
        for record in frame.itertuples(index=False):
            grid.row(["–" if v is None else str(v) for v in record])


def report_bytes(briefing: Briefing, render: Callable[[go.Figure], bytes] = figure_png) -> bytes:
    """The A4 report: masthead; general information; attention list; targets vs actuals; charts with reasons; sources."""
    lang = briefing.lang
    pdf = Report(briefing)
    pdf.add_page()
    masthead(pdf, briefing)
    numerals = ("I", "II", "III", "IV", "V")
    heading(pdf, f"{numerals[0]}. {t('briefing_sources', lang)}")
    pdf.multi_cell(0, 5, "\n".join(f"- {d}" for d in briefing.documents) or "–")
    pdf.ln(1)
    pdf.set_font(FONT, "I", 9)
    pdf.multi_cell(0, 4.5, f"{t('briefing_method', lang)}\n{t('publisher_note', lang)}\n{t('briefing_live', lang)}: {briefing.link}")
    heading(pdf, f"{numerals[1]}. {t('attention', lang)} ({t('attention_count', lang, n=len(briefing.attention))})")
    if briefing.attention.empty:
        pdf.multi_cell(0, 5, t("attention_none", lang))
    else:
        table(pdf, attention_table(briefing.attention, lang), (26, 22, 18, 18, 60, 20))
    heading(pdf, f"{numerals[2]}. {t('briefing_table', lang)}")
    if briefing.table.empty:
        pdf.multi_cell(0, 5, "–")
    else:
        table(pdf, briefing.table, (70, 44, 26, 26))
    heading(pdf, f"{numerals[3]}. {t('briefing_charts', lang)}")
    if not briefing.charts:
        pdf.multi_cell(0, 5, t("no_charts", lang))
    content = pdf.w - pdf.l_margin - pdf.r_margin
    for number, chart in enumerate(briefing.charts, start=1):
        if pdf.get_y() > pdf.h - 130:  # keep a chart and its reasons together
            pdf.add_page()
        pdf.set_font(FONT, "B", 10)
        pdf.multi_cell(0, 5, f"{number}. {chart.title}")
        pdf.image(io.BytesIO(render(chart.figure)), w=content, h=content * 9 / 16)
        pdf.set_font(FONT, "", 9)
        for item in chart.reasons:
            draft = f" ({t('draft', lang)})" if item["draft"] else ""
            pdf.multi_cell(0, 4.5, f"- {t('target_short', lang)} {item['period']}: {item['goal']}{draft} — {item['status_text']}. {item['why']}")
        pdf.ln(3)
    heading(pdf, f"{numerals[4]}. {t('briefing_notes_sources', lang)}")
    pdf.set_font(FONT, "", 8.5)
    for chart in briefing.charts:
        pdf.set_font(FONT, "B", 8.5)
        pdf.multi_cell(0, 4.2, chart.title)
        pdf.set_font(FONT, "", 8.5)
        pdf.multi_cell(0, 4.2, chart.notes.split("\n", 1)[1] if "\n" in chart.notes else chart.notes)
        pdf.ln(1)
    return bytes(pdf.output())
