"""Demo data: ``flask --app board seed-demo``. Every step is safe to run again."""

from board.extensions import db
from board.seed.people import seed_people


def seed_demo(password: str, scale: str = "demo") -> list[str]:
    """Load every area's demo data; returns lines to print. Does not commit."""
    ctx = seed_people(password)
    lines = [f"{len(ctx['orgs'])} organisations, {len(ctx['users'])} people, 2 bodies."]
    from board.seed.meetings import seed_meetings  # before every area that uses meetings

    lines.append(f"{seed_meetings(ctx)['meetings']} meetings added.")
    from board.seed.actions import seed_actions

    made = seed_actions(ctx)
    lines.append(f"{made['actions']} actions and {made['decisions']} decisions added.")
    from board.seed.agendas import seed_agendas  # after meetings, before submissions (they find items)

    made = seed_agendas(ctx)
    lines.append(f"{made['template_items']} standing items, {made['agendas']} agendas, {made['papers']} papers added.")
    from board.seed.submissions import seed_submissions  # after meetings: it uses whatever meetings exist

    made = seed_submissions(ctx)
    lines.append(f"{made['rounds']} partner update rounds added.")
    from board.seed.minutes import seed_minutes  # after actions and agendas: it links outcomes to items

    made = seed_minutes(ctx)
    lines.append(f"{made['minutes']} minutes added ({made['approved']} approved).")
    if scale == "large":
        from board.seed.large import seed_large

        made = seed_large(ctx)
        lines.append("Large scale: {meetings} more meetings, {actions} actions, {decisions} decisions, "
                     "{updates} updates; {users} users in all.".format(**{"users": 0, **made}))
    from board.search.registry import reindex  # last: every area's records are in

    lines.append(f"{reindex(db.session)} records in the search index.")
    return lines
