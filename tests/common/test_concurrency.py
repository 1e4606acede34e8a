"""Several people writing at once on SQLite: writers wait their turn, nobody gets an error."""

import http.cookiejar
import re
import threading
import urllib.parse
import urllib.request

import sqlalchemy as sa

from board.auth.models import PasswordResetRequest
from board.extensions import db
from tests.browser_support import LiveServer


def _browser_like_post(base: str, path: str, data: dict) -> int:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + path).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({**data, "csrf_token": token}).encode()
    try:
        return opener.open(base + path, data=body).status
    except urllib.error.HTTPError as error:
        return error.code


def test_concurrent_writers_all_succeed(app):
    """Eight people asking for reset links at the same moment: every request is answered 200."""
    app.config["TESTING"] = False
    app.config["RESET_MAX_PER_ADDRESS"] = 24  # all eight come from 127.0.0.1
    emails = [
        "chair@example.org",
        "member@example.org",
        "hmpps@example.org",
        "coroner@example.org",
        "lead.leeds@example.org",
        "lead.bradford@example.org",
        "lead.kirklees@example.org",
        "lrf@example.org",
    ]
    results = []
    with LiveServer(app) as server:

        def worker(email):
            for _ in range(3):
                results.append(_browser_like_post(server.url, "/password/forgot", {"email": email}))

        threads = [threading.Thread(target=worker, args=(e,)) for e in emails]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    assert results == [200] * 24
    # Each request recorded itself: all 24 writes landed.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PasswordResetRequest)) == 24
