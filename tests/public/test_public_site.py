"""The public record: opt-in per body and per record, the public pages, caching without a
session, and nothing that is not public ever showing (a crawl with a marker)."""

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from board.audit.models import AuditEntry
from board.extensions import db
from board.minutes.models import MinutesStatus
from board.public.models import PublicBody, PublicEntry
from board.submissions.models import PartnerUpdate
from tests.conftest import messages, text
from tests.public.conftest import MARKER, approve_as_if_at_a_meeting


def choose(client, meeting, *records, status=302):
    """Secretariat: tick exactly these records of the meeting as public."""
    values = [f"{kind}:{obj.id}" for kind, obj in records]
    response = client.post_form(f"/publishing/meetings/{meeting.id}", {"public": values})
    assert response.status_code == status, text(response)[:500]
    return response


def paper_url(slug, paper):
    version = paper.current
    return f"/public/{slug}/papers/{version.id}/{version.filename}"


# --- opt-in ------------------------------------------------------------------------


def test_a_body_is_not_public_until_switched_on_and_off_again_at_once(secretariat, client, sog):
    """Secretariat: the sub-group publishes nothing until switched on; switching off hides it all."""
    assert client.get("/public/synthetic-opioids/").status_code == 404
    assert "Synthetic Opioids" not in text(client.get("/public/"))

    secretariat.post_form("/publishing/bodies/synthetic-opioids", {"publish": "on", "shows_venue": "yes"})
    assert client.get("/public/synthetic-opioids/").status_code == 200
    assert "Synthetic Opioids" in text(client.get("/public/"))
    assert db.session.get(PublicBody, sog.id).shows_venue is True

    secretariat.post_form("/publishing/bodies/synthetic-opioids", {"publish": "off"})
    assert client.get("/public/synthetic-opioids/").status_code == 404
    assert client.get("/public/synthetic-opioids/decisions").status_code == 404
    actions = db.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.record_type == "body", AuditEntry.record_id == sog.id)
    ).all()
    assert "public record switched on" in actions and "public record switched off" in actions


def test_nothing_of_a_meeting_is_public_until_chosen(client, made):
    """Anyone: a meeting of a published body shows its date, but no item, paper or minutes until chosen."""
    page = client.get(f"/public/board/meetings/{made.meeting.id}")
    assert page.status_code == 200
    assert "Nothing of this meeting's agenda is published" in text(page)
    assert made.public_item.title not in text(page)
    assert client.get(paper_url("board", made.public_paper)).status_code == 404
    assert client.get(f"/public/board/meetings/{made.meeting.id}/minutes").status_code == 404


def test_secretariat_publishes_an_item_and_paper_and_withdraws_the_paper(secretariat, client, made):
    """Secretariat: tick an item and its paper; anyone reads and downloads; withdrawal is at once and audited."""
    choose(secretariat, made.meeting, ("item", made.public_item), ("paper", made.public_paper))
    page = client.get(f"/public/board/meetings/{made.meeting.id}")
    assert made.public_item.title in text(page) and "Naloxone report" in text(page)
    download = client.get(paper_url("board", made.public_paper))
    assert download.status_code == 200
    assert download.data.startswith(b"%PDF") and b"Naloxone in every district" in download.data
    assert "attachment" in download.headers["Content-Disposition"]
    assert download.headers["Cache-Control"] == "public, no-cache"  # revalidated: a withdrawal is at once
    # the other paper of the same item stays private
    assert client.get(paper_url("board", made.hidden_paper)).status_code == 404

    listing = secretariat.get("/publishing")
    assert "Naloxone report" in text(listing)
    entry = db.session.scalar(
        sa.select(PublicEntry).where(PublicEntry.kind == "paper", PublicEntry.object_id == made.public_paper.id)
    )
    response = secretariat.post_form(f"/publishing/entries/{entry.id}/withdraw")
    assert response.status_code == 302
    assert "Withdrawn from the public site: Naloxone report." in messages(secretariat.get(response.location))
    assert client.get(paper_url("board", made.public_paper)).status_code == 404
    assert "Naloxone report" not in text(client.get(f"/public/board/meetings/{made.meeting.id}"))
    audit = db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.record_type == "public_entry")).all()
    assert "made public" in audit and "withdrawn from public" in audit


