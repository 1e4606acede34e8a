"""Demo data: ``flask --app board seed-demo``. Every step is safe to run again."""

from board.seed.people import seed_people


def seed_demo(password: str) -> list[str]:
    """Load every area's demo data; returns lines to print. Does not commit."""
    ctx = seed_people(password)
    lines = [f"{len(ctx['orgs'])} organisations, {len(ctx['users'])} people, 2 bodies."]
    from board.seed.actions import seed_actions

    made = seed_actions(ctx)
    lines.append(f"{made['actions']} actions and {made['decisions']} decisions added.")
    return lines
