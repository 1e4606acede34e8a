"""The public site's contract with browsers and proxies: the same page for every reader.

- Public addresses never open the session: the cookie is not read, not refreshed, not set,
  and no ``Vary: Cookie`` is added, so a reverse proxy or CDN may keep the page.
- Every public page says ``Cache-Control: public, max-age=300`` and carries a strong ETag
  made from its bytes; ``If-None-Match`` gets a 304. A page may so show a withdrawn record
  for up to five minutes; the papers themselves are revalidated on every use, so a
  withdrawn paper cannot be downloaded from the moment it is withdrawn.
"""

import hashlib

from flask import Response, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

MAX_AGE = 300
PUBLIC_PREFIX = "/public/"
PUBLIC_PATHS = {"/public", "/robots.txt", "/sitemap.xml"}


def is_public_path(path: str) -> bool:
    return path.startswith(PUBLIC_PREFIX) or path in PUBLIC_PATHS


class _NoSession(SecureCookieSession):
    """The session of a public request: empty, and never saved."""


class SessionInterface(SecureCookieSessionInterface):
    """The normal signed-cookie session, except on public addresses, where there is none."""

    def open_session(self, app, request):
        if is_public_path(request.path):
            return _NoSession()
        return super().open_session(app, request)

    def save_session(self, app, session, response) -> None:
        if isinstance(session, _NoSession):
            return
        super().save_session(app, session, response)


def public_response(
    data: str | bytes, mimetype: str = "text/html", *, filename: str | None = None, revalidate: bool = False
) -> Response:
    """Send ``data`` as a public, cacheable response (304 when the reader has it already).

    ``revalidate``: caches may keep it but must ask every time (a 304 costs little); for
    papers, so that a withdrawn paper is gone at once, not up to five minutes later.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
        mimetype = f"{mimetype}; charset=utf-8"
    response = Response(data, mimetype=mimetype)
    response.set_etag(hashlib.sha256(data).hexdigest()[:40])
    response.headers["Cache-Control"] = "public, no-cache" if revalidate else f"public, max-age={MAX_AGE}"
    if filename is not None:
        response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response.make_conditional(request)


def init_app(app) -> None:
    app.session_interface = SessionInterface()

    @app.after_request
    def _robots(response):
        """Signed-in pages stay out of search engines; the public ones may be indexed."""
        if not is_public_path(request.path):
            response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
        return response
