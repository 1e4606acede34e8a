"""Every page each role can reach is valid HTML, by the W3C Nu Html Checker (vnu).

The test signs in as each demo role, crawls the pages it can reach by following
same-site links from the home page and sending its search and filter forms (GET
only), adds the signed-out pages, a password link, a 404 and each kind of form posted
empty (error summaries and error messages have their own markup), writes every page
to a folder and runs vnu once over the folder: one JVM start for all the pages. A
canary page with a known error proves that vnu read the folder. Any error or warning fails it, listing file, page address,
line and message, except the warning about GOV.UK Frontend's deliberate
``role="group"`` on fieldsets. The pages are kept in test-artifacts/html (with
test-artifacts/html-pages.tsv saying which address each file is).

It needs Java and vnu.jar: ``scripts/check-html`` installs both and runs it. Without
them it fails with the install command; BOARD_HTML_CHECK=skip makes it skip instead,
for a local run (never in CI).
"""

import json
import os
import re
import shutil
import subprocess
import time
from collections import Counter, deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlencode, urljoin, urlsplit

import pytest
import sqlalchemy as sa
from werkzeug.exceptions import HTTPException

from board.common.outbox import OutboxMessage
from board.extensions import db
from tests.conftest import run_mail_worker
from tests.html.conftest import SUMMARY

