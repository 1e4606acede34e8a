"""Demo cover papers: the seed document as a published paper on the Board's last meeting,
a district lead's draft and a cleared paper for the Board's next meeting, the glossary.
Safe to run again (nothing is added twice)."""

import sqlalchemy as sa

from board.agendas import publishing
from board.agendas import services as agenda_services
from board.agendas.files import check_paper
from board.agendas.models import AgendaItem, ItemKind, Purpose
from board.agendas.papers import max_paper_bytes
from board.common.models import utcnow
from board.extensions import db
from board.meetings.models import Meeting, MeetingStatus
from board.papers import attachments, services, template
from board.papers.models import CoverPaper, GlossaryTerm
from board.papers.plan import PRIORITY_KEYS, THEME_KEYS
from board.seed.agendas import tiny_pdf

GLOSSARY = [
    ("DMPC", "Deputy Mayor for Policing and Crime"),
    ("HMPPS", "HM Prison & Probation Service"),
    ("DIP", "Drug Intervention Programme"),
    ("LRF", "Local Resilience Forum"),
    ("WYP", "West Yorkshire Police"),
    ("CSP", "Community Safety Partnership"),
    ("VRP", "Violence Reduction Partnership"),
    ("MSCF", "Mayor’s Safer Communities Fund"),
    ("EqIA", "Equality Impact Assessment"),
]

# The seed document (../shared/seed/), with its "(insert link)" and its "here" links put right:
# the checks would not have let it through as it was.
SEED_TEXTS = {
    "Purpose of the report": (
        "The attached report outlines work undertaken by West Yorkshire Police (WYP) in respect of tackling "
        "drugs and alcohol.\n\n"
        "This cover paper highlights the importance of the report topic in respect of the Police and Crime Plan "
        "and also includes the delivery of the Mayor and her office. Together the WYP report and the cover paper "
        "give readers a full picture of the work under way to tackle drug and alcohol related crime."
    ),
    "Police and Crime Plan 2024–28": (
        "The Police and Crime Plan was developed after extensive public and partner consultation culminating in "
        "the creation of ‘The Voice of West Yorkshire’. It represents the views of over 6,500 respondents and "
        "includes the views of children and young people. The documents, with a summary needs assessment, are "
        "published on the West Yorkshire Combined Authority website.\n\n"
        "The Police and Crime Plan 2024–28 has a spotlight on serious violence. Drugs and alcohol are often linked "
        "to serious and violent crime, and The Voice of West Yorkshire shows the huge impact that drugs and "
        "alcohol have on feelings of safety.\n\n"
        "There are specific objectives and outcomes for serious violence (homicide, knife crime, hospital "
        "admissions, knife enabled robberies and Serious Violence Duty measures) among the plan’s performance "
        "measures.\n\n"
        "There are also key police and community performance measures on drug and alcohol treatment in the plan."
    ),
    "Key information": (
        "Drugs and alcohol misuse are part of the wider determinants of crime and community safety. The Mayor "
        "funds local initiatives through her Community Safety Fund, both to educate people about the harm of drug "
        "use and to support groups who address the serious and organised crime linked to drug supply.\n\n"
        "The Deputy Mayor for Policing and Crime (DMPC) chairs the West Yorkshire Combating Drugs Partnership "
        "Strategic Board. It meets twice a year to hear updates from district partners and HM Prison & Probation "
        "Service (HMPPS), and to look for new partnership opportunities.\n\n"
        "A sub-group of the Board co-ordinates the West Yorkshire response to synthetic opioids (nitazenes), "
        "including a response plan for a possible mass-overdose event.\n\n"
        "WYP’s pilot of the overdose-reversal treatment naloxone has concluded in Leeds and Wakefield. WYP expect "
        "to extend it to the remaining districts later this year."
    ),
    "Partnership contribution": (
        "Drug and alcohol interventions are undertaken with the Community Safety Partnerships (CSP). The Mayor "
        "supports all five local authorities through the Community Safety Fund, and Drug Intervention Programme "
        "(DIP) funding goes to WYP for drug testing in custody.\n\n"
        "Each district delivers drug and alcohol services through its local partnership arrangements. The DMPC "
        "ensures county-wide join up through the Board."
    ),
    "Equality, diversity and inclusion": (
        "Drugs and alcohol are tackled most effectively in partnership. Minority groups and marginalised "
        "individuals can be at increased risk of drug and alcohol misuse.\n\n"
        "A detailed Equality Impact Assessment of the 2024–28 plan looked at how its themes and priorities "
        "affect communities."
    ),
}


def _fill(paper: CoverPaper, texts: dict, recommendations, alignment, contact, produced_by, by) -> None:
    keys = {s["heading"]: s["key"] for s in paper.content["sections"]}
    values = {
        "title": paper.title,
        "produced_by": produced_by,
        "texts": {keys[h]: t for h, t in texts.items() if h in keys},
        "recommendations": recommendations,
        "alignment": alignment,
        "contact_name": contact[0],
        "contact_email": contact[1],
    }
    services.save_draft(paper, values, base_revision=paper.revision, by=by)


