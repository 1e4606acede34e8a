"""Real ids from the demo data for the access matrix, found by natural keys (not hard-coded)."""

import sqlalchemy as sa

from board.extensions import db

ROLES = {
    "secretariat": "secretariat@example.org",
    "chair": "chair@example.org",
    "board_only": "liaison@example.org",  # a Board adviser: no Sub-group seat, writes no updates
    "sog_only": "coroner@example.org",
    "leeds": "lead.leeds@example.org",  # Leeds update contact; member of both bodies
    "bradford": "lead.bradford@example.org",  # Bradford update contact; Board only
    "hmpps": "hmpps@example.org",
    "deactivated": "probation@example.org",  # signed in, then deactivated
}
ALL_ROLES = ["anonymous", *ROLES]


def _one(sql: str, **params):
    value = db.session.execute(sa.text(sql), params).scalar()
    assert value is not None, f"demo data has nothing for: {sql} {params}"
    return value


def find_targets() -> dict:
    """Ids of one object of each kind per body/organisation, from the seeded demo data."""
    t = {}
    user = lambda email: _one('SELECT id FROM "user" WHERE email = :e', e=email)  # noqa: E731
    org = lambda short: _one("SELECT id FROM organisation WHERE short_name = :s", s=short)  # noqa: E731
    body = lambda slug: _one("SELECT id FROM body WHERE slug = :s", s=slug)  # noqa: E731
    board, sog = body("board"), body("synthetic-opioids")
    t["leeds_org"], t["bradford_org"] = org("Leeds"), org("Bradford")
    t["vrp_user"] = user("vrp@example.org")
    # Next scheduled meetings with a published agenda, one per body.
    next_published = (
        "SELECT m.id FROM meeting m WHERE m.body_id = :b AND m.status = 'scheduled' "
        "AND EXISTS (SELECT 1 FROM agenda_publication p WHERE p.meeting_id = m.id) ORDER BY m.starts_at"
    )
    t["board_meeting"] = _one(next_published, b=board)
    t["sog_meeting"] = _one(next_published, b=sog)
    for key in ("board", "sog"):
        meeting = t[f"{key}_meeting"]
        t[f"{key}_item"] = _one("SELECT id FROM agenda_item WHERE meeting_id = :m ORDER BY position", m=meeting)
        t[f"{key}_template_item"] = _one(
            "SELECT id FROM agenda_template_item WHERE body_id = :b ORDER BY id", b=board if key == "board" else sog
        )
    paper = (
        "SELECT p.id FROM agenda_paper p JOIN agenda_item i ON i.id = p.item_id JOIN meeting m ON m.id = i.meeting_id "
        "WHERE m.body_id = :b AND EXISTS (SELECT 1 FROM agenda_publication x WHERE x.meeting_id = m.id) "
        "ORDER BY m.starts_at DESC, p.id"
    )
    t["board_paper"], t["sog_paper"] = _one(paper, b=board), _one(paper, b=sog)
    version = "SELECT id FROM agenda_paper_version WHERE paper_id = :p ORDER BY id"
    t["board_paper_version"] = _one(version, p=t["board_paper"])
    t["sog_paper_version"] = _one(version, p=t["sog_paper"])
    attendance = "SELECT id FROM meeting_attendance WHERE meeting_id = :m AND user_id = :u"
    t["bradford_attendance"] = _one(attendance, m=t["board_meeting"], u=user("lead.bradford@example.org"))
    t["leeds_attendance"] = _one(attendance, m=t["board_meeting"], u=user("lead.leeds@example.org"))
    live_action = (
        "SELECT id FROM action WHERE body_id = :b AND owner_id = :u AND status IN ('open', 'in_progress') ORDER BY id"
    )
    t["leeds_action"] = _one(live_action, b=board, u=user("lead.leeds@example.org"))
    t["bradford_action"] = _one(live_action, b=board, u=user("lead.bradford@example.org"))
    t["sog_action"] = _one(live_action, b=sog, u=user("coroner@example.org"))
    decision = "SELECT id FROM decision WHERE body_id = :b AND is_confidential = :c ORDER BY id"
    t["board_decision"] = _one(decision, b=board, c=False)
    t["board_confidential_decision"] = _one(decision, b=board, c=True)
    t["sog_confidential_decision"] = _one(decision, b=sog, c=True)
    minutes = (
        "SELECT n.id FROM minutes n JOIN meeting m ON m.id = n.meeting_id WHERE m.body_id = :b AND n.status = :s "
        "ORDER BY m.starts_at DESC"
    )
    for key, body_id in (("board", board), ("sog", sog)):
        t[f"{key}_minutes"] = _one(minutes, b=body_id, s="approved")
        t[f"{key}_draft_minutes"] = _one(minutes, b=body_id, s="draft")
    t["board_minutes_attendee"] = _one(
        "SELECT id FROM minutes_attendee WHERE minutes_id = :n ORDER BY id", n=t["board_draft_minutes"]
    )
    t["board_past_meeting"] = _one("SELECT meeting_id FROM minutes WHERE id = :n", n=t["board_minutes"])
    t["board_comment"] = _one(
        "SELECT c.id FROM minutes_comment c JOIN minutes n ON n.id = c.minutes_id JOIN meeting m ON m.id = n.meeting_id "
        "WHERE m.body_id = :b ORDER BY c.id",
        b=board,
    )
    t["board_day_attendee"] = _one(
        "SELECT d.id FROM meeting_day_attendee d JOIN meeting m ON m.id = d.meeting_id WHERE m.body_id = :b",
        b=board,
    )
    open_update = (
        "SELECT u.id FROM partner_update u JOIN update_round r ON r.id = u.round_id "
        "WHERE u.organisation_id = :o AND r.is_locked = :l ORDER BY r.id DESC"
    )
    t["leeds_update"] = _one(open_update, o=t["leeds_org"], l=False)
    t["bradford_update"] = _one(open_update, o=t["bradford_org"], l=False)
    t["leeds_accepted_update"] = _one(
        "SELECT u.id FROM partner_update u JOIN update_round r ON r.id = u.round_id JOIN meeting m ON m.id = r.meeting_id "
        "WHERE u.organisation_id = :o AND u.status = 'accepted' AND m.body_id = :b ORDER BY m.starts_at DESC",
        o=t["leeds_org"],
        b=board,
    )
    t["board_unpublished_meeting"] = _one(
        "SELECT m.id FROM meeting m WHERE m.body_id = :b AND m.status = 'scheduled' "
        "AND NOT EXISTS (SELECT 1 FROM agenda_publication p WHERE p.meeting_id = m.id) ORDER BY m.starts_at",
        b=board,
    )
    t["open_round"] = _one("SELECT round_id FROM partner_update WHERE id = :u", u=t["leeds_update"])
    t["membership_board_vrp"] = _one(
        "SELECT id FROM membership WHERE body_id = :b AND user_id = :u", b=board, u=t["vrp_user"]
    )
    t["leeds_contact"] = _one("SELECT id FROM update_contact WHERE organisation_id = :o", o=t["leeds_org"])
    paper_by = (
        'SELECT p.id FROM cover_paper p JOIN "user" u ON u.id = p.author_id WHERE u.email = :e AND p.status = :s '
        "ORDER BY p.id"
    )
    t["cover_published"] = _one(paper_by, e="secretariat@example.org", s="cleared")  # on a past, published agenda
    t["cover_draft"] = _one(paper_by, e="lead.leeds@example.org", s="draft")
    t["cover_cleared"] = _one(paper_by, e="hmpps@example.org", s="cleared")  # not yet published
    t["cover_attachment"] = _one("SELECT id FROM cover_attachment WHERE paper_id = :p", p=t["cover_published"])
    t["cover_attachment_version"] = _one(
        "SELECT id FROM cover_attachment_version WHERE attachment_id = :a", a=t["cover_attachment"]
    )
    t["cover_section"] = _one(
        "SELECT id FROM cover_template_section WHERE body_id = :b AND kind = 'text' ORDER BY position DESC", b=board
    )
    t["cover_term"] = _one("SELECT id FROM cover_glossary_term ORDER BY acronym")
    plan_item = "SELECT id FROM forward_plan_item WHERE body_id = :b AND meeting_id IS NOT NULL ORDER BY id"
    t["board_plan_item"], t["sog_plan_item"] = _one(plan_item, b=board), _one(plan_item, b=sog)
    t["sog_parent_report"] = _one("SELECT id FROM parent_report WHERE body_id = :b ORDER BY id", b=sog)
    t["bradford_user"] = user("lead.bradford@example.org")
    # A declaration the secretariat recorded at a past Board meeting (not the Bradford lead's own pre-declaration).
    t["board_declaration"] = _one(
        "SELECT d.id FROM interest_declaration d JOIN meeting m ON m.id = d.meeting_id "
        "WHERE m.body_id = :b AND d.user_id = :u ORDER BY d.id",
        b=board,
        u=t["bradford_user"],
    )
    t["board_declaration_meeting"] = _one(
        "SELECT meeting_id FROM interest_declaration WHERE id = :d", d=t["board_declaration"]
    )
    # The public record: the Board publishes (demo data), the sub-group does not.
    t["public_entry"] = _one("SELECT id FROM public_entry WHERE body_id = :b ORDER BY id", b=board)
    t["public_meeting"] = _one(
        "SELECT m.meeting_id FROM minutes m JOIN public_entry e ON e.kind = 'minutes' AND e.object_id = m.id "
        "WHERE e.body_id = :b ORDER BY m.id",
        b=board,
    )
    public_paper = _one(
        "SELECT e.object_id FROM public_entry e JOIN agenda_paper p ON p.id = e.object_id "
        "JOIN agenda_item i ON i.id = p.item_id WHERE e.kind = 'paper' AND i.meeting_id = :m ORDER BY e.id",
        m=t["public_meeting"],
    )
    t["public_paper_version"] = _one(
        "SELECT id FROM agenda_paper_version WHERE paper_id = :p ORDER BY number DESC", p=public_paper
    )
    t["public_paper_filename"] = _one(
        "SELECT filename FROM agenda_paper_version WHERE id = :v", v=t["public_paper_version"]
    )
    t["public_cover"] = _one("SELECT object_id FROM public_entry WHERE kind = 'cover_paper' ORDER BY id")
    t["public_cover_attachment"] = _one(
        "SELECT v.id FROM cover_attachment_version v JOIN cover_attachment a ON a.id = v.attachment_id "
        "WHERE a.paper_id = :p ORDER BY v.id",
        p=t["public_cover"],
    )
    t["public_cover_attachment_filename"] = _one(
        "SELECT filename FROM cover_attachment_version WHERE id = :v", v=t["public_cover_attachment"]
    )
    return t