pytestmark = pytest.mark.html

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(os.environ.get("VNU_JAR") or ROOT / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar")
INSTALL = (
    "scripts/check-html (or: apt-get install -y default-jre-headless; "
    "npm install --prefix .cache/vnu --ignore-scripts vnu-jar)"
)

# The demo people of the README's table, one for each kind of role.
ROLES = {
    "secretariat": "secretariat@example.org",
    "chair": "chair@example.org",
    "lead": "lead.leeds@example.org",
    "hmpps": "hmpps@example.org",
    "member": "member@example.org",
    "coroner": "coroner@example.org",
}
PAGES_PER_ROLE = 150
PAGES_PER_ENDPOINT = 3  # e.g. three meetings, three actions: breadth before depth
# Downloads and feeds: not HTML pages (and some, like the PDFs, are slow to make).
NOT_PAGES = {
    "static",
    "meetings.feed",
    "meetings.meeting_ics",
    "actions.export",
    "decisions.export",
    "agendas.agenda_pack_pdf",
    "agendas.download_paper",
    "minutes.pdf",
    "minutes.markdown_download",
    "submissions.download_file",
    "common.healthz",
}
# GOV.UK Frontend puts role="group" on the fieldsets of date inputs and checkboxes on
# purpose (for screen readers that ignore a fieldset); vnu warns that it is unnecessary.
ALLOWED_WARNINGS = {"The “group” role is unnecessary for element “fieldset”."}
CANARY = "0000-canary.html"
TEXT_FIELDS = {"text", "email", "password", "search", "tel", "url", "number", "date", "file"}


class _Page(HTMLParser):
    """The links and the forms of a page: a POST form's hidden fields and how many fields
    it has to leave empty; what a GET form (search, filters) sends as it stands."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.forms = [], []
        self._form = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        form = self._form
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action") or "",
                "hidden": {},
                "fields": 0,
                "values": [],
            }
            self.forms.append(self._form)
        elif form is None or not attrs.get("name") and tag != "option":
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind == "hidden":
                form["hidden"][attrs["name"]] = attrs.get("value") or ""
            if kind in TEXT_FIELDS:
                form["fields"] += 1
            if kind in ("checkbox", "radio") and "checked" not in attrs or kind in ("submit", "button", "file"):
                return
            # A GET form's empty search box gets a word that the demo data has.
            value = attrs.get("value") or ("meeting" if kind == "search" or attrs["name"] == "q" else "")
            form["values"].append((attrs["name"], value))
        elif tag in ("textarea", "select"):
            form["fields"] += 1
            if tag == "select":
                self._select = {"name": attrs["name"], "first": None, "chosen": None}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value") or ""
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs and self._select["chosen"] is None:
                self._select["chosen"] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            chosen = self._select["chosen"] if self._select["chosen"] is not None else self._select["first"]
            self._form["values"].append((self._select["name"], chosen or ""))
            self._select = None


class Crawl:
    """Pages written to a folder, and what each file is."""

    def __init__(self, app, folder: Path):
        self.app, self.folder = app, folder
        self.adapter = app.url_map.bind("localhost")
        self.pages: dict[str, str] = {}  # file name -> "role GET /address (status)"
        self.forms: dict[str, tuple] = {}  # form endpoint -> (role, client, page address, form)
        self.server_errors: list[str] = []

    def endpoint(self, path: str, method: str = "GET") -> str | None:
        try:
            return self.adapter.match(path, method=method)[0]
        except HTTPException:
            return None

    def save(self, role: str, what: str, response) -> None:
        if not response.mimetype == "text/html":
            return
        if response.status_code >= 500:
            self.server_errors.append(f"{role} {what}: {response.status_code}")
        slug = re.sub(r"[^A-Za-z0-9]+", "-", what).strip("-")[:80]
        name = f"{role}-{len(self.pages) + 1:04d}-{slug}.html"
        (self.folder / name).write_bytes(response.get_data())
        self.pages[name] = f"{role} {what} ({response.status_code})"

    def role(self, role: str, client, start: str = "/") -> int:
        seen, per_endpoint, saved = {start}, Counter(), 0
        queue = deque([start])
        while queue and saved < PAGES_PER_ROLE:
            address = queue.popleft()
            response = client.get(address)
            if response.status_code in (301, 302, 303, 307, 308):
                targets = [response.headers["Location"]]
            else:
                self.save(role, f"GET {address}", response)
                saved += 1
                if response.mimetype != "text/html":
                    continue
                page = _Page()
                page.feed(response.get_data(as_text=True))
                targets = list(page.links)
                for form in page.forms:
                    if form["method"] == "get":  # search and filters: sent as they stand
                        targets.append(f"{form['action'] or address.split('?')[0]}?{urlencode(form['values'])}")
                    else:
                        self._remember_form(role, client, address, form)
            for href in targets:
                target = self._same_site(address, href)
                if target is None or target in seen:
                    continue
                seen.add(target)
                endpoint = self.endpoint(urlsplit(target).path)
                if endpoint is None or endpoint in NOT_PAGES or endpoint == "auth.sign_out":
                    continue
                per_endpoint[endpoint] += 1
                if per_endpoint[endpoint] <= PAGES_PER_ENDPOINT:
                    queue.append(target)
        return saved

    def _same_site(self, base: str, href: str) -> str | None:
        url = urlsplit(urljoin(f"http://localhost{base}", urldefrag(href)[0]))
        if url.scheme not in ("http", "https") or url.netloc != "localhost":
            return None
        return url.path + (f"?{url.query}" if url.query else "")

    def _remember_form(self, role, client, address, form) -> None:
        """The first form seen for each POST endpoint that has fields to leave empty."""
        if form["method"] != "post" or not form["fields"]:
            return
        action = self._same_site(address, form["action"] or address)
        endpoint = action and self.endpoint(urlsplit(action).path, "POST")
        if endpoint and endpoint not in self.forms:
            self.forms[endpoint] = (role, client, action, form)

    def empty_forms(self) -> int:
        """Post each form with nothing filled in (only its hidden fields): the error states."""
        posted = 0
        for role, client, action, form in self.forms.values():
            response = client.post(action, data=form["hidden"])
            if response.status_code < 300:
                self.save(role, f"POST {action} empty", response)
                posted += 1
        return posted


def _last_password_link() -> str:
    raw = db.session.scalars(sa.select(OutboxMessage.raw).order_by(OutboxMessage.id.desc())).first()
    return re.search(r"http://localhost(/password/set/[\w-]+)", raw.decode()).group(1)


def _vnu_command() -> list[str]:
    java = shutil.which("java")
    if java and VNU_JAR.is_file():
        return [java, "-Xss1024k", "-jar", str(VNU_JAR)]
    if os.environ.get("BOARD_HTML_CHECK") == "skip" and not os.environ.get("CI"):
        pytest.skip("BOARD_HTML_CHECK=skip: Java or vnu.jar is missing, the HTML check did not run")
    missing = "java" if not java else str(VNU_JAR)
    pytest.fail(
        f"The HTML check needs Java and the Nu Html Checker: {missing} is missing. Install: {INSTALL}", pytrace=False
    )


def test_every_page_is_valid_html(app, client, client_as, tmp_path, request):
    vnu = _vnu_command()
    folder = tmp_path / "pages"
    folder.mkdir()
    crawl = Crawl(app, folder)
    started = time.monotonic()

    counts = {}
    for role, email in ROLES.items():
        counts[role] = crawl.role(role, client_as(email))
    # Signed out: the home page sends you to sign in; a wrong password is an error state.
    counts["signed-out"] = crawl.role("signed-out", client)
    # The public record, as anyone reads it (the demo publishes the Board's last two years).
    counts["public"] = crawl.role("public", client, "/public/")
    crawl.role("signed-out", client, "/password/forgot")
    crawl.save("signed-out", "GET /no-such-page", client.get("/no-such-page"))
    token = client.csrf_token()
    crawl.save(
        "signed-out",
        "POST /sign-in wrong password",
        client.post("/sign-in", data={"csrf_token": token, "email": "member@example.org", "password": "wrong"}),
    )
    counts["forms posted empty"] = crawl.empty_forms()
    # The page a password link opens (as someone who forgot theirs), and a dead link.
    client.post("/password/forgot", data={"csrf_token": token, "email": "member@example.org"})
    run_mail_worker()  # the worker answers reset requests with the link
    link = _last_password_link()
    crawl.save("signed-out", f"GET {link}", client.get(link))
    crawl.save("signed-out", f"POST {link} empty", client.post(link, data={"csrf_token": client.csrf_token()}))
    crawl.save("signed-out", "GET /password/set/no-such-link", client.get("/password/set/no-such-link"))
    crawled = time.monotonic() - started

    assert not crawl.server_errors, "Pages that failed:\n" + "\n".join(crawl.server_errors)
    assert counts["secretariat"] > 50, f"the crawl found too few pages: {counts}"

    # A page with a known error: if vnu reports nothing for it, it checked nothing.
    (folder / CANARY).write_text('<!DOCTYPE html><html lang="en"><title>canary</title><div required></div></html>')
    result = subprocess.run(
        [*vnu, "--exit-zero-always", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    checked = time.monotonic() - started - crawled
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu gave no report (exit {result.returncode}):\n{result.stderr}\n{result.stdout}")

    keep = ROOT / "test-artifacts" / "html"  # the pages, for a look afterwards (git-ignored)
    shutil.rmtree(keep, ignore_errors=True)
    shutil.copytree(folder, keep, ignore=shutil.ignore_patterns(CANARY))
    (keep.parent / "html-pages.tsv").write_text("".join(f"{name}\t{what}\n" for name, what in crawl.pages.items()))

    canary = [m for m in messages if m.get("url", "").endswith(f"/{CANARY}")]
    assert canary, f"vnu reported nothing for the canary page, so it checked nothing: {result.stderr[:2000]}"
    messages = [m for m in messages if m not in canary]
    excepted = [m for m in messages if m.get("message") in ALLOWED_WARNINGS and m.get("subType") == "warning"]
    errors = [m for m in messages if m not in excepted and (m.get("type") != "info" or m.get("subType") == "warning")]
    summary = (
        f"{len(crawl.pages)} pages ({', '.join(f'{k} {v}' for k, v in counts.items())}); "
        f"crawl {crawled:.0f}s, vnu {checked:.0f}s"
    )
    request.config.stash[SUMMARY] = (
        f'{summary}; {len(errors)} errors and warnings ({len(excepted)} role="group" warnings excepted)'
    )
    if errors:
        lines = []
        for m in errors:
            name = Path(m.get("url", "").removeprefix("file:")).name
            kind = "warning" if m.get("subType") == "warning" else m.get("type")
            lines.append(
                f"{name} [{crawl.pages.get(name, '?')}] line {m.get('lastLine', '?')}: "
                f"{kind}: {m.get('message')}\n    {m.get('extract', '').strip()}"
            )
        by_message = Counter(m.get("message", "") for m in errors)
        kinds = "\n".join(f"{n:4d}  {message}" for message, n in by_message.most_common())
        pytest.fail(
            f"{len(errors)} HTML errors on {summary} (pages kept in {keep}):\n{kinds}\n\n" + "\n".join(lines),
            pytrace=False,
        )