def test_a_cover_paper_goes_public_as_published_and_not_as_redrafted(secretariat, client, made):
    """Secretariat and anyone: a cover paper is public only when chosen, and the public reads the
    version in the published agenda (numbered, with its attachment), never the later redraft,
    nor the contact's e-mail address."""
    page = f"/public/board/cover-papers/{made.cover.id}"
    assert client.get(page).status_code == 404
    choose(secretariat, made.meeting, ("item", made.public_item))
    assert client.get(page).status_code == 404  # the item alone does not publish its cover paper
    meeting_page = text(client.get(f"/public/board/meetings/{made.meeting.id}"))
    assert "Cover paper" not in meeting_page

    choose(secretariat, made.meeting, ("item", made.public_item), ("cover_paper", made.cover))
    meeting_page = client.get(f"/public/board/meetings/{made.meeting.id}").get_data(as_text=True)
    assert f'href="{page}"' in meeting_page
    body = client.get(page).get_data(as_text=True)
    assert "Naloxone cover paper" in body and "1." in body and "Sam Whitworth" in body
    assert "Redraft" not in body and MARKER not in body and "sam.whitworth@example.org" not in body
    link = re.search(r'href="(/public/board/cover-papers/\d+/attachments/[^"]+)"', body).group(1)
    download = client.get(link)
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    assert download.headers["Cache-Control"] == "public, no-cache"
    assert client.get(f"{page}/attachments/999999/report.pdf").status_code == 404  # a guessed attachment

    # the secretariat's list says it is public; withdrawing it takes it off at once
    listing = text(secretariat.get("/publishing"))
    assert "Cover paper: Naloxone cover paper" in listing
    entry = db.session.scalar(
        sa.select(PublicEntry).where(PublicEntry.kind == "cover_paper", PublicEntry.object_id == made.cover.id)
    )
    assert secretariat.post_form(f"/publishing/entries/{entry.id}/withdraw").status_code == 302
    assert client.get(page).status_code == 404
    assert client.get(link).status_code == 404


@pytest.mark.parametrize("which", ["confidential_item", "confidential_paper", "confidential_decision", "minutes"])
def test_what_may_never_be_public_is_refused_and_nothing_changes(secretariat, made, which):
    """Secretariat: ticking a confidential record, or minutes not yet approved, is refused with a reason."""
    kind = {"confidential_item": "item", "confidential_paper": "paper", "confidential_decision": "decision"}.get(
        which, "minutes"
    )
    response = choose(secretariat, made.meeting, ("item", made.public_item), (kind, getattr(made, which)), status=400)
    said = " ".join(messages(response))
    assert "cannot be public" in said
    assert ("Not approved yet" if which == "minutes" else "Confidential: never public") in said
    # what was ticked is still ticked, and nothing was saved
    assert re.search(rf'value="item:{made.public_item.id}" checked', response.get_data(as_text=True))
    saved = db.session.execute(sa.select(PublicEntry.kind, PublicEntry.object_id)).all()
    assert ("item", made.public_item.id) not in saved and (kind, getattr(made, which).id) not in saved


def test_a_forged_choice_from_another_meeting_is_refused(secretariat, made):
    """Secretariat: a record that is not part of the meeting (an altered form) is refused, not saved."""
    other = db.session.scalar(sa.select(PublicEntry.object_id).where(PublicEntry.kind == "item").limit(1))
    response = secretariat.post_form(f"/publishing/meetings/{made.meeting.id}", {"public": [f"item:{other}", "bogus"]})
    assert response.status_code == 400
    assert "not part of this meeting" in " ".join(messages(response))


def test_a_record_that_becomes_confidential_after_publishing_disappears(secretariat, client, made):
    """Anyone: an item made public and later marked confidential (and re-published) is gone, paper too."""
    choose(secretariat, made.meeting, ("item", made.public_item), ("paper", made.public_paper))
    assert client.get(paper_url("board", made.public_paper)).status_code == 200
    made.public_item.is_confidential = True
    db.session.commit()
    assert made.public_item.title not in text(client.get(f"/public/board/meetings/{made.meeting.id}"))
    assert client.get(paper_url("board", made.public_paper)).status_code == 404
    listing = text(secretariat.get("/publishing"))
    assert "Not shown The item is confidential." in listing


