"""The main forms as a browser posts them, with one text put in every free-text field.

Each builder takes the demo targets (tests/security/matrix_targets.py) and a text and
returns (url, data, pages): where to post, what, and the pages that show the result
(``{id}`` in a page is the id at the end of the redirect's Location, when there is one).
"""

from datetime import timedelta

import sqlalchemy as sa

from board.common.timeutil import today_london
from board.extensions import db


def _scalar(sql: str, **params):
    return db.session.execute(sa.text(sql), params).scalar()


# Several payloads in few characters, for fields with a short length limit.
SHORT_PROBE = '"><script>alert(1)</script><img src=x onerror=alert(1)><svg onload=alert(1)>'


def short(text: str, limit: int = 150) -> str:
    """The text when it fits a short field, else a compact probe (the field still gets hostile input)."""
    return text if len(text) <= limit else SHORT_PROBE


def _due() -> list[str]:
    return (today_london() + timedelta(days=30)).strftime("%d %m %Y").split()


def body_form(t, text):
    return (
        "/bodies/board/edit",
        {
            "name": "West Yorkshire Combating Drugs Partnership Strategic Board",
            "short_name": "Strategic Board",
            "cadence_weeks": "26",
            "quorum_members": "4",
            "quorum_needs_chair": "y",
            "terms_of_reference": text,
        },
        ["/bodies/board"],
    )


def meeting_form(t, text):
    return (
        "/bodies/board/meetings/new",
        {
            "title": short(text),
            "day": ["30", "3", "2027"],
            "starts": "10:00",
            "ends": "12:00",
            "venue": short(text),
            "join_url": "",
            "notes": text,
        },
        ["/meetings/{id}", "/meetings", "/bodies/board/meetings"],
    )


def agenda_item_form(t, text):
    meeting = t["board_unpublished_meeting"]
    return (
        f"/meetings/{meeting}/agenda/items/new",
        {
            "title": short(text) or "x",
            "description": text,
            "purpose": "discussion",
            "duration_minutes": "10",
            "kind": "other",
            "presenter_user_id": "",
            "presenter_organisation_id": "",
        },
        [
            f"/meetings/{meeting}/agenda/build",
            f"/meetings/{meeting}/agenda?draft=1",
            f"/meetings/{meeting}/agenda/pack?draft=1",
        ],
    )


def action_form(t, text):
    owner = _scalar('SELECT id FROM "user" WHERE email = :e', e="lead.leeds@example.org")
    return (
        "/actions/new",
        {"body": "board", "description": text, "owner": str(owner), "due_on": _due()},
        ["{location}", "/actions"],
    )


def action_note_form(t, text):
    action = t["leeds_action"]
    return f"/actions/{action}/notes", {"text": text}, [f"/actions/{action}"]


def decision_form(t, text):
    return (
        "/decisions/new",
        {
            "body": "board",
            "title": short(text) or "x",
            "text": text,
            "rationale": text,
            "decided_on": ["3", "3", "2027"],
            "actions": "",
        },
        ["{location}", "/decisions"],
    )


def update_form(t, text):
    update = t["leeds_update"]
    version = _scalar("SELECT version FROM partner_update WHERE id = :u", u=update)
    return (
        f"/updates/{update}/edit",
        {
            "version": str(version),
            "action": "save",
            "progress": text,
            "risks": text,
            "asks": text,
            "good_practice": text,
        },
        [f"/updates/{update}", f"/updates/{update}/edit"],
    )


def minutes_form(t, text):
    minutes = t["board_draft_minutes"]
    revision = _scalar("SELECT revision FROM minutes WHERE id = :m", m=minutes)
    return (
        f"/minutes/{minutes}/edit",
        {
            "source": text,
            "declarations": text,
            "base_revision": str(revision),
            "save": "Save",
        },
        [f"/minutes/{minutes}", f"/minutes/{minutes}/edit", f"/minutes/{minutes}/print"],
    )


def user_form(t, text):
    user = t["vrp_user"]
    org = _scalar('SELECT organisation_id FROM "user" WHERE id = :u', u=user)
    return (
        f"/admin/users/{user}/edit",
        {
            "name": short(text) or "x",
            "email": "vrp@example.org",
            "job_title": short(text),
            "organisation_id": str(org),
        },
        [f"/admin/users/{user}", "/admin/users"],
    )


def organisation_form(t, text):
    org = _scalar("SELECT id FROM organisation WHERE short_name = :s", s="VRP")
    return (
        f"/admin/organisations/{org}/edit",
        {"name": short(text) or "x", "short_name": "VRP", "kind": "other"},
        [f"/admin/organisations/{org}", "/admin/organisations"],
    )


def new_body_form(t, text):
    return (
        "/bodies/new",
        {
            "name": short(text) or "x",
            "short_name": "Hostile input TFG",
            "reference_prefix": "HIT",
            "cadence_weeks": "6",
            "quorum_members": "3",
            "terms_of_reference": text,
        },
        ["{location}", "/bodies"],
    )


def plan_item_form(t, text):
    return (
        "/bodies/board/forward-plan/new",
        {
            "title": short(text) or "x",
            "purpose": "discussion",
            "lead_organisation_id": str(t["leeds_org"]),
            "lead_user_id": "",
            "meeting_id": "",
            "status": "proposed",
            "notes": text,
        },
        ["{location}", "/bodies/board/forward-plan"],
    )


FORMS = {
    "body terms of reference": body_form,
    "new body": new_body_form,
    "forward plan item": plan_item_form,
    "meeting": meeting_form,
    "agenda item": agenda_item_form,
    "action": action_form,
    "action note": action_note_form,
    "decision": decision_form,
    "partner update": update_form,
    "minutes": minutes_form,
    "user": user_form,
    "organisation": organisation_form,
}


def pages_for(pages: list[str], response) -> list[str]:
    """The pages to read back, with the new record's address filled in from the redirect."""
    location = response.headers.get("Location", "")
    found = []
    for page in pages:
        if "{location}" in page:
            if location:
                found.append(location.replace("http://localhost", ""))
        elif "{id}" in page:
            tail = location.rstrip("/").rsplit("/", 1)[-1]
            if tail.isdigit():
                found.append(page.format(id=tail))
        else:
            found.append(page)
    return found
