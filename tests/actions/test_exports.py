"""The action log and decisions register as spreadsheets that open right: CSV with a UTF-8
byte-order mark and CRLF, "Raised at" naming body, meeting date and item, and .xlsx files
with typed dates, a frozen header row and filters on (read back with openpyxl)."""

import io
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from board.actions import services
from board.agendas import services as agenda_services
from board.common.exports import write_csv, write_xlsx
from board.extensions import db
from board.meetings.models import Meeting
from board.people.models import Body
from tests.actions.conftest import user


@pytest.fixture
def raised_at_meeting(app):
    """An action raised under item 4 of a Board meeting on 15 January 2030, marked done by its owner."""
    board = db.session.scalar(sa.select(Body).where(Body.slug == "board"))
    meeting = Meeting(
        body=board,
        title="Strategic Board, January 2030",
        starts_at=datetime(2030, 1, 15, 10, tzinfo=UTC),
        ends_at=datetime(2030, 1, 15, 12, tzinfo=UTC),
    )
    db.session.add(meeting)
    db.session.flush()
    agenda_services.start_agenda(meeting, by=user("secretariat@example.org"))
    item = next(i for i in agenda_services.load_items(meeting) if i.position == 4)
    action = services.create_action(
        board,
        "Publish the naloxone evaluation – with café data",
        user("lead.leeds@example.org"),
        date(2030, 2, 1),
        meeting,
        item,
        actor=user("secretariat@example.org"),
    )
    services.mark_done(action, actor=user("lead.leeds@example.org"))
    db.session.commit()
    return action, item


def test_action_log_csv_opens_right_in_excel(secretariat, raised_at_meeting):
    """Secretariat: the CSV starts with a UTF-8 BOM, ends lines with CRLF, keeps "–" and "é", and
    "Raised at" gives the body, the meeting's date and the item."""
    action, item = raised_at_meeting
    response = secretariat.get("/actions.csv?body=board&status=")
    data = response.data
    assert data.startswith(b"\xef\xbb\xbfReference,")
    assert b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n")
    text = data.decode("utf-8-sig")
    row = next(line for line in text.split("\r\n") if line.startswith(action.reference))
    assert "Done – proposed for closure" in row and "café" in row
    assert f'"Strategic Board, 15 Jan 2030, item 4: {item.title}"' in row
    assert ",2030-02-01," in row


def test_action_log_xlsx_has_typed_dates_frozen_header_and_filters(secretariat, raised_at_meeting):
    """Secretariat: the .xlsx beside the CSV: due dates are dates, the header is frozen, filters are on."""
    action, item = raised_at_meeting
    response = secretariat.get("/actions.xlsx?body=board&status=")
    assert response.status_code == 200
    assert (
        response.headers["Content-Disposition"].startswith("attachment")
        and ".xlsx" in response.headers["Content-Disposition"]
    )
    assert "no-store" in response.headers["Cache-Control"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Reference", "Body", "Description"] and "Raised at" in header
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:J{sheet.max_row}"
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == action.reference)
    due = row[header.index("Due")]
    assert due.is_date and due.value.date() == date(2030, 2, 1)
    assert row[header.index("Status")].value == "Done – proposed for closure"
    assert row[header.index("Raised at")].value == f"Strategic Board, 15 Jan 2030, item 4: {item.title}"


def test_decisions_xlsx_dates_are_dates(secretariat):
    """Anyone signed in: the register as .xlsx with the decision date typed and the header frozen."""
    response = secretariat.get("/decisions.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Reference", "Body", "Date"] and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:K")
    assert sheet.max_row > 1 and all(sheet.cell(r, 3).is_date for r in range(2, sheet.max_row + 1))


def test_spreadsheet_cells_never_run_as_formulas():
    """A cell typed as "=..." stays text in both files (CSV: a leading '; .xlsx: stored as text)."""
    rows = [['=HYPERLINK("http://evil.example")', date(2027, 3, 3)]]
    assert write_csv(["A", "B"], rows) == '\ufeffA,B\r\n"\'=HYPERLINK(""http://evil.example"")",2027-03-03\r\n'
    sheet = load_workbook(io.BytesIO(write_xlsx(["A", "B"], rows, title="T"))).active
    assert sheet["A2"].data_type == "s" and sheet["A2"].value.startswith("=HYPERLINK")
    assert sheet["B2"].is_date
