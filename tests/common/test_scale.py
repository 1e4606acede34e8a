"""Every main page runs the same number of queries on the demo data and on years of history."""

from bench.pages import ROLES, main_pages
from board.extensions import db
from board.seed.large import seed_large
from board.seed.people import seed_people
from tests.conftest import DEMO_PASSWORD, count_queries

# sign-in, bodies, the search, one per kind of record found (and agendas); cover papers three:
# the papers with their items and meetings, their versions, the published agendas they are in.
SEARCH_MOST = 14


def _counts(client_as, app) -> dict[str, int]:
    clients = {role: client_as(email) for role, email in ROLES.items()}
    anonymous = app.test_client()
    counts = {}
    for label, path, role in main_pages():
        client = clients[role] if role else anonymous
        client.get(path)  # warm per-process caches (templates, compiled statements); counted next
        with count_queries() as n:
            response = client.get(path)
        assert response.status_code == 200, (label, path, response.status_code)
        counts[label] = n()
    return counts


def test_main_pages_query_counts_do_not_grow_with_history(app, client_as):
    """The benchmark's pages, measured before and after adding years of held meetings with
    agendas, updates, minutes, hundreds of actions and decisions: the counts are equal."""
    small = _counts(client_as, app)
    made = seed_large(seed_people(DEMO_PASSWORD), years=4)
    db.session.commit()
    assert made["actions"] > 700 and made["decisions"] > 200 and made["meetings"] > 15
    large = _counts(client_as, app)
    # A search loads the records of each kind it found once (to check permission), so its
    # count depends on which kinds matched, never on how many hits: bounded, not equal.
    for label in [label for label in small if label.startswith("search")]:
        assert small.pop(label) <= SEARCH_MOST and large.pop(label) <= SEARCH_MOST, label
    assert large == small
