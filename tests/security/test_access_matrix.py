"""Access matrix: every route in the URL map, for every role and method, against the rules.

Each endpoint has an entry in CASES: one or more URLs (filled with real ids from the
demo data, including other organisations' and other bodies' objects) and the status
each role must get for GET and for a POST carrying a valid CSRF token and no data.
A route with no entry fails ``test_every_route_has_a_rule``. Anonymous visitors and
deactivated users are sent to sign in (302) unless an entry says otherwise.
"""

import pytest
import sqlalchemy as sa
from flask import url_for

from board.extensions import db
from tests.security.matrix_targets import ALL_ROLES, ROLES, find_targets

BOARD_SEATS = {"secretariat", "chair", "board_only", "leeds", "bradford", "hmpps"}
SOG_SEATS = {"secretariat", "sog_only", "leeds"}


def only(allowed: set, ok=200, no=403) -> dict:
    """``ok`` for the roles named, ``no`` for every other signed-in role."""
    return {**dict.fromkeys(allowed, ok), "*": no}


SEC = {"secretariat": 200, "*": 403}
ANYONE = {"*": 200}
BOARD = only(BOARD_SEATS)
SOG = only(SOG_SEATS)
SEC_POST = {"secretariat": (200, 302, 400), "*": 403}  # a refused empty form (200/400) or done (302)
NO = (403, 404)  # refused, or hidden as not found (updates hide other organisations' drafts)
SEC_HIDDEN = {"secretariat": 200, "*": NO}
SEC_POST_HIDDEN = {"secretariat": (200, 302, 400), "*": NO}
COVER_DRAFT = {"secretariat": 200, "leeds": 200, "*": 404}  # the Leeds lead's own draft
COVER_DRAFT_POST = {"secretariat": (200, 302, 400), "leeds": (200, 302, 400), "*": 404}
PUBLIC = {"*": 200}  # everyone, signed in or not, gets the same page
GONE = {"*": 404}  # not published: not there, for everyone


def case(params: dict | None = None, get=None, post=None, label: str = "", public: bool = False) -> dict:
    return {"params": params or {}, "GET": get, "POST": post, "label": label, "public": public}


