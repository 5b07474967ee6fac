"""The chart of a period: received against handled per type of đơn, as a PNG drawn by
matplotlib (Agg, no display, no global pyplot state), for the XLSX and for a chat."""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.core.catalog import Catalog
from bot.core.statistics.figures import PeriodStatistics
from bot.core.statistics.labels import period_label

WIDTH = 0.38


def chart_png(stats: PeriodStatistics, catalog: Catalog, lang: str = "vi") -> bytes:
    """Grouped bars per type: received in the period, handled in the period."""
    kinds = list(stats.by_type)
    names = [catalog.text(f"report.row.{kind}", lang) for kind in kinds]
    received = [stats.by_type[k].received for k in kinds]
    handled = [stats.by_type[k].handled for k in kinds]
    figure = Figure(figsize=(7.5, 3.8), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    places = range(len(kinds))
    for shift, values, key, colour in ((-WIDTH / 2, received, "received", "#2f6db5"),
                                       (WIDTH / 2, handled, "handled", "#e08a1e")):
        bars = axes.bar([p + shift for p in places], values, WIDTH, color=colour,
                        label=catalog.text(f"report.chart.{key}", lang))
        axes.bar_label(bars, padding=2, fontsize=8)
    axes.set_xticks(list(places), names)
    axes.set_ylabel(catalog.text("report.chart.axis", lang))
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_ylim(0, max([*received, *handled, 1]) * 1.35)  # room for the legend
    axes.set_title(f"{catalog.text('report.chart.title', lang)}\n"
                   f"{period_label(catalog, stats.period, lang)}", fontsize=10)
    # A fixed place: "best" searches the data and warns when that is slow (a busy machine).
    axes.legend(fontsize=8, loc="upper right", ncols=2)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