def test_minutes_go_public_only_approved_and_without_confidential_sections(secretariat, client, made):
    """Anyone: approved minutes, once made public, read in their version for wider circulation."""
    approve_as_if_at_a_meeting(made.minutes)
    db.session.commit()
    choose(secretariat, made.meeting, ("minutes", made.minutes))
    page = client.get(f"/public/board/meetings/{made.meeting.id}/minutes")
    assert page.status_code == 200
    assert "The Board discussed naloxone supply." in text(page)
    assert MARKER not in page.get_data(as_text=True)
    # un-approving (the secretariat's undo) takes them off at once
    made.minutes.status = MinutesStatus.CIRCULATED.value
    db.session.commit()
    assert client.get(f"/public/board/meetings/{made.meeting.id}/minutes").status_code == 404


def test_public_decisions_register_with_search(secretariat, client, made):
    """Anyone: the decisions made public, searchable; confidential ones never, even if an entry says so."""
    choose(secretariat, made.meeting, ("decision", made.decision))
    # an entry for the confidential decision written around the app still shows nothing
    db.session.add(PublicEntry(body_id=made.meeting.body_id, kind="decision", object_id=made.confidential_decision.id))
    db.session.commit()
    page = text(client.get("/public/board/decisions?q=naloxone+supply"))
    assert made.decision.reference in page and "Every district stocks naloxone." in page
    assert MARKER not in page
    assert made.decision.reference not in text(client.get("/public/board/decisions?q=nothing-like-this"))
    assert client.get("/public/board/decisions?q=%25_%5C").status_code == 200  # LIKE wildcards are literal


# --- caching and the session -------------------------------------------------------


