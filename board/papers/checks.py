"""What "Ready for review" checks: refusals (the paper cannot go on) and warnings (it may).

Pure: :func:`check_paper` takes the paper's content, how many attachments it has and the
glossary (acronym -> meaning), and names the section and line of each problem, so the
author can find it. Line numbers count the lines of that section's box as typed.
"""

import re
from dataclasses import dataclass, field

from board.papers.document import is_list, split_blocks

MAX_SENTENCE_WORDS = 30
MAX_PARAGRAPH_WORDS = 120

PLACEHOLDERS = [
    (re.compile(r"insert\s+link", re.I), "insert link"),
    (re.compile(r"\bTBC\b"), "TBC"),
    (re.compile(r"\bTBA\b"), "TBA"),
    (re.compile(r"\bX{2,}\b"), "XX"),
    (re.compile(r"\[\s*(?:…|\.\.\.)\s*\]"), "[…]"),
    (re.compile(r"\?\?\?"), "???"),
    (re.compile(r"\blorem\b", re.I), "lorem"),
]
_HERE_LINK = re.compile(r"\[\s*(?:click\s+)?here\s*\]\s*\(", re.I)
_ATTACHED = re.compile(r"\bthe\s+attached\b", re.I)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"‘'(])")
_MARKUP = re.compile(r"\[([^\]]*)\]\([^)]*\)|[*_`#>]")


@dataclass(frozen=True)
class Problem:
    section: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.section}, line {self.line}" if self.line else self.section
        return f"{where}: {self.message}"


@dataclass
class Report:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _words(text: str) -> list[str]:
    return _MARKUP.sub(lambda m: m.group(1) or " ", text).split()


def _lines(source: str):
    return enumerate((source or "").replace("\r\n", "\n").split("\n"), start=1)


def _placeholders(heading: str, source: str, report: Report, *, line_offset: int = 0) -> None:
    for number, line in _lines(source):
        for pattern, name in PLACEHOLDERS:
            if pattern.search(line):
                report.errors.append(
                    Problem(heading, number + line_offset, f"remove the placeholder “{name}” or finish the sentence")
                )
        if _HERE_LINK.search(line):
            report.errors.append(
                Problem(heading, number + line_offset, "a link’s text must say where it goes, not “here”")
            )


def _lengths(heading: str, source: str, report: Report) -> None:
    for start, block in split_blocks(source):
        if is_list(block):
            continue
        words = _words(block)
        if len(words) > MAX_PARAGRAPH_WORDS:
            report.warnings.append(
                Problem(heading, start, f"this paragraph has {len(words)} words (over {MAX_PARAGRAPH_WORDS}): split it")
            )
        for sentence in _SENTENCE_END.split(" ".join(block.split())):
            count = len(_words(sentence))
            if count > MAX_SENTENCE_WORDS:
                first = " ".join(sentence.split()[:6])
                report.warnings.append(
                    Problem(
                        heading,
                        start,
                        f"the sentence starting “{first} …” has {count} words (over {MAX_SENTENCE_WORDS})",
                    )
                )


def _acronyms(parts: list[tuple[str, str]], glossary: dict[str, str], report: Report) -> None:
    """An acronym from the glossary used before its meaning appears (in any earlier text)."""
    seen_text = ""
    for heading, source in parts:
        for number, line in _lines(source):
            for acronym, meaning in glossary.items():
                match = re.search(rf"\b{re.escape(acronym)}\b", line)
                if not match:
                    continue
                # Spelled out before it, or straight after it in brackets: "DMPC (Deputy Mayor for …)".
                before = (seen_text + " " + line[: match.start()]).lower()
                after = line[match.end() : match.end() + len(meaning) + 4].lower()
                if meaning.lower() not in before and meaning.lower() not in after:
                    report.warnings.append(
                        Problem(heading, number, f"{acronym} is used before it is spelled out ({meaning})")
                    )
                glossary = {k: v for k, v in glossary.items() if k != acronym}  # warn once per acronym
            seen_text += " " + line


def check_paper(content: dict, attachment_count: int, glossary: dict[str, str] | None = None) -> Report:
    """Everything wrong with the paper before it can be reviewed, and what could be better."""
    report = Report()
    texts = content.get("texts") or {}
    title = (content.get("title") or "").strip()
    if not title:
        report.errors.append(Problem("Title", None, "enter the paper’s title"))
    _placeholders("Title", title, report)
    in_order: list[tuple[str, str]] = [("Title", title)]
    for spec in content.get("sections") or []:
        heading, kind, key = spec["heading"], spec["kind"], spec["key"]
        if kind in ("text", "plan"):
            source = texts.get(key, "") or ""
            if spec.get("required") and kind == "text" and not source.strip():
                report.errors.append(Problem(heading, None, "this section is required: write it"))
            if kind == "plan" and not (content.get("alignment") or []):
                report.errors.append(
                    Problem(heading, None, "tick at least one priority or cross-cutting theme of the plan")
                )
            _placeholders(heading, source, report)
            _lengths(heading, source, report)
            if not attachment_count:
                for number, line in _lines(source):
                    if _ATTACHED.search(line):
                        report.errors.append(
                            Problem(heading, number, "the text refers to the attached report but nothing is attached")
                        )
            in_order.append((heading, source))
        elif kind == "recommendations":
            recommendations = [r for r in content.get("recommendations") or [] if r.strip()]
            if spec.get("required") and not recommendations:
                report.errors.append(Problem(heading, None, "add at least one recommendation"))
            for number, text in enumerate(recommendations, start=1):
                stripped = text.strip()
                if not (stripped.startswith("That ") and stripped.rstrip("”’\"'").endswith(".")):
                    report.errors.append(
                        Problem(
                            heading,
                            number,
                            f"recommendation {number} must be a sentence starting “That …” and ending with a full stop",
                        )
                    )
                _placeholders(heading, stripped, report, line_offset=number - 1)
            in_order.append((heading, "\n".join(recommendations)))
        elif kind == "contact":
            contact = content.get("contact") or {}
            name, email = (contact.get("name") or "").strip(), (contact.get("email") or "").strip()
            if spec.get("required") and not name and not email:
                report.errors.append(Problem(heading, None, "name the person readers should contact"))
            elif (name or spec.get("required")) and not email:
                report.errors.append(Problem(heading, None, "give the contact’s e-mail address"))
            elif email and not _EMAIL.match(email):
                report.errors.append(Problem(heading, None, "the contact’s e-mail address is not in the right form"))
            elif email and not name:
                report.errors.append(Problem(heading, None, "give the contact’s name"))
        elif kind == "attachments" and spec.get("required") and not attachment_count:
            report.errors.append(Problem(heading, None, "attach the report this paper covers"))
    _acronyms(in_order, dict(glossary or {}), report)
    return report
