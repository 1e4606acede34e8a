"""Demo partner updates: rounds for the Board's past meetings and an open round for its next.

Works with whatever Board meetings exist (meetings are seeded elsewhere). Safe to run
again: a meeting that already has a round is left alone. All content is fictional.
"""

from datetime import time, timedelta

import sqlalchemy as sa

from board.common.models import utcnow
from board.common.timeutil import london_to_utc
from board.extensions import db
from board.meetings.models import Meeting
from board.people.models import Body, Organisation
from board.submissions import services
from board.submissions.models import DEFAULT_FIGURES

PROGRESS = {
    "Bradford": "- Naloxone now carried by all neighbourhood teams in the city centre.\n- New outreach worker at the Bradford hostel pathway.",
    "Calderdale": "- Recovery café opened in Halifax.\n- Joint visits with housing to people leaving prison.",
    "Kirklees": "- Test on Arrest referrals reviewed with custody staff.\n- Peer naloxone training for 20 volunteers.",
    "Leeds": "- Drug checking results shared weekly with treatment services.\n- Nitazene alert cascade tested with the LRF.",
    "Wakefield": "- Project ADDER evaluation shared with partners.\n- Naloxone pilot extended to response officers.",
    "HMPPS": "- Continuity of care: more prison leavers engaged with treatment within three weeks.\n- Naloxone issued on release at all local prisons.",
}
RISKS = "Funding after March is not yet confirmed; recruitment to two outreach posts is slow."
ASKS = "Help from the Board to agree a single data-sharing agreement for Test on Arrest referrals."
GOOD = "Custody-based peer mentors doubled the number of people who attend their first appointment."
BASE = {"naloxone_kits": 120, "toa_referrals": 35, "drug_deaths": 6, "nitazene_alerts": 1}
SCALE = {"Bradford": 1.3, "Calderdale": 0.6, "Kirklees": 0.9, "Leeds": 1.6, "Wakefield": 0.8, "HMPPS": 0.5}


def _figures(round_, short: str, index: int) -> dict:
    """Fictional figures that drift upwards meeting by meeting."""
    values = {}
    for figure in round_.figures:
        base = BASE.get(figure.key, 10) * SCALE.get(short, 1)
        value = int(base * (1 + 0.12 * index) + (index * 7 + len(short)) % 5)
        if short == "HMPPS" and figure.key == "toa_referrals":
            values[figure.id] = (None, True, "Test on Arrest happens in police custody, not in prisons.")
        else:
            values[figure.id] = (value, False, "")
    return values


def _content(round_, short: str, index: int, *, complete: bool = True) -> dict:
    content = {
        "progress": PROGRESS.get(short, "Progress as planned."),
        "risks": RISKS if complete else "",
        "asks": ASKS if short in ("Leeds", "Bradford") and complete else "",
        "good_practice": GOOD if short == "Kirklees" and complete else "",
        "priorities": ["keeping_people_safe"] + (["safer_places"] if index % 2 else []),
        "themes": ["reducing_vulnerability"] + (["men_boys"] if short == "HMPPS" else []),
        "figures": _figures(round_, short, index) if complete else {},
    }
    # A complete update marks each section it leaves empty as having nothing to report.
    content["nothing_to_report"] = [f for f in services.MARKDOWN_FIELDS if complete and not content[f]]
    return content


def _open(meeting, ctx):
    organisations = services.default_organisations(meeting.body)
    period_from, period_to = services.default_period(meeting)
    return services.open_round(
        meeting,
        organisations=organisations,
        deadline=services.default_deadline(meeting),
        period_from=period_from,
        period_to=period_to,
        figures=list(DEFAULT_FIGURES),
        actor=ctx["users"]["secretariat@example.org"],
        notify=False,
    )


def _lead(ctx, short: str):
    email = "hmpps@example.org" if short == "HMPPS" else f"lead.{short.lower()}@example.org"
    return ctx["users"][email]


SUB_GROUP_ASKED = ("Leeds", "Wakefield", "HMPPS")
SUB_GROUP_FIGURES = [pair for pair in DEFAULT_FIGURES if pair[0] in ("naloxone_kits", "nitazene_alerts")]


