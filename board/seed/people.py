"""Demo organisations, people, bodies and memberships (all people fictional)."""

import sqlalchemy as sa

from board.auth.passwords import hash_password
from board.common.markdown import render_markdown
from board.extensions import db
from board.people.models import Body, Membership, Organisation, OrganisationKind, Role, UpdateContact, User

DISTRICTS = ["Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield"]

ORGANISATIONS = [
    *[(f"{d} Combating Drugs Partnership", d, OrganisationKind.DISTRICT) for d in DISTRICTS],
    ("HM Prison & Probation Service", "HMPPS", OrganisationKind.HMPPS),
    ("West Yorkshire Police", "WYP", OrganisationKind.POLICE),
    ("West Yorkshire Combined Authority (Mayor's office)", "WYCA", OrganisationKind.COMBINED_AUTHORITY),
    ("Liaison and Diversion Service", "L&D", OrganisationKind.HEALTH),
    ("Public Health (West Yorkshire local authorities)", "Public Health", OrganisationKind.HEALTH),
    ("HM Coroner, Western district", "HM Coroner", OrganisationKind.OTHER),
    ("Leeds University Drug Checking Service", "Drug checking", OrganisationKind.HEALTH),
    ("West Yorkshire Local Resilience Forum", "LRF", OrganisationKind.OTHER),
    ("West Yorkshire Violence Reduction Partnership", "VRP", OrganisationKind.OTHER),
]

# email, name, organisation short name, job title, secretariat?
PEOPLE = [
    ("secretariat@example.org", "Priya Natarajan", "WYCA", "Policing and Crime Officer (Secretariat)", True),
    ("chair@example.org", "Helen Ashworth", "WYCA", "Deputy Mayor for Policing and Crime", False),
    ("lead.bradford@example.org", "Imran Qureshi", "Bradford", "Bradford Combating Drugs Partnership Lead", False),
    (
        "lead.calderdale@example.org",
        "Sarah Holroyd",
        "Calderdale",
        "Calderdale Community Safety Partnership Manager",
        False,
    ),
    ("lead.kirklees@example.org", "Daniel Okafor", "Kirklees", "Kirklees Drug and Alcohol Strategy Lead", False),
    ("lead.leeds@example.org", "Rachel Whitaker", "Leeds", "Leeds Combating Drugs Partnership Lead", False),
    ("lead.wakefield@example.org", "Tom Brearley", "Wakefield", "Project ADDER Co-ordinator, Wakefield", False),
    ("hmpps@example.org", "Grace Mensah", "HMPPS", "Head of Reducing Reoffending, Yorkshire", False),
    ("member@example.org", "Chief Superintendent Mark Elland", "WYP", "Head of Crime, West Yorkshire Police", False),
    (
        "vicechair@example.org",
        "Dr Aisha Rahman",
        "Public Health",
        "Director of Public Health (lead DPH for drugs)",
        False,
    ),
    ("deputy.wyp@example.org", "Detective Inspector Lucy Farrar", "WYP", "Drug Intervention Programme Manager", False),
    ("liaison@example.org", "Owen Pickles", "L&D", "Liaison and Diversion Service Manager", False),
    ("coroner@example.org", "Margaret Lumb", "HM Coroner", "Coroner's Officer", False),
    ("drugchecking@example.org", "Dr Felix Hartley", "Drug checking", "Lead Scientist, Drug Checking Service", False),
    ("lrf@example.org", "Carl Sutcliffe", "LRF", "LRF Resilience Manager", False),
    ("vrp@example.org", "Nadia Bibi", "VRP", "Violence Reduction Partnership Programme Manager", False),
    ("publichealth.leeds@example.org", "James Thornton", "Public Health", "Consultant in Public Health, Leeds", False),
    ("secretariat2@example.org", "Ben Haigh", "WYCA", "Governance Officer (Secretariat)", True),
    ("probation@example.org", "Joanne Crabtree", "HMPPS", "Senior Probation Officer", False),
    ("former.member@example.org", "Keith Armitage", "WYP", "Detective Superintendent (retired)", False),
]

BOARD_TOR = """\
## Purpose
The West Yorkshire Combating Drugs Partnership Strategic Board leads the county's
response to the national drug strategy, on behalf of the Mayor of West Yorkshire.

## Membership
Chaired by the Deputy Mayor for Policing and Crime. Members include the five district
partnerships, HM Prison & Probation Service, West Yorkshire Police and public health.

## Meetings
Twice a year. Quorate when **four** members are present, including the chair or vice-chair.
"""

