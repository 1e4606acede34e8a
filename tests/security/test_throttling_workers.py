"""Sign-in throttling holds across two gunicorn worker processes."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

from tests.conftest import DEMO_PASSWORD


def _sign_in(base: str, email: str, password: str) -> int:
    """A fresh browser (new connection, new cookies) posting the sign-in form."""
    jar = http.cookiejar.CookieJar()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    page = opener.open(base + "/sign-in").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token}).encode()
    try:
        response = opener.open(base + "/sign-in", data=body)
        response.close()
        return response.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


def test_throttling_counts_are_shared_by_every_worker(gunicorn_server):
    """Five failures spread over two workers pause the account in both."""
    for _ in range(5):
        assert _sign_in(gunicorn_server, "chair@example.org", "wrong password") == 200
    statuses = {_sign_in(gunicorn_server, "chair@example.org", DEMO_PASSWORD) for _ in range(4)}
    assert statuses == {429}
    # The address has 5 failures, under its limit of 20: another account still signs in.
    assert _sign_in(gunicorn_server, "member@example.org", DEMO_PASSWORD) == 302
