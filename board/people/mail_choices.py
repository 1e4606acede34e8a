"""Which e-mails a person may turn off, and the one check every sender of them asks.

Invitations, changes, cancellations, published agendas, circulated minutes and requests
for an update always go: people need them to take part. Reminders, digests and chases
are optional, per kind; the action digest is weekly or not at all.
"""

import sqlalchemy as sa

from board.extensions import db
from board.people.models import MailOptOut, User

# kind (the outbox kind the sender uses) -> (what it is, the wording of "on", of "off")
OPTIONAL: dict[str, tuple[str, str, str]] = {
    "meeting_reminder": (
        "Reminders to answer a meeting invitation",
        "Remind me a week before if I have not answered",
        "Do not remind me",
    ),
    "action_digest": ("Your actions digest", "Weekly", "Not at all"),
    "update_reminder": (
        "Partner update deadline reminders",
        "Remind me 7 and 2 days before the deadline, and the day after",
        "Do not remind me",
    ),
    "update_chase": ("Chases for a late partner update", "Send me the secretariat's chases", "Do not send me chases"),
}


def wants_mail(user: User, kind: str) -> bool:
    """Whether ``user`` gets e-mail of this kind: always for kinds nobody can turn off."""
    if kind not in OPTIONAL:
        return True
    return all(o.kind != kind for o in user.mail_opt_outs)


def opted_out(user: User) -> list[str]:
    """The names of the optional e-mails the person has turned off, for the secretariat's list."""
    return [OPTIONAL[o.kind][0] for o in user.mail_opt_outs if o.kind in OPTIONAL]


def set_choices(user: User, turned_off: set[str]) -> dict:
    """Make the person's opt-outs exactly ``turned_off`` (kinds from OPTIONAL); returns the changes."""
    unknown = turned_off - set(OPTIONAL)
    if unknown:
        raise ValueError(f"Not an optional e-mail: {', '.join(sorted(unknown))}")
    db.session.execute(sa.select(User.id).where(User.id == user.id).with_for_update())
    before = {o.kind for o in user.mail_opt_outs}
    for opt in [o for o in user.mail_opt_outs if o.kind not in turned_off]:
        user.mail_opt_outs.remove(opt)
    for kind in sorted(turned_off - before):
        user.mail_opt_outs.append(MailOptOut(kind=kind))
    return {
        kind: ["on" if kind not in before else "off", "off" if kind in turned_off else "on"]
        for kind in OPTIONAL
        if (kind in before) != (kind in turned_off)
    }
