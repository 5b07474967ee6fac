"""The monthly report job wired from the application: the core's job with the XLSX workbook of
`bot/reports` (summary form, chart, tickets; no citizen data) as its file."""

from __future__ import annotations

import io
from datetime import tzinfo

from bot.app.bootstrap import App
from bot.core.catalog import Catalog
from bot.core.monthly_report import MonthlyReportJob, Workbook
from bot.core.organisation import Organisation
from bot.core.statistics.figures import PeriodStatistics


def xlsx_workbook(org: Organisation, catalog: Catalog, tz: tzinfo) -> Workbook:
    """The period's workbook as bytes (the same file as `pakn report --out FILE.xlsx`)."""

    def build(stats: PeriodStatistics) -> bytes:
        # Imported here: openpyxl and matplotlib take a while to load.
        from bot.reports.workbook import write_xlsx

        out = io.BytesIO()
        write_xlsx(stats, org, catalog, tz, out)  # type: ignore[arg-type]  # openpyxl takes files
        return out.getvalue()

    return build


def monthly_report_job(app: App) -> MonthlyReportJob:
    """The job over the application's database, calendar, texts and organisation."""
    deps = app.staff.deps
    return MonthlyReportJob(app.uow, deps.calendar, deps.catalog, deps.tz, deps.org.name,
                            xlsx_workbook(deps.org, deps.catalog, deps.tz))