# endpoint -> list of cases. Params name demo objects (see matrix_targets.find_targets) or are literals.
CASES = {
    "static": [case({"filename": "favicon.svg"}, get={"*": 200}, public=True)],
    "common.healthz": [case(get={"*": 200}, public=True)],
    "home.home": [case(get=ANYONE)],
    "search.search": [case(get=ANYONE)],
    # --- sign-in and account ---
    "auth.sign_in": [
        case(
            get={"*": 302, "anonymous": 200, "deactivated": 200},
            post={"*": 302, "anonymous": 200, "deactivated": 200},
            public=True,
        )
    ],
    "auth.sign_out": [case(post={"*": 302}, public=True)],
    "auth.forgot_password": [case(get={"*": 200}, post={"*": 200}, public=True)],
    "auth.set_password": [
        case({"token": "not-a-token"}, get={"*": 410}, post={"*": 410}, public=True, label="unknown token")
    ],
    "auth.account": [case(get=ANYONE, post=ANYONE)],
    "auth.sign_out_other_sessions": [case(post={"*": 302})],
    "audit.trail": [case(get=SEC)],
    # --- the public record: anyone, no sign-in; a body that does not publish is not there ---
    "public.index": [case(get=PUBLIC, public=True)],
    "public.index_without_slash": [case(get=PUBLIC, public=True)],
    "public.accessibility": [case(get=PUBLIC, public=True)],
    "public.robots": [case(get=PUBLIC, public=True)],
    "public.sitemap": [case(get=PUBLIC, public=True)],
    **{
        endpoint: [
            case({"slug": "board"}, get=PUBLIC, public=True),
            case({"slug": "synthetic-opioids"}, get=GONE, public=True, label="body not published"),
        ]
        for endpoint in ("public.body", "public.meetings", "public.decisions", "public.feed", "public.calendar")
    },
    "public.meeting": [
        case({"slug": "board", "meeting_id": "public_meeting"}, get=PUBLIC, public=True),
        case({"slug": "board", "meeting_id": "sog_meeting"}, get=GONE, public=True, label="another body's meeting"),
    ],
    "public.minutes": [
        case({"slug": "board", "meeting_id": "public_meeting"}, get=PUBLIC, public=True),
        case({"slug": "board", "meeting_id": "board_meeting"}, get=GONE, public=True, label="no public minutes"),
    ],
    "public.paper": [
        case(
            {"slug": "board", "version_id": "public_paper_version", "filename": "public_paper_filename"},
            get=PUBLIC,
            public=True,
        ),
        case(
            {"slug": "synthetic-opioids", "version_id": "sog_paper_version", "filename": "paper.pdf"},
            get=GONE,
            public=True,
            label="body not published",
        ),
    ],
    "public.cover_paper": [
        case({"slug": "board", "paper_id": "public_cover"}, get=PUBLIC, public=True),
        case({"slug": "board", "paper_id": "cover_draft"}, get=GONE, public=True, label="a draft, not public"),
    ],
    "public.cover_attachment": [
        case(
            {
                "slug": "board",
                "paper_id": "public_cover",
                "version_id": "public_cover_attachment",
                "filename": "public_cover_attachment_filename",
            },
            get=PUBLIC,
            public=True,
        ),
        case(
            {"slug": "board", "paper_id": "cover_draft", "version_id": "public_cover_attachment", "filename": "x.pdf"},
            get=GONE,
            public=True,
            label="not of a public paper",
        ),
    ],
    "publishing.index": [case(get=SEC)],
    "publishing.body_settings": [case({"slug": "synthetic-opioids"}, post=SEC_POST)],
    "publishing.meeting": [case({"meeting_id": "board_meeting"}, get=SEC, post=SEC_POST)],
    "publishing.withdraw": [case({"entry_id": "public_entry"}, post=SEC_POST)],
    # --- people ---
    "people.users": [case(get=SEC)],
    "people.invite_user": [case(get=SEC, post=SEC_POST)],
    "people.user": [case({"user_id": "vrp_user"}, get=SEC)],
    "people.edit_user": [case({"user_id": "vrp_user"}, get=SEC, post=SEC_POST)],
    "people.set_enabled": [case({"user_id": "vrp_user", "change": "deactivate"}, post=SEC_POST)],
    "people.resend_invitation": [case({"user_id": "vrp_user"}, post=SEC_POST)],
    "people.end_sessions": [case({"user_id": "vrp_user"}, post=SEC_POST)],
    "people.organisations": [case(get=SEC)],
    "people.edit_organisation": [
        case({}, get=SEC, post=SEC_POST, label="new"),
        case({"org_id": "leeds_org"}, get=SEC, post=SEC_POST),
    ],
    "people.organisation": [case({"org_id": "leeds_org"}, get=SEC)],
    "people.delete_organisation": [case({"org_id": "leeds_org"}, post=SEC_POST)],
    "people.add_update_contact": [case({"org_id": "leeds_org"}, post=SEC_POST)],
    "people.remove_update_contact": [case({"org_id": "leeds_org", "contact_id": "leeds_contact"}, post=SEC_POST)],
    "people.bodies": [case(get=ANYONE)],
    "people.body": [case({"slug": "board"}, get=BOARD), case({"slug": "synthetic-opioids"}, get=SOG)],
    "people.own_details": [case(get=ANYONE, post=ANYONE)],
    "people.mail_choices": [case(get=ANYONE, post=ANYONE)],
    # --- bodies over time: setting up and closing, seats, forward plans, reports up ---
    "bodies.new_body": [case(get=SEC, post=SEC_POST)],
    "bodies.edit_body": [case({"slug": "board"}, get=SEC, post=SEC_POST)],
    "bodies.close_body": [case({"slug": "board"}, get=SEC, post=SEC_POST)],
    "bodies.terms_history": [case({"slug": "board"}, get=BOARD), case({"slug": "synthetic-opioids"}, get=SOG)],
    "bodies.edit_membership": [
        case({"slug": "board"}, get=SEC, post=SEC_POST, label="new"),
        case({"slug": "board", "membership_id": "membership_board_vrp"}, get=SEC, post=SEC_POST),
    ],
    "bodies.remove_membership": [case({"slug": "board", "membership_id": "membership_board_vrp"}, post=SEC_POST)],
    "bodies.forward_plan": [case({"slug": "board"}, get=BOARD), case({"slug": "synthetic-opioids"}, get=SOG)],
    "bodies.new_plan_item": [case({"slug": "board"}, get=SEC, post=SEC_POST)],
    "bodies.plan_item": [case({"item_id": "board_plan_item"}, get=BOARD), case({"item_id": "sog_plan_item"}, get=SOG)],
    "bodies.edit_plan_item": [case({"item_id": "board_plan_item"}, get=SEC, post=SEC_POST)],
    "bodies.defer_plan_item": [case({"item_id": "board_plan_item"}, post=SEC_POST)],
    "bodies.schedule_plan_item": [case({"item_id": "sog_plan_item"}, post=SEC_POST)],
    "bodies.report_up": [case({"slug": "synthetic-opioids"}, get=SEC)],
    "bodies.mark_for_parent": [case({"slug": "synthetic-opioids"}, post=SEC_POST)],
    "bodies.unmark_for_parent": [case({"report_id": "sog_parent_report"}, post=SEC_POST)],
    "bodies.reports": [case({"slug": "synthetic-opioids"}, get=only(BOARD_SEATS | SOG_SEATS))],
    "bodies.report_to_parent": [case({"meeting_id": "board_meeting", "slug": "synthetic-opioids"}, post=SEC_POST)],
    # --- meetings ---
    "meetings.index": [case(get=ANYONE)],
    "meetings.body_meetings": [case({"slug": "board"}, get=BOARD), case({"slug": "synthetic-opioids"}, get=SOG)],
    "meetings.new_meeting": [case({"slug": "board"}, get=SEC, post=SEC_POST)],
    "meetings.plan": [case({"slug": "board"}, get=SEC, post=SEC_POST)],
    "meetings.meeting": [
        case({"meeting_id": "board_meeting"}, get=BOARD),
        case({"meeting_id": "sog_meeting"}, get=SOG),
    ],
    "meetings.meeting_ics": [
        case({"meeting_id": "board_meeting"}, get=BOARD),
        case({"meeting_id": "sog_meeting"}, get=SOG),
    ],
    "meetings.edit_meeting": [case({"meeting_id": "board_meeting"}, get=SEC, post=SEC_POST)],
    "meetings.cancel_meeting": [case({"meeting_id": "board_meeting"}, get=SEC, post=SEC_POST)],
    "meetings.mark_held": [case({"meeting_id": "board_meeting"}, post=SEC_POST)],
    "meetings.add_guest": [case({"meeting_id": "board_meeting"}, get=SEC, post=SEC_POST)],
    # Who actually attended, on the day: the secretariat only.
    "meetings.attended": [case({"meeting_id": "board_past_meeting"}, get=SEC, post=SEC_POST)],
    "meetings.add_day_attendee": [case({"meeting_id": "board_past_meeting"}, post=SEC_POST)],
    "meetings.remove_day_attendee": [case({"extra_id": "board_day_attendee"}, post=SEC_POST_HIDDEN)],
    # Only the person invited answers; anyone else's attendance id is refused.
    "meetings.answer": [
        case(
            {"meeting_id": "board_meeting", "attendance_id": "bradford_attendance"},
            get={"bradford": 200, "*": 403},
            post={"bradford": 200, "*": 403},
            label="Bradford lead's invitation",
        )
    ],
    "meetings.feed": [case({"token": "not-a-token"}, get={"*": 404}, public=True, label="unknown token")],
    "meetings.new_feed_address": [case(post={"*": 200})],  # shows the new address once
    # With no feed yet, the confirmation page sends back to the account page; with one (the
    # POST above made it), it asks to confirm.
    "meetings.replace_feed_address": [case(get={"*": (200, 302)}, post={"*": 200})],
    "meetings.stop_feed": [case(post={"*": 302})],
    # --- agendas ---
    "agendas.builder": [case({"meeting_id": "board_meeting"}, get=SEC)],
    "agendas.start": [case({"meeting_id": "board_meeting"}, post=SEC_POST)],
    "agendas.carry_forward": [case({"meeting_id": "board_meeting"}, post=SEC_POST)],
    "agendas.new_item": [case({"meeting_id": "board_meeting"}, get=SEC, post=SEC_POST)],
    "agendas.edit_item": [case({"item_id": "board_item"}, get=SEC, post=SEC_POST)],
    "agendas.delete_item": [case({"item_id": "board_item"}, get=SEC, post=SEC_POST)],
    "agendas.move_item": [case({"item_id": "board_item", "direction": "down"}, post=SEC_POST)],
    "agendas.publish": [case({"meeting_id": "board_meeting"}, get=SEC, post=SEC_POST)],
    "agendas.pack_updates": [case({"meeting_id": "board_meeting"}, post=SEC_POST)],
    # Members never see a draft agenda (404 until published); outsiders are refused.
    "agendas.agenda": [
        case(
            {"meeting_id": "board_unpublished_meeting"},
            get={**only(BOARD_SEATS - {"secretariat"}, ok=404), "secretariat": 200},
        ),
        case({"meeting_id": "board_meeting"}, get=BOARD),
        case({"meeting_id": "sog_meeting"}, get=SOG),
    ],
    "agendas.agenda_pack": [
        case({"meeting_id": "board_meeting"}, get=BOARD),
        case({"meeting_id": "sog_meeting"}, get=SOG),
    ],
    "agendas.agenda_pack_pdf": [
        case({"meeting_id": "sog_meeting"}, get=SOG, label="a sample of roles (PDFs are slow)")
    ],
    "agendas.item_papers": [case({"item_id": "board_item"}, get=SEC, post=SEC_POST)],
    "agendas.replace_paper": [case({"paper_id": "board_paper"}, get=SEC, post=SEC_POST)],
    "agendas.delete_paper": [case({"paper_id": "board_paper"}, post=SEC_POST)],
    "agendas.download_paper": [
        case({"version_id": "board_paper_version"}, get=BOARD),
        case({"version_id": "sog_paper_version"}, get=SOG),
    ],
    "agendas.template": [case({"slug": "board"}, get=SEC)],
    "agendas.new_template_item": [case({"slug": "board"}, get=SEC, post=SEC_POST)],
    "agendas.edit_template_item": [case({"item_id": "board_template_item"}, get=SEC, post=SEC_POST)],
    "agendas.delete_template_item": [case({"item_id": "board_template_item"}, post=SEC_POST)],
    "agendas.move_template_item": [case({"item_id": "board_template_item", "direction": "down"}, post=SEC_POST)],
    # --- partner updates ---
    "submissions.index": [case(get=only({"secretariat", "leeds", "bradford", "hmpps"}))],
    "submissions.open_round": [
        case(
            {"meeting_id": "board_meeting"},
            get={"secretariat": 302, "*": 403},
            post={"secretariat": 302, "*": 403},
            label="round already open",
        )
    ],
    "submissions.tracker": [case({"round_id": "open_round"}, get=SEC)],
    "submissions.set_locked": [case({"round_id": "open_round", "change": "lock"}, post=SEC_POST)],
    "submissions.chase": [case({"update_id": "bradford_update"}, get=SEC_HIDDEN, post=SEC_POST_HIDDEN)],
    "submissions.chase_all": [case({"round_id": "open_round"}, get=SEC, post=SEC_POST)],
    "submissions.return_update": [case({"update_id": "bradford_update"}, post=SEC_POST_HIDDEN)],
    "submissions.accept_update": [case({"update_id": "bradford_update"}, post=SEC_POST_HIDDEN)],
    "submissions.revisions": [case({"update_id": "bradford_update"}, get=SEC_HIDDEN)],
    # A draft: its own organisation's contacts and the secretariat only; another lead gets 403/404.
    "submissions.update": [
        case({"update_id": "leeds_update"}, get={"secretariat": 200, "leeds": 200, "*": NO}),
        case({"update_id": "bradford_update"}, get={"secretariat": 200, "bradford": 200, "*": NO}),
        # Accepted, agenda published: the Board's members read it; others do not.
        case({"update_id": "leeds_accepted_update"}, get={**BOARD, "*": NO}),
    ],
    "submissions.edit_update": [
        case(
            {"update_id": "leeds_update"},
            get={"secretariat": 200, "leeds": 200, "*": NO},
            post={"secretariat": (200, 302), "leeds": (200, 302), "*": NO},
        ),
        case(
            {"update_id": "bradford_update"},
            get={"secretariat": 200, "bradford": 200, "*": NO},
            post={"secretariat": (200, 302), "bradford": (200, 302), "*": NO},
        ),
    ],
    "submissions.download_file": [
        case({"file_id": "bradford_file"}, get={"secretariat": 200, "bradford": 200, "*": NO}),
        case({"file_id": "leeds_file"}, get={"secretariat": 200, "leeds": 200, "*": NO}),
    ],
    "submissions.figures": [case({"slug": "board"}, get=BOARD), case({"slug": "synthetic-opioids"}, get=SOG)],
    # --- action log ---
    "actions.log": [case(get=ANYONE), case({"body": "board"}, get=BOARD), case({"body": "synthetic-opioids"}, get=SOG)],
    "actions.export": [
        case(get=ANYONE),
        case({"body": "board"}, get=BOARD),
        case({"body": "synthetic-opioids"}, get=SOG),
    ],
    "actions.export_xlsx": [
        case(get=ANYONE),
        case({"body": "board"}, get=BOARD),
        case({"body": "synthetic-opioids"}, get=SOG),
    ],
    "actions.new": [case(get=SEC, post=SEC_POST)],
    "actions.show": [case({"action_id": "bradford_action"}, get={**BOARD}), case({"action_id": "sog_action"}, get=SOG)],
    "actions.edit": [case({"action_id": "bradford_action"}, get=SEC, post=SEC_POST)],
    "actions.add_note": [
        case({"action_id": "bradford_action"}, post={"secretariat": (302, 400), "bradford": (302, 400), "*": 403})
    ],
    "actions.mark_done": [case({"action_id": "leeds_action"}, post={"secretariat": 302, "leeds": 302, "*": 403})],
    "actions.change_status": [case({"action_id": "bradford_action", "change": "close"}, post=SEC_POST)],
    "actions.organisation": [
        case({"org_id": "leeds_org"}, get={"secretariat": 200, "leeds": 200, "*": 403}),
        case({"org_id": "bradford_org"}, get={"secretariat": 200, "bradford": 200, "*": 403}),
    ],
    # --- decisions register ---
    "decisions.register": [case(get=ANYONE)],
    "decisions.export": [case(get=ANYONE)],
    "decisions.export_xlsx": [case(get=ANYONE)],
    "decisions.new": [case(get=SEC, post=SEC_POST)],
    "decisions.show": [
        case({"decision_id": "board_decision"}, get=ANYONE),
        case({"decision_id": "board_confidential_decision"}, get=BOARD),
        case({"decision_id": "sog_confidential_decision"}, get=SOG),
    ],
    "decisions.edit": [case({"decision_id": "board_decision"}, get=SEC, post=SEC_POST)],
    "decisions.change_status": [case({"decision_id": "board_decision"}, post=SEC_POST)],
    # --- minutes ---
    "minutes.start": [case({"meeting_id": "board_meeting"}, post=SEC_POST)],
    "minutes.show": [
        case({"minutes_id": "board_minutes"}, get=BOARD),
        case({"minutes_id": "sog_minutes"}, get=SOG),
        case({"minutes_id": "board_draft_minutes"}, get=SEC, label="draft"),
    ],
    "minutes.public": [case({"minutes_id": "board_minutes"}, get=BOARD), case({"minutes_id": "sog_minutes"}, get=SOG)],
    "minutes.edit": [case({"minutes_id": "board_draft_minutes"}, get=SEC, post=SEC_POST)],
    "minutes.outcomes": [case({"minutes_id": "board_draft_minutes"}, get=SEC, post=SEC_POST)],
    "minutes.circulate": [case({"minutes_id": "board_draft_minutes"}, get=SEC, post=SEC_POST)],
    "minutes.approve": [case({"minutes_id": "board_draft_minutes"}, get=SEC, post=SEC_POST)],
    "minutes.undo_approval": [case({"minutes_id": "board_minutes"}, get=SEC, post=SEC_POST)],
    "minutes.revisions": [case({"minutes_id": "board_minutes"}, get=SEC)],
    "minutes.compare": [case({"minutes_id": "board_minutes", "a": 1, "b": 2}, get=SEC)],
    "minutes.revision": [case({"minutes_id": "board_minutes", "number": 1}, get=SEC, post=SEC_POST)],
    "minutes.attendance": [case({"minutes_id": "board_draft_minutes"}, get=SEC, post=SEC_POST)],
    "minutes.add_attendee": [case({"minutes_id": "board_draft_minutes"}, post=SEC_POST)],
    "minutes.refresh_attendance": [case({"minutes_id": "board_draft_minutes"}, post=SEC_POST)],
    # Comments: the body's members and the secretariat reach the page (approved minutes: a refusal
    # with a message, 302); anyone else is refused. Marking them: the secretariat only.
    "minutes.comment": [
        case({"minutes_id": "board_minutes"}, get=only(BOARD_SEATS, ok=302), post=only(BOARD_SEATS, ok=302)),
        case({"minutes_id": "sog_minutes"}, get=only(SOG_SEATS, ok=302), post=only(SOG_SEATS, ok=302)),
        case({"minutes_id": "board_draft_minutes"}, get=only({"secretariat"}, ok=302), label="draft"),
    ],
    "minutes.resolve": [case({"comment_id": "board_comment"}, get=SEC, post=SEC_POST)],
    "minutes.remove_attendee": [case({"attendee_id": "board_minutes_attendee"}, post=SEC_POST)],
    "minutes.markdown_download": [
        case({"minutes_id": "board_minutes"}, get=BOARD),
        case({"minutes_id": "sog_minutes"}, get=SOG),
    ],
    "minutes.printable": [
        case({"minutes_id": "board_minutes"}, get=BOARD),
        case({"minutes_id": "sog_minutes"}, get=SOG),
    ],
    "minutes.pdf": [case({"minutes_id": "sog_minutes"}, get=SOG, label="a sample of roles (PDFs are slow)")],
    # --- cover papers: an author edits only their own drafts; members read only published papers (404 before) ---
    "papers.index": [case(get=ANYONE)],
    "papers.alignment": [case(get=ANYONE)],
    "papers.start": [case({"item_id": "board_item"}, get=SEC, post=SEC_POST)],
    "papers.show": [
        case({"paper_id": "cover_published"}, get=only(BOARD_SEATS, no=404), label="published"),
        case({"paper_id": "cover_draft"}, get={"secretariat": 200, "leeds": 200, "*": 404}, label="Leeds lead's draft"),
        case(
            {"paper_id": "cover_cleared"},
            get={"secretariat": 200, "hmpps": 200, "*": 404},
            label="cleared, unpublished",
        ),
    ],
    "papers.edit": [
        case({"paper_id": "cover_draft"}, get=COVER_DRAFT, post=COVER_DRAFT_POST),
        case({"paper_id": "cover_published"}, get=only(BOARD_SEATS, ok=403, no=404), label="no longer a draft"),
    ],
    "papers.submit": [case({"paper_id": "cover_draft"}, post=COVER_DRAFT_POST)],
    "papers.review": [
        case(
            {"paper_id": "cover_cleared"},
            get={"secretariat": 200, "hmpps": 403, "*": 404},
            post={"secretariat": (200, 302, 400), "hmpps": 403, "*": 404},
        )
    ],
    "papers.pdf": [case({"paper_id": "cover_draft"}, get=COVER_DRAFT, label="refusals only (PDFs are slow)")],
    "papers.docx": [case({"paper_id": "cover_published"}, get=only(BOARD_SEATS, no=404))],
    "papers.record_outcomes": [
        case(
            {"paper_id": "cover_published"},
            get={**only(BOARD_SEATS, ok=403, no=404), "secretariat": 200},
            post={**only(BOARD_SEATS, ok=403, no=404), "secretariat": (200, 302, 400)},
        )
    ],
    "papers.paper_attachments": [case({"paper_id": "cover_draft"}, get=COVER_DRAFT, post=COVER_DRAFT_POST)],
    "papers.replace_attachment": [
        case(
            {"attachment_id": "cover_attachment"},
            get=only(BOARD_SEATS, ok=403, no=404),
            post=only(BOARD_SEATS, ok=403, no=404),
            label="of a cleared paper",
        )
    ],
    "papers.delete_attachment": [
        case({"attachment_id": "cover_attachment"}, post=only(BOARD_SEATS, ok=403, no=404), label="of a cleared paper")
    ],
    "papers.download_attachment": [
        case({"version_id": "cover_attachment_version"}, get=only(BOARD_SEATS, no=404), label="published")
    ],
    "papers.template": [case({"slug": "board"}, get=SEC)],
    "papers.new_section": [case({"slug": "board"}, get=SEC, post=SEC_POST)],
    "papers.edit_section": [case({"section_id": "cover_section"}, get=SEC, post=SEC_POST)],
    "papers.delete_section": [case({"section_id": "cover_section"}, post=SEC_POST)],
    "papers.move_section": [case({"section_id": "cover_section", "direction": "up"}, post=SEC_POST)],
    "papers.glossary": [case(get=SEC, post=SEC_POST)],
    "papers.delete_term": [case({"term_id": "cover_term"}, post=SEC_POST)],
    # --- register of interests and declarations ---
    "interests.mine": [case(get=ANYONE)],
    "interests.add": [case(get=ANYONE, post=ANYONE)],  # an empty form is refused with its errors
    # Each person changes only their own entry: an item id not on it is refused with a message.
    "interests.remove": [case({"item_id": 999999}, post={"*": 302})],
    "interests.nothing": [case(post={"*": 302})],
    "interests.reviewed": [case(post={"*": 302})],
    "interests.person": [case({"user_id": "bradford_user"}, get=BOARD, label="a Board-only member's entry")],
    "interests.body_register": [case({"slug": "board"}, get=BOARD), case({"slug": "synthetic-opioids"}, get=SOG)],
    "interests.register_csv": [case({"slug": "board"}, get=BOARD), case({"slug": "synthetic-opioids"}, get=SOG)],
    "interests.register_xlsx": [case({"slug": "board"}, get=BOARD), case({"slug": "synthetic-opioids"}, get=SOG)],
    "interests.request_reviews": [case({"slug": "board"}, get=SEC, post=SEC_POST)],
    "interests.chase": [case({"slug": "board"}, post=SEC_POST)],
    "interests.meeting_declarations": [
        case({"meeting_id": "board_meeting"}, get=BOARD, post=SEC_POST),
        case({"meeting_id": "sog_meeting"}, get=SOG, post=SEC_POST),
    ],
    # Anyone invited to the (future) meeting; an empty form is refused with its errors.
    "interests.pre_declare": [case({"meeting_id": "board_meeting"}, get=BOARD, post=BOARD)],
    # --- personal data ---
    "privacy.notice": [case(get={"*": 200}, public=True)],  # anyone, signed in or not, deactivated too
    "privacy.subject_access": [case(get=SEC)],
    "privacy.subject_access_download": [case({"user_id": "bradford_user"}, get=SEC)],
    # --- attendance over time ---
    "attendance.body_attendance": [case({"slug": "board"}, get=BOARD), case({"slug": "synthetic-opioids"}, get=SOG)],
    "attendance.body_attendance_csv": [case({"slug": "board"}, get=BOARD)],
    "attendance.member_attendance": [
        case({"slug": "board", "user_id": "bradford_user"}, get=BOARD),
        case({"slug": "synthetic-opioids", "user_id": "vrp_user"}, get=SOG, label="not a member: an empty record"),
    ],
    "interests.remove_declaration": [
        case({"meeting_id": "board_declaration_meeting", "declaration_id": "board_declaration"}, post=SEC_POST)
    ],
}

