"""A cover paper as readers see it: sections with paragraphs numbered straight through.

Pure functions: :func:`numbered_sections` takes a paper's content and its attachments and
returns the sections, each a list of blocks; the screen, the PDF and the Word file are all
made from this one list, so they carry the same numbers. A block is a paragraph (numbered)
or a list (it belongs to the paragraph before it, as in the seed's paragraph 7).
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from markupsafe import Markup

from board.common.markdown import render_markdown
from board.papers.plan import LABELS, PLAN_NAME, PRIORITY_KEYS, THEME_KEYS

_LIST_LINE = re.compile(r"^\s*(?:[-*+·•]|\d+[.)])\s+")


@dataclass
class Block:
    kind: str  # "para" (numbered), "list" or "note" (unnumbered, part of the paragraph before)
    html: Markup
    text: str = ""  # plain text, for the Word file and checks
    items: list[str] = field(default_factory=list)  # a list's items as plain text
    number: int | None = None


@dataclass
class Section:
    key: str
    kind: str
    heading: str
    blocks: list[Block] = field(default_factory=list)
    contact: dict | None = None
    attachments: list[dict] = field(default_factory=list)


class _Text(HTMLParser):
    """Plain text of sanitised HTML; a link keeps its address after its words."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.items: list[str] = []
        self._href: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href.append(dict(attrs).get("href"))
        if tag == "li":
            self.items.append("")

    def handle_endtag(self, tag):
        if tag == "a" and self._href:
            href = self._href.pop()
            if href and not href.startswith("#"):
                self._add(f" ({href})")

    def handle_data(self, data):
        self._add(data)

    def _add(self, text):
        self.parts.append(text)
        if self.items:
            self.items[-1] += text


def plain_text(html: str) -> tuple[str, list[str]]:
    """(all the text, the list items' texts) of rendered HTML."""
    parser = _Text()
    parser.feed(str(html))
    text = " ".join("".join(parser.parts).split())
    return text, [" ".join(i.split()) for i in parser.items]


def split_blocks(source: str) -> list[tuple[int, str]]:
    """Markdown cut at blank lines: (first line number, text) of each block."""
    blocks, current, start = [], [], 0
    for number, line in enumerate((source or "").replace("\r\n", "\n").split("\n"), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, "\n".join(current)))
            current = []
    if current:
        blocks.append((start, "\n".join(current)))
    return blocks


def is_list(block: str) -> bool:
    return all(_LIST_LINE.match(line) or line.startswith(("  ", "\t")) for line in block.split("\n")) and bool(
        _LIST_LINE.match(block.split("\n")[0])
    )


def _as_markdown_list(block: str) -> str:
    """'· item' and '• item' (pasted from Word) become markdown bullets."""
    return "\n".join(re.sub(r"^(\s*)[·•]\s+", r"\1- ", line) for line in block.split("\n"))


def _block(source: str) -> Block:
    if is_list(source):
        html = render_markdown(_as_markdown_list(source))
        text, items = plain_text(html)
        return Block("list", html, text, items)
    html = render_markdown(source)
    text, _items = plain_text(html)
    return Block("para", html, text)


def _list_block(items: list[str]) -> Block:
    html = Markup('<ul class="govuk-list govuk-list--bullet">{}</ul>').format(
        Markup("").join(Markup("<li>{}</li>").format(i) for i in items)
    )
    return Block("list", html, "; ".join(items), list(items))


def alignment_blocks(alignment: list[str]) -> list[Block]:
    """The ticked priorities and themes: a sentence, then each as a list."""
    chosen = set(alignment or ())
    priorities = [LABELS[k] for k in PRIORITY_KEYS if k in chosen]
    themes = [LABELS[k] for k in THEME_KEYS if k in chosen]
    blocks = []
    if priorities:
        blocks.append(_para(f"The topic sits under these priorities of the {PLAN_NAME}:"))
        blocks.append(_list_block(priorities))
    if themes:
        blocks.append(
            _para("and these cross-cutting themes:" if priorities else "The topic touches these cross-cutting themes:")
        )
        blocks.append(_list_block(themes))
    return blocks


def _para(text: str) -> Block:
    return Block("para", Markup("<p>{}</p>").format(text), text)


def numbered_sections(content: dict, attachments: list[dict] | None = None) -> list[Section]:
    """Every section of the paper in order, paragraphs numbered 1, 2, … across sections."""
    texts = content.get("texts") or {}
    out = []
    for spec in content.get("sections") or []:
        section = Section(spec["key"], spec["kind"], spec["heading"])
        kind = spec["kind"]
        if kind == "recommendations":
            section.blocks = [_block(r) for r in content.get("recommendations") or [] if r.strip()]
            for b in section.blocks:
                b.kind = "para"  # each recommendation is one numbered paragraph
        elif kind == "contact":
            section.contact = dict(content.get("contact") or {})
        elif kind == "attachments":
            section.attachments = list(attachments or [])
        else:
            if kind == "plan":
                section.blocks.extend(alignment_blocks(content.get("alignment") or []))
            section.blocks.extend(_block(src) for _line, src in split_blocks(texts.get(spec["key"], "")))
        out.append(section)
    number = 0
    for section in out:
        for block in section.blocks:
            if block.kind == "para":
                number += 1
                block.number = number
    return out
