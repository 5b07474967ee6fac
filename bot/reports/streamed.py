"""Copies a small sheet laid out in memory (the summary: merges, styles, widths, images, print
setup) into a write-only workbook, so that the long ticket sheet after it can be streamed row by
row: a year of 100,000 tickets in a fraction of the memory a normal workbook needs."""

from __future__ import annotations

from copy import copy

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.worksheet import Worksheet


def copy_sheet(source: Worksheet, target) -> None:  # type: ignore[no-untyped-def]
    """Widths, heights, merges, values with their styles, images, charts and print setup."""
    # A write-only sheet writes its properties with its first row: the fit-to-page flag set
    # after the rows never reached the file, and the summary printed on nine pages.
    target.sheet_properties.pageSetUpPr.fitToPage = source.sheet_properties.pageSetUpPr.fitToPage
    setup, into = source.page_setup, target.page_setup
    into.orientation, into.paperSize = setup.orientation, setup.paperSize
    into.fitToWidth, into.fitToHeight = setup.fitToWidth, setup.fitToHeight
    for key, dimension in source.column_dimensions.items():
        target.column_dimensions[key].width = dimension.width
    for rng in source.merged_cells.ranges:
        target.merged_cells.add(str(rng))
    # A summary has some 1,500 cells in a few dozen styles: each style is copied once (openpyxl
    # looks a copied font or border up in the workbook's list), the other cells take its ids.
    styles: dict[tuple[int, ...], StyleArray] = {}
    for index, row in enumerate(source.iter_rows(), start=1):
        if source.row_dimensions[index].height:
            target.row_dimensions[index].height = source.row_dimensions[index].height
        cells = []
        for cell in row:
            out = WriteOnlyCell(target, value=getattr(cell, "value", None))
            if cell.has_style:
                key = tuple(cell._style)
                copied = styles.get(key)
                if copied is None:
                    out.font, out.border = copy(cell.font), copy(cell.border)
                    out.fill, out.alignment = copy(cell.fill), copy(cell.alignment)
                    out.number_format = cell.number_format
                    styles[key] = copy(out._style)
                else:
                    out._style = copy(copied)
            cells.append(out)
        target.append(cells)
    for image in source._images:
        target.add_image(image)
    for chart in source._charts:
        target.add_chart(chart)
