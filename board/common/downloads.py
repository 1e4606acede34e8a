"""Files people download: papers, supporting files, packs, minutes and exports.

They may hold confidential items, drafts or other organisations' figures, so no browser
or shared cache may keep a copy: every download is sent through :func:`attachment`.
"""

from io import BytesIO

from flask import Response, send_file


def attachment(data: bytes | str, *, mimetype: str, filename: str) -> Response:
    """Anyone allowed the file: it as an attachment, never stored by a browser or proxy.

    Text is sent as UTF-8 and says so. ``filename`` should already be safe; werkzeug
    still quotes it (and adds an RFC 5987 form for non-ASCII names).
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
        mimetype = f"{mimetype}; charset=utf-8"
    response = send_file(BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=filename,
                         max_age=0, etag=False)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