# PDF routes: rendered for one reader (sog_only) only; every other role is refused before rendering.
# (The cover paper's PDF: only its author and the secretariat may read the draft; both are skipped.)
SLOW = {"agendas.agenda_pack_pdf", "minutes.pdf", "papers.pdf"}


def expected(entry: dict, method: str, role: str):
    """The status (or tuple of statuses) the table gives this role, None for not tested."""
    table = entry[method]
    if table is None:
        return None
    if role in ("anonymous", "deactivated") and not entry["public"]:
        return table.get(role, "sign-in")
    return table.get(role, table.get("*"))


@pytest.fixture
def targets(app):
    """Demo ids, plus a supporting file on the Leeds and on the Bradford draft update."""
    from board.submissions.models import UpdateFile

    found = find_targets()
    for key in ("leeds", "bradford"):
        item = UpdateFile(
            update_id=found[f"{key}_update"],
            title=f"{key} file",
            filename="figures.csv",
            content_type="text/csv",
            size_bytes=4,
            sha256="0" * 64,
            data=b"a,b\n",
        )
        db.session.add(item)
        db.session.flush()
        found[f"{key}_file"] = item.id
    db.session.commit()
    return found


def build_url(app, endpoint: str, params: dict, targets: dict) -> str:
    values = {k: targets.get(v, v) if isinstance(v, str) else v for k, v in params.items()}
    with app.test_request_context():
        return url_for(endpoint, **values)


