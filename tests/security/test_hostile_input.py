"""Hostile input: XSS payloads through every markdown and text field, and line breaks in titles.

What is stored and what is served must hold nothing executable, and in Chromium no
payload runs. A title with CR/LF must add no iCalendar property and no e-mail header.
"""

import html
import re
from email import message_from_bytes, policy
from html.parser import HTMLParser

import icalendar
import pytest
import sqlalchemy as sa

from board.common.markdown import render_markdown
from board.extensions import db
from tests.security.forms_data import FORMS, meeting_form, pages_for
from tests.security.matrix_targets import find_targets

XSS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//example.com/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)"/>',
    "<body onload=alert(1)>",
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x=20 y=20>x</text></a></svg>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href=" JaVaScRiPt:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<div style="background:url(javascript:alert(1))" onclick=alert(1)>x</div>',
    "<details open ontoggle=alert(1)>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<<script>script>alert(1)<</script>/script>",
    "<img src=x onerror=alert(1)//",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '![x](x" onerror="alert(1))',
    "![x](javascript:alert(1))",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "[<img src=x onerror=alert(1)>](https://example.org)",
    "`<script>alert(1)</script>`",
    "<style>body{display:none}</style>",
]
CORPUS = "\n\n".join(XSS)

DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "background", "poster"}
BANNED_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}


