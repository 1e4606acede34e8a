"""The checks "Ready for review" runs: each refusal names its section and line; warnings do not refuse."""

import pytest

from board.papers.checks import check_paper
from board.papers.plan import DEFAULT_SECTIONS

GLOSSARY = {"DMPC": "Deputy Mayor for Policing and Crime", "HMPPS": "HM Prison & Probation Service"}


def paper(**changes) -> dict:
    """A paper that passes every check; ``texts`` by heading, other keys replace the content's."""
    sections = [
        {"key": f"s{n}", "kind": kind, "heading": heading, "guidance": "", "required": required}
        for n, (kind, heading, _guidance, required) in enumerate(DEFAULT_SECTIONS)
    ]
    keys = {s["heading"]: s["key"] for s in sections}
    texts = {
        "Purpose of the report": "This paper covers the police report on drugs.\n\nIt comes for scrutiny.",
        "Police and Crime Plan 2024–28": "Drugs drive serious violence.",
        "Key information": "The Deputy Mayor for Policing and Crime (DMPC) chairs the Board.\n\nThe DMPC meets partners.",
        "Equality, diversity and inclusion": "Marginalised people are at greater risk.",
    }
    texts.update(changes.pop("texts", {}))
    content = {
        "title": "Tackling drugs and alcohol",
        "sections": sections,
        "texts": {keys[h]: t for h, t in texts.items()},
        "recommendations": ["That the Board scrutinises performance."],
        "alignment": ["keeping_people_safe"],
        "contact": {"name": "Sam Whitworth", "email": "sam@example.org"},
    }
    content.update(changes)
    return content


def errors(content, attachments=0) -> list[str]:
    return [str(p) for p in check_paper(content, attachments, GLOSSARY).errors]


def warnings(content, attachments=0) -> list[str]:
    return [str(p) for p in check_paper(content, attachments, GLOSSARY).warnings]


def test_a_whole_paper_passes():
    """Authors: a paper with every required part and nothing left over goes through."""
    assert errors(paper()) == []
    assert warnings(paper()) == []


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("See the Voice of West Yorkshire (insert link).", "insert link"),
        ("Figures are TBC.", "TBC"),
        ("The date is TBA.", "TBA"),
        ("We issued XX kits.", "XX"),
        ("The fund paid […] projects.", "[…]"),
        ("The fund paid [...] projects.", "[…]"),
        ("Who leads this ???", "???"),
        ("Lorem ipsum dolor sit amet.", "lorem"),
    ],
)
def test_a_placeholder_left_in_is_refused_naming_section_and_line(line, name):
    """Authors: a drafting leftover is refused, with the section and the line it is on."""
    content = paper(texts={"Key information": f"The DMPC (Deputy Mayor for Policing and Crime) chairs it.\n\n{line}"})
    assert f"Key information, line 3: remove the placeholder “{name}” or finish the sentence" in errors(content)


def test_a_placeholder_in_a_recommendation_names_the_recommendation():
    content = paper(recommendations=["That the Board notes it.", "That the Board agrees TBC."])
    assert "Recommendation, line 2: remove the placeholder “TBC” or finish the sentence" in errors(content)


def test_an_empty_required_section_is_refused_and_an_optional_one_is_not():
    content = paper(texts={"Equality, diversity and inclusion": "  "})
    assert "Equality, diversity and inclusion: this section is required: write it" in errors(content)
    assert not [e for e in errors(paper()) if e.startswith("Partnership contribution")]  # optional, empty


@pytest.mark.parametrize("text", ["Note the report.", "that the Board notes it.", "That the Board notes it"])
def test_a_recommendation_not_a_sentence_starting_that_is_refused(text):
    content = paper(recommendations=["That the Board notes the report.", text])
    assert (
        "Recommendation, line 2: recommendation 2 must be a sentence starting “That …” and ending with a full stop"
        in errors(content)
    )


def test_no_recommendation_at_all_is_refused():
    assert "Recommendation: add at least one recommendation" in errors(paper(recommendations=[]))


def test_a_link_whose_text_is_here_is_refused():
    content = paper(
        texts={"Equality, diversity and inclusion": "Read the assessment [here](https://example.org/eqia)."}
    )
    assert "Equality, diversity and inclusion, line 1: a link’s text must say where it goes, not “here”" in errors(
        content
    )
    fine = paper(texts={"Equality, diversity and inclusion": "Read [the assessment](https://example.org/eqia)."})
    assert errors(fine) == []


def test_a_contact_without_an_email_is_refused():
    assert "Policing and Crime contact: give the contact’s e-mail address" in errors(
        paper(contact={"name": "Sam Whitworth", "email": ""})
    )


def test_no_plan_priority_or_theme_is_refused():
    assert "Police and Crime Plan 2024–28: tick at least one priority or cross-cutting theme of the plan" in errors(
        paper(alignment=[])
    )


def test_the_attached_report_with_nothing_attached_is_refused():
    """Authors: text that refers to the attached report needs an attachment."""
    content = paper(
        texts={"Purpose of the report": "This covers the police report.\n\nThe attached report sets it out."}
    )
    assert "Purpose of the report, line 3: the text refers to the attached report but nothing is attached" in errors(
        content
    )
    assert errors(content, attachments=1) == []


def test_long_sentences_and_paragraphs_are_warnings_not_refusals():
    long_sentence = " ".join(["word"] * 31) + "."
    long_paragraph = " ".join(["Short sentence here now."] * 31)
    content = paper(
        texts={
            "Key information": f"{long_sentence}\n\n{long_paragraph}\n\nThe DMPC (Deputy Mayor for Policing and Crime) chairs it."
        }
    )
    assert errors(content) == []
    found = warnings(content)
    assert any(
        w.startswith("Key information, line 1: the sentence starting “word word") and "31 words" in w for w in found
    )
    assert "Key information, line 3: this paragraph has 124 words (over 120): split it" in found


def test_an_acronym_used_before_it_is_spelled_out_is_a_warning():
    content = paper(
        texts={
            "Purpose of the report": "This covers HMPPS work.\n\nIt comes for scrutiny.",
            "Key information": "HM Prison & Probation Service (HMPPS) leads. The DMPC (Deputy Mayor for Policing and Crime) chairs.",
        }
    )
    assert errors(content) == []
    found = warnings(content)
    assert (
        "Purpose of the report, line 1: HMPPS is used before it is spelled out (HM Prison & Probation Service)" in found
    )
    assert not [w for w in found if "DMPC" in w]  # spelled out at its first use
