"""Inline outcomes in minutes: a pure parser for ACTION and DECISION lines.

Grammar (one line each; the keyword is in capitals so ordinary prose never matches):

    ACTION: <description> — @<owner> by <due date>
    ACTION [CDP-27-04]: <description> — @<owner> by <due date>
    DECISION: <text>
    DECISION [CDP-D-27-03]: <text>

The owner is an e-mail address, a name, or an organisation's lead (``@Leeds lead``). The
due date may be written ``31/03/2027``, ``31 March 2027``, ``31 Mar 2027`` or ``2027-03-31``.
``—`` may also be ``–``, ``--`` or ``-`` (with a space either side). A list bullet
(``-``, ``*``, ``+``) before the keyword is allowed. Lines inside fenced code blocks are
ignored. Each outcome remembers the level-1 or level-2 heading (``## …``) it sits under, which is
how it is linked to an agenda item (see :mod:`board.minutes.sections`).
"""

import re
from dataclasses import dataclass, field
from datetime import date

KEYWORD = re.compile(
    r"^(?P<lead>\s*(?:[-*+]\s+)?)(?P<kind>ACTION|DECISION)"
    r"(?:\s*\[(?P<ref>[A-Za-z0-9][A-Za-z0-9-]*)\])?\s*:(?P<rest>.*)$"
)
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
# The separator before the owner: a dash of some kind with space around it, then "@".
OWNER_SEPARATOR = re.compile(r"(?:^|\s)(?:—|–|--|-)\s*@")
DUE = re.compile(r"^(?P<owner>.*?)(?:^|\s+)by\s+(?P<date>\S.*?)\s*\.?\s*$", re.IGNORECASE)
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
SLASH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
WORDS_DATE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})$", re.IGNORECASE)
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
DATE_FORMATS = "31/03/2027, 31 March 2027, 31 Mar 2027 or 2027-03-31"


@dataclass(frozen=True)
class Outcome:
    """One ACTION or DECISION line, parsed."""

    line_no: int  # 1-based
    kind: str  # "action" | "decision"
    reference: str | None
    text: str  # the action's description or the decision's text
    owner: str = ""  # as written, without the @
    due_on: date | None = None
    heading: str | None = None  # the level-1/2 heading above, if any
    lead: str = ""  # indentation and bullet kept when the line is rewritten
    due_text: str = ""  # the due date as written, kept when the line is tagged

    def tagged_line(
        self, reference: str, text: str | None = None, owner: str | None = None, due_on: date | None = None
    ) -> str:
        """The line rewritten with its reference (and, optionally, new values)."""
        text = self.text if text is None else text
        if self.kind == "decision":
            return f"{self.lead}DECISION [{reference}]: {text}"
        owner = self.owner if owner is None else owner
        due = due_on.isoformat() if due_on else (self.due_text or self.due_on.isoformat())
        return f"{self.lead}ACTION [{reference}]: {text} — @{owner} by {due}"


@dataclass(frozen=True)
class LineError:
    line_no: int
    message: str


@dataclass
class Parsed:
    outcomes: list[Outcome] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)


def parse_due_date(text: str) -> date | str:
    """A due date as people write it (31/03/2027, 31 March 2027, 31 Mar 2027, 2027-03-31), or why not."""
    text = " ".join(text.split())
    if found := ISO_DATE.match(text):
        year, month, day = (int(part) for part in found.groups())
    elif found := SLASH_DATE.match(text):
        day, month, year = (int(part) for part in found.groups())
    elif (found := WORDS_DATE.match(text)) and found.group(2).lower() in MONTHS:
        day, month, year = int(found.group(1)), MONTHS[found.group(2).lower()], int(found.group(3))
    else:
        return f"write the due date as {DATE_FORMATS}, not “{text}”"
    try:
        return date(year, month, day)
    except ValueError:
        return f"{text} is not a real date"


def _parse_action(line_no: int, ref, rest: str, heading, lead) -> Outcome | LineError:
    separators = list(OWNER_SEPARATOR.finditer(rest))
    if not separators:
        if "@" in rest:
            return LineError(line_no, "Put “ — ” between the action and the @owner")
        return LineError(line_no, "Name an owner: add “ — @owner by 31/03/2027”")
    cut = separators[-1]
    description = rest[: cut.start()].strip()
    after = rest[cut.end() :].strip()
    if not description:
        return LineError(line_no, "Say what the action is before the owner")
    due = DUE.match(after)
    if not due:
        if not after:
            return LineError(line_no, "Name an owner after the @")
        return LineError(line_no, "Add a due date: “by 31/03/2027”")
    owner = due.group("owner").strip()
    if not owner:
        return LineError(line_no, "Name an owner after the @")
    when = parse_due_date(due.group("date"))
    if isinstance(when, str):
        return LineError(line_no, f"The due date is wrong: {when}")
    return Outcome(line_no, "action", ref, description, owner, when, heading, lead, " ".join(due.group("date").split()))


def parse_outcomes(source: str) -> Parsed:
    """Find every ACTION and DECISION line in minutes source, with errors by line number."""
    parsed = Parsed()
    heading = None
    in_fence = False
    for line_no, line in enumerate((source or "").splitlines(), start=1):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        head = HEADING.match(line)
        if head:
            if len(head.group(1)) <= 2:
                heading = head.group(2)
            continue
        found = KEYWORD.match(line)
        if not found:
            continue
        kind, ref = found.group("kind").lower(), found.group("ref")
        ref = ref.upper() if ref else None
        rest, lead = found.group("rest").strip(), found.group("lead")
        if kind == "decision":
            result = (
                Outcome(line_no, "decision", ref, rest, heading=heading, lead=lead)
                if rest
                else LineError(line_no, "Write the decision after “DECISION:”")
            )
        else:
            result = _parse_action(line_no, ref, rest, heading, lead)
        (parsed.errors if isinstance(result, LineError) else parsed.outcomes).append(result)
    return parsed


def replace_lines(source: str, replacements: dict[int, str]) -> str:
    """The source with the given 1-based lines replaced; line endings are kept."""
    lines = (source or "").splitlines(keepends=True)
    for line_no, new in replacements.items():
        old = lines[line_no - 1]
        ending = old[len(old.rstrip("\r\n")) :]
        lines[line_no - 1] = new + ending
    return "".join(lines)