def test_every_route_has_a_rule(app):
    """Developers: a new route fails here until CASES says who may use it."""
    missing = sorted({rule.endpoint for rule in app.url_map.iter_rules()} - set(CASES))
    assert not missing, (
        f"No access rule for {missing}: add an entry to CASES in {__file__} saying which roles get "
        "which status for GET and POST."
    )
    stale = sorted(set(CASES) - {rule.endpoint for rule in app.url_map.iter_rules()})
    assert not stale, f"CASES names endpoints that no longer exist: {stale}"


def test_every_rule_and_method_is_exercised(app, targets):
    """Each URL rule (some endpoints have two) and each of its methods has a case."""
    adapter = app.url_map.bind("localhost")
    seen = set()
    for endpoint, cases in CASES.items():
        for entry in cases:
            url = build_url(app, endpoint, entry["params"], targets)
            for method in ("GET", "POST"):
                if entry[method] is not None:
                    rule, _ = adapter.match(url.split("?")[0], method=method, return_rule=True)
                    seen.add((rule.rule, method))
    wanted = {(r.rule, m) for r in app.url_map.iter_rules() for m in r.methods & {"GET", "POST"}}
    assert not wanted - seen, f"routes and methods without a case: {sorted(wanted - seen)}"


def _client_for(app, role: str):
    client = app.test_client()
    if role == "anonymous":
        return client
    client.sign_in(ROLES[role])
    return client