class _ExecutableFinder(HTMLParser):
    """Collects anything in parsed HTML that a browser could run."""

    def __init__(self, allow_static_scripts: bool):
        super().__init__(convert_charrefs=True)
        self.allow_static_scripts = allow_static_scripts
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = [(name.lower(), value or "") for name, value in attrs]
        if tag == "script":
            src = dict(attrs).get("src", "")
            if not (self.allow_static_scripts and src.startswith("/static/")):
                self.found.append(f"<script {attrs}>")
        if tag in BANNED_TAGS:
            self.found.append(f"<{tag}>")
        if tag == "meta" and dict(attrs).get("http-equiv", "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in URL_ATTRIBUTES:
                squeezed = re.sub(r"[\x00-\x20]+", "", html.unescape(value)).lower()
                if squeezed.startswith(DANGEROUS_SCHEMES):
                    self.found.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag


def executable_bits(markup: str, *, page: bool = False) -> list[str]:
    """What in this HTML would run (empty when it is safe)."""
    finder = _ExecutableFinder(allow_static_scripts=page)
    finder.feed(markup)
    finder.close()
    return finder.found


@pytest.mark.parametrize("payload", XSS)
def test_renderer_drops_everything_executable(payload):
    """Anyone: each payload through the markdown renderer comes out inert."""
    assert executable_bits(str(render_markdown(payload))) == []


def _stored_html() -> list[tuple[str, str]]:
    """Every stored rendered-HTML column in the database, row by row."""
    inspector = sa.inspect(db.engine)
    found = []
    for table in inspector.get_table_names():
        for column in inspector.get_columns(table):
            if column["name"].endswith("_html"):
                for (value,) in db.session.execute(sa.text(f'SELECT "{column["name"]}" FROM "{table}"')):
                    found.append((f"{table}.{column['name']}", value or ""))
    return found


def test_payloads_through_every_form_store_and_serve_nothing_executable(app, secretariat):
    """Secretariat: the corpus in every text field is saved (or refused), then shown inert everywhere."""
    targets = find_targets()
    problems = []
    for name, build in FORMS.items():
        url, data, pages = build(targets, CORPUS)
        response = secretariat.post_form(url, data)
        assert response.status_code in (200, 302), f"{name}: {response.status_code}"
        assert response.status_code == 302, f"{name}: the corpus was refused, so nothing of it is shown"
        shown = False
        for page in pages_for(pages, response):
            served = secretariat.get(page)
            assert served.status_code == 200, f"{name}: {page} answered {served.status_code}"
            body = served.get_data(as_text=True)
            shown = shown or "alert(1)" in body
            for bit in executable_bits(body, page=True):
                problems.append(f"{name}: {page} serves {bit}")
        assert shown, f"{name}: no page showed the payloads, so the check proved nothing"
    db.session.expire_all()
    for where, value in _stored_html():
        for bit in executable_bits(value):
            problems.append(f"stored {where}: {bit}")
    assert not problems, "\n".join(problems)


PROBES = [
    "<script>window.__xss = 1; alert(1)</script>",
    '<img src=x onerror="window.__xss = 1; alert(1)">',
    '<svg onload="window.__xss = 1; alert(1)"></svg>',
    '"><img src=x onerror="window.__xss=1">',
    '<details open ontoggle="window.__xss = 1">x</details>',
    '![x](x" onerror="window.__xss=1)',
    "[click](javascript:window.__xss=1)",
]


def test_no_payload_runs_in_chromium(page, live_server, sign_in):
    """Secretariat in Chromium: pages showing the probes raise no dialog and set no window.__xss."""
    from tests.conftest import Client

    app = live_server.app
    app.test_client_class = Client
    corpus = "\n\n".join(PROBES)
    visits = []
    with app.app_context():
        targets = find_targets()
        poster = app.test_client()
        poster.sign_in("secretariat@example.org")
        for name, build in FORMS.items():
            url, data, pages = build(targets, corpus)
            response = poster.post_form(url, data)
            assert response.status_code == 302, f"{name}: {response.status_code}"
            visits += pages_for(pages, response)
        db.session.remove()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in("secretariat@example.org")
    for address in dict.fromkeys(visits):
        page.goto(address)
        page.wait_for_load_state("load")
        ran = page.evaluate("window.__xss")
        js_links = page.evaluate(
            "[...document.querySelectorAll('[href],[src]')].map(e => e.getAttribute('href') || e.getAttribute('src'))"
            ".filter(v => /^\\s*(javascript|data|vbscript):/i.test(v))"
        )
        assert ran is None and not js_links, f"{address}: payload ran ({ran}) or left a link {js_links}"
    assert dialogs == []


# --- header injection ------------------------------------------------------------------


def _ical_lines(raw: bytes) -> list[str]:
    """Content lines after unfolding (a folded line continues with a space)."""
    return raw.decode().replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


def _assert_one_clean_event(raw: bytes):
    calendar = icalendar.Calendar.from_ical(raw)
    assert len(list(calendar.walk("VEVENT"))) == 1
    names = [line.split(":", 1)[0].split(";", 1)[0] for line in _ical_lines(raw) if line]
    assert "X-INJECTED" not in names and "BCC" not in names
    assert not [line for line in _ical_lines(raw) if line.startswith("ATTENDEE") and "evil@" in line]
    summary = next(line for line in _ical_lines(raw) if line.startswith("SUMMARY"))
    assert "evil@example.com" in summary  # the whole title stayed inside the one property


def test_line_breaks_in_a_title_add_no_calendar_property_or_mail_header(app, secretariat):
    """Secretariat: a CRLF title through the form stays inside SUMMARY and inside one Subject header."""
    targets = find_targets()
    evil = "Board\r\nATTENDEE:mailto:evil@example.com\r\nBcc: evil@example.com\nX-Injected: yes"
    url, data, _ = meeting_form(targets, "safe")
    data["title"] = evil
    before = db.session.execute(sa.text("SELECT COALESCE(MAX(id), 0) FROM outbox_message")).scalar()
    response = secretariat.post_form(url, data)
    assert response.status_code == 302
    meeting_id = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]

    ics = secretariat.get(f"/meetings/{meeting_id}.ics")
    assert ics.status_code == 200
    _assert_one_clean_event(ics.get_data())

    raws = db.session.execute(sa.text("SELECT raw FROM outbox_message WHERE id > :i"), {"i": before}).scalars().all()
    assert raws, "the new meeting queued no invitations"
    for raw in raws:
        message = message_from_bytes(bytes(raw), policy=policy.default)
        assert message.get("X-Injected") is None and message.get("Bcc") is None
        assert len(message.get_all("Subject")) == 1 and "\n" not in message["Subject"]
        calendars = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
        assert calendars
        for part in calendars:
            _assert_one_clean_event(part.get_payload(decode=True))


def test_bracket_bombs_render_quickly_and_as_typed():
    """Anyone with a markdown field: paragraphs full of brackets cannot pin a worker (was cubic: 10 kB took 15 s)."""
    import time

    bombs = ["[" * 20_000, ("[" * 50 + "x\n") * 400, "![" * 10_000, "[x](" * 5_000, "[" * 10_000 + "]" * 10_000]
    for bomb in bombs:
        started = time.perf_counter()
        html = str(render_markdown(bomb))
        assert time.perf_counter() - started < 2, f"{bomb[:12]!r}… took too long"
        assert html.count("[") == bomb.count("[")  # shown as typed
    # Links still work, also after a run of brackets, and code keeps its brackets.
    html = str(render_markdown("[" * 60 + " see [the plan](https://example.org/plan)\n\n    [(" + "[" * 70))
    assert 'href="https://example.org/plan"' in html and "[(" + "[" * 70 in html
