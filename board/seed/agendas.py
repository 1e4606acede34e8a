"""Demo standing items for both bodies, and agendas (with small real PDF papers) for
whatever demo meetings exist. Safe to run again: meetings that already have items are left."""

import sqlalchemy as sa

from board.agendas import papers, publishing, services
from board.agendas.files import check_paper
from board.agendas.models import AgendaItem, AgendaTemplateItem, ItemKind, Purpose
from board.common.markdown import render_markdown
from board.common.models import utcnow
from board.extensions import db
from board.meetings.models import Meeting, MeetingStatus

DISTRICTS = ["Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield"]

D, DI, I, N = Purpose.DECISION, Purpose.DISCUSSION, Purpose.INFORMATION, Purpose.NOTING

# title, purpose, minutes, kind, presenter organisation short name, presenter e-mail, description
BOARD_TEMPLATE = [
    ("Welcome and apologies", N, 5, ItemKind.STANDING, None, "chair@example.org", ""),
    (
        "Declarations of interest",
        N,
        5,
        ItemKind.STANDING,
        None,
        "chair@example.org",
        "Members declare any interest in the items on this agenda.",
    ),
    (
        "Minutes of the last meeting and matters arising",
        D,
        10,
        ItemKind.MINUTES,
        None,
        "chair@example.org",
        "To approve the minutes of the last meeting as a true record.",
    ),
    (
        "Action log",
        DI,
        10,
        ItemKind.ACTION_LOG,
        "WYCA",
        "secretariat@example.org",
        "Progress on open actions; the secretariat proposes closing those completed.",
    ),
    *[
        (
            f"{d} district update",
            I,
            10,
            ItemKind.DISTRICT_UPDATE,
            d,
            None,
            f"Written update from the {d} partnership: progress, figures, risks and asks of the Board.",
        )
        for d in DISTRICTS
    ],
    (
        "HMPPS update",
        I,
        10,
        ItemKind.HMPPS_UPDATE,
        "HMPPS",
        "hmpps@example.org",
        "Continuity of care from custody into community treatment.",
    ),
    (
        "Synthetic Opioids Sub-group update",
        I,
        10,
        ItemKind.SUBGROUP_UPDATE,
        None,
        "vicechair@example.org",
        "Report from the Sub-group: nitazene alerts, the mass-overdose response plan, naloxone.",
    ),
    ("Any other business", DI, 5, ItemKind.AOB, None, None, ""),
    ("Date of next meeting", N, 5, ItemKind.NEXT_MEETING, None, None, ""),
]

SOG_TEMPLATE = [
    ("Welcome and apologies", N, 5, ItemKind.STANDING, None, "vicechair@example.org", ""),
    ("Declarations of interest", N, 5, ItemKind.STANDING, None, None, ""),
    ("Minutes of the last meeting and matters arising", D, 10, ItemKind.MINUTES, None, None, ""),
    ("Action log", DI, 10, ItemKind.ACTION_LOG, "WYCA", None, ""),
    (
        "Nitazene alerts and drug checking results",
        I,
        15,
        ItemKind.STANDING,
        "Drug checking",
        "drugchecking@example.org",
        "Latest results from the Leeds University drug checking service and national alerts.",
    ),
    ("Suspected drug-related deaths", DI, 10, ItemKind.STANDING, "HM Coroner", "coroner@example.org", ""),
    (
        "Naloxone roll-out",
        DI,
        15,
        ItemKind.STANDING,
        "WYP",
        "member@example.org",
        "Police naloxone pilot (Leeds and Wakefield first) and the plan for the other districts.",
    ),
    ("Mass-overdose response plan", D, 15, ItemKind.STANDING, "LRF", "lrf@example.org", ""),
    ("Any other business", DI, 5, ItemKind.AOB, None, None, ""),
    ("Date of next meeting", N, 5, ItemKind.NEXT_MEETING, None, None, ""),
]


