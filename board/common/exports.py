"""Files people download: papers, supporting files, packs, minutes, CSV and PDF exports.

They may hold confidential items, drafts or other organisations' figures, so no browser
or shared cache may keep a copy: every download is sent through :func:`attachment`.
CSV cells are made formula-safe.
"""

import csv
import io

from flask import Response, send_file

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """A cell a spreadsheet will not run as a formula (a leading ' disarms = + - @)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(header: list[str], rows) -> str:
    """CSV text with every cell made formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
    return out.getvalue()


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
