"""The report as a PDF (reportlab): the same content as the HTML page, Chinese text intact.

Chinese uses reportlab's built-in CID font STSong-Light (Adobe's Asian font pack
name, referenced rather than embedded; every PDF reader ships it), so no font file is
needed. Every number links to its drill-down (absolute URL, BIHUAN_PUBLIC_BASE_URL).
"""

from __future__ import annotations

import io
from functools import cache
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT = "STSong-Light"
_GOOD, _BAD, _MUTED, _LINK, _LINE = (colors.HexColor("#188038"), colors.HexColor("#d93025"),
                                     colors.HexColor("#666666"), colors.HexColor("#1a56b8"),
                                     colors.HexColor("#dddddd"))


@cache
def _styles() -> dict[str, ParagraphStyle]:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    # wordWrap="CJK" breaks lines between Chinese characters (there are no spaces to break at).
    base = ParagraphStyle("base", fontName=FONT, fontSize=8.5, leading=11, wordWrap="CJK")
    return {
        "base": base,
        "title": ParagraphStyle("title", parent=base, fontSize=16, leading=21, spaceAfter=2),
        "h2": ParagraphStyle("h2", parent=base, fontSize=11.5, leading=15, spaceBefore=9, spaceAfter=4),
        "muted": ParagraphStyle("muted", parent=base, textColor=_MUTED),
        "cell": base,
        "head": ParagraphStyle("head", parent=base, textColor=_MUTED),
    }


def _p(text, style: str = "cell", *, url: str = "", color=None) -> Paragraph:
    body = escape(str(text))
    if url:
        body = f'<link href="{escape(url)}" color="#{_LINK.hexval()[2:]}">{body}</link>'
    if color is not None:
        body = f'<font color="#{color.hexval()[2:]}">{body}</font>'
    return Paragraph(body, _styles()[style])


def _table(header: list[str], rows: list[list], widths: list[float], *, empty: str = "") -> Table:
    """A table with a header row; with no rows, one row saying `empty` across all columns."""
    body = rows if rows else [[_p(empty, "muted")] + [""] * (len(header) - 1)]
    data = [[_p(h, "head") for h in header], *body]
    table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
    table.setStyle(TableStyle([
        *([("SPAN", (0, 1), (-1, 1))] if not rows else []),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, _LINE),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f4f6f8")),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]))
    return table


def _change(change: dict) -> Paragraph:
    color = _GOOD if change["good"] is True else _BAD if change["good"] is False else None
    return _p(change["text"], color=color)


def render_pdf(report: dict, *, base_url: str) -> bytes:
    """The report (report_selectors.report_build) as PDF bytes; links are made absolute with base_url."""
    def url(path: str) -> str:
        return f"{base_url}{path}" if path else ""

    period = report["period"]
    story: list = [
        _p(report["title"], "title"),
        _p(f"{period.start:%Y-%m-%d} – {period.end:%Y-%m-%d} · "
           + _("compared with %(period)s (%(start)s – %(end)s)") % {
               "period": report["previous"].code, "start": f"{report['previous'].start:%Y-%m-%d}",
               "end": f"{report['previous'].end:%Y-%m-%d}"}, "muted"),
    ]
    if not report["complete"]:
        story.append(_p(_("The period is still in progress: its numbers will grow."), "muted"))
    online = url(report["html_url"])
    story.append(_p(_("Online version: %(url)s") % {"url": online}, "muted", url=online))

    story.append(_p(_("Headline KPIs"), "h2"))
    rows = []
    for k in report["kpis_shown"]:
        met = "" if k["met"] is None else (_("met") if k["met"] else _("missed"))
        rows.append([_p(k["label"]), _p("—" if k["unavailable"] else k["text"], url=url(k["url"])),
                     _p("—" if k["previous_unavailable"] else k["previous_text"], url=url(k["previous_url"])),
                     _change(k["change"]),
                     _p(k["target"]), _p(met, color=_GOOD if k["met"] else _BAD if k["met"] is False else None)])
    story.append(_table([_("KPI"), _("This period"), _("Previous period"), _("Change from previous"), _("Target"),
                         _("Target met")], rows, [52, 30, 30, 30, 22, 18]))
    if report["unmeasured"]:
        story.append(_p(_("Nothing to measure in either period:") + " " + "、".join(report["unmeasured"]), "muted"))

    for block in report["volume_by"]:
        story.append(_p(_("Volume by %(dimension)s") % {"dimension": block["label"]}, "h2"))
        rows = [[_p(r["label"]), _p(f"{r['count']:,}", url=url(r["url"])), _p(f"{r['share'] * 100:.1f}%"),
                 _p(f"{r['previous']:,}", url=url(r["previous_url"])), _change(r["change"])] for r in block["rows"]]
        header = [block["label"], _("Complaints"), _("Share"), _("Previous period"), _("Change from previous")]
        story.append(_table(header, rows, [62, 28, 24, 30, 38], empty=_("No complaints in this period.")))

    for block in report["rising"]:
        story.append(_p(_("Rising: %(dimension)s") % {"dimension": block["label"]}, "h2"))
        rows = [[_p(r["label"]), _p(f"{r['count']:,}", url=url(r["url"])),
                 _p(f"{r['previous']:,}", url=url(r["previous_url"])), _p(f"+{r['delta']:,}"), _p(r["growth"])]
                for r in block["rows"]]
        story.append(_table([block["label"], _("This period"), _("Previous period"), _("Increase"), _("Growth")],
                            rows, [72, 26, 30, 26, 28], empty=_("Nothing rose against the previous period.")))

    story.append(_p(_("Hotspot alerts"), "h2"))
    rows = [[_p(f"{a.day:%Y-%m-%d}"), _p(a.get_kind_display()), _p(a.dim_label),
             _p(a.key_label, url=url(a.drilldown)),
             _p(f"{a.observed * 100:.0f}%" if a.kind == "trend" else f"{a.observed:g}", url=url(a.drilldown)),
             _p(f"{a.expected * 100:.0f}%" if a.kind == "trend" else f"{a.expected:.1f}"),
             _p(str(a.department or "—"))] for a in report["alerts"]]
    story.append(_table([_("Day"), _("Kind"), _("Dimension"), _("Value"), _("Observed"), _("Expected"),
                         _("Department")], rows, [20, 30, 20, 42, 18, 18, 34],
                        empty=_("No hotspot alerts in this period.")))

    story.append(_p(_("Open improvement actions"), "h2"))
    rows = [[_p(a["title"], url=url(a["analysis_url"])), _p(a["owner"] or "—"),
             _p(f"{a['due_on']:%Y-%m-%d}" + (" " + _("overdue") if a["overdue"] else ""),
                color=_BAD if a["overdue"] else None),
             _p(a["analysis"], url=url(a["analysis_url"])), _p(a["cluster"], url=url(a["cluster_url"]))]
            for a in report["actions"]]
    story.append(_table([_("Action"), _("Owner"), _("Due"), _("Root-cause analysis"), _("Complaint cluster")],
                        rows, [48, 24, 26, 44, 40], empty=_("No open improvement actions.")))
    story.append(Spacer(1, 6 * mm))
    story.append(_p(_("Every number links to the complaints behind it."), "muted"))

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=14 * mm, rightMargin=14 * mm, topMargin=14 * mm,
                            bottomMargin=14 * mm, title=report["title"], author="Bihuan", subject=period.code)
    doc.build(story)
    return buffer.getvalue()