def tiny_pdf(*lines: str) -> bytes:
    """A small valid one-page PDF showing the given lines of text (ASCII), made by hand."""

    def escape(text: str) -> str:
        text = text.encode("ascii", "replace").decode("ascii")
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F1 14 Tf", "72 770 Td", "18 TL"] + [f"({escape(line)}) '" for line in lines] + ["ET"]
    stream = "\n".join(ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _seed_template(body, rows, ctx) -> int:
    if db.session.scalar(sa.select(AgendaTemplateItem.id).where(AgendaTemplateItem.body_id == body.id).limit(1)):
        return 0
    for position, (title, purpose, minutes, kind, org, email, text) in enumerate(rows, start=1):
        db.session.add(
            AgendaTemplateItem(
                body=body,
                position=position,
                title=title,
                purpose=purpose.value,
                duration_minutes=minutes,
                kind=kind.value,
                description=text,
                description_html=str(render_markdown(text)),
                presenter_organisation=ctx["orgs"][org] if org else None,
                presenter_user=ctx["users"][email] if email else None,
            )
        )
    db.session.flush()
    return len(rows)


def _attach(item: AgendaItem, title: str, filename: str, lines: list[str], by) -> None:
    data = tiny_pdf(title, *lines)
    papers.add_paper(item, title, check_paper(filename, data, papers.max_paper_bytes()), data, by=by)


def _demo_papers(meeting: Meeting, items: list[AgendaItem], by) -> int:
    when = meeting.starts_at.strftime("%d %B %Y")
    made, district_done = 0, False
    for item in items:
        if item.kind == ItemKind.MINUTES.value:
            _attach(
                item,
                "Minutes of the previous meeting",
                "minutes-previous-meeting.pdf",
                [meeting.body.short_name, "Draft minutes for approval at the meeting of " + when],
                by,
            )
        elif item.kind == ItemKind.ACTION_LOG.value:
            _attach(item, "Action log", "action-log.pdf", ["Open actions and progress since the last meeting."], by)
        elif item.kind == ItemKind.DISTRICT_UPDATE.value and not district_done:
            _attach(
                item,
                f"{item.title}: naloxone and Test on Arrest figures",
                "district-figures.pdf",
                ["Naloxone kits issued: 412", "Referrals into treatment from Test on Arrest: 97"],
                by,
            )
            district_done = True
        else:
            continue
        made += 1
    return made


def seed_agendas(ctx) -> dict:
    """Standing items for both bodies; an agenda, papers and a publication for each demo meeting."""
    made = {"template_items": 0, "agendas": 0, "papers": 0}
    made["template_items"] += _seed_template(ctx["board"], BOARD_TEMPLATE, ctx)
    made["template_items"] += _seed_template(ctx["sog"], SOG_TEMPLATE, ctx)
    by = ctx["users"]["secretariat@example.org"]
    now = utcnow()
    meetings = db.session.scalars(
        sa.select(Meeting).where(Meeting.status != MeetingStatus.CANCELLED.value).order_by(Meeting.starts_at)
    ).all()
    last_past = {}
    for meeting in meetings:
        if meeting.starts_at < now:
            last_past[meeting.body_id] = meeting.id
    next_up = {}
    for meeting in meetings:
        if meeting.starts_at >= now:
            next_up.setdefault(meeting.body_id, meeting.id)
    for meeting in meetings:
        if services.load_items(meeting):
            continue
        items = services.start_agenda(meeting, by=by)
        made["agendas"] += 1
        if last_past.get(meeting.body_id) == meeting.id:
            services.add_item(
                meeting,
                {
                    "title": "Naloxone pilot: extending to all five districts",
                    "purpose": Purpose.DECISION.value,
                    "duration_minutes": 15,
                    "kind": ItemKind.OTHER.value,
                    "is_carried_forward": True,
                    "description": "Deferred for the evaluation report: **bring back to the next meeting**.",
                    "presenter_organisation": ctx["orgs"]["WYP"],
                    "presenter_user": ctx["users"]["member@example.org"],
                },
                by=by,
            )
            items = services.load_items(meeting)
        made["papers"] += _demo_papers(meeting, items, by)
        if meeting.starts_at < now or next_up.get(meeting.body_id) == meeting.id:
            db.session.flush()
            db.session.expire_all()
            publishing.publish_agenda(meeting, by=by, notify=False)
    db.session.flush()
    return made