SOG_TOR = """\
## Purpose
Co-ordinates the West Yorkshire response to synthetic opioids (nitazenes): the
county-wide response plan for a possible mass-overdose event, links with HM Coroner,
the drug checking service and the Local Resilience Forum, and the roll-out of naloxone.

## Reporting
Reports to the Strategic Board at each of its meetings. Meets every 6–8 weeks.
"""

BOARD_SEATS = [
    ("chair@example.org", Role.CHAIR, None),
    ("vicechair@example.org", Role.VICE_CHAIR, None),
    ("member@example.org", Role.MEMBER, "deputy.wyp@example.org"),
    *[(f"lead.{d.lower()}@example.org", Role.MEMBER, None) for d in DISTRICTS],
    ("hmpps@example.org", Role.MEMBER, "probation@example.org"),
    ("liaison@example.org", Role.ADVISER, None),
    ("vrp@example.org", Role.ADVISER, None),
    ("secretariat@example.org", Role.SECRETARIAT, None),
]

SOG_SEATS = [
    ("vicechair@example.org", Role.CHAIR, None),
    ("member@example.org", Role.MEMBER, "deputy.wyp@example.org"),
    ("lead.leeds@example.org", Role.MEMBER, None),
    ("lead.wakefield@example.org", Role.MEMBER, None),
    ("coroner@example.org", Role.MEMBER, None),
    ("drugchecking@example.org", Role.MEMBER, None),
    ("lrf@example.org", Role.MEMBER, None),
    ("publichealth.leeds@example.org", Role.MEMBER, None),
    ("deputy.wyp@example.org", Role.ADVISER, None),
    ("secretariat2@example.org", Role.SECRETARIAT, None),
]


def _get_or_add(model, where: dict, **values):
    row = db.session.scalar(sa.select(model).filter_by(**where))
    if row is None:
        row = model(**where, **values)
        db.session.add(row)
        db.session.flush()
    return row


def seed_people(password: str) -> dict:
    """Organisations, people, the two bodies and their seats; returns handy lookups."""
    orgs = {}
    for name, short, kind in ORGANISATIONS:
        orgs[short] = _get_or_add(Organisation, {"short_name": short}, name=name, kind=kind.value)
    password_hash = hash_password(password)
    users = {}
    for email, name, org, title, secretariat in PEOPLE:
        user = _get_or_add(
            User, {"email": email}, name=name, organisation=orgs[org], job_title=title, is_secretariat=secretariat
        )
        user.password_hash = password_hash  # re-seeding resets the demo password
        users[email] = user
    users["former.member@example.org"].is_enabled = False

    board = _get_or_add(
        Body,
        {"slug": "board"},
        name="West Yorkshire Combating Drugs Partnership Strategic Board",
        short_name="Strategic Board",
        reference_prefix="CDP",
        cadence_weeks=26,
        quorum_members=4,
        quorum_needs_chair=True,
        terms_of_reference=BOARD_TOR,
        terms_of_reference_html=str(render_markdown(BOARD_TOR)),
    )
    sog = _get_or_add(
        Body,
        {"slug": "synthetic-opioids"},
        name="Synthetic Opioids Sub-group",
        short_name="Synthetic Opioids Sub-group",
        reference_prefix="SOG",
        parent=board,
        cadence_weeks=7,
        quorum_members=3,
        quorum_needs_chair=False,
        terms_of_reference=SOG_TOR,
        terms_of_reference_html=str(render_markdown(SOG_TOR)),
    )
    for body, seats in ((board, BOARD_SEATS), (sog, SOG_SEATS)):
        for email, role, deputy in seats:
            _get_or_add(
                Membership,
                {"user_id": users[email].id, "body_id": body.id},
                role=role.value,
                deputy=users[deputy] if deputy else None,
            )
    for d in DISTRICTS:
        _get_or_add(
            UpdateContact, {"organisation_id": orgs[d].id, "user_id": users[f"lead.{d.lower()}@example.org"].id}
        )
    _get_or_add(UpdateContact, {"organisation_id": orgs["HMPPS"].id, "user_id": users["hmpps@example.org"].id})
    _get_or_add(UpdateContact, {"organisation_id": orgs["HMPPS"].id, "user_id": users["probation@example.org"].id})
    return {"orgs": orgs, "users": users, "board": board, "sog": sog}