def _check(client, app, role, method, endpoint, entry, url, wanted, problems):
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, data={"csrf_token": client.csrf_token()})
    got = response.status_code
    response.close()
    where = f"{role:12} {method:4} {endpoint} {entry['label']} {url}"
    if got >= 500:
        problems.append(f"{where}: {got} (server error)")
    elif wanted == "sign-in":
        location = response.headers.get("Location", "")
        if got != 302 or "/sign-in" not in location:
            problems.append(f"{where}: {got} {location!r}, expected a redirect to sign in")
    elif got not in (wanted if isinstance(wanted, tuple) else (wanted,)):
        problems.append(f"{where}: {got}, expected {wanted}")
    return response


def _run_matrix(app, targets, role, *, methods, skip=frozenset()):
    client = _client_for(app, role)
    if role == "deactivated":
        db.session.execute(
            sa.text('UPDATE "user" SET is_enabled = :f WHERE email = :e'), {"f": False, "e": ROLES[role]}
        )
        db.session.commit()
    problems = []
    last = []
    for endpoint, cases in CASES.items():
        if endpoint in skip:
            continue
        for entry in cases:
            url = build_url(app, endpoint, entry["params"], targets)
            for method in methods:
                wanted = expected(entry, method, role)
                if wanted is None:
                    continue
                if endpoint == "auth.sign_out":
                    last.append((method, endpoint, entry, url, wanted))  # would end the session
                    continue
                _check(client, app, role, method, endpoint, entry, url, wanted, problems)
    for method, endpoint, entry, url, wanted in last:
        _check(client, app, role, method, endpoint, entry, url, wanted, problems)
    return problems


