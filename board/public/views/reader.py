"""The public site at /public/: what a body publishes, readable by anyone, no sign-in.

Every page here is the same for every reader: it never opens the session and is sent
through ``public_response`` (cacheable, ETag, 304). Anything not published is 404, never
403, so guessing addresses reveals nothing.
"""

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, render_template, request, url_for
from icalendar import Event

from board.agendas.papers import paper_bytes
from board.common.timeutil import now_utc, to_london, today_london
from board.decisions.models import Decision, DecisionStatus
from board.extensions import db
from board.meetings.ical import feed_calendar, site
from board.meetings.models import Meeting, MeetingStatus
from board.papers import outputs as cover_outputs
from board.papers.attachments import attachment_bytes
from board.papers.models import CoverAttachmentVersion
from board.people.models import Body
from board.public import entries, record, summary
from board.public.models import PublicKind
from board.public.site import public_response

bp = Blueprint("public", __name__)

DECISIONS_PER_PAGE = 50
_DECISION_COLUMNS = (
    Decision.id,
    Decision.reference,
    Decision.title,
    Decision.decided_on,
    Decision.status,
    Decision.meeting_id,
    Decision.text_html,
)


def external(endpoint: str, **values) -> str:
    """The canonical address of a public page, on the site's configured base address."""
    return current_app.config["BOARD_BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def _page(template: str, **context):
    context.setdefault("canonical", external(request.endpoint, **(request.view_args or {})))
    return public_response(render_template(template, **context))


def _meeting_of(body: Body, meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or meeting.body_id != body.id:
        abort(404)
    return meeting


@bp.get("/public/")
def index():
    """Anyone: the bodies that publish their record."""
    return _page("public/index.html", bodies=record.published_bodies())


@bp.get("/public")
def index_without_slash():
    return index()


@bp.get("/public/accessibility")
def accessibility():
    """Anyone: the accessibility statement of the public pages."""
    return _page("public/accessibility.html")


@bp.get("/public/<slug>/")
def body(slug: str):
    """Anyone: a body's page: terms of reference and members by role and organisation."""
    body, public = record.published_body_or_404(slug)
    members = record.current_members(body, today_london())
    upcoming = db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.body_id == body.id, Meeting.starts_at >= now_utc(), Meeting.status != MeetingStatus.CANCELLED)
        .order_by(Meeting.starts_at)
        .limit(3)
    ).all()
    return _page("public/body.html", body=body, public=public, members=members, upcoming=upcoming)


@bp.get("/public/<slug>/meetings")
def meetings(slug: str):
    """Anyone: the body's meetings: upcoming, and past ones a year at a time."""
    body, public = record.published_body_or_404(slug)
    now = now_utc()
    # The columns the list shows, of every meeting at once (the years' links need them all).
    rows = db.session.execute(
        sa.select(Meeting.id, Meeting.starts_at, Meeting.venue, Meeting.status)
        .where(Meeting.body_id == body.id)
        .order_by(Meeting.starts_at)
    ).all()
    upcoming = [m for m in rows if m.starts_at >= now]
    past_years = sorted({to_london(m.starts_at).year for m in rows if m.starts_at < now}, reverse=True)
    year = request.args.get("year", type=int)
    if year is None and past_years:
        year = past_years[0]
    elif year is not None and year not in past_years:
        abort(404)
    past = [m for m in reversed(rows) if m.starts_at < now and to_london(m.starts_at).year == year]
    published = summary.meeting_summaries(body.id, [m.id for m in upcoming + past])
    canonical = external("public.meetings", slug=slug, **({"year": year} if request.args.get("year") else {}))
    return _page(
        "public/meetings.html",
        body=body,
        public=public,
        upcoming=upcoming,
        past=past,
        year=year,
        years=past_years,
        published=published,
        canonical=canonical,
    )


@bp.get("/public/<slug>/meetings/<int:meeting_id>")
def meeting(slug: str, meeting_id: int):
    """Anyone: one meeting: when and where, its public agenda and papers, its public minutes
    and decisions."""
    body, public = record.published_body_or_404(slug)
    meeting = _meeting_of(body, meeting_id)
    keys = record.entry_keys(body.id)
    agenda = record.public_agendas([meeting.id], keys).get(meeting.id, [])
    minutes = record.public_minutes(meeting, keys)
    decisions = db.session.scalars(
        record.public_decisions_query(body).where(Decision.meeting_id == meeting.id).order_by(Decision.reference)
    ).all()
    return _page(
        "public/meeting.html",
        body=body,
        public=public,
        meeting=meeting,
        agenda=agenda,
        minutes=minutes,
        decisions=decisions,
    )


