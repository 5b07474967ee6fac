"""The summary sheet, laid out like the official report form: the agency and the national
motto, the title and period, a two-row header with numbered columns, one row per type of đơn,
the total, the Q&A questions apart; then the times to the first answer and to resolution with
satisfaction (per type), đơn and vụ việc received (per type), and the figures by field;
notes, and the chart below."""

from __future__ import annotations

from datetime import tzinfo

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.core.catalog import Catalog
from bot.core.organisation import Organisation
from bot.core.statistics.figures import CHANNELS, OTHER_CHANNEL, Figures, PeriodStatistics
from bot.core.statistics.labels import as_of_label, field_rows, period_label
from bot.core.tickets import TicketStatus

# (group key or None, [column keys]): a group spans its columns in the first header row.
LAYOUT = (
    (None, ["no"]), (None, ["type"]), (None, ["carried_over"]),
    ("received", ["total", *CHANNELS, OTHER_CHANNEL]), (None, ["to_handle"]),
    ("handled", ["total", "on_time", "late", "resolved", "declined", "forwarded"]),
    ("open", ["total", "open_in_time", "open_overdue"]), (None, ["rate"]),
)
WIDTH = sum(len(keys) for _, keys in LAYOUT)
TIMES_COLUMNS = ("no", "type", "first_answer_count", "first_answer_days", "resolution_count",
                 "resolution_days", "rated", "satisfied", "satisfaction_rate")
CASE_COLUMNS = ("no", "type", "don", "vu_viec", "vu_viec_shared")
FIELD_COLUMNS = ("no", "field", "carried_over", "received", "handled", "handled_on_time",
                 "handled_late", "open", "open_overdue_long")
HEADER_ROW, FIRST_DATA_ROW = 8, 11
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
SHADE = PatternFill("solid", fgColor="DDE6F0")


def column_of(group: str | None, key: str) -> int:
    """The column (from 1) of `key` under `group` in the form's header (LAYOUT)."""
    column = 1
    for name, keys in LAYOUT:
        if name == group and key in keys:
            return column + keys.index(key)
        column += len(keys)
    raise KeyError((group, key))


def figure_values(figures: Figures) -> list[int | float | str]:
    """The numbers of one row, from `carried_over` to `rate`, in LAYOUT order."""
    rate = figures.on_time_rate
    return [
        figures.carried_over, figures.received,
        *(figures.by_channel[c] for c in (*CHANNELS, OTHER_CHANNEL)), figures.to_handle,
        figures.handled, figures.on_time, figures.late,
        *(figures.outcomes[s] for s in (TicketStatus.CLOSED, TicketStatus.DECLINED,
                                         TicketStatus.FORWARDED)),
        figures.still_open, figures.open_in_time, figures.open_overdue,
        round(rate, 1) if rate is not None else "-",
    ]


def _decimal(value: float | None) -> float | str:
    return round(value, 1) if value is not None else "-"


def times_values(figures: Figures) -> list[int | float | str]:
    """The numbers of one row of the times table, from `first_answer_count` on."""
    first, done, liked = figures.first_answer, figures.resolution, figures.satisfaction
    return [first.count, _decimal(first.mean), done.count, _decimal(done.mean), liked.rated,
            liked.satisfied, _decimal(liked.rate)]


def field_values(figures: Figures) -> list[int]:
    """The numbers of one row of the table by field, from `carried_over` on."""
    return [figures.carried_over, figures.received, figures.handled, figures.on_time,
            figures.late, figures.still_open, figures.open_overdue]