@pytest.mark.parametrize("role", ALL_ROLES)
def test_access_matrix(app, targets, role):
    """Every role, every route: GET and an empty valid POST give the tabled status, never a 500.

    The secretariat's POSTs change things, so they run one database each in
    test_secretariat_posts; here it only reads.
    """
    methods = ("GET",) if role == "secretariat" else ("GET", "POST")
    skip = SLOW if role in ("secretariat", "leeds") else frozenset()  # sog_only renders them once
    problems = _run_matrix(app, targets, role, methods=methods, skip=skip)
    assert not problems, "\n".join(problems)


def test_secretariat_posts(app, targets, secretariat):
    """The secretariat's empty valid POST to every route gets the tabled status, never a 500.

    One database for all: removals run last so earlier routes still find their objects.
    """
    destructive = ("delete", "remove", "set_enabled")
    order = sorted(
        (
            (endpoint, entry)
            for endpoint, cases in CASES.items()
            for entry in cases
            if entry["POST"] is not None and endpoint != "auth.sign_out"
        ),
        key=lambda pair: any(word in pair[0] for word in destructive),
    )
    problems = []
    for endpoint, entry in order:
        url = build_url(app, endpoint, entry["params"], targets)
        _check(
            secretariat,
            app,
            "secretariat",
            "POST",
            endpoint,
            entry,
            url,
            expected(entry, "POST", "secretariat"),
            problems,
        )
    assert not problems, "\n".join(problems)