@bp.get("/public/<slug>/meetings/<int:meeting_id>/minutes")
def minutes(slug: str, meeting_id: int):
    """Anyone: approved minutes the body published, in their version for wider circulation."""
    body, public = record.published_body_or_404(slug)
    meeting = _meeting_of(body, meeting_id)
    minutes = record.public_minutes(meeting, record.entry_keys(body.id))
    if minutes is None:
        abort(404)
    return _page(
        "public/minutes.html",
        body=body,
        public=public,
        meeting=meeting,
        minutes=minutes,
        public_minutes_html=record.public_minutes_html(minutes),
    )


@bp.get("/public/<slug>/papers/<int:version_id>/<filename>")
def paper(slug: str, version_id: int, filename: str):
    """Anyone: a public paper, as it was published with the agenda."""
    body, _public = record.published_body_or_404(slug)
    version = record.public_paper_version(body, version_id)
    if version is None or version.filename != filename:
        abort(404)
    data = paper_bytes(version)
    if data is None:
        abort(404)
    return public_response(data, version.content_type, filename=version.filename, revalidate=True)


@bp.get("/public/<slug>/cover-papers/<int:paper_id>")
def cover_paper(slug: str, paper_id: int):
    """Anyone: a cover paper the body made public, as published with the agenda."""
    body, public = record.published_body_or_404(slug)
    version = record.public_cover_version(body, paper_id)
    if version is None:
        abort(404)
    paper = version.paper
    return _page(
        "public/cover_paper.html",
        body=body,
        public=public,
        meeting=paper.item.meeting,
        reading=cover_outputs.rendition(paper, version),
    )


@bp.get("/public/<slug>/cover-papers/<int:paper_id>/attachments/<int:version_id>/<filename>")
def cover_attachment(slug: str, paper_id: int, version_id: int, filename: str):
    """Anyone: a file attached to a public cover paper (the version it was published with)."""
    body, _public = record.published_body_or_404(slug)
    listed = record.public_cover_attachment(body, paper_id, version_id)
    version = db.session.get(CoverAttachmentVersion, version_id) if listed else None
    if version is None or version.filename != filename:
        abort(404)
    data = attachment_bytes(version)
    if data is None:
        abort(404)
    return public_response(data, version.content_type, filename=version.filename, revalidate=True)


