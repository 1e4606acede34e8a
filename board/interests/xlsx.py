"""A small local xlsx writer for the register export (to be merged into the shared
board/common/exports.py helper once it lands)."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from board.common.exports import csv_safe


def xlsx_bytes(title: str, header: list[str], rows) -> bytes:
    """One worksheet: a bold header row, then the rows (text cells made formula-safe)."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([value if isinstance(value, int | float) else csv_safe(value) for value in row])
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
