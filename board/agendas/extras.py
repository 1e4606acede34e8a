"""Other areas' additions to each item of an agenda snapshot (listed in create_app).

A contributor takes the items being published and returns ``{item_id: {key: value}}``;
the values join each item's row in the snapshot, so they are frozen with it and a change
to them is an unpublished change (cover papers add their cleared version this way).
"""

from flask import Flask, current_app, has_app_context


def init_app(app: Flask, contributors) -> None:
    app.extensions["board.agenda_snapshot"] = list(contributors)


def snapshot_extras(items) -> dict[int, dict]:
    out: dict[int, dict] = {}
    if not has_app_context():
        return out
    for contribute in current_app.extensions.get("board.agenda_snapshot", []):
        for item_id, extra in contribute(items).items():
            out.setdefault(item_id, {}).update(extra)
    return out