def test_public_pages_are_cacheable_and_answer_304(client):
    """A proxy may keep a public page five minutes; a reader who has it gets 304."""
    first = client.get("/public/board/")
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "public, max-age=300"
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = client.get("/public/board/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get("/public/board/", headers={"If-None-Match": '"other"'}).status_code == 200


def test_public_pages_never_read_or_set_the_session(client_as):
    """A signed-in reader gets the very same public page as anyone: no cookie set, no Vary: Cookie."""
    signed_in = client_as("secretariat@example.org")
    anonymous_page = signed_in.application.test_client().get("/public/board/meetings")
    page = signed_in.get("/public/board/meetings")
    assert page.data == anonymous_page.data
    assert page.headers["ETag"] == anonymous_page.headers["ETag"]
    assert "Set-Cookie" not in page.headers
    assert "Cookie" not in page.headers.get("Vary", "")
    assert "Sign out" not in text(page)
    # the signed-in pages are the opposite: private, never indexed
    home = signed_in.get("/")
    assert home.headers["Cache-Control"] == "no-store"
    assert "noindex" in home.headers["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex, nofollow">' in home.get_data(as_text=True)


def test_robots_sitemap_and_canonical(client, secretariat, made):
    """Search engines: robots.txt allows /public/ only; the sitemap lists public pages; pages name their canonical address."""
    robots = client.get("/robots.txt").get_data(as_text=True)
    assert "Allow: /public/" in robots and "Disallow: /\n" in robots and "Sitemap: " in robots
    choose(secretariat, made.meeting, ("item", made.public_item))
    sitemap = ET.fromstring(client.get("/sitemap.xml").data)
    locs = [el.text for el in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert any(loc.endswith(f"/public/board/meetings/{made.meeting.id}") for loc in locs)
    assert all("/public/" in loc for loc in locs)
    page = client.get("/public/board/").get_data(as_text=True)
    assert re.search(r'<link rel="canonical" href="http://[^"]+/public/board/">', page)


def test_feed_and_calendar(client, secretariat, made):
    """Anyone: the Atom feed lists what was made public; the calendar has upcoming meetings and no people."""
    choose(secretariat, made.meeting, ("item", made.public_item), ("paper", made.public_paper))
    feed = ET.fromstring(client.get("/public/board/feed.atom").data)
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [e.findtext(f"{atom}title") for e in feed.iter(f"{atom}entry")]
    assert "Paper: Naloxone report" in titles and f"Agenda item: {made.public_item.title}" in titles
    response = client.get("/public/board/meetings.ics")
    assert response.mimetype == "text/calendar"
    cal = Calendar.from_ical(response.data)
    events = cal.walk("VEVENT")
    ours = [e for e in events if str(e["url"]).endswith(f"/public/board/meetings/{made.meeting.id}")]
    assert len(ours) == 1 and str(ours[0]["location"]) == "Wellington House, Wakefield"
    raw = response.get_data(as_text=True)
    assert "ATTENDEE" not in raw and "ORGANIZER" not in raw and "mailto:" not in raw and "teams.example" not in raw


# --- permissions -------------------------------------------------------------------


@pytest.mark.parametrize("email", ["lead.leeds@example.org", "chair@example.org"])
def test_only_the_secretariat_manages_the_public_record(client_as, made, email):
    """Members and leads: the publishing pages are refused; a POST changes nothing."""
    c = client_as(email)
    assert c.get("/publishing").status_code == 403
    assert c.get(f"/publishing/meetings/{made.meeting.id}").status_code == 403
    assert (
        c.post_form(f"/publishing/meetings/{made.meeting.id}", {"public": [f"item:{made.public_item.id}"]}).status_code
        == 403
    )
    assert c.post_form("/publishing/bodies/synthetic-opioids", {"publish": "on"}).status_code == 403
    assert (
        db.session.scalar(
            sa.select(PublicEntry).where(PublicEntry.object_id == made.public_item.id, PublicEntry.kind == "item")
        )
        is None
    )


# --- nothing leaks -----------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def crawl(client, start: list[str]) -> dict[str, bytes]:
    """Every public address reachable from ``start``: its bytes, by path (query kept)."""
    seen, queue = {}, list(start)
    while queue:
        url = queue.pop()
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path in seen or not (parts.path.startswith("/public") or parts.path in ("/robots.txt", "/sitemap.xml")):
            continue
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        seen[path] = response.data
        if response.mimetype in ("text/html", "application/xml", "application/atom+xml"):
            body = response.get_data(as_text=True)
            parser = _Links()
            parser.feed(body)
            found = parser.links + re.findall(r"<loc>([^<]+)</loc>", body) + re.findall(r'<link href="([^"]+)"', body)
            queue += [urljoin("http://127.0.0.1:5000" + path, link) for link in found]
    return seen


def test_no_marked_field_ever_reaches_the_public_site(secretariat, client, made, sog):
    """The whole public site, its feeds and files, crawled: no confidential or non-public text, no address."""
    # every kind of public record of the meeting is chosen, as the secretariat would
    approve_as_if_at_a_meeting(made.minutes)
    db.session.commit()
    choose(
        secretariat,
        made.meeting,
        ("item", made.public_item),
        ("paper", made.public_paper),
        ("minutes", made.minutes),
        ("decision", made.decision),
        ("cover_paper", made.cover),
    )
    # entries forged around the app for what must never show: still never shown
    for kind, obj in (
        ("item", made.confidential_item),
        ("paper", made.confidential_paper),
        ("decision", made.confidential_decision),
        ("cover_paper", made.private_cover),
    ):
        db.session.add(PublicEntry(body_id=made.meeting.body_id, kind=kind, object_id=obj.id))
    # drafts elsewhere carry the marker too: a partner update, the sub-group's terms of reference
    for update in db.session.scalars(sa.select(PartnerUpdate).limit(5)):
        update.risks = update.risks_html = f"Draft {MARKER}"
    sog.terms_of_reference_html = f"<p>{MARKER}</p>"
    db.session.commit()

    pages = crawl(
        client, ["/public/", "/robots.txt", "/sitemap.xml", "/public/board/feed.atom", "/public/board/meetings.ics"]
    )
    pages.update(crawl(client, [f"/public/board/meetings/{made.meeting.id}", "/public/board/meetings?year=2031"]))
    assert f"/public/board/meetings/{made.meeting.id}/minutes" in pages
    assert paper_url("board", made.public_paper) in pages
    assert f"/public/board/cover-papers/{made.cover.id}" in pages
    assert any("/attachments/" in path for path in pages)
    assert len(pages) > 20
    for path, data in pages.items():
        assert MARKER.encode() not in data and MARKER.lower().encode() not in data, path
        assert not re.search(rb"[\w.+-]+@example\.(org|com)", data), path

    # unpublished records are 404, and so are guesses across bodies
    for url in (
        paper_url("board", made.hidden_paper),
        paper_url("board", made.confidential_paper),
        f"/public/board/meetings/{made.meeting.id + 100000}",
        f"/public/board/cover-papers/{made.private_cover.id}",
        "/public/synthetic-opioids/meetings",
        "/public/no-such-body/",
    ):
        assert client.get(url).status_code == 404, url
