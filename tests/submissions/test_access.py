"""Who may see and change which update: organisations are isolated; members read once the agenda is published."""

from board.agendas.models import AgendaPublication
from board.extensions import db
from board.submissions.models import PartnerUpdate
from tests.conftest import text
from tests.submissions.conftest import complete_form, make_meeting, open_round, update_of, user


def _fresh(update_id: int) -> PartnerUpdate:
    db.session.expire_all()
    return db.session.get(PartnerUpdate, update_id)


def test_a_lead_cannot_read_or_change_another_organisations_update(board_round, client_as):
    """Leeds's lead gets 404 or 403 on every route of Bradford's draft, and it does not change."""
    bradford = update_of(board_round, "Bradford")
    bradford_lead = client_as("lead.bradford@example.org")
    assert (
        bradford_lead.post_form(
            f"/updates/{bradford.id}/edit", {"version": "0", "action": "draft", "progress": "Bradford secret draft"}
        ).status_code
        == 302
    )
    leeds = client_as("lead.leeds@example.org")
    for url in (f"/updates/{bradford.id}", f"/updates/{bradford.id}/edit", f"/updates/{bradford.id}/revisions"):
        response = leeds.get(url)
        assert response.status_code == 404, url
        assert "Bradford secret draft" not in response.get_data(as_text=True)
    for url, data in (
        (f"/updates/{bradford.id}/edit", complete_form(board_round, 1, progress="Leeds was here")),
        (f"/updates/{bradford.id}/return", {"comment": "x"}),
        (f"/updates/{bradford.id}/accept", {}),
        (f"/updates/{bradford.id}/chase", {}),
    ):
        assert leeds.post_form(url, data).status_code in (403, 404), url
    for url in (f"/rounds/{board_round.id}", f"/meetings/{board_round.meeting_id}/updates/new"):
        assert leeds.get(url).status_code == 403, url
    assert leeds.post_form(f"/rounds/{board_round.id}/lock").status_code == 403
    saved = _fresh(bradford.id)
    assert saved.progress == "Bradford secret draft" and saved.version == 1 and not saved.round.is_locked
    assert "Bradford secret draft" not in leeds.get("/").get_data(as_text=True)


def test_posted_figure_ids_of_another_round_are_ignored(board_round, client_as):
    """Figure sub-forms are the round's own; a posted id from elsewhere changes nothing."""
    other = open_round(make_meeting(80, title="Another meeting"))
    leeds_update = update_of(board_round, "Leeds")
    foreign = other.figures[0]
    data = complete_form(board_round, 0, **{f"fig_{foreign.id}-value": "999"})
    assert client_as("lead.leeds@example.org").post_form(f"/updates/{leeds_update.id}/edit", data).status_code == 302
    saved = _fresh(leeds_update.id).figures
    assert saved and all(f.value != 999 for f in saved)
    assert update_of(other, "Leeds").figures == []


def test_members_read_handed_in_updates_only_once_the_agenda_is_published(board_round, client_as):
    """A Board member sees a submitted update after publication, never a draft, and can never edit."""
    submitted, draft = update_of(board_round, "Leeds"), update_of(board_round, "Bradford")
    assert (
        client_as("lead.leeds@example.org")
        .post_form(f"/updates/{submitted.id}/edit", complete_form(board_round, 0))
        .status_code
        == 302
    )
    assert (
        client_as("lead.bradford@example.org")
        .post_form(f"/updates/{draft.id}/edit", {"version": "0", "action": "draft", "progress": "wip"})
        .status_code
        == 302
    )
    member = client_as("member@example.org")
    assert member.get(f"/updates/{submitted.id}").status_code == 404
    db.session.add(AgendaPublication(meeting_id=board_round.meeting_id, revision=1, snapshot={}))
    db.session.commit()
    member = client_as("member@example.org")
    response = member.get(f"/updates/{submitted.id}")
    assert response.status_code == 200 and "Naloxone now carried by every response officer." in text(response)
    assert member.get(f"/updates/{draft.id}").status_code == 404
    assert member.get(f"/updates/{submitted.id}/edit").status_code == 403
    assert member.get(f"/updates/{submitted.id}/revisions").status_code == 403
    # Someone on neither body sees nothing.
    assert client_as("coroner@example.org").get(f"/updates/{submitted.id}").status_code == 404


def test_secretariat_sees_everything_and_updates_page_is_limited(board_round, client_as, secretariat):
    """The secretariat reads drafts; people who neither write updates nor run the service get 403 on /updates."""
    draft = update_of(board_round, "Wakefield")
    client_as("lead.wakefield@example.org").post_form(
        f"/updates/{draft.id}/edit", {"version": "0", "action": "draft", "progress": "Wakefield wip"}
    )
    assert "Wakefield wip" in text(secretariat.get(f"/updates/{draft.id}"))
    assert secretariat.get("/updates").status_code == 200
    assert client_as("lead.leeds@example.org").get("/updates").status_code == 200
    assert client_as("coroner@example.org").get("/updates").status_code == 403
    assert user("coroner@example.org") is not None
