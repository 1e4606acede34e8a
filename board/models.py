"""Every model, imported in one place for Alembic and the relationship registry."""

from board.actions.models import Action, ActionNote, ReferenceCounter  # noqa: F401
from board.agendas.models import (  # noqa: F401
    AgendaItem,
    AgendaPublication,
    AgendaTemplateItem,
    Paper,
    PaperContent,
    PaperVersion,
)
from board.audit.models import AuditEntry  # noqa: F401
from board.auth.models import SignInFailure, UserSession, UserToken  # noqa: F401
from board.bodies.models import ParentReport, PlanEvent, PlanItem, TermsVersion  # noqa: F401
from board.common.outbox import OutboxMessage  # noqa: F401
from board.common.sitesettings import SiteSetting  # noqa: F401
from board.decisions.models import Decision  # noqa: F401
from board.interests.models import Declaration, RegisterItem, RegisterVersion, ReviewRequest  # noqa: F401
from board.meetings.models import Attendance, CalendarFeedVersion, Meeting, ReadMessage  # noqa: F401
from board.minutes.models import Minutes, MinutesAttendee, MinutesRevision  # noqa: F401
from board.papers.models import (  # noqa: F401
    CoverAttachment,
    CoverAttachmentVersion,
    CoverPaper,
    CoverPaperRevision,
    CoverPaperVersion,
    GlossaryTerm,
    RecommendationOutcome,
    TemplateSection,
)
from board.people.models import Body, MailOptOut, Membership, Organisation, UpdateContact, User  # noqa: F401
from board.public.models import PublicBody, PublicEntry  # noqa: F401
from board.search.models import SearchDocument  # noqa: F401
from board.submissions.models import PartnerUpdate, RoundFigure, UpdateFigure, UpdateFile, UpdateRevision, UpdateRound  # noqa: F401
