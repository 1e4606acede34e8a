"""Every CHECK and UNIQUE constraint in the models has a guard in front of it, and a test.

A bad combination of inputs must be refused with a message on the form (or be
impossible because a service sets the value), never reach the database and come back
as a 500. ``COVERED`` maps each constraint to the tests that show its guard through
HTTP (or, for values only services set, that a repeated post is no error). A new
constraint without an entry here fails the suite: add the guard, the test, then the line.
"""

import importlib

import sqlalchemy as sa

from board.extensions import db

PEOPLE = "tests/people/test_constraints.py"
MEETINGS = "tests/meetings/test_constraints.py"
AGENDAS = "tests/agendas/test_constraints.py"
SUBMISSIONS = "tests/submissions/test_constraints.py"
MINUTES = "tests/minutes/test_constraints.py"
ACTIONS = "tests/actions/test_constraints.py"
DOUBLE = "tests/common/test_double_clicks.py"
PAPERS = "tests/papers/test_constraints.py"
BODIES = "tests/bodies/test_bodies.py"

COVERED: dict[str, tuple[str, ...]] = {
    # cover papers
    "cover_paper.uq_cover_paper_item_id": (f"{PAPERS}::test_starting_a_second_cover_paper_for_an_item_is_refused",),
    "cover_paper_revision.uq_cover_paper_revision_paper_number": (
        f"{PAPERS}::test_saving_the_same_form_twice_numbers_one_revision",
    ),
    "cover_paper_version.uq_cover_paper_version_paper_number": (f"{PAPERS}::test_clearing_twice_makes_one_version",),
    "cover_attachment_version.uq_cover_attachment_version_attachment_number": (
        f"{PAPERS}::test_replacing_an_attachment_twice_numbers_each_version",
    ),
    "cover_recommendation_outcome.uq_cover_recommendation_outcome_paper_number": (
        f"{PAPERS}::test_recording_a_recommendation_twice_is_refused",
    ),
    "cover_glossary_term.uq_cover_glossary_term_acronym": (f"{PAPERS}::test_adding_an_acronym_twice_is_refused",),
    # agendas
    "agenda_item.ck_agenda_item_duration": (
        f"{AGENDAS}::test_an_agenda_item_outside_1_to_480_minutes_is_refused",
        f"{AGENDAS}::test_changing_an_items_duration_beyond_480_minutes_is_refused",
    ),
    "agenda_template_item.ck_agenda_template_item_duration": (
        f"{AGENDAS}::test_a_standing_item_outside_1_to_480_minutes_is_refused",
        f"{AGENDAS}::test_changing_a_standing_items_duration_to_zero_is_refused",
    ),
    "agenda_paper_version.uq_agenda_paper_version_paper_number": (
        f"{AGENDAS}::test_replacing_a_paper_twice_numbers_each_version",
    ),
    "agenda_publication.uq_agenda_publication_meeting_revision": (
        f"{AGENDAS}::test_publishing_twice_keeps_one_revision",
        f"{DOUBLE}::test_publish_double_click_publishes_once",
    ),
    "agenda_pack.uq_agenda_pack_publication_id": (
        "tests/agendas/test_pack_pdf.py::test_storing_a_pack_twice_keeps_one_row",
        "tests/agendas/test_pack_pdf.py::test_a_publication_without_a_stored_pack_gets_one_on_first_download",
    ),
    # actions and decisions: references.allocate
    "action.uq_action_reference": (
        f"{ACTIONS}::test_adding_the_same_action_twice_gives_two_references",
        "tests/actions/test_references.py::test_two_concurrent_creations_never_collide",
    ),
    "action.uq_action_body_year_sequence": (
        f"{ACTIONS}::test_adding_the_same_action_twice_gives_two_references",
        "tests/actions/test_references.py::test_two_concurrent_creations_never_collide",
    ),
    "reference_counter.uq_reference_counter_body_kind_year": (
        "tests/actions/test_references.py::test_two_concurrent_creations_never_collide",
    ),
    "decision.uq_decision_reference": (f"{ACTIONS}::test_recording_the_same_decision_twice_gives_two_references",),
    "decision.uq_decision_body_year_sequence": (
        f"{ACTIONS}::test_recording_the_same_decision_twice_gives_two_references",
    ),
    # meetings
    "meeting.ck_meeting_ends_after_start": (
        f"{MEETINGS}::test_a_meeting_that_ends_before_it_starts_is_refused",
        f"{MEETINGS}::test_a_meeting_that_ends_when_it_starts_is_refused",
        f"{MEETINGS}::test_moving_a_meetings_end_before_its_start_is_refused",
        f"{MEETINGS}::test_planning_meetings_that_end_before_they_start_is_refused",
    ),
    "meeting_attendance.meeting_user": (
        f"{MEETINGS}::test_adding_a_member_already_invited_as_a_guest_is_refused",
        f"{MEETINGS}::test_adding_the_same_guest_twice_invites_them_once",
        f"{MEETINGS}::test_sending_as_deputy_someone_already_invited_is_refused",
        f"{MEETINGS}::test_sending_the_same_deputy_twice_invites_them_once",
        f"{DOUBLE}::test_add_guest_double_click_invites_once",
    ),
    # minutes
    "minutes.uq_minutes_meeting_id": (
        f"{MINUTES}::test_starting_the_minutes_twice_opens_one_set",
        f"{DOUBLE}::test_start_minutes_double_click_makes_one_set",
    ),
    "minutes_revision.uq_minutes_revision_minutes_number": (
        f"{MINUTES}::test_saving_the_same_form_twice_numbers_one_revision",
    ),
    # comments: the form's choices and the service refuse an unknown outcome, and accepting without a revision
    "minutes_comment.ck_minutes_comment_status_known": (
        "tests/minutes/test_comments.py::test_answering_needs_a_reply_which_the_commenter_sees_and_is_emailed",
    ),
    "minutes_comment.ck_minutes_comment_accepted_has_revision": (
        "tests/minutes/test_comments.py::test_accepting_needs_the_revision_that_took_it_in_and_emails_the_commenter",
    ),
    # attendance on the day: the form's choices and the service refuse any other presence
    "meeting_day_attendee.ck_meeting_day_attendee_presence_known": (
        "tests/minutes/test_attendance_record.py::test_adding_someone_on_the_day_checks_what_was_typed",
    ),
    # people
    "user.uq_user_email": (
        f"{PEOPLE}::test_inviting_an_existing_email_in_other_letter_case_is_refused",
        f"{PEOPLE}::test_changing_an_email_to_another_persons_in_other_letter_case_is_refused",
        f"{PEOPLE}::test_a_new_users_email_is_stored_in_lower_case",
    ),
    "user.uq_user_calendar_token_hash": (
        f"{PEOPLE}::test_asking_for_a_new_calendar_address_twice_gives_two_addresses",
    ),
    # random 256-bit ids, only their hashes stored (board/auth/sessions.py)
    "user_session.uq_user_session_token_hash": (
        "tests/auth/test_sessions.py::test_the_cookie_holds_a_random_id_and_the_database_only_its_hash",
    ),
    # answers come from the form's choices or a calendar's PARTSTAT, mapped in board/meetings/replies.py
    "meeting_attendance.ck_meeting_attendance_response_known": (
        "tests/meetings/test_replies.py::test_outlook_gmail_and_apple_replies_become_answers",
    ),
    # a message already read is skipped before it is recorded (board/meetings/replies.py)
    "read_message.uq_read_message_key": (
        "tests/meetings/test_replies.py::test_a_message_is_read_once_and_a_newer_website_answer_wins",
    ),
    "user_token.uq_user_token_token_hash": (f"{PEOPLE}::test_resending_an_invitation_twice_issues_two_links",),
    "organisation.uq_organisation_name": (f"{PEOPLE}::test_renaming_an_organisation_to_a_used_name_is_refused",),
    "organisation.uq_organisation_short_name": (
        f"{PEOPLE}::test_a_new_organisation_with_a_used_short_name_in_other_case_is_refused",
        f"{PEOPLE}::test_renaming_an_organisation_in_other_letter_case_is_allowed",
    ),
    "body.uq_body_name": (
        f"{PEOPLE}::test_renaming_a_body_to_the_other_bodys_name_is_refused",
        f"{BODIES}::test_a_name_already_used_is_refused_on_the_form",
    ),
    "body.uq_body_slug": (
        f"{PEOPLE}::test_the_body_form_cannot_set_a_slug_or_reference_prefix",
        f"{BODIES}::test_two_bodies_with_one_short_name_get_two_addresses",
    ),
    "body.uq_body_reference_prefix": (
        f"{PEOPLE}::test_the_body_form_cannot_set_a_slug_or_reference_prefix",
        f"{BODIES}::test_a_prefix_already_used_is_refused_on_the_form",
        f"{BODIES}::test_a_prefix_of_a_closed_body_stays_taken",
    ),
    # bodies over time (the version number is the service's, under the body's row lock)
    "body_terms_version.body_number": (f"{BODIES}::test_renaming_and_new_terms_make_a_version_history",),
    "forward_plan_item.ck_forward_plan_item_status_known": (
        "tests/bodies/test_plan.py::test_a_plan_item_cannot_target_another_bodys_meeting_or_an_unknown_status",
    ),
    # set only by reporting.flag and reporting.report_to_parent, one source each
    "parent_report.ck_parent_report_one_source": (
        "tests/bodies/test_reports.py::test_one_click_puts_the_sub_groups_report_on_the_boards_agenda",
    ),
    "mail_opt_out.user_kind": ("tests/people/test_self_service.py::test_choices_are_kept_and_shown_again",),
    "membership.ck_membership_dates": (
        f"{PEOPLE}::test_changing_a_seat_to_end_before_it_starts_is_refused",
        "tests/people/test_admin.py::test_membership_end_before_start_is_refused_and_kept",
    ),
    "update_contact.organisation_user": (
        f"{PEOPLE}::test_adding_the_same_update_contact_twice_is_refused",
        f"{PEOPLE}::test_posting_a_new_update_contact_twice_adds_it_once",
        f"{DOUBLE}::test_add_update_contact_double_click_adds_once",
    ),
    # the public record: the meeting's choices are a set, written once under a row lock
    "public_entry.uq_public_entry_kind_object": (
        f"{DOUBLE}::test_saving_public_choices_twice_at_once_makes_each_entry_once",
        "tests/public/test_public_site.py::test_a_forged_choice_from_another_meeting_is_refused",
    ),
    "public_entry.ck_public_entry_kind": (
        "tests/public/test_public_site.py::test_a_forged_choice_from_another_meeting_is_refused",
    ),
    # submissions
    "update_round.ck_update_round_period_order": (
        f"{SUBMISSIONS}::test_a_reporting_period_that_starts_after_it_ends_is_refused",
    ),
    "update_round.uq_update_round_meeting_id": (
        f"{SUBMISSIONS}::test_opening_a_round_twice_opens_one",
        f"{DOUBLE}::test_open_round_double_click_opens_one_round",
    ),
    "round_figure.uq_round_figure_round_key": (
        f"{SUBMISSIONS}::test_an_other_figure_named_like_a_ticked_default_is_refused",
        f"{SUBMISSIONS}::test_an_other_figure_typed_twice_is_refused",
        f"{SUBMISSIONS}::test_the_service_refuses_an_organisation_or_figure_twice",
    ),
    "partner_update.uq_partner_update_round_organisation": (
        f"{SUBMISSIONS}::test_the_same_organisation_posted_twice_is_asked_once",
        f"{SUBMISSIONS}::test_the_service_refuses_an_organisation_or_figure_twice",
    ),
    "update_figure.ck_update_figure_value_not_negative": (
        f"{SUBMISSIONS}::test_a_negative_figure_is_refused",
        f"{SUBMISSIONS}::test_a_negative_figure_in_a_draft_is_refused",
    ),
    "update_figure.uq_update_figure_update_round_figure": (
        f"{SUBMISSIONS}::test_submitting_the_same_form_twice_keeps_one_revision",
    ),
    "update_revision.uq_update_revision_update_number": (
        f"{SUBMISSIONS}::test_submitting_the_same_form_twice_keeps_one_revision",
    ),
    # common
    "outbox_message.uq_outbox_message_dedupe_key": (
        f"{SUBMISSIONS}::test_chasing_twice_in_a_day_sends_one_reminder",
        "tests/common/test_mail.py::test_dedupe_key_queues_a_reminder_only_once",
        f"{DOUBLE}::test_chase_double_click_queues_one_reminder",
    ),
    # search.registry.write_documents deletes a record's rows before writing them (SQLite,
    # where writers take turns) or rewrites them in place (PostgreSQL), at the commit of
    # the transaction that changed the record.
    "search_document.uq_search_document_kind_object": (
        "tests/search/test_search.py::test_the_index_follows_changes_and_deletions",
    ),
}


