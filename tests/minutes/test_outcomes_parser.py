"""The inline-outcome parser: a pure function, tested line by line."""

from datetime import date

import pytest

from board.minutes.outcomes import parse_outcomes, replace_lines


def one(line: str):
    parsed = parse_outcomes(line)
    assert not parsed.errors, parsed.errors
    assert len(parsed.outcomes) == 1
    return parsed.outcomes[0]


def error(line: str) -> str:
    parsed = parse_outcomes(line)
    assert not parsed.outcomes
    assert len(parsed.errors) == 1
    return parsed.errors[0].message


@pytest.mark.parametrize("dash", ["—", "–", "--", "-"])
def test_action_with_each_dash(dash):
    """Em dash, en dash, double and single hyphen all separate the owner."""
    o = one(f"ACTION: Draft the naloxone roll-out plan {dash} @lead.leeds@example.org by 2027-02-28")
    assert (o.kind, o.text, o.owner, o.due_on) == (
        "action",
        "Draft the naloxone roll-out plan",
        "lead.leeds@example.org",
        date(2027, 2, 28),
    )
    assert o.reference is None


def test_action_owner_by_name_and_description_with_dashes():
    """A name with spaces; dashes inside the description stay in it."""
    o = one("ACTION: Share figures - by district — and by pharmacy — @Rachel Whitaker by 2027-03-01")
    assert o.text == "Share figures - by district — and by pharmacy"
    assert o.owner == "Rachel Whitaker"


def test_tagged_lines_keep_their_reference():
    o = one("ACTION [cdp-27-04]: Do it — @chair@example.org by 2027-01-02")
    assert o.reference == "CDP-27-04"
    d = one("DECISION [CDP-D-27-03]: The Board endorses the nitazene response plan.")
    assert (d.kind, d.reference, d.text) == (
        "decision",
        "CDP-D-27-03",
        "The Board endorses the nitazene response plan.",
    )


def test_bullets_and_headings():
    """A bullet may lead the line; each outcome remembers its level-2 heading."""
    parsed = parse_outcomes(
        "intro\nDECISION: Before any item\n## 3. District updates\n### Leeds\n"
        "- ACTION: Send it — @x by 2027-05-05\n* DECISION: Agreed\n"
    )
    assert [o.heading for o in parsed.outcomes] == [None, "3. District updates", "3. District updates"]
    assert parsed.outcomes[1].lead == "- " and parsed.outcomes[1].line_no == 5


def test_prose_and_code_blocks_are_ignored():
    """Lower case, mid-line and fenced code never count."""
    parsed = parse_outcomes(
        "Action: lower case\nThe ACTION: inside prose\n```\nACTION: in code — @x by 2027-01-01\n```\n"
    )
    assert parsed.outcomes == [] and parsed.errors == []


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("ACTION: Do the thing", "Name an owner"),
        ("ACTION: Do the thing by 2027-01-01", "Name an owner"),
        ("ACTION: Do the thing @x by 2027-01-01", "between the action and the @owner"),
        ("ACTION: Do the thing — @chair@example.org", "Add a due date"),
        ("ACTION: Do the thing — @ by 2027-01-01", "Name an owner"),
        ("ACTION: — @chair by 2027-01-01", "Say what the action is"),
        ("ACTION: Do the thing — @chair by 2027-02-30", "not a real date"),
        ("ACTION: Do the thing — @chair by 31/02/2027", "The due date is wrong: 31/02/2027 is not a real date"),
        ("ACTION: Do the thing — @chair by 31 Feb 2027", "31 Feb 2027 is not a real date"),
        ("ACTION: Do the thing — @chair by 30 Febtember 2027", "write the due date as 31/03/2027, 31 March 2027"),
        ("ACTION: Do the thing — @chair by 2027/03/31", "not “2027/03/31”"),
        (
            "ACTION: Do the thing — @chair by next week",
            "write the due date as 31/03/2027, 31 March 2027, 31 Mar 2027 or 2027-03-31, not “next week”",
        ),
        ("DECISION:", "Write the decision"),
    ],
)
def test_bad_lines_are_reported(line, message):
    assert message in error(line)


def test_errors_carry_line_numbers():
    parsed = parse_outcomes("## 1. Welcome\n\nACTION: x — @y by 2027-13-01\nDECISION: fine\n")
    assert [(e.line_no) for e in parsed.errors] == [3]
    assert [o.line_no for o in parsed.outcomes] == [4]


def test_tagging_rewrites_only_that_line():
    source = "a\r\n- ACTION: Send — @x by 2027-05-05\r\nb"
    o = parse_outcomes(source).outcomes[0]
    new = replace_lines(source, {o.line_no: o.tagged_line("CDP-27-04")})
    assert new == "a\r\n- ACTION [CDP-27-04]: Send — @x by 2027-05-05\r\nb"
    assert parse_outcomes(new).outcomes[0].reference == "CDP-27-04"


@pytest.mark.parametrize(
    "written", ["31/03/2027", "31 March 2027", "31 Mar 2027", "2027-03-31", "31 march 2027.", "31st March 2027"]
)
def test_due_dates_as_people_write_them(written):
    """Each usual way of writing 31 March 2027 is understood, and kept as written when the line is tagged."""
    o = one(f"ACTION: Review naloxone supply — @Leeds lead by {written}")
    assert o.due_on == date(2027, 3, 31) and o.owner == "Leeds lead"
    assert (
        o.tagged_line("CDP-26-28")
        == f"ACTION [CDP-26-28]: Review naloxone supply — @Leeds lead by {written.rstrip('.')}"
    )