def fill_summary(sheet: Worksheet, stats: PeriodStatistics, org: Organisation,
                 catalog: Catalog, tz: tzinfo) -> int:
    """Writes the form; returns the first free row (where the chart goes)."""
    t = catalog.text
    _banner(sheet, 1, 1, 8, org.name.upper(), bold=True)
    _banner(sheet, 1, 11, WIDTH, t("report.country"), bold=True)
    _banner(sheet, 2, 11, WIDTH, t("report.motto"), bold=True)
    _banner(sheet, 4, 1, WIDTH, t("report.title"), bold=True, size=13)
    _banner(sheet, 5, 1, WIDTH, period_label(catalog, stats.period))
    moment = as_of_label(catalog, stats, tz)
    _banner(sheet, 6, 1, WIDTH, t("report.as_of", moment=moment), italic=True)
    _header(sheet, catalog)
    rows: list[tuple[str, str, Figures]] = [
        (str(n), t(f"report.row.{kind}"), figures)
        for n, (kind, figures) in enumerate(stats.by_type.items(), start=1)]
    total_row = FIRST_DATA_ROW + len(rows)
    rows += [("", t("report.row.total"), stats.total),
             ("", t("report.row.hoi"), stats.questions)]
    total_index = len(rows) - 2
    if stats.information.to_handle:  # Luật Tố cáo Đ25: apart, never among the tố cáo
        rows.append(("", t("report.row.thong_tin"), stats.information))
    for offset, (number, name, figures) in enumerate(rows):
        row = FIRST_DATA_ROW + offset
        _data_row(sheet, row, [number, name, *figure_values(figures)], bold=row == total_row)
    below = FIRST_DATA_ROW + len(rows) + 1
    below = _table(sheet, below, t("report.section.times"), catalog, TIMES_COLUMNS,
                   [[number, name, *times_values(figures)] for number, name, figures in rows],
                   bold_row=total_index)
    below = _table(sheet, below, t("report.section.cases"), catalog, CASE_COLUMNS,
                   [[number, name, f.received, f.received_vu_viec, f.received_shared]
                    for number, name, f in rows[:total_index + 1]], bold_row=total_index)
    fields = field_rows(stats, org, catalog)
    below = _table(sheet, below, t("report.section.fields"), catalog, FIELD_COLUMNS,
                   [*([str(n), name, *field_values(figures)]
                      for n, (name, figures) in enumerate(fields, start=1)),
                    ["", t("report.row.total"), *field_values(stats.total)]],
                   bold_row=len(fields))
    notes = t("report.note").splitlines() + t("report.note_times").splitlines()
    for offset, line in enumerate(notes):
        _banner(sheet, below + offset, 1, WIDTH, line, italic=True, align="left")
    _widths(sheet)
    return below + len(notes) + 1


def _data_row(sheet: Worksheet, row: int, values: list[int | float | str], *,
              bold: bool) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row, column, value)
        cell.border = BOX
        cell.font = Font(bold=bold)
        cell.alignment = Alignment(horizontal="left" if column == 2 else "center",
                                   vertical="center", wrap_text=True)


def _table(sheet: Worksheet, row: int, title: str, catalog: Catalog, columns: tuple[str, ...],
           rows: list[list[int | float | str]], *, bold_row: int) -> int:
    """A titled table with a one-row header at `row`; returns the row after it and a gap."""
    _banner(sheet, row, 1, WIDTH, title, bold=True, align="left")
    for column, key in enumerate(columns, start=1):
        _head(sheet, row + 1, column, catalog.text(f"report.col.{key}"))
    sheet.row_dimensions[row + 1].height = 60
    for offset, values in enumerate(rows):
        _data_row(sheet, row + 2 + offset, values, bold=offset == bold_row)
    return row + 2 + len(rows) + 1


def _header(sheet: Worksheet, catalog: Catalog) -> None:
    column = 1
    for group, keys in LAYOUT:
        if group is not None:
            sheet.merge_cells(start_row=HEADER_ROW, start_column=column,
                              end_row=HEADER_ROW, end_column=column + len(keys) - 1)
            _head(sheet, HEADER_ROW, column, catalog.text(f"report.col.{group}"))
        for key in keys:
            label = catalog.text(f"channel.{key}") if key in CHANNELS else catalog.text(
                f"report.col.{'other_channel' if key == OTHER_CHANNEL else key}")
            if group is None:
                sheet.merge_cells(start_row=HEADER_ROW, start_column=column,
                                  end_row=HEADER_ROW + 1, end_column=column)
                _head(sheet, HEADER_ROW, column, label)
            else:
                _head(sheet, HEADER_ROW + 1, column, label)
            _head(sheet, HEADER_ROW + 2, column, f"({column})")
            column += 1
    for column in range(1, WIDTH + 1):  # borders on the merged-over cells too
        for row in (HEADER_ROW, HEADER_ROW + 1):
            sheet.cell(row, column).border = BOX


def _head(sheet: Worksheet, row: int, column: int, text: str) -> None:
    cell = sheet.cell(row, column, text)
    cell.font, cell.alignment, cell.border, cell.fill = Font(bold=True), CENTRE, BOX, SHADE


def _banner(sheet: Worksheet, row: int, first: int, last: int, text: str, *,
            bold: bool = False, italic: bool = False, size: int = 11,
            align: str = "center") -> None:
    sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    cell = sheet.cell(row, first, text)
    cell.font = Font(bold=bold, italic=italic, size=size)
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=align == "left")


def _widths(sheet: Worksheet) -> None:
    sheet.column_dimensions["A"].width = 5
    sheet.column_dimensions["B"].width = 30
    for column in range(3, WIDTH + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 11
    sheet.row_dimensions[HEADER_ROW + 1].height = 45