def _attach(paper: CoverPaper, title: str, by) -> None:
    data = tiny_pdf(title, "West Yorkshire Police", "Demo attachment")
    checked = check_paper("chief-constables-report-drugs-and-alcohol.pdf", data, max_paper_bytes())
    attachments.add_attachment(paper, title, checked, data, by=by)


def _meetings(board_id: int) -> tuple[Meeting | None, Meeting | None]:
    now = utcnow()
    meetings = db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.body_id == board_id, Meeting.status != MeetingStatus.CANCELLED.value)
        .order_by(Meeting.starts_at)
    ).all()
    past = [m for m in meetings if m.starts_at < now and publishing.latest_publication(m) is not None]
    upcoming = [m for m in meetings if m.starts_at >= now and publishing.latest_publication(m) is not None]
    return (past[-1] if past else None), (upcoming[0] if upcoming else None)


def _item(meeting: Meeting, words: str) -> AgendaItem | None:
    return next((i for i in agenda_services.load_items(meeting) if words.lower() in i.title.lower()), None)


def seed_papers(ctx) -> dict:
    """The glossary, both bodies' templates, and three cover papers on the Board's agendas."""
    made = {"papers": 0}
    for acronym, meaning in GLOSSARY:
        if db.session.scalar(sa.select(GlossaryTerm.id).where(GlossaryTerm.acronym == acronym)) is None:
            db.session.add(GlossaryTerm(acronym=acronym, meaning=meaning))
    template.template_of(ctx["board"])
    template.template_of(ctx["sog"])
    if db.session.scalar(sa.select(CoverPaper.id).limit(1)) is not None:
        return made
    users, by = ctx["users"], ctx["users"]["secretariat@example.org"]
    past, upcoming = _meetings(ctx["board"].id)
    if past is not None:
        item = agenda_services.add_item(
            past,
            {
                "title": "Tackling drugs and alcohol: West Yorkshire Police report",
                "purpose": Purpose.DISCUSSION.value,
                "duration_minutes": 20,
                "kind": ItemKind.OTHER.value,
                "presenter_organisation": ctx["orgs"]["WYP"],
                "presenter_user": users["member@example.org"],
            },
            by=by,
        )
        paper = services.start_paper(item, author=by, by=by)
        paper.title = "Tackling drugs and alcohol"
        _fill(
            paper,
            SEED_TEXTS,
            [
                "That the Mayor and the DMPC use the report to scrutinise Force performance in tackling drugs and alcohol."
            ],
            PRIORITY_KEYS + THEME_KEYS,
            ("Sam Whitworth", "sam.whitworth@example.org"),
            "West Yorkshire Police",
            by,
        )
        _attach(paper, "Chief Constable’s report – Drugs and Alcohol", by)
        services.submit_for_review(paper, by=by)
        services.clear_paper(paper, by=by, notify=False)
        # The demo's history: the paper was on the agenda the Board was sent.
        publication = publishing.latest_publication(past)
        db.session.flush()
        publication.snapshot = publishing.build_snapshot(agenda_services.load_items(past))
        made["papers"] += 1
    if upcoming is not None:
        leeds = _item(upcoming, "Leeds") or agenda_services.load_items(upcoming)[0]
        lead = users["lead.leeds@example.org"]
        draft = services.start_paper(leeds, author=lead, by=by)
        draft.title = "Leeds: drug checking and naloxone in the night-time economy"
        _fill(
            draft,
            {
                "Purpose of the report": "This paper updates the Board on drug checking at Leeds festivals.",
                "Key information": "The Leeds drug checking service tested 140 samples this summer (insert link).",
            },
            ["That the Board notes the progress of drug checking in Leeds."],
            ["keeping_people_safe", "reducing_vulnerability"],
            ("Priya Shah", ""),
            "Safer Leeds",
            lead,
        )
        made["papers"] += 1
        hmpps_item = _item(upcoming, "HMPPS") or agenda_services.load_items(upcoming)[-1]
        author = users["hmpps@example.org"]
        cleared = services.start_paper(hmpps_item, author=author, by=by)
        cleared.title = "Continuity of treatment on release from prison"
        _fill(
            cleared,
            {
                "Purpose of the report": (
                    "This paper from HM Prison & Probation Service (HMPPS) sets out how people leaving prison "
                    "keep their drug treatment in the community."
                ),
                "Police and Crime Plan 2024–28": "Continuity of treatment reduces reoffending and drug-related deaths.",
                "Key information": (
                    "Of the people released to West Yorkshire last quarter with a treatment need, 58% were seen by "
                    "a community service within three weeks."
                ),
                "Equality, diversity and inclusion": "Women leaving custody are less often engaged: a focus for next year.",
            },
            [
                "That the Board notes the continuity of care figures.",
                "That the Board asks each district to name a lead for prison releases.",
            ],
            ["victims_and_witnesses", "reducing_vulnerability", "women_and_girls"],
            ("Grace Mensah", "hmpps@example.org"),
            "HM Prison & Probation Service",
            author,
        )
        services.submit_for_review(cleared, by=author)
        services.clear_paper(
            cleared, comment="Thank you: cleared. It goes out with the updated agenda.", by=by, notify=False
        )
        made["papers"] += 1
    db.session.flush()
    return made
