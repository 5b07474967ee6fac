"""The summary sheet's chart: received against handled per type of đơn, as a native Excel bar
chart drawn from the form's own cells, so that officers can restyle or copy it and the workbook
needs no matplotlib (about half a second to load; the chat's picture keeps it,
bot.reports.chart)."""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference, Series
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)
from openpyxl.utils import get_column_letter, quote_sheetname

from bot.core.catalog import Catalog
from bot.core.statistics.figures import PeriodStatistics
from bot.core.statistics.labels import period_label
from bot.reports.summary_sheet import FIRST_DATA_ROW, column_of

COLOURS = {"received": "2F6DB5", "handled": "E08A1E"}


def bar_chart(stats: PeriodStatistics, catalog: Catalog, sheet_title: str) -> BarChart:
    """Grouped bars per type (the form's rows of types), received and handled in the period,
    each bar labelled with its number; about 19 x 9.7 cm, as the picture was."""
    last = FIRST_DATA_ROW + len(stats.by_type) - 1
    sheet = quote_sheetname(sheet_title)

    def cells(column: int) -> Reference:
        letter = "$" + get_column_letter(column)
        return Reference(range_string=f"{sheet}!{letter}${FIRST_DATA_ROW}:{letter}${last}")

    chart = BarChart()
    chart.type, chart.grouping, chart.overlap, chart.gapWidth = "col", "clustered", 0, 80
    chart.title = _title((catalog.text("report.chart.title"), 1100, True),
                         (period_label(catalog, stats.period), 1000, False))
    chart.y_axis.title = catalog.text("report.chart.axis")
    chart.y_axis.majorGridlines = None
    chart.y_axis.number_format = "0"
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl 3.1 hides them otherwise
    chart.legend.position = "t"
    for key in ("received", "handled"):
        series = Series(cells(column_of(key, "total")),
                        title=catalog.text(f"report.chart.{key}"))
        series.graphicalProperties.solidFill = COLOURS[key]
        series.graphicalProperties.line.solidFill = COLOURS[key]
        series.dLbls = DataLabelList(showVal=True, showSerName=False, showCatName=False,
                                     showLegendKey=False, showPercent=False)
        chart.series.append(series)
    names = cells(column_of(None, "type"))
    for series in chart.series:  # the types' names, as text (set_categories refers to numbers)
        series.cat = AxDataSource(strRef=StrRef(f=str(names)))
    chart.width, chart.height = 19, 9.7
    return chart


def _title(*lines: tuple[str, int, bool]) -> Title:
    """A title of (text, size in hundredths of a point, bold) lines: the default is 18 pt,
    which wraps a period's long label over three lines."""
    paragraphs = []
    for text, size, bold in lines:
        font = CharacterProperties(sz=size, b=bold)
        paragraphs.append(Paragraph(pPr=ParagraphProperties(defRPr=font),
                                    r=[RegularTextRun(rPr=font, t=text)]))
    return Title(tx=Text(rich=RichText(p=paragraphs)), overlay=False)
