"""The briefing as a 16:9 PowerPoint deck: title slide, attention table, one slide per chart (python-pptx)."""

from __future__ import annotations

import io
from collections.abc import Callable

import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from presentation.briefing.model import Briefing
from presentation.charts import STATUS_STYLE
from presentation.png import figure_png
from presentation.text import t

WIDTH, HEIGHT = Emu(12_192_000), Emu(6_858_000)  # 13,333 × 7,5 in: exactly 16:9
FONT = "Noto Sans"
GREY = RGBColor(0x55, 0x55, 0x55)
# The attention slide holds this many lines legibly; the rest are counted on it and listed in the PDF.
ATTENTION_ROWS = 7


def rgb(hex_color: str) -> RGBColor:
    """'#D55E00' → RGBColor."""
    return RGBColor.from_string(hex_color.lstrip("#").upper())


def text_box(slide, left: Emu, top: Emu, width: Emu, height: Emu, paragraphs: list[tuple[str, int, bool, RGBColor | None]]):
    """A wrapped text box; each paragraph is (text, size in pt, bold, colour)."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, (text, size, bold, color) in enumerate(paragraphs):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = text
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT
        if color is not None:
            run.font.color.rgb = color
        para.space_after = Pt(4)
    return box


def footer(slide, briefing: Briefing, link: str) -> None:
    """Bottom line of every slide: as-of, data date, publisher, and the link back to the live view."""
    text = f"{briefing.as_of_text} · {briefing.data_text} · {briefing.publisher} · {t('briefing_live', briefing.lang)}: {link}"
    text_box(slide, Inches(0.4), Inches(7.0), Inches(12.5), Inches(0.4), [(text, 10, False, GREY)])


def title_slide(deck: Presentation, briefing: Briefing) -> None:
    """Sector (or attention list), as-of year, data date, source documents, publisher."""
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    lang = briefing.lang
    text_box(slide, Inches(0.8), Inches(1.2), Inches(11.7), Inches(1.6), [
        (briefing.publisher.upper(), 16, True, GREY),
        (briefing.title, 36, True, RGBColor(0x1F, 0x3B, 0x73)),
    ])
    text_box(slide, Inches(0.8), Inches(3.2), Inches(11.7), Inches(3.5), [
        (briefing.as_of_text, 22, True, None),
        (briefing.data_text, 18, False, None),
        (f"{t('briefing_sources', lang)}: {'; '.join(briefing.documents) or '–'}", 16, False, None),
        (t("briefing_made", lang, date=briefing.made_on), 14, False, GREY),
        (t("publisher_note", lang), 12, False, GREY),
    ])
    slide.notes_slide.notes_text_frame.text = "\n".join([t("briefing_method", lang), briefing.link])


def attention_slide(deck: Presentation, briefing: Briefing) -> None:
    """The attention list as one table, worst first."""
    lang = briefing.lang
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    rows = briefing.attention
    heading = f"{t('attention', lang)}: {briefing.scope_name}" if briefing.scope != "attention" else t("attention", lang)
    text_box(slide, Inches(0.4), Inches(0.25), Inches(12.5), Inches(0.8), [
        (heading, 28, True, RGBColor(0x1F, 0x3B, 0x73)),
        (t("attention_count", lang, n=len(rows)) + " · " + t("attention_help", lang), 12, False, GREY),
    ])
    if rows.empty:
        text_box(slide, Inches(0.4), Inches(1.6), Inches(12.5), Inches(1), [(t("attention_none", lang), 20, False, None)])
    else:
        shown = rows.head(ATTENTION_ROWS)
        headers = [t("indicator", lang), t("target", lang), t("status", lang), t("latest", lang), t("why", lang),
                   t("responsible_unit", lang)]
        widths = [2.6, 1.9, 1.5, 1.3, 3.9, 1.3]
        table = slide.shapes.add_table(len(shown) + 1, len(headers), Inches(0.4), Inches(1.45), Inches(12.5),
                                       Inches(0.4 * (len(shown) + 1))).table
        for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
            table.columns[col].width = Inches(width)
            cell_text(table.cell(0, col), header, 11, True)
        for r, row in enumerate(shown.to_dict("records"), start=1):
            latest = f"{row['latest']} ({row['latest_year']})" if row["latest_year"] else row["latest"]
            for col, value in enumerate([row["indicator"], row["target"], row["status_text"], latest, row["why"], row["unit"]]):
                cell_text(table.cell(r, col), str(value), 10, col == 2, rgb(STATUS_STYLE[row["status"]][0]) if col == 2 else None)
        if len(rows) > len(shown):
            text_box(slide, Inches(0.4), Inches(6.55), Inches(12.5), Inches(0.4),
                     [(t("attention_more", lang, n=len(rows) - len(shown)), 12, False, GREY)])
    footer(slide, briefing, briefing.link)
    slide.notes_slide.notes_text_frame.text = "\n".join(
        f"{r['indicator']} — {r['target']}: {r['why']} ({t('responsible_unit', lang)}: {r['unit']}; {r['sources']})"
        for r in rows.to_dict("records")) or t("attention_none", lang)


def cell_text(cell, text: str, size: int, bold: bool, color: RGBColor | None = None) -> None:
    """Fill one table cell."""
    cell.text = ""
    run = cell.text_frame.paragraphs[0].add_run()
    run.text = text
    run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT
    if color is not None:
        run.font.color.rgb = color
    cell.margin_left = cell.margin_right = Inches(0.05)
    cell.margin_top = cell.margin_bottom = Inches(0.03)


def chart_slides(deck: Presentation, briefing: Briefing, render: Callable[[go.Figure], bytes]) -> None:
    """One slide per chart: the slide PNG on the left, each target's status and reason on the right, notes with
    every source and quote."""
    lang = briefing.lang
    for chart in briefing.charts:
        slide = deck.slides.add_slide(deck.slide_layouts[6])
        slide.shapes.add_picture(io.BytesIO(render(chart.figure)), Inches(0.25), Inches(0.3), width=Inches(9.6))
        paragraphs = [(t("status", lang), 16, True, RGBColor(0x1F, 0x3B, 0x73))]
        # The column holds about 900 characters at 11 pt: longer reasons step the size down so nothing runs off.
        length = sum(len(item["why"]) + 40 for item in chart.reasons)
        size = 11 if length < 900 else 10 if length < 1200 else 9 if length < 1500 else 8
        for item in chart.reasons:
            head = f"{t('target_short', lang)} {item['period']}: {item['goal']}" + (f" ({t('draft', lang)})" if item["draft"] else "")
            paragraphs.append((f"{head} — {item['status_text']}", size + 1, True, rgb(STATUS_STYLE[item["status"]][0])))
            paragraphs.append((item["why"], size, False, None))
        text_box(slide, Inches(10.0), Inches(0.3), Inches(3.1), Inches(6.4), paragraphs)
        text_box(slide, Inches(0.4), Inches(6.0), Inches(9.4), Inches(0.9), [(t("briefing_method", lang), 9, False, GREY)])
        footer(slide, briefing, chart.link)
        slide.notes_slide.notes_text_frame.text = f"{chart.title}\n{chart.notes}\n{t('briefing_live', lang)}: {chart.link}"


def deck_bytes(briefing: Briefing, render: Callable[[go.Figure], bytes] = figure_png) -> bytes:
    """The whole deck: title, attention, one slide per chart (charts + 2 slides)."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    deck.core_properties.title = briefing.title
    deck.core_properties.author = briefing.publisher
    title_slide(deck, briefing)
    attention_slide(deck, briefing)
    chart_slides(deck, briefing, render)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
