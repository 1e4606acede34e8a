"""Search: whatever is typed, a sensible page and never an error (both databases)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from board.search.query import MAX_QUERY_CHARS, highlight, terms_of
from tests.conftest import text

NASTY = [
    "",
    "   ",
    "!!!",
    '"',
    '""',
    "'",
    "*",
    "()",
    "(",
    ")",
    "[",
    "]",
    "{}",
    ":",
    "-",
    "--",
    "^",
    "~",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(a b)",
    "a AND",
    "OR OR",
    "NOT naloxone",
    '"naloxone',
    "naloxone*",
    "title:naloxone",
    "-naloxone",
    "naloxone -pilot",
    "a:b:c",
    "\\",
    "%",
    "_",
    "'; DROP TABLE action;--",
    "naloxone" * 200,
    "x " * 500,
    "é",
    "日本語",
    "\x00",
    "<script>alert(1)</script>",
    "&amp;",
    "🙂",
]


@pytest.mark.parametrize("q", NASTY)
def test_typed_operators_and_punctuation_never_fail(secretariat, q):
    """Anyone: punctuation, operators, long or odd text gives a normal page."""
    response = secretariat.get("/search", query_string={"q": q})
    assert response.status_code == 200
    page = text(response)
    assert "Search" in page
    if not terms_of(q):
        assert "Type one or more words" in page


def test_long_queries_are_cut(secretariat):
    """Anyone: a very long query is truncated to a sensible length."""
    assert len(terms_of("word " * 1000)) <= 12
    assert terms_of("a" * 5000) == ["a" * MAX_QUERY_CHARS]
    assert secretariat.get("/search", query_string={"q": "naloxone " * 2000}).status_code == 200


def test_terms_are_plain_words():
    """Terms: operators and punctuation become plain lower-case words."""
    assert terms_of('"Naloxone" AND (pilot*) NEAR:leeds-city') == ["naloxone", "and", "pilot", "near", "leeds", "city"]
    assert terms_of("!!! ... ***") == []


def test_highlight_escapes_before_marking():
    """Highlighting: the text is escaped first, then matches are wrapped in <mark>."""
    out = str(highlight("<b>Naloxone</b> & kits", ["naloxone"]))
    assert out == "&lt;b&gt;<mark>Naloxone</mark>&lt;/b&gt; &amp; kits"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=300))
def test_no_query_string_produces_an_error(secretariat, q):
    """Property: any text at all gives a 200 page (run with --db postgresql too)."""
    assert secretariat.get("/search", query_string={"q": q, "body": "board"}).status_code == 200


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    q=st.lists(
        st.sampled_from(
            [
                '"',
                "AND",
                "OR",
                "NOT",
                "NEAR",
                "*",
                "(",
                ")",
                ":",
                "-",
                "naloxone",
                "pilot",
                "^",
                "{",
                "}",
                "[",
                "]",
                "'",
                "+",
                "leeds",
            ]
        ),
        max_size=12,
    ).map(" ".join)
)
def test_operator_soup_never_fails(secretariat, q):
    """Property: any mix of search operators and words gives a 200 page."""
    assert secretariat.get("/search", query_string={"q": q}).status_code == 200
