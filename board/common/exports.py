"""Files people download: papers, supporting files, packs, minutes, CSV, XLSX and PDF exports.

They may hold confidential items, drafts or other organisations' figures, so no browser
or shared cache may keep a copy: every download is sent through :func:`attachment`.

Spreadsheets open right in Excel as well as elsewhere: a CSV starts with a UTF-8 byte-order
mark (without it Excel on Windows reads UTF-8 as Windows-1252: "Done â€“ proposed") and
ends its lines with CRLF (RFC 4180); an XLSX has typed dates, its header row frozen and
filters on. Cells are made formula-safe in both.
"""

import csv
import io
from datetime import date, datetime

from flask import Response, send_file
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_DATE_FORMAT = "d mmm yyyy"
XLSX_MAX_WIDTH = 60


def csv_safe(value) -> str:
    """A cell a spreadsheet will not run as a formula (a leading ' disarms = + - @)."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(header: list[str], rows) -> str:
    """CSV text for Excel and everyone else: a UTF-8 BOM first, CRLF line ends, cells formula-safe.

    Dates are written as ISO dates (2027-03-03), which every spreadsheet reads as dates.
    """
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
    return out.getvalue()


def write_xlsx(header: list[str], rows, *, title: str) -> bytes:
    """An .xlsx workbook of one sheet: header in bold and frozen, filters on, dates as dates.

    Text is never read as a formula (it is stored as text whatever it starts with).
    """
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in header]
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007 (count is used after the loop)
        sheet.append([_xlsx_value(v) for v in row])
        for column, cell in enumerate(sheet[count + 1]):
            if isinstance(cell.value, date | datetime):
                cell.number_format = XLSX_DATE_FORMAT
                widths[column] = max(widths[column], 11)
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, even when it starts with "="
                widths[column] = max(widths[column], min(len(cell.value), XLSX_MAX_WIDTH))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width + 2
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date | int | float | bool):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def xlsx_response(data: bytes, name: str):
    """An Excel workbook download, never cached."""
    return attachment(data, mimetype=XLSX_MIMETYPE, filename=name)


def pdf_response(data: bytes, name: str):
    """A PDF download, never cached."""
    return attachment(data, mimetype="application/pdf", filename=name)


def attachment(data: bytes | str, *, mimetype: str, filename: str) -> Response:
    """Anyone allowed the file: it as an attachment, never stored by a browser or proxy.

    Text is sent as UTF-8 and says so. ``filename`` should already be safe; werkzeug
    still quotes it (and adds an RFC 5987 form for non-ASCII names).
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
        mimetype = f"{mimetype}; charset=utf-8"
    response = send_file(
        io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=filename, max_age=0, etag=False
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