def constraints_in_models() -> set[str]:
    """``table.constraint`` for every CHECK and UNIQUE constraint and unique index in the models."""
    found = set()
    for name, table in db.metadata.tables.items():
        for constraint in table.constraints:
            if isinstance(constraint, sa.CheckConstraint | sa.UniqueConstraint):
                found.add(f"{name}.{constraint.name}")
        for index in table.indexes:
            if index.unique:
                found.add(f"{name}.{index.name}")
    return found


def test_every_constraint_has_a_guard_and_a_test(app):
    """Developers: a CHECK or UNIQUE constraint added to a model without a guarding test fails here."""
    found = constraints_in_models()
    assert len(found) >= 30  # the walk sees the models (guards against an empty metadata)
    missing = sorted(found - COVERED.keys())
    assert not missing, f"constraints with no guarding test listed in COVERED: {missing}"
    stale = sorted(COVERED.keys() - found)
    assert not stale, f"COVERED lists constraints the models no longer have: {stale}"


def test_every_listed_test_exists(app):
    """Developers: each test named in COVERED is a real test, so a rename cannot leave a constraint unguarded."""
    for tests in COVERED.values():
        assert tests
        for test_id in tests:
            path, name = test_id.split("::")
            module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
            assert callable(getattr(module, name, None)), f"{test_id} does not exist"