@bp.get("/public/<slug>/decisions")
def decisions(slug: str):
    """Anyone: the body's public decisions, newest first, with search."""
    body, public = record.published_body_or_404(slug)
    q = (request.args.get("q") or "").strip()[:200]
    page = max(request.args.get("page", 1, type=int), 1)
    query = record.public_decisions_query(body)
    if q:
        like = "%" + _escape_like(q) + "%"
        query = query.where(
            sa.or_(
                Decision.title.ilike(like, escape="\\"),
                Decision.text.ilike(like, escape="\\"),
                Decision.reference.ilike(like, escape="\\"),
            )
        )
    # The columns the register shows, and the number of matches on each row (one query).
    rows = db.session.execute(
        query.with_only_columns(*_DECISION_COLUMNS, sa.func.count().over().label("total"))
        .order_by(Decision.decided_on.desc(), Decision.reference.desc())
        .limit(DECISIONS_PER_PAGE)
        .offset((page - 1) * DECISIONS_PER_PAGE)
    ).all()
    if not rows and page > 1:
        abort(404)
    total = rows[0].total if rows else 0
    pages = max((total + DECISIONS_PER_PAGE - 1) // DECISIONS_PER_PAGE, 1)
    return _page(
        "public/decisions.html",
        body=body,
        public=public,
        decisions=rows,
        status_labels={status.value: status.label for status in DecisionStatus},
        q=q,
        page=page,
        pages=pages,
        total=total,
        canonical=external("public.decisions", slug=slug),
    )


@bp.get("/public/<slug>/feed.atom")
def feed(slug: str):
    """Anyone: an Atom feed of what the body has published, newest first."""
    body, _public = record.published_body_or_404(slug)
    # The newest hundred choices, of which those still shown (the feed carries fifty).
    rows = entries.describe_entries(body, newest=100)
    base = external("public.body", slug=slug)
    shown = [(row, _entry_link(body, base, row)) for row in [r for r in rows if r.shown][:50]]
    # The newest entry, shown or not, is when the record last changed.
    updated = rows[0].entry.published_at if rows else now_utc()
    xml = render_template(
        "public/feed.atom.xml",
        body=body,
        entries=shown,
        updated=updated,
        self_url=external("public.feed", slug=slug),
        canonical_body=base,
    )
    return public_response(xml, "application/atom+xml")


def _entry_link(body: Body, base: str, row: entries.EntryRow) -> str:
    """The public address of an entry; ``base`` is the body's page, which the others sit
    under (building them from it, not with url_for per entry, keeps the feed fast)."""
    kind = row.entry.kind
    if kind == PublicKind.PAPER and row.version_id is not None:
        return external("public.paper", slug=body.slug, version_id=row.version_id, filename=row.filename)
    if kind == PublicKind.COVER:
        return f"{base}cover-papers/{row.entry.object_id}"
    if kind == PublicKind.MINUTES and row.meeting is not None:
        return f"{base}meetings/{row.meeting.id}/minutes"
    if kind == PublicKind.DECISION:
        return f"{base}decisions#decision-{row.entry.object_id}"
    if row.meeting is not None:
        return f"{base}meetings/{row.meeting.id}"
    return base


@bp.get("/public/<slug>/meetings.ics")
def calendar(slug: str):
    """Anyone: the body's upcoming meetings as a calendar to subscribe to (no attendees)."""
    body, public = record.published_body_or_404(slug)
    now = now_utc()
    meetings = db.session.scalars(
        sa.select(Meeting).where(Meeting.body_id == body.id, Meeting.ends_at >= now).order_by(Meeting.starts_at)
    ).all()
    domain = site().domain
    events = []
    for m in meetings:
        event = Event()
        event.add("uid", f"public-meeting-{m.id}@{domain}")
        event.add("sequence", m.sequence)
        event.add("dtstamp", m.updated_at or now)
        event.add("dtstart", to_london(m.starts_at))
        event.add("dtend", to_london(m.ends_at))
        cancelled = m.status == MeetingStatus.CANCELLED
        event.add("summary", ("Cancelled: " if cancelled else "") + body.name)
        if public.shows_venue and m.venue:
            event.add("location", m.venue)
        event.add("url", external("public.meeting", slug=slug, meeting_id=m.id))
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
        events.append(event)
    return public_response(feed_calendar(events, f"{body.name} (public)"), "text/calendar")


@bp.get("/robots.txt")
def robots():
    """Search engines may read the public record, and nothing else."""
    text = "User-agent: *\nAllow: /public/\nDisallow: /\n\nSitemap: " + external("public.sitemap") + "\n"
    return public_response(text, "text/plain")


@bp.get("/sitemap.xml")
def sitemap():
    """Every public page, for search engines."""
    urls = [external("public.index"), external("public.accessibility")]
    for body, _public in record.published_bodies():
        urls += [
            external("public.body", slug=body.slug),
            external("public.meetings", slug=body.slug),
            external("public.decisions", slug=body.slug),
        ]
        ids = list(db.session.scalars(sa.select(Meeting.id).where(Meeting.body_id == body.id).order_by(Meeting.id)))
        published = summary.meeting_summaries(body.id, ids)
        # Only meetings with public items can have public cover papers: read those agendas alone.
        with_items = [meeting_id for meeting_id, shown in published.items() if shown.items]
        agendas = record.public_agendas(with_items, record.entry_keys(body.id)) if with_items else {}
        for meeting_id in ids:
            if meeting_id in published:
                urls.append(external("public.meeting", slug=body.slug, meeting_id=meeting_id))
            for item in agendas.get(meeting_id, []):
                if item.cover:
                    urls.append(external("public.cover_paper", slug=body.slug, paper_id=item.cover.paper_id))
            if meeting_id in published and published[meeting_id].has_minutes:
                urls.append(external("public.minutes", slug=body.slug, meeting_id=meeting_id))
    return public_response(render_template("public/sitemap.xml", urls=urls), "application/xml")


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