def _seed_sub_group(ctx, now) -> int:
    """Rounds for the Sub-group's next three meetings, so a lead's home shows every state:
    Leeds' first returned with a comment (past its deadline), its second submitted early, its
    third not started; Wakefield submitted the first; HMPPS has started none."""
    secretariat = ctx["users"]["secretariat@example.org"]
    sub_group = sa.select(Body.id).where(Body.slug == "synthetic-opioids").scalar_subquery()
    meetings = db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.body_id == sub_group, Meeting.status != "cancelled", Meeting.starts_at >= now)
        .order_by(Meeting.starts_at)
        .limit(3)
    ).all()
    organisations = db.session.scalars(
        sa.select(Organisation).where(Organisation.short_name.in_(SUB_GROUP_ASKED)).order_by(Organisation.name)
    ).all()
    made = 0
    for index, meeting in enumerate(meetings):
        if services.round_for_meeting(meeting) is not None:
            continue
        period_from, period_to = services.default_period(meeting)
        round_ = services.open_round(
            meeting,
            organisations=list(organisations),
            deadline=services.default_deadline(meeting),
            period_from=period_from,
            period_to=period_to,
            figures=SUB_GROUP_FIGURES,
            actor=secretariat,
            notify=False,
        )
        made += 1
        for update in round_.updates:
            short = update.organisation.short_name
            if (short, index) in (("Leeds", 0), ("Leeds", 1), ("Wakefield", 0)):
                services.save_update(
                    update,
                    _content(round_, short, index),
                    version=update.version,
                    actor=_lead(ctx, short),
                    submit=True,
                    now=now,
                )
            if (short, index) == ("Leeds", 0):
                services.return_update(
                    update,
                    "Please say how many of the naloxone kits went to people leaving custody.",
                    actor=secretariat,
                    notify=False,
                )
    return made


def seed_submissions(ctx) -> dict:
    """Rounds for past Board meetings (some late, one returned) and an open round with drafts."""
    now = utcnow()
    secretariat = ctx["users"]["secretariat@example.org"]
    meetings = list(
        db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.body_id == ctx["board"].id, Meeting.status != "cancelled")
            .order_by(Meeting.starts_at)
        )
    )
    past = [m for m in meetings if m.starts_at < now]
    upcoming = [m for m in meetings if m.starts_at >= now][:1]
    made = {"rounds": 0}
    for index, meeting in enumerate(past):
        if services.round_for_meeting(meeting) is not None:
            continue
        round_ = _open(meeting, ctx)
        made["rounds"] += 1
        last = index == len(past) - 1
        for update in sorted(round_.updates, key=lambda u: u.organisation.short_name):
            short = update.organisation.short_name
            late = (short == "Kirklees" and index % 2 == 0) or (short == "HMPPS" and last)
            day = round_.deadline + timedelta(days=2 if late else -2)
            at = london_to_utc(day, time(10, 30))
            services.save_update(
                update,
                _content(round_, short, index),
                version=update.version,
                actor=_lead(ctx, short),
                submit=True,
                now=at,
            )
            if last and short == "Calderdale":
                services.return_update(
                    update,
                    "Please add the Test on Arrest figure and say what the recovery café costs.",
                    actor=secretariat,
                    notify=False,
                )
                continue
            services.accept_update(update, actor=secretariat)
        if not last:
            services.set_round_locked(round_, True, actor=secretariat)
    made["rounds"] += _seed_sub_group(ctx, now)
    for meeting in upcoming:
        if services.round_for_meeting(meeting) is not None:
            continue
        round_ = _open(meeting, ctx)
        made["rounds"] += 1
        for update in round_.updates:
            short = update.organisation.short_name
            if short in ("Leeds", "Bradford"):
                services.save_update(
                    update,
                    _content(round_, short, len(past), complete=False),
                    version=update.version,
                    actor=_lead(ctx, short),
                    submit=False,
                    now=now,
                )
            elif short == "Wakefield":
                services.save_update(
                    update,
                    _content(round_, short, len(past)),
                    version=update.version,
                    actor=_lead(ctx, short),
                    submit=True,
                    now=now,
                )
    return made