def test_leeds_lead_cannot_change_bradfords_objects(app, targets, client_as):
    """A lead posting to another organisation's file or another person's invitation changes nothing:
    neither through Bradford's update form nor by ticking Bradford's file in Leeds' own form."""
    leeds = client_as(ROLES["leeds"])
    remove = {"version": "0", "action": "draft", "remove_files": [str(targets["bradford_file"])]}
    url = build_url(app, "submissions.edit_update", {"update_id": "bradford_update"}, targets)
    assert leeds.post_form(url, remove).status_code in NO
    version = db.session.execute(
        sa.text("SELECT version FROM partner_update WHERE id = :i"), {"i": targets["leeds_update"]}
    ).scalar()
    url = build_url(app, "submissions.edit_update", {"update_id": "leeds_update"}, targets)
    assert leeds.post_form(url, {**remove, "version": str(version)}).status_code == 200  # refused on the form
    count = "SELECT COUNT(*) FROM update_file WHERE id = :i"
    assert db.session.execute(sa.text(count), {"i": targets["bradford_file"]}).scalar() == 1
    answer = "SELECT response FROM meeting_attendance WHERE id = :i"
    before = db.session.execute(sa.text(answer), {"i": targets["bradford_attendance"]}).scalar()
    url = build_url(
        app, "meetings.answer", {"meeting_id": "board_meeting", "attendance_id": "bradford_attendance"}, targets
    )
    assert leeds.post_form(url, {"response": "apologies"}).status_code in NO
    assert db.session.execute(sa.text(answer), {"i": targets["bradford_attendance"]}).scalar() == before
