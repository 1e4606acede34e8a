"""The main pages the benchmark drives and the query-count test checks, on any data set."""

from datetime import UTC, datetime

import sqlalchemy as sa

from board.agendas import pack, publishing
from board.agendas.models import AgendaPublication
from board.extensions import db
from board.meetings import feed
from board.meetings.models import Meeting, MeetingStatus
from board.minutes.models import Minutes, MinutesStatus
from board.people.models import Body, User
from board.submissions.models import UpdateRound

ROLES = {
    "secretariat": "secretariat@example.org",
    "chair": "chair@example.org",
    "member": "member@example.org",
    "lead": "lead.leeds@example.org",
}
ROLE_LABELS = {"secretariat": "secretariat", "chair": "chair", "member": "member", "lead": "district lead"}
EVERYONE = tuple(ROLES)
SECRETARIAT = ("secretariat",)


def main_pages() -> list[tuple[str, str, str | None]]:
    """(label, path, role) for each main page and each role that can see it; call inside an
    app context (makes a feed token).

    The path uses the demo data's own next Board meeting, its round and the latest
    minutes, so the same pages are found on the small and the large data set. List pages
    that grow with the years (rounds, meetings, actions, decisions, people, audit trail,
    search) are all here, so a page that forgets to paginate shows up.
    """
    board = db.session.scalar(sa.select(Body).where(Body.slug == "board"))
    now = datetime.now(UTC)
    next_meeting = db.session.scalar(
        sa.select(Meeting)
        .where(Meeting.body_id == board.id, Meeting.starts_at > now, Meeting.status == MeetingStatus.SCHEDULED.value)
        .where(Meeting.id.in_(sa.select(AgendaPublication.meeting_id)))
        .order_by(Meeting.starts_at)
    )
    round_id = db.session.scalar(sa.select(UpdateRound.id).where(UpdateRound.meeting_id == next_meeting.id))
    minutes_id = db.session.scalar(
        sa.select(Minutes.id)
        .join(Meeting, Meeting.id == Minutes.meeting_id)
        .where(Meeting.body_id == board.id, Minutes.status != MinutesStatus.DRAFT.value)
        .order_by(Meeting.starts_at.desc())
    )
    # The pack PDF is made when an agenda is published; the seed publishes without a request,
    # so the benchmark makes it here, as publishing would have (a download only reads it).
    publication = publishing.latest_publication(next_meeting)
    if pack.stored_pack(publication) is None:
        pack.store_pack(publication)
    member = db.session.scalar(sa.select(User).where(User.email == ROLES["member"]))
    token = feed.new_calendar_token(member, actor=member)
    db.session.commit()
    meeting = f"/meetings/{next_meeting.id}"
    pages: list[tuple[str, str, tuple[str, ...]]] = [
        ("home", "/", EVERYONE),
        ("meetings", "/meetings", EVERYONE),
        ("board's meetings", "/bodies/board/meetings", EVERYONE),
        ("meeting page", meeting, EVERYONE),
        ("agenda pack", f"{meeting}/agenda/pack", EVERYONE),
        ("agenda pack PDF", f"{meeting}/agenda/pack.pdf", EVERYONE),
        ("minutes", f"/minutes/{minutes_id}", EVERYONE),
        ("action log", "/actions", EVERYONE),
        ("action log, filtered", "/actions?body=board&status=open&overdue=y", SECRETARIAT),
        ("decisions register", "/decisions", EVERYONE),
        ("update rounds", "/updates", ("secretariat", "lead")),
        ("update tracker", f"/rounds/{round_id}", SECRETARIAT),
        ("bodies", "/bodies", EVERYONE),
        ("people", "/admin/users", SECRETARIAT),
        ("organisations", "/admin/organisations", SECRETARIAT),
        ("audit trail", "/admin/audit", SECRETARIAT),
        ("search", "/search?q=naloxone", EVERYONE),
        ("meeting .ics", f"{meeting}.ics", EVERYONE),
    ]
    rows = [(f"{label} ({ROLE_LABELS[role]})", path, role) for label, path, roles in pages for role in roles]
    return rows + [("personal calendar feed", f"/calendar/{token}.ics", None)]
