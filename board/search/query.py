"""Searching the index: safe terms from what was typed, SQL permission filters, snippets.

One interface over two engines: SQLite FTS5 (each word quoted, so nothing typed is an
operator) and PostgreSQL ``plainto_tsquery`` (which ignores operators by design).
"""

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import sqlalchemy as sa
from markupsafe import Markup, escape

from board import permissions
from board.agendas.models import AgendaPublication
from board.common.timeutil import today_london
from board.extensions import db
from board.search.checks import still_visible
from board.search.models import SearchDocument
from board.submissions.models import HANDED_IN

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
LIMIT = 60
PER_PAGE = 20  # hits highlighted and shown a page; the best LIMIT are counted and checked
SNIPPET_CHARS = 240
KIND_LABELS = {
    "minutes": "Minutes",
    "decision": "Decisions",
    "action": "Actions",
    "agenda_item": "Agenda items",
    "cover_paper": "Cover papers",
    "update": "Partner updates",
}
_WORD = re.compile(r"\w+", re.UNICODE)


def terms_of(text: str | None) -> list[str]:
    """The words of what was typed (truncated; punctuation and operators become plain words)."""
    words = _WORD.findall((text or "")[:MAX_QUERY_CHARS].lower())
    seen: list[str] = []
    for word in words:
        word = word.strip("_")
        if word and word not in seen:
            seen.append(word)
    return seen[:MAX_TERMS]


@dataclass
class Filters:
    body_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass
class Hit:
    kind: str
    object_id: int
    title: str
    snippet: Markup
    title_html: Markup
    happened_on: date | None
    body_id: int | None
    meeting_id: int | None
    status: str


@dataclass
class Results:
    """One page of what was found: ``total`` counts every visible hit (of the best LIMIT),
    ``groups`` holds this page's hits by kind."""

    terms: list[str]
    groups: list[tuple[str, str, list[Hit]]] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1


def _member_body_ids(user) -> set[int]:
    today = today_london()
    return {m.body_id for m in user.memberships if m.is_current(today)}


def visible_clause(user):
    """The SQL form of the pages' read rules (the secretariat sees everything)."""
    doc = SearchDocument
    if permissions.is_secretariat(user):
        return sa.true()
    bodies = _member_body_ids(user)
    orgs = permissions.update_contact_organisation_ids(user)
    published = sa.exists().where(AgendaPublication.meeting_id == doc.meeting_id)
    member = doc.body_id.in_(bodies) if bodies else sa.false()
    return sa.or_(
        sa.and_(doc.kind == "action", sa.or_(member, doc.owner_id == user.id)),
        sa.and_(doc.kind == "decision", sa.or_(doc.is_confidential.is_(False), member)),
        sa.and_(doc.kind == "agenda_item", member, published),
        sa.and_(
            doc.kind == "update",
            sa.or_(
                doc.organisation_id.in_(orgs) if orgs else sa.false(),
                sa.and_(doc.status.in_([s.value for s in HANDED_IN]), member, published),
            ),
        ),
        sa.and_(doc.kind == "minutes", member, doc.status != "draft"),
        # Cover papers: the author's own; members' only once cleared and on a published agenda
        # (checks.still_visible then asks whether this very version is the one published).
        sa.and_(
            doc.kind == "cover_paper",
            sa.or_(doc.owner_id == user.id, sa.and_(member, doc.status == "cleared", published)),
        ),
    )


def _matching(query, terms: list[str]):
    """Add the full-text match and the ranking for the database in use."""
    doc = SearchDocument
    if db.session.get_bind().dialect.name == "postgresql":
        tsquery = sa.func.plainto_tsquery("english", " ".join(terms))
        vector = sa.literal_column("search_document.search_vector")
        return query.where(vector.op("@@")(tsquery)).order_by(sa.func.ts_rank(vector, tsquery).desc())
    # FTS5: every word quoted (so no operator survives) with a prefix star; words are ANDed.
    expression = " ".join('"' + t.replace('"', "") + '"*' for t in terms)
    fts = sa.table("search_document_fts", sa.column("rowid"), sa.column("rank"))
    return (
        query.join(fts, fts.c.rowid == doc.id)
        .where(sa.literal_column("search_document_fts").op("MATCH")(expression))
        .order_by(fts.c.rank)
    )


