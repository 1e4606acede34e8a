"""Demo data: ``flask --app board seed-demo``. Every step is safe to run again."""

from board.extensions import db
from board.search.registry import reindex
from board.seed.actions import seed_actions
from board.seed.agendas import seed_agendas
from board.seed.bodies import seed_bodies
from board.seed.interests import seed_interests
from board.seed.large import seed_large
from board.seed.meetings import seed_meetings
from board.seed.minutes import seed_minutes
from board.seed.papers import seed_papers
from board.seed.people import seed_people
from board.seed.public import seed_public
from board.seed.submissions import seed_submissions


def seed_demo(password: str, scale: str = "demo") -> list[str]:
    """Load every area's demo data; returns lines to print. Does not commit."""
    ctx = seed_people(password)
    lines = [f"{len(ctx['orgs'])} organisations, {len(ctx['users'])} people, 2 bodies."]
    lines.append(f"{seed_meetings(ctx)['meetings']} meetings added.")  # before every area that uses meetings
    made = seed_actions(ctx)
    lines.append(f"{made['actions']} actions and {made['decisions']} decisions added.")
    made = seed_agendas(ctx)  # after meetings, before submissions (they find items)
    lines.append(f"{made['template_items']} standing items, {made['agendas']} agendas, {made['papers']} papers added.")
    made = seed_submissions(ctx)  # after meetings: it uses whatever meetings exist
    lines.append(f"{made['rounds']} partner update rounds added.")
    made = seed_interests(ctx)  # after agendas (declarations name items), before minutes (drafts take them in)
    lines.append(f"{made['registers']} registers of interests, {made['declarations']} declarations added.")
    made = seed_minutes(ctx)  # after actions and agendas: it links outcomes to items
    lines.append(f"{made['minutes']} minutes added ({made['approved']} approved, {made['comments']} comments).")
    made = seed_papers(ctx)  # after agendas: papers sit on the Board's published agendas
    lines.append(f"{made['papers']} cover papers added.")
    made = seed_bodies(ctx)  # after minutes: it marks an approved Sub-group decision for the Board
    lines.append(
        f"{made['plan']} forward plan items, {made['terms']} terms of reference versions, "
        f"{made['closed']} closed task-and-finish group added."
    )
    made = seed_public(ctx)  # after agendas and minutes: it publishes what they made
    lines.append(f"Public record: the Board publishes {made['entries']} records of {made['meetings']} meetings.")
    if scale == "large":
        made = seed_large(ctx)
        lines.append(
            "Large scale: {meetings} more meetings, {actions} actions, {decisions} decisions, "
            "{updates} updates; {users} users in all.".format(**{"users": 0, **made})
        )
    lines.append(f"{reindex(db.session)} records in the search index.")  # last: every area's records are in
    return lines
