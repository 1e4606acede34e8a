"""Search: twenty hits a page, and a query count that does not grow with what is found."""

import re

import sqlalchemy as sa

from board.actions.models import Action
from board.decisions.models import Decision
from board.extensions import db
from board.search.query import PER_PAGE
from tests.conftest import count_queries, text

WORD = "plindorv"  # a word the demo data never uses


def _tag(model, count: int) -> None:
    for i, row in enumerate(db.session.scalars(sa.select(model).order_by(model.id).limit(count))):
        if model is Action:
            row.description = f"{WORD} {i}"
        else:
            row.title = f"{WORD} {i}"
    db.session.commit()


def _titles(page: str) -> list[str]:
    return re.findall(rf"\b{WORD} (\d+)", page)


def test_results_come_twenty_a_page_and_every_hit_is_on_one_page(secretariat):
    """Secretariat: 45 matching actions show as 20, 20 and 5 over three pages, each once, with page links."""
    _tag(Action, 45)
    response = secretariat.get("/search", query_string={"q": WORD})
    assert "45 results" in text(response) and "page 1 of 3" in text(response)
    assert f'href="/search?page=2&amp;q={WORD}"' in response.get_data(as_text=True)
    seen = []
    for page in (1, 2, 3):
        found = set(_titles(text(secretariat.get("/search", query_string={"q": WORD, "page": page}))))
        assert len(found) == (20 if page < 3 else 5), (page, found)
        seen += found
    assert sorted(seen, key=int) == [str(i) for i in range(45)]
    assert PER_PAGE == 20


def test_a_search_costs_a_few_queries_however_much_it_finds(client_as):
    """Member: finding 3 or 45 actions and decisions costs the same queries; finding nothing costs fewer."""
    member = client_as("member@example.org")
    member.get("/search", query_string={"q": WORD})  # warm the compiled statements
    with count_queries() as nothing:
        assert member.get("/search", query_string={"q": WORD}).status_code == 200
    _tag(Action, 3)
    _tag(Decision, 3)
    with count_queries() as few:
        page = text(member.get("/search", query_string={"q": WORD}))
    assert "result" in page
    _tag(Action, 45)
    _tag(Decision, 45)
    with count_queries() as many:
        page = text(member.get("/search", query_string={"q": WORD}))
    assert "page 1 of" in page
    assert few() == many() and nothing() < few(), (nothing(), few(), many())
    assert many() <= 8, many()