def search(user, text: str | None, filters: Filters | None = None, page: int = 1) -> Results:
    """What the user may see that matches the words, best first: one page of it, grouped by kind."""
    terms = terms_of(text)
    results = Results(terms=terms)
    if not terms:
        return results
    filters = filters or Filters()
    # Plain rows, not ORM objects: the page only reads these columns (and never the
    # documents' identity), and building sixty objects cost more than the query.
    doc = SearchDocument
    columns = (
        doc.id,
        doc.kind,
        doc.object_id,
        doc.title,
        doc.text,
        doc.happened_on,
        doc.body_id,
        doc.meeting_id,
        doc.status,
    )
    query = _matching(sa.select(*columns).where(visible_clause(user)), terms)
    if filters.body_id:
        query = query.where(SearchDocument.body_id == filters.body_id)
    if filters.date_from:
        query = query.where(SearchDocument.happened_on >= filters.date_from)
    if filters.date_to:
        query = query.where(SearchDocument.happened_on <= filters.date_to)
    docs = db.session.execute(query.order_by(SearchDocument.happened_on.desc(), SearchDocument.id).limit(LIMIT)).all()
    grouped: dict[str, list[Hit]] = {}
    pattern = _pattern(terms)
    visible = [
        (d, title, text)
        for d, title, text in still_visible(user, docs)
        # not when it matched only words a member cannot read yet (an unpublished agenda edit)
        if (title, text) == (d.title, d.text) or pattern.search(f"{title} {text}")
    ]
    results.total = len(visible)
    results.pages = max((len(visible) + PER_PAGE - 1) // PER_PAGE, 1)
    results.page = min(max(page, 1), results.pages)
    start = (results.page - 1) * PER_PAGE
    # Only this page's hits are highlighted and shown.
    for d, title, text in visible[start : start + PER_PAGE]:
        grouped.setdefault(d.kind, []).append(
            Hit(
                kind=d.kind,
                object_id=d.object_id,
                title=title,
                title_html=_highlight(title, pattern),
                snippet=_snippet(text, pattern),
                happened_on=d.happened_on,
                body_id=d.body_id,
                meeting_id=d.meeting_id,
                status=d.status,
            )
        )
    results.groups = [(k, label, grouped[k]) for k, label in KIND_LABELS.items() if k in grouped]
    return results


def _pattern(terms: list[str]) -> re.Pattern:
    return _compiled(tuple(terms))


@lru_cache(maxsize=128)
def _compiled(terms: tuple[str, ...]) -> re.Pattern:
    # A word starting with any term (the search matches prefixes and stems).
    return re.compile(
        r"\b(" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + r")\w*", re.IGNORECASE
    )


def highlight(text: str, terms: list[str]) -> Markup:
    """Escape the text, then wrap each matching word in <mark> (never trust the text)."""
    if not terms or not text:
        return escape(text or "")
    return _highlight(text, _pattern(terms))


def _highlight(text: str, pattern: re.Pattern) -> Markup:
    # Plain strings joined once: every piece is escaped here, so the result is safe.
    if not text:
        return Markup("")
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append("<mark>")
        out.append(escape(m.group()))
        out.append("</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("".join(out))


_MARKDOWN_PUNCTUATION = re.compile(r"[#*_`>|\[\]]")


def snippet(text: str, terms: list[str]) -> Markup:
    """A short passage around the first match, highlighted."""
    if not terms:
        return _snippet(text, None)
    return _snippet(text, _pattern(terms))


def _snippet(text: str, pattern: re.Pattern | None) -> Markup:
    text = text or ""
    cut_before = cut_after = False
    if len(text) > SNIPPET_CHARS * 4:
        # Only the stretch around the first match is cleaned: minutes run to 100 kB, and
        # cleaning all of a long text for 240 characters of it cost more than the search.
        found = pattern.search(text) if pattern else None
        at = found.start() if found else 0
        low, high = max(0, at - SNIPPET_CHARS), at + SNIPPET_CHARS * 2
        cut_before, cut_after = low > 0, high < len(text)
        text = text[low:high]
    plain = " ".join(_MARKDOWN_PUNCTUATION.sub(" ", text).split())
    m = pattern.search(plain) if pattern else None
    start = max(0, (m.start() if m else 0) - SNIPPET_CHARS // 3)
    if start:
        start = plain.find(" ", start) + 1 or start
    piece = plain[start : start + SNIPPET_CHARS]
    prefix = "… " if start or cut_before else ""
    suffix = " …" if start + SNIPPET_CHARS < len(plain) or cut_after else ""
    body = _highlight(piece, pattern) if pattern else escape(piece)
    return Markup(prefix + body + suffix)
